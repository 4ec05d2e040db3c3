/**
 * `spec2svc test`: builds the spec's contract and runs it, either in-process
 * against the built service on a fresh SQLite database, or black-box against
 * any running implementation at a URL.
 */

import path from "node:path";
import { pathToFileURL } from "node:url";

import type { CredentialConfig } from "../../contract/credentials.js";
import { startLocalService, type ServiceRuntime } from "../../contract/local-service.js";
import type { TestResult } from "../../contract/report.js";
import { runCases } from "../../contract/run-suite.js";
import { urlTarget } from "../../contract/url-target.js";
import { buildSpec } from "../build.js";
import { loadSpec } from "../load/load-spec.js";
import { buildModel } from "../model/build-model.js";
import { buildContract } from "./build-contract.js";

export interface TestOptions {
  url?: string;
  out?: string;
  credentials?: CredentialConfig;
  filter?: string;
}

export interface TestRun {
  service: string;
  results: TestResult[];
}

export async function testSpec(specFile: string, options: TestOptions = {}): Promise<TestRun> {
  if (options.url) {
    const model = buildModel(await loadSpec(path.resolve(specFile)));
    const document = buildContract(model);
    const results = await runCases({ document, target: urlTarget(options.url),
      credentials: options.credentials ?? {}, ...filterOf(options) });
    return { service: model.name, results };
  }

  const built = await buildSpec(specFile, options.out ? { out: options.out } : {});
  const document = buildContract(built.model);
  const service = await startInProcess(built.outDir);
  try {
    const results = await runCases({ document, target: service.target,
      credentials: { ...service.credentials, ...options.credentials }, ...filterOf(options) });
    return { service: built.model.name, results };
  } finally {
    await service.stop();
  }
}

function filterOf(options: TestOptions) {
  return options.filter ? { filter: options.filter } : {};
}

/** Loads the built service's own runtime and app, and starts it on a loopback port. */
async function startInProcess(outDir: string) {
  const src = path.join(outDir, "src");
  const runtime = (await import(pathToFileURL(path.join(src, "runtime/index.ts")).href)) as
    ServiceRuntime;
  const { buildApp } = (await import(pathToFileURL(path.join(src, "app.ts")).href)) as {
    buildApp(options: object): Promise<unknown>;
  };
  return startLocalService(runtime, buildApp);
}

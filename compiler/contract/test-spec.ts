/**
 * `spec2svc test`: builds the spec's contract and runs it, either in-process
 * against the built service on a fresh SQLite database, or black-box against
 * any running implementation at a URL.
 */

import path from "node:path";

import type { CredentialConfig } from "../../contract/credentials.js";
import type { TestResult } from "../../contract/report.js";
import { urlTarget } from "../../contract/url-target.js";
import { buildSpec } from "../build.js";
import { loadSpec } from "../load/load-spec.js";
import { buildModel } from "../model/build-model.js";
import { runContractSuite } from "./run-contract-suite.js";
import { startBuiltService } from "./start-built-service.js";
import { workflowsFor } from "./workflow-file.js";

export interface TestOptions {
  url?: string;
  /** An Arazzo document to run; by default `<spec>.arazzo.yaml` beside the spec. */
  workflows?: string;
  out?: string;
  credentials?: CredentialConfig;
  filter?: string;
  runs?: number;
  seed?: number;
}

export interface TestRun {
  service: string;
  results: TestResult[];
}

export async function testSpec(specFile: string, options: TestOptions = {}): Promise<TestRun> {
  const workflows = workflowsFor(specFile, options.workflows);
  const parts = { ...(workflows ? { workflows } : {}),
    ...(options.filter ? { filter: options.filter } : {}),
    ...(options.runs === undefined ? {} : { runs: options.runs }),
    ...(options.seed === undefined ? {} : { seed: options.seed }) };

  if (options.url) {
    const model = buildModel(await loadSpec(path.resolve(specFile)));
    const results = await runContractSuite(model, urlTarget(options.url),
      options.credentials ?? {}, parts);
    return { service: model.name, results };
  }

  const built = await buildSpec(specFile, options.out ? { out: options.out } : {});
  const service = await startBuiltService(built.outDir);
  try {
    const results = await runContractSuite(built.model, service.target,
      { ...service.credentials, ...options.credentials }, parts);
    return { service: built.model.name, results };
  } finally {
    await service.stop();
  }
}

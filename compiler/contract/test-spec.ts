/**
 * `spec2svc test`: builds the spec's contract and runs it, either in-process
 * against the built service on a fresh SQLite database, or black-box against
 * any running implementation at a URL.
 */

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import type { CredentialConfig } from "../../contract/credentials.js";
import type { Target } from "../../contract/exchange.js";
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

interface BuiltRuntime {
  openDatabase(options: { file: string }): Promise<{ close(): Promise<void> }>;
  startServer(app: unknown, options: object): Promise<{ url: string; close(): Promise<void> }>;
  createLogger(options: { level: string }): unknown;
  issueToken(payload: { sub: string }): Promise<string>;
}

/**
 * Starts the built service on a loopback port with a throwaway database and
 * credentials made for this run.
 */
async function startInProcess(outDir: string): Promise<{
  target: Target;
  credentials: CredentialConfig;
  stop(): Promise<void>;
}> {
  const credentials = testCredentials();
  const src = path.join(outDir, "src");
  const runtime = (await import(pathToFileURL(path.join(src, "runtime/index.ts")).href)) as
    BuiltRuntime;
  const { buildApp } = (await import(pathToFileURL(path.join(src, "app.ts")).href)) as {
    buildApp(options: object): Promise<unknown>;
  };

  const dataDir = await mkdtemp(path.join(tmpdir(), "spec2svc-test-"));
  const database = await runtime.openDatabase({ file: path.join(dataDir, "service.db") });
  const logger = runtime.createLogger({ level: "silent" });
  const app = await buildApp({ database, logger });
  const server = await runtime.startServer(app, { port: 0, host: "127.0.0.1", logger });

  return {
    target: urlTarget(server.url),
    credentials: { ...credentials, bearerToken: await runtime.issueToken({ sub: "contract" }) },
    stop: async () => {
      await server.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Secrets for this run only, unless the environment already sets them. */
function testCredentials(): CredentialConfig {
  const secret = () => randomBytes(24).toString("hex");
  process.env.JWT_SECRET ??= secret();
  const apiKey = secret();
  process.env.API_KEYS ??= `contract:${apiKey}`;
  const basic = { user: "contract", password: secret() };
  process.env.BASIC_AUTH_USERS ??= `${basic.user}:${basic.password}`;

  const configuredKey = process.env.API_KEYS.split(",")[0]!.split(":").slice(1).join(":");
  const [user, ...rest] = process.env.BASIC_AUTH_USERS.split(",")[0]!.split(":");
  return { apiKey: configuredKey, basic: { user: user!, password: rest.join(":") } };
}

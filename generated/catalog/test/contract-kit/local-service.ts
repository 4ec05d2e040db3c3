// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Starts a built service in this process on a loopback port, with a
 * throwaway SQLite database and credentials made for this run only. The
 * service's own runtime and app modules are passed in, so the same code
 * serves the CLI and a generated project's `npm test`.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import type { CredentialConfig } from "./credentials.js";
import type { Target } from "./exchange.js";
import { urlTarget } from "./url-target.js";

export interface ServiceRuntime {
  openDatabase(options: { file: string }): Promise<{ close(): Promise<void> }>;
  startServer(app: never, options: object): Promise<{ url: string; close(): Promise<void> }>;
  createLogger(options: { level: string }): unknown;
  issueToken(payload: { sub: string }): Promise<string>;
}

export interface LocalService {
  url: string;
  target: Target;
  credentials: CredentialConfig;
  stop(): Promise<void>;
}

export async function startLocalService(
  runtime: ServiceRuntime,
  buildApp: (options: object) => Promise<unknown>,
): Promise<LocalService> {
  const credentials = runCredentials();
  const dataDir = await mkdtemp(path.join(tmpdir(), "spec2svc-contract-"));
  const database = await runtime.openDatabase({ file: path.join(dataDir, "service.db") });
  const logger = runtime.createLogger({ level: "silent" });
  const app = await buildApp({ database, logger });
  const server = await runtime.startServer(app as never, { port: 0, host: "127.0.0.1", logger });

  return {
    url: server.url,
    target: urlTarget(server.url),
    credentials: { ...credentials, bearerToken: await runtime.issueToken({ sub: "contract" }) },
    stop: async () => {
      await server.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Secrets for this run, unless the environment already sets them. */
function runCredentials(): CredentialConfig {
  const secret = () => randomBytes(24).toString("hex");
  process.env.JWT_SECRET ??= secret();
  process.env.API_KEYS ??= `contract:${secret()}`;
  process.env.BASIC_AUTH_USERS ??= `contract:${secret()}`;

  const apiKey = process.env.API_KEYS.split(",")[0]!.split(":").slice(1).join(":");
  const [user, ...rest] = process.env.BASIC_AUTH_USERS.split(",")[0]!.split(":");
  return { apiKey, basic: { user: user!, password: rest.join(":") } };
}

/**
 * Runs a committed generated service in-process on a real database and a
 * real loopback port. Everything comes from the generated output, runtime
 * included, so the test exercises exactly what ships.
 */

import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { REPO_ROOT, scratchDir } from "./build-fixture.js";
import { createTestDatabase, type TestDatabase } from "./postgres.js";

export type Dialect = "sqlite" | "postgres";
export const DIALECTS: Dialect[] = ["sqlite", "postgres"];

interface RuntimeModule {
  openDatabase(options: { url?: string; file?: string }): Promise<GeneratedDatabase>;
  startServer(app: unknown, options: { port: number; host: string; logger: unknown }):
    Promise<{ url: string; close(): Promise<void> }>;
  createLogger(options: { level: string }): unknown;
}

export interface GeneratedDatabase {
  dialect: Dialect;
  query(statement: { sqlite: string; postgres: string }, params: unknown[]):
    Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface RunningService {
  url: string;
  database: GeneratedDatabase;
  /** Runs a query written once with `?` marks (numbered for PostgreSQL). */
  sql(text: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

export function generatedDir(service: string): string {
  return path.join(REPO_ROOT, "generated", service);
}

export async function startGenerated(service: string, dialect: Dialect): Promise<RunningService> {
  const src = path.join(generatedDir(service), "src");
  const runtime = (await import(pathToFileURL(path.join(src, "runtime/index.ts")).href)) as
    RuntimeModule;
  const { buildApp } = (await import(pathToFileURL(path.join(src, "app.ts")).href)) as {
    buildApp(options: object): Promise<unknown>;
  };

  const scratch = scratchDir(`${service}-${dialect}`);
  let pgDatabase: TestDatabase | undefined;
  let database: GeneratedDatabase;
  if (dialect === "postgres") {
    pgDatabase = await createTestDatabase(service);
    database = await runtime.openDatabase({ url: pgDatabase.url });
  } else {
    await mkdir(scratch, { recursive: true });
    database = await runtime.openDatabase({ file: path.join(scratch, `${service}.db`) });
  }

  const logger = runtime.createLogger({ level: "silent" });
  const app = await buildApp({ database, logger });
  const server = await runtime.startServer(app, { port: 0, host: "127.0.0.1", logger });

  return {
    url: server.url,
    database,
    sql: (text, params = []) => {
      let n = 0;
      const postgres = text.replace(/\?/g, () => `$${++n}`);
      return database.query({ sqlite: text, postgres }, params);
    },
    stop: async () => {
      await server.close();
      await database.close();
      await pgDatabase?.drop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** fetch with a JSON body; returns status, headers and the parsed body. */
export async function call(
  base: string,
  method: string,
  target: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(new URL(target, base), {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: text === "" ? undefined : (JSON.parse(text) as Record<string, any>),
  };
}

// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Choosing the database: PostgreSQL when given a postgres:// URL, otherwise
 * a SQLite file, so a service runs with no setup and scales out on
 * PostgreSQL.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import type { Database } from "./database.js";
import { openPostgresDatabase } from "./postgres-database.js";
import { openSqliteDatabase } from "./sqlite-database.js";

export interface OpenDatabaseOptions {
  /** postgres:// or postgresql:// for PostgreSQL; file:PATH or sqlite:PATH for SQLite. */
  url?: string;
  /** The SQLite file, when no URL is given. */
  file?: string;
  logger?: Logger;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { url, logger } = options;
  if (url !== undefined && /^postgres(ql)?:\/\//i.test(url)) {
    return openPostgresDatabase({ url, logger });
  }

  const file = url === undefined ? options.file : sqliteFileOf(url);
  if (file === undefined) throw new Error("openDatabase needs a url or a file");
  return openSqliteDatabase({ file, logger });
}

function sqliteFileOf(url: string): string {
  const file = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(url)?.[1];
  if (file === undefined) {
    throw new Error("DATABASE_URL must start with postgres://, postgresql://, sqlite: or file:");
  }
  return file;
}

export interface DatabaseEnvironment {
  DATABASE_URL?: string;
  DATA_DIR?: string;
}

/**
 * DATABASE_URL when set; otherwise SQLite at DATA_DIR/<service>.db, DATA_DIR
 * defaulting to ./data and created when missing.
 */
export async function databaseFromEnvironment(
  serviceName: string,
  options: { logger?: Logger; environment?: DatabaseEnvironment } = {},
): Promise<Database> {
  const environment = options.environment ?? (process.env as DatabaseEnvironment);
  const url = environment.DATABASE_URL;
  if (url !== undefined && url !== "") return openDatabase({ url, logger: options.logger });

  const folder = environment.DATA_DIR || "./data";
  mkdirSync(folder, { recursive: true });

  const file = path.join(folder, `${serviceName.replace(/[^\w.-]/g, "-")}.db`);
  return openDatabase({ file, logger: options.logger });
}

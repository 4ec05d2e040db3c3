/**
 * Real databases for runtime tests: a SQLite file in a fresh folder under
 * .cache/, or a fresh schema on the local PostgreSQL, so test files running
 * in parallel never share tables.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Database, Dialect } from "../../runtime/database.js";
import { openPostgresDatabase } from "../../runtime/postgres-database.js";
import { openSqliteDatabase } from "../../runtime/sqlite-database.js";

export const POSTGRES_URL =
  process.env["TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

const CACHE = path.resolve(import.meta.dirname, "../../.cache/runtime-databases");

/** A place for one test's database; `open` may be called more than once. */
export interface TestDatabase {
  dialect: Dialect;
  /** The SQLite file, or the PostgreSQL URL whose search_path is the fresh schema. */
  location: string;
  open(): Promise<Database>;
  /** Closes whatever `open` returned and removes the data. */
  dispose(): Promise<void>;
}

export function tempFolder(prefix: string): string {
  mkdirSync(CACHE, { recursive: true });
  return mkdtempSync(path.join(CACHE, `${prefix}-`));
}

export async function testDatabase(dialect: Dialect): Promise<TestDatabase> {
  return dialect === "sqlite" ? sqliteDatabase() : postgresDatabase();
}

function sqliteDatabase(): TestDatabase {
  const folder = tempFolder("sqlite");
  const file = path.join(folder, "test.db");
  const opened: Database[] = [];

  return {
    dialect: "sqlite",
    location: file,
    open: async () => remember(opened, openSqliteDatabase({ file })),
    dispose: async () => {
      await closeAll(opened);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function postgresDatabase(): Promise<TestDatabase> {
  const schema = `t_${process.pid}_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE SCHEMA ${schema}`);

  const address = new URL(POSTGRES_URL);
  address.searchParams.set("options", `-c search_path=${schema}`);
  const url = address.toString();
  const opened: Database[] = [];

  return {
    dialect: "postgres",
    location: url,
    open: async () => remember(opened, await openPostgresDatabase({ url, maxConnections: 20 })),
    dispose: async () => {
      await closeAll(opened);
      await admin(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function remember(opened: Database[], database: Database): Database {
  opened.push(database);
  return database;
}

async function closeAll(opened: Database[]): Promise<void> {
  await Promise.all(opened.map((database) => database.close().catch(() => undefined)));
}

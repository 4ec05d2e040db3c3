// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Applying a service's migrations: each one once, in order, in its own
 * transaction together with the row that records it. Replicas starting
 * together queue on a lock (an advisory lock on PostgreSQL, the write lock
 * BEGIN IMMEDIATE takes on SQLite) and find the work done when their turn
 * comes.
 */
import type { Logger } from "pino";
import type { Database } from "./database.js";
import type { Migration, Statement } from "./route.js";

const CREATE_TABLE: Statement = {
  sqlite: `CREATE TABLE IF NOT EXISTS spec2svc_migrations (
  service TEXT NOT NULL,
  id TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (service, id)
)`,
  postgres: `CREATE TABLE IF NOT EXISTS spec2svc_migrations (
  service TEXT NOT NULL,
  id TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (service, id)
)`,
};

/** Held until the transaction ends; SQLite needs none beyond its write lock. */
const LOCK: Statement = {
  sqlite: "SELECT 1",
  postgres: "SELECT pg_advisory_xact_lock(hashtext($1))",
};

const APPLIED: Statement = {
  sqlite: "SELECT id FROM spec2svc_migrations WHERE service = ?",
  postgres: "SELECT id FROM spec2svc_migrations WHERE service = $1",
};

const IS_APPLIED: Statement = {
  sqlite: "SELECT 1 AS applied FROM spec2svc_migrations WHERE service = ? AND id = ?",
  postgres: "SELECT 1 AS applied FROM spec2svc_migrations WHERE service = $1 AND id = $2",
};

const RECORD: Statement = {
  sqlite: "INSERT INTO spec2svc_migrations (service, id, applied_at) VALUES (?, ?, ?)",
  postgres: "INSERT INTO spec2svc_migrations (service, id, applied_at) VALUES ($1, $2, $3)",
};

export interface MigrateOptions {
  logger?: Logger;
}

/** Applies the migrations not yet recorded for `service`; returns the ids this call applied. */
export async function migrate(
  database: Database,
  service: string,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): Promise<string[]> {
  refuseDuplicates(migrations);

  await database.transaction(async (tx) => {
    await lock(tx, "spec2svc:migrations");
    await tx.execute(CREATE_TABLE, []);
  });

  const rows = await database.query(APPLIED, [service]);
  const recorded = new Set(rows.map((row) => String(row["id"])));

  const applied: string[] = [];
  for (const migration of migrations) {
    if (recorded.has(migration.id)) continue;

    if (await applyOnce(database, service, migration)) {
      options.logger?.info({ service, migration: migration.id }, "applied migration");
      applied.push(migration.id);
    }
  }
  return applied;
}

function refuseDuplicates(migrations: readonly Migration[]): void {
  const seen = new Set<string>();
  for (const { id } of migrations) {
    if (seen.has(id)) throw new Error(`migration ${id} is listed twice`);
    seen.add(id);
  }
}

/** False when another process applied it while this one waited for the lock. */
function applyOnce(database: Database, service: string, migration: Migration): Promise<boolean> {
  return database.transaction(async (tx) => {
    await lock(tx, `spec2svc:${service}`);

    const done = await tx.query(IS_APPLIED, [service, migration.id]);
    if (done.length > 0) return false;

    try {
      for (const statement of migration.statements) await tx.execute(statement, []);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${migration.id} of ${service} failed: ${reason}`, {
        cause: error,
      });
    }

    await tx.execute(RECORD, [service, migration.id, new Date().toISOString()]);
    return true;
  });
}

async function lock(tx: Database, key: string): Promise<void> {
  if (tx.dialect === "postgres") await tx.query(LOCK, [key]);
}

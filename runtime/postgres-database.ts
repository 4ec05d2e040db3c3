/**
 * PostgreSQL through a pg pool: statements borrow any connection, a
 * transaction keeps one until it commits or rolls back.
 */
import { Pool, type PoolClient, type QueryResult } from "pg";
import type { Logger } from "pino";
import { ConflictError, type Database, type Row } from "./database.js";
import { Mutex } from "./mutex.js";
import type { Statement } from "./route.js";

const UNIQUE_VIOLATION = "23505";

export interface PostgresDatabaseOptions {
  /** postgres://user:password@host:port/database?options=... */
  url: string;
  logger?: Logger;
  /** The pool's size; default 10. */
  maxConnections?: number;
}

/** Connects once before returning, so a wrong URL fails at startup, not at the first request. */
export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const pool = new Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  // An idle connection that breaks emits "error"; unheard, it would end the process.
  pool.on("error", (error) => {
    options.logger?.warn({ err: error }, "an idle PostgreSQL connection failed");
  });

  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end();
    throw error;
  }

  options.logger?.debug("connected to PostgreSQL");
  return new Scope(pool, undefined);
}

type Queryable = Pick<Pool, "query"> | PoolClient;

async function run(on: Queryable, sql: string, params: readonly unknown[]): Promise<QueryResult> {
  try {
    return await on.query({ text: sql, values: [...params] });
  } catch (error) {
    throw conflictFrom(error) ?? error;
  }
}

function conflictFrom(error: unknown): ConflictError | undefined {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (code !== UNIQUE_VIOLATION) return undefined;

  return new ConflictError(typeof constraint === "string" ? constraint : "unknown", {
    cause: error,
  });
}

interface TransactionState {
  client: PoolClient;
  open: boolean;
  /** Serializes savepoints opened at this level. */
  savepoints: Mutex;
  depth: number;
}

/** The pool (no transaction) or one open transaction on a client of it. */
class Scope implements Database {
  readonly dialect = "postgres" as const;

  constructor(
    readonly pool: Pool,
    readonly state: TransactionState | undefined,
  ) {}

  async query(statement: Statement, params: readonly unknown[]): Promise<Row[]> {
    return (await run(this.#target(), statement.postgres, params)).rows as Row[];
  }

  async execute(statement: Statement, params: readonly unknown[]): Promise<number> {
    return (await run(this.#target(), statement.postgres, params)).rowCount ?? 0;
  }

  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    return this.state ? this.#savepoint(this.state, work) : this.#transaction(work);
  }

  async close(): Promise<void> {
    if (this.state) throw new Error("close the database, not one of its transactions");

    await this.pool.end();
  }

  #target(): Queryable {
    if (this.state === undefined) return this.pool;

    if (!this.state.open) throw new Error("the transaction has already ended");
    return this.state.client;
  }

  async #transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose ROLLBACK failed is in an unknown state: the pool must drop it.
    let broken: Error | undefined;

    const state = { client, open: true, savepoints: new Mutex(), depth: 0 };
    try {
      await client.query("BEGIN");
      const result = await work(new Scope(this.pool, state));
      state.open = false;
      await client.query("COMMIT");
      return result;
    } catch (error) {
      state.open = false;
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  #savepoint<T>(outer: TransactionState, work: (tx: Database) => Promise<T>): Promise<T> {
    return outer.savepoints.run(async () => {
      const name = `spec2svc_${outer.depth + 1}`;
      await outer.client.query(`SAVEPOINT ${name}`);

      const state = { ...outer, savepoints: new Mutex(), depth: outer.depth + 1 };
      try {
        const result = await work(new Scope(this.pool, state));
        await outer.client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        if (outer.open) await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      } finally {
        state.open = false;
      }
    });
  }
}

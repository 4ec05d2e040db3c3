// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * SQLite through better-sqlite3: one synchronous connection behind the async
 * `Database` interface. Transactions run async work, so a mutex keeps any
 * other statement off the connection until the transaction that holds it
 * commits or rolls back.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import BetterSqlite3 from "better-sqlite3";
import type { Logger } from "pino";
import { ConflictError, type Database, type Row } from "./database.js";
import { Mutex } from "./mutex.js";
import type { Statement } from "./route.js";

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * better-sqlite3 waits for another connection's lock synchronously, which
 * would freeze the event loop and, with a second connection in the same
 * process, the very work that would release the lock. So SQLite itself waits
 * only briefly and `whenNotBusy` retries on timers.
 */
const SYNCHRONOUS_BUSY_WAIT_MS = 10;

export interface SqliteDatabaseOptions {
  /** The database file, created when missing; ":memory:" for a private one. */
  file: string;
  logger?: Logger;
  /** How long a statement waits for another connection's write lock; default 5 s. */
  busyTimeoutMs?: number;
}

export function openSqliteDatabase(options: SqliteDatabaseOptions): Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const connection = new Connection(connect(options.file, busyTimeoutMs), busyTimeoutMs);

  options.logger?.debug({ file: options.file }, "opened SQLite database");
  return new Scope(connection, undefined);
}

function connect(file: string, busyTimeoutMs: number): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);

  // Opening may meet another process switching the file to WAL: wait fully.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma("journal_mode = WAL");
  // FULL syncs the WAL at every commit: an acknowledged write survives a crash.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${SYNCHRONOUS_BUSY_WAIT_MS}`);
  return db;
}

interface Result {
  rows: Row[];
  changes: number;
}

interface UniqueIndex {
  name: string;
  origin: string;
  /** Null for an expression. */
  columns: Array<string | null>;
}

/** The connection, its statement cache and what it knows of unique indexes. */
class Connection {
  readonly lock = new Mutex();
  readonly #prepared = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  readonly #uniqueIndexes = new Map<string, UniqueIndex[]>();

  constructor(
    readonly db: BetterSqlite3.Database,
    readonly busyTimeoutMs: number,
  ) {}

  run(sql: string, params: readonly unknown[]): Promise<Result> {
    return whenNotBusy(() => this.#runNow(sql, params), this.busyTimeoutMs);
  }

  #runNow(sql: string, params: readonly unknown[]): Result {
    const statement = this.#prepare(sql);
    const values = params.map(bindable);

    try {
      if (!statement.reader) return { rows: [], changes: statement.run(...values).changes };

      const rows = statement.all(...values) as Row[];
      return { rows, changes: rows.length };
    } catch (error) {
      throw this.#conflictFrom(error) ?? error;
    }
  }

  #prepare(sql: string): BetterSqlite3.Statement<unknown[]> {
    // A schema change may add or drop the unique indexes conflicts are named by.
    if (/^\s*(create|drop|alter)\b/i.test(sql)) this.#uniqueIndexes.clear();

    let statement = this.#prepared.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[]>(sql);
      this.#prepared.set(sql, statement);
    }
    return statement;
  }

  #conflictFrom(error: unknown): ConflictError | undefined {
    const code = codeOf(error);
    if (code !== "SQLITE_CONSTRAINT_UNIQUE" && code !== "SQLITE_CONSTRAINT_PRIMARYKEY") {
      return undefined;
    }

    const name = this.#constraintName((error as Error).message, code);
    return new ConflictError(name, { cause: error });
  }

  /**
   * SQLite names the index only for expression indexes; otherwise it lists
   * the columns, which the table's unique indexes map back to a name.
   */
  #constraintName(message: string, code: string): string {
    const index = /index '((?:[^']|'')+)'/.exec(message);
    if (index) return index[1]!.replaceAll("''", "'");

    const listed = /constraint failed: (.+)$/.exec(message)?.[1] ?? "";
    const qualified = listed.split(", ").map((column) => column.split("."));
    const table = qualified[0]?.[0] ?? "";
    const columns = qualified.map((parts) => parts.slice(1).join("."));
    const primaryKey = code === "SQLITE_CONSTRAINT_PRIMARYKEY";

    return this.#indexNamed(table, columns, primaryKey) ?? defaultName(table, columns, primaryKey);
  }

  #indexNamed(table: string, columns: string[], primaryKey: boolean): string | undefined {
    const matches = this.#uniqueIndexesOf(table)
      .filter((index) => index.columns.join("\u0000") === columns.join("\u0000"))
      .filter((index) => !primaryKey || index.origin === "pk");
    // An index the migration created by name wins over SQLite's autoindexes.
    const named = matches.filter((index) => index.origin === "c").sort(byName);
    if (named[0]) return named[0].name;

    return matches[0] && defaultName(table, columns, matches[0].origin === "pk");
  }

  #uniqueIndexesOf(table: string): UniqueIndex[] {
    let indexes = this.#uniqueIndexes.get(table);
    if (indexes === undefined) {
      indexes = this.#readUniqueIndexes(table);
      this.#uniqueIndexes.set(table, indexes);
    }
    return indexes;
  }

  #readUniqueIndexes(table: string): UniqueIndex[] {
    type Listed = { name: string; unique: number; origin: string };
    type Column = { seqno: number; name: string | null };

    const listed = this.db.pragma(`index_list(${literal(table)})`) as Listed[];
    return listed
      .filter((index) => index.unique === 1)
      .map((index) => {
        const info = this.db.pragma(`index_info(${literal(index.name)})`) as Column[];
        const columns = info.sort((a, b) => a.seqno - b.seqno).map((column) => column.name);
        return { name: index.name, origin: index.origin, columns };
      });
  }
}

/**
 * SQLite's autoindexes carry no name of the migration's choosing: use the
 * name PostgreSQL gives the same constraint, so both dialects agree.
 */
function defaultName(table: string, columns: string[], primaryKey: boolean): string {
  return primaryKey ? `${table}_pkey` : `${table}_${columns.join("_")}_key`;
}

const byName = (a: UniqueIndex, b: UniqueIndex) => (a.name < b.name ? -1 : 1);

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** SQLite binds numbers, text, bigints, bytes and null; booleans are stored as 0/1. */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;

  // better-sqlite3 would take a plain object as named parameters.
  if (typeof value === "object" && value !== null && !ArrayBuffer.isView(value)) {
    throw new TypeError("encode objects and arrays as JSON text before binding them");
  }
  return value;
}

async function whenNotBusy<T>(work: () => T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  for (let delayMs = 2; ; delayMs = Math.min(delayMs * 2, 100)) {
    try {
      return work();
    } catch (error) {
      const busy = codeOf(error)?.startsWith("SQLITE_BUSY") ?? false;
      if (!busy || Date.now() >= deadline) throw error;
    }
    // Jitter keeps several waiting connections from retrying in step.
    await new Promise((resolve) => setTimeout(resolve, delayMs * (0.5 + Math.random())));
  }
}

interface TransactionState {
  connection: Connection;
  open: boolean;
  /** Serializes savepoints opened at this level. */
  savepoints: Mutex;
  depth: number;
}

/** Which transaction, if any, the current async work runs inside. */
const activeTransaction = new AsyncLocalStorage<TransactionState>();

/** The database itself (no transaction) or one open transaction on it. */
class Scope implements Database {
  readonly dialect = "sqlite" as const;

  constructor(
    readonly connection: Connection,
    readonly state: TransactionState | undefined,
  ) {}

  async query(statement: Statement, params: readonly unknown[]): Promise<Row[]> {
    return (await this.#run(statement.sqlite, params)).rows;
  }

  async execute(statement: Statement, params: readonly unknown[]): Promise<number> {
    return (await this.#run(statement.sqlite, params)).changes;
  }

  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    if (this.state) return this.#savepoint(this.state, work);

    this.#refuseInsideOwnTransaction();
    return this.connection.lock.run(() => this.#transaction(work));
  }

  async close(): Promise<void> {
    if (this.state) throw new Error("close the database, not one of its transactions");

    await this.connection.lock.run(() => this.connection.db.close());
  }

  #run(sql: string, params: readonly unknown[]): Promise<Result> {
    if (this.state) {
      if (!this.state.open) throw new Error("the transaction has already ended");
      return this.connection.run(sql, params);
    }

    this.#refuseInsideOwnTransaction();
    return this.connection.lock.run(() => this.connection.run(sql, params));
  }

  /** Waiting for the lock our own transaction holds would never end. */
  #refuseInsideOwnTransaction(): void {
    const active = activeTransaction.getStore();
    if (active?.open && active.connection === this.connection) {
      throw new Error("inside a transaction, use the transaction's handle, not the database");
    }
  }

  async #transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    const { connection } = this;
    await connection.run("BEGIN IMMEDIATE", []);

    const state = { connection, open: true, savepoints: new Mutex(), depth: 0 };
    try {
      const result = await activeTransaction.run(state, () => work(new Scope(connection, state)));
      state.open = false;
      await connection.run("COMMIT", []);
      return result;
    } catch (error) {
      if (connection.db.inTransaction) connection.db.exec("ROLLBACK");
      throw error;
    } finally {
      state.open = false;
    }
  }

  #savepoint<T>(outer: TransactionState, work: (tx: Database) => Promise<T>): Promise<T> {
    return outer.savepoints.run(async () => {
      const name = `spec2svc_${outer.depth + 1}`;
      await this.#run(`SAVEPOINT ${name}`, []);

      const state = { ...outer, savepoints: new Mutex(), depth: outer.depth + 1 };
      try {
        const result = await work(new Scope(this.connection, state));
        await this.#run(`RELEASE ${name}`, []);
        return result;
      } catch (error) {
        if (outer.open) await this.#run(`ROLLBACK TO ${name}`, []);
        if (outer.open) await this.#run(`RELEASE ${name}`, []);
        throw error;
      } finally {
        state.open = false;
      }
    });
  }
}

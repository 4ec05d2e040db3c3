// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * The one interface both databases are used through. Generated repositories
 * hold their SQL as `Statement`s written for each dialect at compile time; no
 * SQL is assembled at run time.
 */
import type { Statement } from "./route.js";

export type Dialect = "sqlite" | "postgres";

export type Row = Record<string, unknown>;

export interface Database {
  readonly dialect: Dialect;
  /** Runs a statement and returns its rows (RETURNING rows for writes). */
  query(statement: Statement, params: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement and returns how many rows it changed. */
  execute(statement: Statement, params: readonly unknown[]): Promise<number>;
  /** Runs `work` in one transaction, committed when it resolves. */
  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A write broke a unique constraint: the resource already exists. */
export class ConflictError extends Error {
  /** The constraint's name, as the migration created it. */
  readonly constraint: string;

  constructor(constraint: string, options?: { cause?: unknown }) {
    super(`unique constraint ${constraint} violated`, options);
    this.name = "ConflictError";
    this.constraint = constraint;
  }
}

// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * A typed repository over one table. The compiler writes each table's SQL
 * for both dialects ahead of time; this class only binds parameters in the
 * order the statements expect and turns rows back into records.
 */
import { randomUUID } from "node:crypto";

import type { Database, Row } from "./database.js";
import { hashPassword } from "./password.js";
import type { Statement } from "./route.js";
import { decodeRow, encodeValue, type ColumnType } from "./row-codec.js";

export interface ColumnDefinition {
  property: string;
  column: string;
  type: ColumnType;
  /** Stored as a scrypt hash of what was sent. */
  password?: boolean;
  /** Made by the service on insert rather than sent by the client. */
  generated?: "uuid" | "increment" | "now";
  default?: unknown;
  /** Null is a value of the property, kept in records rather than read as absent. */
  nullable?: boolean;
}

/**
 * Statements and the columns they bind, in order:
 * - insert: `insertColumns`, RETURNING the row;
 * - get, delete: the id;
 * - find: each filter column twice (`? IS NULL OR col = ?`), then LIMIT 1;
 * - list: the filters as in find, the cursor twice, then limit and offset;
 * - update: for each writable column a flag and a value, then the id;
 * - replace: each writable column, then the id.
 */
export interface TableDefinition {
  table: string;
  id: string;
  columns: ColumnDefinition[];
  /** Properties that find and list can filter on, in statement order. */
  filters: string[];
  statements: Record<"insert" | "get" | "find" | "list" | "update" | "replace" | "delete",
    Statement>;
}

export interface ListOptions<Filter> {
  filter?: Filter;
  limit?: number;
  offset?: number;
  /** Return records whose id sorts after this one. */
  after?: string | number;
}

export interface Page<Item> {
  items: Item[];
  /** The cursor of the next page, when this one was full. */
  nextCursor?: string;
}

const DEFAULT_LIMIT = 100;

export class Repository<Item, Create> {
  private readonly types: Record<string, ColumnType>;
  private readonly writable: ColumnDefinition[];

  constructor(
    private readonly database: Database,
    private readonly definition: TableDefinition,
  ) {
    this.types = Object.fromEntries(definition.columns.map((c) => [c.column, c.type]));
    this.writable = definition.columns.filter((c) => !c.generated);
  }

  async insert(values: Create): Promise<Item> {
    const record = await this.prepare(values as Record<string, unknown>, true);
    const columns = this.definition.columns.filter((c) => c.generated !== "increment");
    const rows = await this.database.query(this.definition.statements.insert,
      columns.map((c) => this.encode(c, record[c.property])));
    return this.decode(rows[0]!);
  }

  async get(id: string | number): Promise<Item | undefined> {
    const rows = await this.database.query(this.definition.statements.get, [id]);
    return rows[0] ? this.decode(rows[0]) : undefined;
  }

  async findOne(filter: Partial<Item>): Promise<Item | undefined> {
    const rows = await this.database.query(this.definition.statements.find,
      this.filterParams(filter as Record<string, unknown>));
    return rows[0] ? this.decode(rows[0]) : undefined;
  }

  async list(options: ListOptions<Partial<Item>> = {}): Promise<Page<Item>> {
    const limit = options.limit ?? DEFAULT_LIMIT;
    const after = options.after ?? null;
    const params = [
      ...this.filterParams((options.filter ?? {}) as Record<string, unknown>),
      after,
      after,
      limit,
      options.offset ?? 0,
    ];

    const items = (await this.database.query(this.definition.statements.list, params))
      .map((row) => this.decode(row));
    const last = items[items.length - 1] as Record<string, unknown> | undefined;
    const full = items.length === limit && last !== undefined;
    return full ? { items, nextCursor: String(last[this.definition.id]) } : { items };
  }

  async update(id: string | number, patch: Partial<Create>): Promise<Item | undefined> {
    const changes = await this.prepare(patch as Record<string, unknown>, false);
    const params = this.writable.flatMap((c) => {
      const given = c.property in changes && changes[c.property] !== undefined;
      const flag = encodeValue(given, "boolean", this.database.dialect);
      return [flag, given ? this.encode(c, changes[c.property]) : null];
    });

    const rows = await this.database.query(this.definition.statements.update, [...params, id]);
    return rows[0] ? this.decode(rows[0]) : undefined;
  }

  async replace(id: string | number, values: Create): Promise<Item | undefined> {
    const record = await this.prepare(values as Record<string, unknown>, false);
    const params = this.writable.map((c) => this.encode(c, record[c.property] ?? c.default));
    const rows = await this.database.query(this.definition.statements.replace, [...params, id]);
    return rows[0] ? this.decode(rows[0]) : undefined;
  }

  async delete(id: string | number): Promise<boolean> {
    return (await this.database.execute(this.definition.statements.delete, [id])) > 0;
  }

  /** Hashes passwords; on insert also fills generated values and defaults. */
  private async prepare(values: Record<string, unknown>, creating: boolean) {
    const record: Record<string, unknown> = { ...values };

    for (const column of this.definition.columns) {
      const value = record[column.property];
      if (column.password && typeof value === "string") {
        record[column.property] = await hashPassword(value);
      }
      if (!creating) continue;
      if (column.generated === "uuid") record[column.property] = randomUUID();
      if (column.generated === "now") record[column.property] = new Date().toISOString();
      if (record[column.property] === undefined && column.default !== undefined) {
        record[column.property] = column.default;
      }
    }
    return record;
  }

  private filterParams(filter: Record<string, unknown>): unknown[] {
    return this.definition.filters.flatMap((property) => {
      const column = this.definition.columns.find((c) => c.property === property)!;
      const value = filter[property] === undefined ? null : this.encode(column, filter[property]);
      return [value, value];
    });
  }

  private encode(column: ColumnDefinition, value: unknown): unknown {
    return value === undefined ? null : encodeValue(value, column.type, this.database.dialect);
  }

  private decode(row: Row): Item {
    const decoded = decodeRow(row, this.types, this.database.dialect);
    const item: Record<string, unknown> = {};
    for (const column of this.definition.columns) {
      const value = decoded[column.column];
      if (value === undefined || (value === null && !column.nullable)) continue;
      item[column.property] = value;
    }
    return item as Item;
  }
}

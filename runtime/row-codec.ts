/**
 * Values as each dialect stores them. SQLite has no boolean or JSON type, so
 * booleans travel as 0/1 and JSON as text; PostgreSQL has boolean and jsonb
 * but hands bigint columns back as text. Generated repositories encode
 * parameters and decode rows through one column-type table per entity.
 */
import type { Dialect, Row } from "./database.js";
import { setOwn } from "./set-own.js";

export type ColumnType = "text" | "integer" | "real" | "boolean" | "json";

interface Codec {
  encode(value: unknown): unknown;
  decode(value: unknown): unknown;
}

const same = (value: unknown) => value;

/** JSON goes out as text in both dialects: pg would send an array as a SQL array. */
const jsonText = (value: unknown) => JSON.stringify(value);

/** pg's jsonb arrives parsed; SQLite's TEXT arrives as the text written. */
const parseText = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

const sqliteBoolean = (value: unknown) => (value ? 1 : 0);

const truthy = (value: unknown) =>
  typeof value === "boolean" ? value : value !== 0 && value !== 0n && value !== "0";

/** int8 and numeric arrive as text from pg: a number when that loses nothing. */
function numberWhenSafe(value: unknown): unknown {
  if (typeof value === "bigint") {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (typeof value !== "string" || value.trim() === "") return value;

  const number = Number(value);
  if (Number.isNaN(number)) return value;
  return Number.isInteger(number) && !Number.isSafeInteger(number) ? value : number;
}

const CODECS: Record<ColumnType, Record<Dialect, Codec>> = {
  text: {
    sqlite: { encode: same, decode: same },
    postgres: { encode: same, decode: same },
  },
  integer: {
    sqlite: { encode: same, decode: numberWhenSafe },
    postgres: { encode: same, decode: numberWhenSafe },
  },
  real: {
    sqlite: { encode: same, decode: numberWhenSafe },
    postgres: { encode: same, decode: numberWhenSafe },
  },
  boolean: {
    sqlite: { encode: sqliteBoolean, decode: truthy },
    postgres: { encode: same, decode: truthy },
  },
  json: {
    sqlite: { encode: jsonText, decode: parseText },
    postgres: { encode: jsonText, decode: same },
  },
};

/** A parameter as the column stores it; null and undefined become SQL NULL. */
export function encodeValue(value: unknown, type: ColumnType, dialect: Dialect): unknown {
  if (value === null || value === undefined) return null;
  return CODECS[type][dialect].encode(value);
}

/** A column's value as the service sees it; SQL NULL stays null. */
export function decodeValue(value: unknown, type: ColumnType, dialect: Dialect): unknown {
  if (value === null || value === undefined) return null;
  return CODECS[type][dialect].decode(value);
}

/** Decodes the columns the table names; others pass through unchanged. */
export function decodeRow(
  row: Row,
  columns: Record<string, ColumnType>,
  dialect: Dialect,
): Row {
  const decoded: Row = {};
  for (const [name, value] of Object.entries(row)) {
    const type = Object.hasOwn(columns, name) ? columns[name] : undefined;
    setOwn(decoded, name, type === undefined ? value : decodeValue(value, type, dialect));
  }
  return decoded;
}

/** Encodes `values` in the order of `types`, for a statement's positional parameters. */
export function encodeParams(
  values: readonly unknown[],
  types: readonly ColumnType[],
  dialect: Dialect,
): unknown[] {
  return values.map((value, index) => {
    const type = types[index];
    return type === undefined ? value : encodeValue(value, type, dialect);
  });
}

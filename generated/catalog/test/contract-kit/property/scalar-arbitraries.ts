// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** Strings and numbers within a schema's bounds, formats and patterns. */

import * as fc from "fast-check";

import { UnsatisfiableSchemaError } from "./arbitrary-tools.js";
import type { SchemaObject } from "./schema-tools.js";

export type StringUnit = "ascii" | "unicode";

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const INT64 = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** Years with four digits, which every date format accepts. */
const dates = () => fc.date({
  min: new Date("1970-01-01T00:00:00.000Z"),
  max: new Date("2099-12-31T23:59:59.999Z"),
  noInvalidDate: true,
});

const pointerToken = fc.string({ maxLength: 6 })
  .map((token) => token.replace(/~/g, "~0").replace(/\//g, "~1"));
const jsonPointer = fc.array(pointerToken, { maxLength: 3 })
  .map((tokens) => tokens.map((token) => `/${token}`).join(""));

/** Generators for the formats ajv-formats checks on strings. */
const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  email: () => fc.emailAddress(),
  "idn-email": () => fc.emailAddress(),
  uuid: () => fc.uuid(),
  "date-time": () => dates().map((d) => d.toISOString()),
  "iso-date-time": () => dates().map((d) => d.toISOString()),
  date: () => dates().map((d) => d.toISOString().slice(0, 10)),
  time: () => dates().map((d) => d.toISOString().slice(11)),
  "iso-time": () => dates().map((d) => d.toISOString().slice(11)),
  duration: () => fc.tuple(fc.nat(99), fc.nat(23), fc.nat(59))
    .map(([d, h, m]) => `P${d}DT${h}H${m}M`),
  uri: () => fc.webUrl(),
  url: () => fc.webUrl(),
  iri: () => fc.webUrl(),
  "uri-reference": () => fc.oneof(fc.webUrl(), fc.webPath()),
  "iri-reference": () => fc.webUrl(),
  "uri-template": () => fc.webUrl(),
  hostname: () => fc.domain(),
  "idn-hostname": () => fc.domain(),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
  byte: () => fc.base64String({ maxLength: 24 }),
  regex: () => fc.constantFrom("^[a-z]+$", "\\d{3}", "a|b", ".*"),
  "json-pointer": () => jsonPointer,
  "relative-json-pointer": () => fc.tuple(fc.nat(5), jsonPointer).map(([n, p]) => `${n}${p}`),
  "json-pointer-uri-fragment": () => fc.constantFrom("#", "#/a", "#/a/0", "#/a~1b"),
};

/** Whether the generator knows the string format; others are plain strings. */
export function isStringFormat(format: unknown): boolean {
  return typeof format === "string" && Object.hasOwn(FORMATS, format);
}

export interface StringOptions {
  unit: StringUnit;
  /** How much longer than minLength an unbounded string may grow. */
  extraLength: number;
}

/**
 * The base generator for a string schema. Format and pattern generators do
 * not honour the length bounds, so the caller filters by the whole schema
 * when either is present.
 */
export function stringArbitrary(schema: SchemaObject, options: StringOptions) {
  const min = numberOr(schema.minLength, 0);
  const max = Math.min(numberOr(schema.maxLength, Infinity), min + options.extraLength);
  if (min > max) throw new UnsatisfiableSchemaError(`no string has ${min} to ${max} characters`);

  const format = isStringFormat(schema.format) ? FORMATS[schema.format as string]!() : undefined;
  const pattern = typeof schema.pattern === "string"
    ? patternArbitrary(schema.pattern, max, options)
    : undefined;
  // With both, either may happen to meet the other; the caller's filter keeps those that do.
  if (format && pattern) return fc.oneof(format, pattern);
  return format ?? pattern ?? plainString(min, max, options.unit);
}

export function plainString(min: number, max: number, unit: StringUnit): fc.Arbitrary<string> {
  return fc.string({
    minLength: min,
    maxLength: max,
    unit: unit === "ascii" ? "grapheme-ascii" : "binary",
  });
}

/** ajv tests patterns without anchors and without the unicode flag; so does this. */
function patternArbitrary(pattern: string, max: number, options: StringOptions) {
  const regex = new RegExp(pattern);
  const maxLength = Number.isFinite(max) ? max : undefined;
  try {
    return fc.stringMatching(regex, maxLength === undefined ? {} : { maxLength });
  } catch {
    // fast-check cannot read every pattern (lookarounds, backreferences);
    // plain strings filtered by the caller may still meet it.
    return plainString(0, Number.isFinite(max) ? max : 32, options.unit);
  }
}

export function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

/** The integers within the schema's bounds and its format's range. */
export function integerBounds(schema: SchemaObject): { min: number; max: number } {
  const explicitLow = maxOf([
    typeof schema.minimum === "number" ? Math.ceil(schema.minimum) : undefined,
    typeof schema.exclusiveMinimum === "number"
      ? Math.floor(schema.exclusiveMinimum) + 1
      : undefined,
  ]);
  const explicitHigh = minOf([
    typeof schema.maximum === "number" ? Math.floor(schema.maximum) : undefined,
    typeof schema.exclusiveMaximum === "number"
      ? Math.ceil(schema.exclusiveMaximum) - 1
      : undefined,
  ]);

  // Without bounds of its own an integer stays in its format's range, or 32 bits.
  const range = schema.format === "int64" ? INT64 : INT32;
  const low = explicitLow ?? Math.min(range.min, explicitHigh ?? range.min);
  const high = explicitHigh ?? Math.max(range.max, low);
  const format = schema.format === "int32" || schema.format === "int64" ? range : INT64;
  return { min: Math.max(low, format.min), max: Math.min(high, format.max) };
}

function maxOf(values: Array<number | undefined>): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : Math.max(...present);
}

function minOf(values: Array<number | undefined>): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : Math.min(...present);
}

export function integerIn(min: number, max: number): fc.Arbitrary<number> {
  if (min > max) throw new UnsatisfiableSchemaError(`no integer lies in [${min}, ${max}]`);

  const small = min >= INT32.min && max <= INT32.max;
  if (small) return fc.integer({ min, max });
  return fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
}

/**
 * Integers, or multiples of `multipleOf`. A fractional step is built as
 * k × step, which floating point does not always keep an exact multiple;
 * the caller filters those by ajv's own test.
 */
export function integerArbitrary(schema: SchemaObject): fc.Arbitrary<number> {
  const { min, max } = integerBounds(schema);
  const step = schema.multipleOf;
  if (typeof step !== "number" || step <= 0) return integerIn(min, max);

  if (Number.isInteger(step)) {
    return integerIn(Math.ceil(min / step), Math.floor(max / step)).map((k) => k * step);
  }
  return integerIn(min, max);
}

export function numberArbitrary(schema: SchemaObject): fc.Arbitrary<number> {
  if (schema.format === "int32" || schema.format === "int64") return integerArbitrary(schema);
  if (typeof schema.multipleOf === "number" && schema.multipleOf > 0) return multiples(schema);

  const bounds = doubleBounds(schema);
  const doubles = fc.double({ ...bounds, noNaN: true, noDefaultInfinity: true });
  const { min, max } = integerBounds(schema);
  return min <= max ? fc.oneof(integerIn(min, max), doubles) : doubles;
}

function doubleBounds(schema: SchemaObject): fc.DoubleConstraints {
  const out: fc.DoubleConstraints = {};
  if (typeof schema.exclusiveMinimum === "number") {
    out.min = schema.exclusiveMinimum;
    out.minExcluded = true;
  }
  if (typeof schema.minimum === "number" && !(schema.minimum <= (out.min ?? -Infinity))) {
    out.min = schema.minimum;
    out.minExcluded = false;
  }
  if (typeof schema.exclusiveMaximum === "number") {
    out.max = schema.exclusiveMaximum;
    out.maxExcluded = true;
  }
  if (typeof schema.maximum === "number" && !(schema.maximum >= (out.max ?? Infinity))) {
    out.max = schema.maximum;
    out.maxExcluded = false;
  }
  return out;
}

/** k × step for k within the bounds; unbounded schemas keep k modest. */
function multiples(schema: SchemaObject): fc.Arbitrary<number> {
  const step = schema.multipleOf as number;
  const bounds = doubleBounds(schema);
  const low = Math.ceil(numberOr(bounds.min, -1e6 * step) / step);
  const high = Math.floor(numberOr(bounds.max, 1e6 * step) / step);
  const safe = (k: number) => Math.max(INT64.min, Math.min(INT64.max, k));
  return integerIn(safe(low), safe(high)).map((k) => exactMultiple(k, step));
}

/** Of the ways to write k × step, the one floating point keeps divisible by step. */
function exactMultiple(k: number, step: number): number {
  const candidates = [k * step, k / (1 / step), Number((k * step).toPrecision(15))];
  return candidates.find((v) => Number.isInteger(v / step)) ?? candidates[0]!;
}

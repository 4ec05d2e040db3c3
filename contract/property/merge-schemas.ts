/**
 * Merges two schemas that a value must both satisfy into one the generator
 * can read directly. What cannot be merged exactly is returned as checks,
 * which generated values are then filtered by.
 */

import {
  isSchemaObject,
  stableKey,
  typesOf,
  type JsonSchema,
  type SchemaObject,
} from "./schema-tools.js";

export interface Merged {
  schema: SchemaObject;
  /** Schemas the value must also satisfy, beyond what `schema` guarantees. */
  checks: JsonSchema[];
}

/** Why a merge failed: the two schemas admit no common value. */
const CONTRADICTION = Symbol("contradiction");

type Merger = (a: SchemaObject, b: SchemaObject, out: SchemaObject, checks: JsonSchema[]) =>
  void | typeof CONTRADICTION;

const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties",
  "minContains"];
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties",
  "maxContains"];
const ANNOTATIONS = new Set(["title", "description", "default", "examples", "deprecated",
  "$comment", "contentEncoding", "contentMediaType"]);

/** Undefined when the two schemas contradict each other. */
export function mergeSchemas(a: SchemaObject, b: SchemaObject): Merged | undefined {
  const out: SchemaObject = {};
  const checks: JsonSchema[] = [];

  for (const merger of MERGERS) {
    if (merger(a, b, out, checks) === CONTRADICTION) return undefined;
  }

  mergeRemaining(a, b, out, checks);
  return { schema: out, checks };
}

const mergeType: Merger = (a, b, out) => {
  const left = typesOf(a);
  const right = typesOf(b);
  if (left === undefined || right === undefined) {
    const type = left ?? right;
    if (type !== undefined) out.type = type;
    return;
  }

  const common = left.flatMap((type) => commonType(type, right));
  if (common.length === 0) return CONTRADICTION;
  out.type = [...new Set(common)];
  return undefined;
};

function commonType(type: string, others: string[]): string[] {
  if (others.includes(type)) return [type];
  if (type === "integer" && others.includes("number")) return ["integer"];
  if (type === "number" && others.includes("integer")) return ["integer"];
  return [];
}

const mergeValues: Merger = (a, b, out) => {
  const allowed = [allowedValues(a), allowedValues(b)].filter((v) => v !== undefined);
  if (allowed.length === 0) return;

  const [first, second] = allowed as unknown[][];
  const values = second === undefined
    ? first!
    : first!.filter((v) => second.some((w) => stableKey(v) === stableKey(w)));
  if (values.length === 0) return CONTRADICTION;

  if ("const" in a || "const" in b) out.const = values[0];
  else out.enum = values;
  return undefined;
};

function allowedValues(schema: SchemaObject): unknown[] | undefined {
  if ("const" in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

const mergeBounds: Merger = (a, b, out) => {
  for (const key of LOWER_BOUNDS) setBound(key, a, b, out, Math.max);
  for (const key of UPPER_BOUNDS) setBound(key, a, b, out, Math.min);
};

function setBound(
  key: string,
  a: SchemaObject,
  b: SchemaObject,
  out: SchemaObject,
  pick: (x: number, y: number) => number,
): void {
  const values = [a[key], b[key]].filter((v): v is number => typeof v === "number");
  if (values.length > 0) out[key] = values.reduce(pick);
}

const mergeMultipleOf: Merger = (a, b, out, checks) => {
  const [x, y] = [a.multipleOf, b.multipleOf];
  if (typeof x !== "number" || typeof y !== "number") {
    if (typeof (x ?? y) === "number") out.multipleOf = x ?? y;
    return;
  }

  if (Number.isInteger(x) && Number.isInteger(y)) {
    out.multipleOf = (x * y) / gcd(x, y);
  } else {
    out.multipleOf = x;
    checks.push({ multipleOf: y });
  }
};

function gcd(x: number, y: number): number {
  return y === 0 ? Math.abs(x) : gcd(y, x % y);
}

/** Keywords a generator can honour only one of at a time: the other is checked. */
function keepOne(key: string): Merger {
  return (a, b, out, checks) => {
    if (a[key] === undefined || b[key] === undefined) {
      const value = a[key] ?? b[key];
      if (value !== undefined) out[key] = value;
      return;
    }

    out[key] = a[key];
    if (a[key] !== b[key]) checks.push({ [key]: b[key] });
  };
}

const mergeFlags: Merger = (a, b, out) => {
  for (const key of ["uniqueItems", "readOnly", "writeOnly"]) {
    if (a[key] === true || b[key] === true) out[key] = true;
  }
};

/**
 * A property one side does not declare falls under that side's
 * additionalProperties: with `false` the property cannot appear at all.
 */
const mergeProperties: Merger = (a, b, out, checks) => {
  if (!hasObjectKeywords(a) && !hasObjectKeywords(b)) return;

  const properties: Record<string, JsonSchema> = {};
  for (const name of new Set([...propertyNames(a), ...propertyNames(b)])) {
    const parts = [...propertyParts(a, name, checks), ...propertyParts(b, name, checks)];
    properties[name] = combine(parts);
  }
  if (Object.keys(properties).length > 0) out.properties = properties;

  const required = [...new Set([...requiredOf(a), ...requiredOf(b)])];
  if (required.length > 0) out.required = required;

  const additional = combine([a.additionalProperties, b.additionalProperties]
    .filter((s): s is JsonSchema => s !== undefined));
  if (additional !== true) out.additionalProperties = additional;

  const excluded = (name: string) =>
    properties[name] === false || (!(name in properties) && additional === false);
  return required.some(excluded) ? CONTRADICTION : undefined;
};

function hasObjectKeywords(schema: SchemaObject): boolean {
  return ["properties", "required", "additionalProperties"].some((key) => key in schema);
}

function propertyNames(schema: SchemaObject): string[] {
  return isSchemaObject(schema.properties) ? Object.keys(schema.properties) : [];
}

function requiredOf(schema: SchemaObject): string[] {
  return Array.isArray(schema.required) ? schema.required.map(String) : [];
}

function propertyParts(schema: SchemaObject, name: string, checks: JsonSchema[]): JsonSchema[] {
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  if (Object.hasOwn(properties, name)) return [properties[name] as JsonSchema];

  if (matchesPattern(schema, name)) {
    checks.push({ patternProperties: schema.patternProperties });
    return [];
  }
  const additional = schema.additionalProperties as JsonSchema | undefined;
  return additional === undefined ? [] : [additional];
}

function matchesPattern(schema: SchemaObject, name: string): boolean {
  if (!isSchemaObject(schema.patternProperties)) return false;
  return Object.keys(schema.patternProperties).some((pattern) => new RegExp(pattern).test(name));
}

function combine(parts: JsonSchema[]): JsonSchema {
  const meaningful = parts.filter((part) => part !== true);
  if (meaningful.includes(false)) return false;
  if (meaningful.length === 0) return true;
  return meaningful.length === 1 ? meaningful[0]! : { allOf: meaningful };
}

/** Item i falls under a side's prefixItems[i], or its items beyond the prefix. */
const mergeItems: Merger = (a, b, out) => {
  const left = prefixOf(a);
  const right = prefixOf(b);
  const length = Math.max(left.length, right.length);

  if (length > 0) {
    out.prefixItems = Array.from({ length }, (_, i) =>
      combine([itemAt(a, left, i), itemAt(b, right, i)].filter((s) => s !== undefined)));
  }

  const items = [a.items, b.items].filter((s): s is JsonSchema => s !== undefined);
  if (items.length > 0) out.items = combine(items);
};

function prefixOf(schema: SchemaObject): JsonSchema[] {
  return Array.isArray(schema.prefixItems) ? (schema.prefixItems as JsonSchema[]) : [];
}

function itemAt(schema: SchemaObject, prefix: JsonSchema[], i: number): JsonSchema | undefined {
  return i < prefix.length ? prefix[i] : (schema.items as JsonSchema | undefined);
}

const HANDLED = new Set([
  "type", "const", "enum", ...LOWER_BOUNDS, ...UPPER_BOUNDS, "multipleOf", "pattern", "format",
  "uniqueItems", "readOnly", "writeOnly", "properties", "required", "additionalProperties",
  "prefixItems", "items",
]);

/** Any other keyword is kept from the side that has it; from both, the second is checked. */
function mergeRemaining(
  a: SchemaObject,
  b: SchemaObject,
  out: SchemaObject,
  checks: JsonSchema[],
): void {
  for (const side of [a, b]) {
    for (const [key, value] of Object.entries(side)) {
      if (HANDLED.has(key) || ANNOTATIONS.has(key)) continue;
      if (key in out) checks.push({ [key]: value });
      else out[key] = value;
    }
  }
}

const MERGERS: Merger[] = [
  mergeType, mergeValues, mergeBounds, mergeMultipleOf, keepOne("pattern"), keepOne("format"),
  mergeFlags, mergeProperties, mergeItems,
];

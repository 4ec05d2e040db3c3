/**
 * A small valid value for a schema: what a contract case sends when the spec
 * gives no example. Deterministic, so generated suites are reproducible.
 */

import type { JsonSchema } from "../model/service-model.js";
import { defName } from "../model/schema-walk.js";

type Schema = { [keyword: string]: unknown };

const FORMATS: Record<string, string> = {
  email: "user@example.com",
  uuid: "00000000-0000-4000-8000-000000000000",
  "date-time": "2026-01-01T00:00:00Z",
  date: "2026-01-01",
  time: "12:00:00Z",
  uri: "https://example.com/",
  "uri-reference": "/example",
  url: "https://example.com/",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  byte: "AAAA",
};

export function sampleValue(
  schema: JsonSchema | undefined,
  defs: Record<string, JsonSchema>,
  depth = 0,
): unknown {
  if (schema === undefined || schema === true || depth > 8) return {};
  if (schema === false) return undefined;

  if (typeof schema.$ref === "string") {
    return sampleValue(defs[defName(schema.$ref)], defs, depth + 1);
  }
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== null) ?? schema.enum[0];

  const composed = composition(schema, defs, depth);
  if (composed !== undefined) return composed;
  return byType(schema, defs, depth);
}

function composition(schema: Schema, defs: Record<string, JsonSchema>, depth: number) {
  for (const keyword of ["oneOf", "anyOf"]) {
    const list = schema[keyword];
    if (Array.isArray(list) && list.length > 0) {
      const branch = list.find((s) => !(typeof s === "object" && s.type === "null")) ?? list[0];
      return sampleValue(branch as JsonSchema, defs, depth + 1);
    }
  }

  if (!Array.isArray(schema.allOf)) return undefined;
  const own = byType({ ...schema, allOf: undefined }, defs, depth);
  const parts = schema.allOf.map((part) => {
    const s = part as Schema;
    // A discriminator case: take the first branch and its value.
    if (s.if && s.then) return sampleValue(s.then as JsonSchema, defs, depth + 1);
    return sampleValue(part as JsonSchema, defs, depth + 1);
  });
  const objects = [own, ...parts].filter((p) => typeof p === "object" && p !== null);
  if (objects.length === 0) return parts[0];
  const merged = Object.assign({}, ...objects) as Record<string, unknown>;
  const firstCase = schema.allOf.find((s) => (s as Schema).if) as Schema | undefined;
  return firstCase ? { ...merged, ...discriminatorValue(firstCase) } : merged;
}

function discriminatorValue(caseSchema: Schema): Record<string, unknown> {
  const properties = ((caseSchema.if as Schema).properties ?? {}) as Record<string, Schema>;
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.const]));
}

function byType(schema: Schema, defs: Record<string, JsonSchema>, depth: number): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? inferType(schema)];
  const type = types.find((t) => t !== "null") ?? types[0];

  if (type === "string") return sampleString(schema);
  if (type === "integer" || type === "number") return sampleNumber(schema, type === "integer");
  if (type === "boolean") return true;
  if (type === "null") return null;
  if (type === "array") {
    const count = typeof schema.minItems === "number" ? schema.minItems : 0;
    return Array.from({ length: count }, () =>
      sampleValue(schema.items as JsonSchema, defs, depth + 1));
  }
  return sampleObject(schema, defs, depth);
}

function inferType(schema: Schema): string {
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return "object";
}

function sampleObject(schema: Schema, defs: Record<string, JsonSchema>, depth: number) {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const out: Record<string, unknown> = {};

  for (const name of Object.keys(properties)) {
    const property = properties[name]!;
    if (!required.has(name) || (typeof property === "object" && property.readOnly === true)) {
      continue;
    }
    out[name] = sampleValue(property, defs, depth + 1);
  }
  return out;
}

function sampleString(schema: Schema): string {
  const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  if (format) return format;

  const min = typeof schema.minLength === "number" ? schema.minLength : 1;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Math.max(min, 8);
  return "sample".padEnd(Math.min(Math.max(min, 6), max), "x").slice(0, max);
}

function sampleNumber(schema: Schema, integer: boolean): number {
  let value = typeof schema.minimum === "number" ? schema.minimum : 1;
  if (typeof schema.exclusiveMinimum === "number") value = schema.exclusiveMinimum + 1;
  if (typeof schema.maximum === "number" && value > schema.maximum) value = schema.maximum;
  return integer ? Math.ceil(value) : value;
}

/**
 * Values a property's schema must refuse, each with what it breaks: the raw
 * material of negative contract cases.
 */

import type { JsonSchema } from "../model/service-model.js";
import { defName } from "../model/schema-walk.js";

type Schema = { [keyword: string]: unknown };

export interface Violation {
  what: string;
  value: unknown;
}

const WRONG_TYPE: Record<string, unknown> = {
  string: 12345,
  integer: "not-a-number",
  number: "not-a-number",
  boolean: "maybe",
  array: "not-an-array",
  object: "not-an-object",
};

const BAD_FORMAT: Record<string, string> = {
  email: "not-an-email",
  uuid: "not-a-uuid",
  "date-time": "yesterday",
  date: "someday",
  uri: "not a uri",
};

type Rule = (schema: Schema) => Violation[];

const RULES: Rule[] = [
  (s) => {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.includes("null") || types.length !== 1) return [];
    const value = WRONG_TYPE[String(types[0])];
    return value === undefined ? [] : [{ what: `of the wrong type`, value }];
  },
  (s) => (typeof s.minLength === "number" && s.minLength > 0
    ? [{ what: `shorter than ${s.minLength}`, value: "a".repeat(s.minLength - 1) }] : []),
  (s) => (typeof s.maxLength === "number"
    ? [{ what: `longer than ${s.maxLength}`, value: "a".repeat(s.maxLength + 1) }] : []),
  (s) => (typeof s.minimum === "number"
    ? [{ what: `below ${s.minimum}`, value: s.minimum - 1 }] : []),
  (s) => (typeof s.exclusiveMinimum === "number"
    ? [{ what: `not above ${s.exclusiveMinimum}`, value: s.exclusiveMinimum }] : []),
  (s) => (typeof s.maximum === "number"
    ? [{ what: `above ${s.maximum}`, value: s.maximum + 1 }] : []),
  (s) => (typeof s.exclusiveMaximum === "number"
    ? [{ what: `not below ${s.exclusiveMaximum}`, value: s.exclusiveMaximum }] : []),
  (s) => (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string")
    ? [{ what: "outside its enum", value: "not-one-of-the-values" }] : []),
  (s) => (typeof s.format === "string" && BAD_FORMAT[s.format]
    ? [{ what: `not a valid ${s.format}`, value: BAD_FORMAT[s.format] }] : []),
  (s) => patternViolation(s),
  (s) => (typeof s.maxItems === "number" && isArraySchema(s)
    ? [{ what: `with more than ${s.maxItems} items`,
      value: Array.from({ length: s.maxItems + 1 }, () => "x") }] : []),
];

export function violations(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>) {
  const resolved = resolve(schema, defs);
  if (typeof resolved !== "object") return [];
  return RULES.flatMap((rule) => rule(resolved));
}

function patternViolation(schema: Schema): Violation[] {
  if (typeof schema.pattern !== "string") return [];
  let pattern: RegExp;
  try {
    pattern = new RegExp(schema.pattern);
  } catch {
    return [];
  }
  const value = ["!", " ", "\u0000", "~~~~"].find((candidate) => !pattern.test(candidate));
  return value === undefined ? [] : [{ what: `not matching ${schema.pattern}`, value }];
}

function isArraySchema(schema: Schema): boolean {
  return schema.type === "array" || schema.items !== undefined;
}

export function resolve(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>) {
  let current = schema;
  for (let depth = 0; depth < 8 && typeof current === "object" && current.$ref; depth += 1) {
    current = defs[defName(String(current.$ref))];
  }
  return current;
}

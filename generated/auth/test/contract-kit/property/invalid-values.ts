// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Values a schema rejects, each tagged with the keyword it breaks and where.
 * Most start from a valid value and break one thing in it, so a service is
 * tested on the rule itself rather than on a value wrong everywhere at once.
 */

import * as fc from "fast-check";

import {
  boundedFilter,
  oneOfArbitraries,
  UnsatisfiableSchemaError,
} from "./arbitrary-tools.js";
import type { ValueGenerator } from "./generator.js";
import { isStringFormat, plainString } from "./scalar-arbitraries.js";
import { ROOT_CONTEXT, type Context, type Variant } from "./schema-graph.js";
import {
  hasType,
  isSchemaObject,
  jsonType,
  stableKey,
  typesOf,
  viewOf,
  type JsonSchema,
  type SchemaObject,
} from "./schema-tools.js";

export type InvalidKeyword =
  | "type" | "enum" | "const" | "minimum" | "maximum" | "exclusiveMinimum"
  | "exclusiveMaximum" | "multipleOf" | "minLength" | "maxLength" | "pattern" | "format"
  | "minItems" | "maxItems" | "uniqueItems" | "required" | "additionalProperties"
  | "forbidden";

export interface InvalidValue {
  value: unknown;
  /** The keyword the value breaks; "forbidden" is a `false` schema, e.g. readOnly on requests. */
  breaks: InvalidKeyword;
  /** JSON pointer to the part of the value that breaks it; "" is the value itself. */
  at: string;
  description: string;
}

type Case = fc.Arbitrary<InvalidValue>;

/** How deep into properties and items a broken value is placed. */
const MAX_NESTING = 2;
const MAX_NAMED = 8;
const VARIANTS_TRIED = 3;
const WRONG_TYPES: unknown[] = [null, true, 7, 2.5, "text", [1], { unexpected: 1 }];

export class InvalidValues {
  constructor(private readonly generator: ValueGenerator) {}

  /** Undefined when the schema accepts every value, or none can be broken here. */
  for(schema: JsonSchema): fc.Arbitrary<InvalidValue> | undefined {
    const viewed = viewOf(schema, this.generator.settings.view);
    const invalid = (c: InvalidValue) => !this.generator.validator.valid(schema, c.value);
    const usable = this.cases(viewed, ROOT_CONTEXT, "", 0)
      .filter((c) => sometimesInvalid(c, invalid));
    if (usable.length === 0) return undefined;

    return boundedFilter(oneOfArbitraries(usable, "the schema"), invalid, "an invalid value");
  }

  private cases(schema: JsonSchema, ctx: Context, at: string, depth: number): Case[] {
    const variants = this.generator.graph.expand(schema, ctx).slice(0, VARIANTS_TRIED);
    // A schema no value satisfies is broken by any value.
    if (variants.length === 0) return [forbidden(at)];
    return variants.flatMap((variant) => this.variantCases(variant, at, depth));
  }

  private variantCases(variant: Variant, at: string, depth: number): Case[] {
    const { schema } = variant;
    const types = typesOf(schema);
    const cases: Case[] = [];

    if (types !== undefined) cases.push(...wrongType(types, at));
    if ("const" in schema) cases.push(notConst(schema.const, at));
    if (Array.isArray(schema.enum)) cases.push(notInEnum(schema.enum, at));

    if (applies(types, "string")) cases.push(...stringCases(schema, at));
    if (applies(types, "integer") || applies(types, "number")) {
      cases.push(...numberCases(schema, at, !applies(types, "number")));
    }
    if (applies(types, "array")) cases.push(...attempt(() => this.arrayCases(variant, at, depth)));
    if (applies(types, "object")) {
      cases.push(...attempt(() => this.objectCases(variant, at, depth)));
    }
    return cases;
  }

  private arrayCases(variant: Variant, at: string, depth: number): Case[] {
    const { schema } = variant;
    const arrays = this.validAs(variant, "array") as fc.Arbitrary<unknown[]>;
    const items = schema.items as JsonSchema | undefined;
    const item = isSchemaObject(items) ? this.generator.child(items, variant.ctx) : fc.constant(0);
    const cases: Case[] = [];

    if (typeof schema.minItems === "number" && schema.minItems > 0) {
      const min = schema.minItems;
      cases.push(arrays.map((a) => tag(a.slice(0, min - 1), "minItems", at,
        `fewer than ${min} items`)));
    }
    if (typeof schema.maxItems === "number") {
      const length = schema.maxItems + 1;
      cases.push(fc.tuple(arrays, item).map(([a, x]) => tag(padded(a, x, length), "maxItems", at,
        `more than ${schema.maxItems} items`)));
    }
    if (schema.uniqueItems === true) {
      const some = boundedFilter(arrays, (a) => a.length > 0, "a non-empty array");
      cases.push(some.map((a) => tag([...a, a[0]], "uniqueItems", at, "a repeated item")));
    }
    if (isSchemaObject(items) && !Array.isArray(schema.prefixItems) && depth < MAX_NESTING) {
      cases.push(...this.nestedItem(arrays, items, variant.ctx, at, depth));
    }
    return cases;
  }

  private nestedItem(
    arrays: fc.Arbitrary<unknown[]>,
    items: JsonSchema,
    ctx: Context,
    at: string,
    depth: number,
  ): Case[] {
    const inner = this.cases(items, this.generator.graph.descend(ctx), "", depth + 1);
    if (inner.length === 0) return [];

    return [fc.tuple(arrays, fc.oneof(...inner)).map(([a, bad]) => ({
      ...bad,
      value: [bad.value, ...a.slice(1)],
      at: `${at}/0${bad.at}`,
    }))];
  }

  private objectCases(variant: Variant, at: string, depth: number): Case[] {
    const { schema } = variant;
    const objects = this.validAs(variant, "object") as fc.Arbitrary<Record<string, unknown>>;
    const properties = isSchemaObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    const cases: Case[] = [];

    for (const name of required.slice(0, MAX_NAMED)) {
      cases.push(objects.map((o) => tag(without(o, name), "required", pointer(at, name),
        `required property "${name}" left out`)));
    }
    if (schema.additionalProperties === false) {
      const name = unknownName(schema);
      cases.push(objects.map((o) => tag({ ...o, [name]: "unexpected" }, "additionalProperties",
        pointer(at, name), `undeclared property "${name}"`)));
    }

    const named = Object.entries(properties).slice(0, MAX_NAMED) as [string, JsonSchema][];
    for (const [name, property] of named) {
      if (property === false) cases.push(sentAnyway(objects, name, at));
      else if (depth < MAX_NESTING) {
        cases.push(...this.nestedProperty(objects, name, property, variant.ctx, at, depth));
      }
    }
    return cases;
  }

  private nestedProperty(
    objects: fc.Arbitrary<Record<string, unknown>>,
    name: string,
    property: JsonSchema,
    ctx: Context,
    at: string,
    depth: number,
  ): Case[] {
    const inner = this.cases(property, this.generator.graph.descend(ctx), "", depth + 1);
    if (inner.length === 0) return [];

    return [fc.tuple(objects, fc.oneof(...inner)).map(([o, bad]) => ({
      ...bad,
      value: { ...o, [name]: bad.value },
      at: pointer(at, name) + bad.at,
    }))];
  }

  /** Valid values of one type of the variant, to break one thing in. */
  private validAs(variant: Variant, type: string): fc.Arbitrary<unknown> {
    return this.generator.variant({ ...variant, schema: { ...variant.schema, type } });
  }
}

/** Breaking a value needs a valid one first; a schema that has none yields no case. */
function attempt(build: () => Case[]): Case[] {
  try {
    return build();
  } catch (error) {
    if (error instanceof UnsatisfiableSchemaError) return [];
    throw error;
  }
}

function applies(types: string[] | undefined, type: string): boolean {
  return types === undefined || types.includes(type);
}

function tag(value: unknown, breaks: InvalidKeyword, at: string, description: string) {
  return { value, breaks, at, description };
}

function forbidden(at: string): Case {
  return fc.constantFrom<unknown>("text", 1, null)
    .map((value) => tag(value, "forbidden", at, "a value where none is allowed"));
}

function wrongType(types: string[], at: string): Case[] {
  const wrong = WRONG_TYPES.filter((value) => !hasType(value, types));
  if (wrong.length === 0) return [];

  return [fc.constantFrom(...wrong).map((value) => tag(value, "type", at,
    `${jsonType(value)} where ${types.join(" or ")} is expected`))];
}

function notConst(value: unknown, at: string): Case {
  const other = typeof value === "string" ? `${value}-other` : typeof value === "number"
    ? value + 1
    : "other";
  return fc.constant(tag(other, "const", at, `not the constant ${JSON.stringify(value)}`));
}

function notInEnum(values: unknown[], at: string): Case {
  const known = new Set(values.map(stableKey));
  const outside = (value: unknown) => !known.has(stableKey(value));
  const candidates = values.some((v) => typeof v === "number")
    ? fc.integer({ min: -1000, max: 1000 })
    : plainString(0, 12, "ascii");

  return boundedFilter<unknown>(candidates, outside, "a value outside the enum")
    .map((value) => tag(value, "enum", at, "a value outside the enum"));
}

function stringCases(schema: SchemaObject, at: string): Case[] {
  const cases: Case[] = [];
  const { minLength, maxLength, pattern, format } = schema;

  if (typeof minLength === "number" && minLength > 0) {
    cases.push(plainString(0, minLength - 1, "ascii")
      .map((s) => tag(s, "minLength", at, `shorter than ${minLength} characters`)));
  }
  if (typeof maxLength === "number") {
    cases.push(plainString(maxLength + 1, maxLength + 8, "ascii")
      .map((s) => tag(s, "maxLength", at, `longer than ${maxLength} characters`)));
  }
  if (typeof pattern === "string") {
    const regex = new RegExp(pattern);
    cases.push(boundedFilter(plainString(0, 12, "ascii"), (s) => !regex.test(s), "a mismatch")
      .map((s) => tag(s, "pattern", at, `not matching /${pattern}/`)));
  }
  if (isStringFormat(format)) {
    cases.push(fc.constantFrom("not-a-valid-value", "%%", " ")
      .map((s) => tag(s, "format", at, `not a valid ${String(format)}`)));
  }
  return cases;
}

function numberCases(schema: SchemaObject, at: string, integral: boolean): Case[] {
  const cases: Case[] = [];
  const below = (bound: number, inclusive: boolean) =>
    fc.nat(100).map((d) => step(bound, inclusive ? -1 - d : -d, integral, Math.floor));
  const above = (bound: number, inclusive: boolean) =>
    fc.nat(100).map((d) => step(bound, inclusive ? 1 + d : d, integral, Math.ceil));
  const add = (values: fc.Arbitrary<number>, breaks: InvalidKeyword, description: string) =>
    cases.push(values.map((v) => tag(v, breaks, at, description)));

  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  if (typeof minimum === "number") add(below(minimum, true), "minimum", `below ${minimum}`);
  if (typeof exclusiveMinimum === "number") {
    add(below(exclusiveMinimum, false), "exclusiveMinimum", `not above ${exclusiveMinimum}`);
  }
  if (typeof maximum === "number") add(above(maximum, true), "maximum", `above ${maximum}`);
  if (typeof exclusiveMaximum === "number") {
    add(above(exclusiveMaximum, false), "exclusiveMaximum", `not below ${exclusiveMaximum}`);
  }
  if (typeof multipleOf === "number") {
    const off = Number.isInteger(multipleOf) && multipleOf > 1 ? 1 : multipleOf / 2;
    add(fc.integer({ min: -50, max: 50 }).map((k) => k * multipleOf + off), "multipleOf",
      `not a multiple of ${multipleOf}`);
  }
  return cases;
}

/** bound + offset, kept integral for integer schemas and apart from bound despite rounding. */
function step(bound: number, offset: number, integral: boolean, round: (n: number) => number) {
  const unit = Math.max(1, Math.abs(bound) * 1e-12);
  const value = bound + offset * unit;
  return integral ? round(value) : value;
}

function sentAnyway(objects: fc.Arbitrary<Record<string, unknown>>, name: string, at: string) {
  return objects.map((o) => tag({ ...o, [name]: "sent anyway" }, "forbidden", pointer(at, name),
    `property "${name}" is not allowed here (readOnly on requests)`));
}

function padded(values: unknown[], filler: unknown, length: number): unknown[] {
  return [...values, ...Array.from({ length: Math.max(0, length - values.length) }, () => filler)];
}

function without(object: Record<string, unknown>, name: string): Record<string, unknown> {
  const copy = { ...object };
  delete copy[name];
  return copy;
}

function unknownName(schema: SchemaObject): string {
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  const patterns = isSchemaObject(schema.patternProperties)
    ? Object.keys(schema.patternProperties).map((p) => new RegExp(p))
    : [];
  const free = (name: string) =>
    !Object.hasOwn(properties, name) && !patterns.some((pattern) => pattern.test(name));

  const names = Array.from({ length: 20 }, (_, i) => (i === 0 ? "unexpected" : `unexpected${i}`));
  return names.find(free) ?? "unexpected";
}

function pointer(at: string, name: string): string {
  return `${at}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** A case worth keeping breaks the schema at least once in a few fixed tries. */
function sometimesInvalid(c: Case, invalid: (value: InvalidValue) => boolean): boolean {
  try {
    return fc.sample(c, { numRuns: 8, seed: 1 }).some(invalid);
  } catch {
    return false;
  }
}

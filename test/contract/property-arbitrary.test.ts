import { createRequire } from "node:module";

import type { Ajv2020 as Ajv2020Type } from "ajv/dist/2020.js";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  arbitraryFor,
  arbitraryInvalid,
  UnsatisfiableSchemaError,
  type InvalidKeyword,
  type JsonSchema,
} from "../../contract/property/arbitrary.js";
import { viewDefs, viewOf } from "../../contract/property/schema-tools.js";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as typeof Ajv2020Type;
const addFormats = require("ajv-formats").default as (ajv: Ajv2020Type) => void;

/** Named schemas as the compiler emits them: references as `#/$defs/<name>`. */
const DEFS: Record<string, JsonSchema> = {
  Tree: {
    type: "object",
    required: ["label"],
    properties: {
      label: { type: "string", maxLength: 8 },
      children: { type: "array", items: { $ref: "#/$defs/Tree" } },
    },
    additionalProperties: false,
  },
  List: {
    type: "object",
    required: ["value", "next"],
    properties: {
      value: { type: "integer" },
      next: { anyOf: [{ $ref: "#/$defs/List" }, { type: "null" }] },
    },
  },
  Expr: { oneOf: [{ $ref: "#/$defs/Num" }, { $ref: "#/$defs/Add" }] },
  Num: {
    type: "object",
    required: ["num"],
    properties: { num: { type: "number" } },
    additionalProperties: false,
  },
  Add: {
    type: "object",
    required: ["left", "right"],
    properties: { left: { $ref: "#/$defs/Expr" }, right: { $ref: "#/$defs/Expr" } },
    additionalProperties: false,
  },
  Pet: {
    type: "object",
    required: ["petType"],
    properties: { petType: { enum: ["cat", "dog"] }, name: { type: "string" } },
    allOf: [
      {
        if: { properties: { petType: { const: "cat" } }, required: ["petType"] },
        then: { $ref: "#/$defs/Cat" },
      },
      {
        if: { properties: { petType: { const: "dog" } }, required: ["petType"] },
        then: { $ref: "#/$defs/Dog" },
      },
    ],
  },
  Cat: {
    type: "object",
    required: ["petType", "lives"],
    properties: {
      petType: { type: "string" },
      name: { type: "string" },
      lives: { type: "integer", minimum: 1, maximum: 9 },
    },
    additionalProperties: false,
  },
  Dog: {
    type: "object",
    required: ["petType", "bark"],
    properties: {
      petType: { type: "string" },
      name: { type: "string" },
      bark: { enum: ["woof", "yap"] },
    },
    additionalProperties: false,
  },
  Entity: {
    type: "object",
    required: ["id", "createdAt"],
    properties: {
      id: { type: "string", format: "uuid", readOnly: true },
      createdAt: { type: "string", format: "date-time", readOnly: true },
      secret: { type: "string", writeOnly: true },
    },
  },
  Named: {
    type: "object",
    required: ["name"],
    properties: { name: { type: "string", minLength: 1, maxLength: 20 } },
  },
};

interface Case {
  name: string;
  schema: JsonSchema;
  /** Something every sample, or some sample, must show beyond validity. */
  every?: (value: unknown) => boolean;
  some?: (value: unknown) => boolean;
}

const CASES: Case[] = [
  { name: "bounded string", schema: { type: "string", minLength: 3, maxLength: 5 } },
  {
    name: "integer with exclusive bounds",
    schema: { type: "integer", exclusiveMinimum: 10, exclusiveMaximum: 20 },
    every: (v) => (v as number) > 10 && (v as number) < 20,
  },
  { name: "number with exclusive bounds", schema: { type: "number", exclusiveMinimum: 0,
    maximum: 1 } },
  { name: "integer multipleOf", schema: { type: "integer", multipleOf: 5, minimum: -100 } },
  { name: "fractional multipleOf", schema: { type: "number", multipleOf: 0.25, maximum: 10 } },
  { name: "decimal multipleOf", schema: { type: "number", multipleOf: 0.1 } },
  { name: "huge integer bounds", schema: { type: "integer", minimum: 2 ** 40 } },
  { name: "boolean", schema: { type: "boolean" } },
  { name: "enum", schema: { enum: ["red", "green", 3, null] } },
  { name: "const", schema: { const: { fixed: [1, 2] } } },
  {
    name: "nullable type array",
    schema: { type: ["string", "null"], maxLength: 2 },
    some: (v) => v === null,
  },
  {
    name: "nullable enum",
    schema: { type: ["string", "null"], enum: ["a", "b", null] },
    some: (v) => v === null,
  },
  { name: "nullable reference", schema: { anyOf: [{ $ref: "#/$defs/Named" }, { type: "null" }] } },
  { name: "email", schema: { type: "string", format: "email" } },
  { name: "uuid", schema: { type: "string", format: "uuid" } },
  { name: "date-time", schema: { type: "string", format: "date-time" } },
  { name: "date", schema: { type: "string", format: "date" } },
  { name: "time", schema: { type: "string", format: "time" } },
  { name: "uri", schema: { type: "string", format: "uri" } },
  { name: "hostname, ipv4, ipv6", schema: { anyOf: [
    { type: "string", format: "hostname" },
    { type: "string", format: "ipv4" },
    { type: "string", format: "ipv6" },
  ] } },
  { name: "byte and duration", schema: { type: "array", prefixItems: [
    { type: "string", format: "byte" },
    { type: "string", format: "duration" },
  ], minItems: 2 } },
  { name: "int32", schema: { type: "integer", format: "int32" } },
  { name: "int64", schema: { type: "integer", format: "int64" } },
  { name: "number int32", schema: { type: "number", format: "int32" } },
  { name: "password", schema: { type: "string", format: "password", minLength: 8 } },
  { name: "unknown format", schema: { type: "string", format: "iso-4217-code" } },
  { name: "anchored pattern", schema: { type: "string", pattern: "^[A-Z]{3}-\\d{2,4}$" } },
  { name: "unanchored pattern", schema: { type: "string", pattern: "ab+c" } },
  {
    name: "pattern with length bounds",
    schema: { type: "string", pattern: "^[a-z]+$", minLength: 4, maxLength: 6 },
  },
  { name: "pattern and format", schema: { type: "string", format: "email",
    pattern: "@example\\.com$" } },
  {
    name: "array bounds",
    schema: { type: "array", items: { type: "integer" }, minItems: 2, maxItems: 3 },
  },
  {
    name: "unique items",
    schema: { type: "array", items: { enum: [1, 2, 3, 4] }, uniqueItems: true, minItems: 3 },
  },
  { name: "unique objects", schema: { type: "array", uniqueItems: true, minItems: 2,
    items: { type: "object", properties: { a: { type: "boolean" } }, required: ["a"] } } },
  {
    name: "tuple",
    schema: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }],
      items: false },
  },
  {
    name: "closed object",
    schema: { type: "object", required: ["a"], additionalProperties: false,
      properties: { a: { type: "integer" }, b: { type: "string" } } },
  },
  {
    name: "map",
    schema: { type: "object", additionalProperties: { type: "integer", minimum: 0 } },
    some: (v) => Object.keys(v as object).length > 0,
  },
  { name: "required without properties", schema: { type: "object", required: ["x"] } },
  {
    name: "allOf of objects",
    schema: { allOf: [{ $ref: "#/$defs/Named" }, { type: "object", required: ["age"],
      properties: { age: { type: "integer", minimum: 0 } } }] },
  },
  {
    name: "allOf with a closed member",
    schema: { allOf: [
      { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
      { type: "object", properties: { b: { type: "string" } } },
    ] },
    every: (v) => !("b" in (v as object)),
  },
  {
    name: "allOf of numbers",
    schema: { allOf: [{ type: "integer", minimum: 5 }, { maximum: 40 }, { multipleOf: 3 }] },
  },
  {
    name: "allOf of two patterns",
    schema: { allOf: [{ type: "string", pattern: "^[a-c]+$" }, { pattern: "b" }] },
  },
  { name: "oneOf", schema: { oneOf: [{ type: "string" }, { type: "integer" }] } },
  {
    name: "overlapping oneOf",
    schema: { oneOf: [{ type: "integer" }, { type: "number", minimum: 100 }] },
  },
  { name: "anyOf of objects", schema: { anyOf: [
    { type: "object", required: ["a"], properties: { a: { type: "integer" } } },
    { type: "object", required: ["b"], properties: { b: { type: "boolean" } } },
  ] } },
  {
    name: "discriminator",
    schema: { $ref: "#/$defs/Pet" },
    some: (v) => (v as { petType: string }).petType === "dog",
  },
  {
    name: "discriminator in an array",
    schema: { type: "array", items: { $ref: "#/$defs/Pet" }, minItems: 1 },
    some: (v) => (v as Array<{ petType: string }>).some((pet) => pet.petType === "cat"),
  },
  {
    name: "recursive tree",
    schema: { $ref: "#/$defs/Tree" },
    some: (v) => depth(v, "children") >= 2,
  },
  {
    name: "recursive list with a required link",
    schema: { $ref: "#/$defs/List" },
    some: (v) => (v as { next: unknown }).next !== null,
  },
  { name: "mutually recursive expression", schema: { $ref: "#/$defs/Expr" } },
  {
    name: "readOnly left out of requests",
    schema: { $ref: "#/$defs/Entity" },
    every: (v) => !("id" in (v as object)) && !("createdAt" in (v as object)),
  },
  { name: "true schema", schema: true },
  { name: "empty schema", schema: {} },
  {
    name: "false property",
    schema: { type: "object", properties: { gone: false, kept: { type: "string" } } },
    every: (v) => !("gone" in (v as object)),
  },
  { name: "not", schema: { type: "string", not: { enum: ["", "a"] }, maxLength: 1 } },
  { name: "untyped bounds", schema: { minimum: 3, maxLength: 2 } },
  {
    name: "generic if/then",
    schema: { type: "object", properties: { kind: { type: "string" } },
      if: { properties: { kind: { const: "x" } }, required: ["kind"] },
      then: { required: ["x"] } },
  },
  {
    name: "dependentRequired",
    schema: { type: "object", properties: { a: { type: "string" }, b: { type: "string" } },
      dependentRequired: { a: ["b"] } },
  },
];

/** An ajv of its own, so the generator's validator is not trusted to judge itself. */
function validatorFor(schema: JsonSchema) {
  const ajv = new Ajv2020({ strict: false, allowUnionTypes: true, unicodeRegExp: false,
    logger: false });
  addFormats(ajv);
  const defs = viewDefs(DEFS, "request");
  return ajv.compile({ $defs: defs, allOf: [viewOf(schema, "request")] });
}

function depth(value: unknown, key: string): number {
  const children = (value as Record<string, unknown[] | undefined>)[key] ?? [];
  return 1 + Math.max(0, ...children.map((child) => depth(child, key)));
}

describe("arbitraryFor", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("generates valid values: %s", (_n, c) => {
    const validate = validatorFor(c.schema);
    const samples = fc.sample(arbitraryFor(c.schema, DEFS), { numRuns: 150, seed: 11 });

    for (const value of samples) {
      expect(validate(value), `${JSON.stringify(value)}: ${JSON.stringify(validate.errors)}`)
        .toBe(true);
    }
    if (c.every) expect(samples.every(c.every)).toBe(true);
    if (c.some) expect(samples.some(c.some)).toBe(true);
  });

  it("keeps each value valid while fast-check shrinks it", () => {
    const validate = validatorFor({ $ref: "#/$defs/Pet" });
    const shrunk: unknown[] = [];

    const details = fc.check(fc.property(arbitraryFor({ $ref: "#/$defs/Pet" }, DEFS), (pet) => {
      shrunk.push(pet);
      return (pet as { petType: string }).petType !== "dog";
    }), { seed: 5 });

    expect(details.failed).toBe(true);
    expect(shrunk.every((value) => validate(value))).toBe(true);
  });

  it("stops recursion at the depth limit", () => {
    const samples = fc.sample(arbitraryFor({ $ref: "#/$defs/Tree" }, DEFS, { maxDepth: 1 }),
      { numRuns: 200, seed: 2 });

    expect(Math.max(...samples.map((tree) => depth(tree, "children")))).toBeLessThanOrEqual(2);
  });

  it("includes writeOnly and leaves out readOnly on the response side, as asked", () => {
    const samples = fc.sample(arbitraryFor({ $ref: "#/$defs/Entity" }, DEFS,
      { view: "response" }), { numRuns: 50, seed: 3 });

    expect(samples.every((v) => "id" in (v as object) && !("secret" in (v as object))))
      .toBe(true);
  });

  it("is deterministic for a seed", () => {
    const arbitrary = () => arbitraryFor({ type: "array", items: { $ref: "#/$defs/Pet" } }, DEFS);
    const first = fc.sample(arbitrary(), { numRuns: 20, seed: 99 });

    expect(fc.sample(arbitrary(), { numRuns: 20, seed: 99 })).toEqual(first);
  });

  it("reports a schema that admits no value", () => {
    expect(() => arbitraryFor(false)).toThrow(UnsatisfiableSchemaError);
    expect(() => arbitraryFor({ type: "integer", minimum: 5, maximum: 4 }))
      .toThrow(UnsatisfiableSchemaError);
    expect(() => arbitraryFor({ allOf: [{ type: "string" }, { type: "integer" }] }))
      .toThrow(UnsatisfiableSchemaError);
    expect(() => fc.sample(arbitraryFor({ type: "string", pattern: "^a", not: {} }), 1))
      .toThrow(UnsatisfiableSchemaError);
  });
});

interface InvalidCase {
  name: string;
  schema: JsonSchema;
  /** Keywords some invalid value must be tagged with. */
  breaks: InvalidKeyword[];
}

const INVALID_CASES: InvalidCase[] = [
  { name: "string bounds", schema: { type: "string", minLength: 2, maxLength: 4 },
    breaks: ["type", "minLength", "maxLength"] },
  { name: "pattern", schema: { type: "string", pattern: "^\\d+$" }, breaks: ["pattern"] },
  { name: "format", schema: { type: "string", format: "date" }, breaks: ["format"] },
  { name: "integer bounds", schema: { type: "integer", minimum: 1, exclusiveMaximum: 10,
    multipleOf: 3 }, breaks: ["type", "minimum", "exclusiveMaximum", "multipleOf"] },
  { name: "enum", schema: { enum: ["a", "b"] }, breaks: ["enum"] },
  { name: "const", schema: { const: 3 }, breaks: ["const"] },
  { name: "array", schema: { type: "array", items: { type: "integer" }, minItems: 1,
    maxItems: 2, uniqueItems: true }, breaks: ["minItems", "maxItems", "uniqueItems", "type"] },
  { name: "closed object", schema: { type: "object", required: ["name"],
    properties: { name: { type: "string", minLength: 1, maxLength: 20 } },
    additionalProperties: false },
  breaks: ["required", "additionalProperties", "minLength", "maxLength"] },
  { name: "unsatisfiable", schema: { $ref: "#/$defs/Named", additionalProperties: false },
    breaks: ["forbidden"] },
  { name: "discriminator", schema: { $ref: "#/$defs/Pet" },
    breaks: ["required", "additionalProperties", "maximum", "enum"] },
  { name: "readOnly sent in a request", schema: { $ref: "#/$defs/Entity" },
    breaks: ["forbidden"] },
  { name: "recursive", schema: { $ref: "#/$defs/Tree" }, breaks: ["maxLength", "type"] },
  { name: "nullable", schema: { type: ["integer", "null"], maximum: 3 },
    breaks: ["type", "maximum"] },
];

describe("arbitraryInvalid", () => {
  it.each(INVALID_CASES.map((c) => [c.name, c] as const))("breaks the schema: %s", (_n, c) => {
    const validate = validatorFor(c.schema);
    const samples = fc.sample(arbitraryInvalid(c.schema, DEFS)!, { numRuns: 300, seed: 4 });

    for (const sample of samples) {
      expect(validate(sample.value), JSON.stringify(sample)).toBe(false);
    }
    const tags = new Set(samples.map((sample) => sample.breaks));
    for (const keyword of c.breaks) expect(tags, keyword).toContain(keyword);
  });

  it("points at the part that breaks the schema", () => {
    const samples = fc.sample(arbitraryInvalid({ $ref: "#/$defs/Pet" }, DEFS)!,
      { numRuns: 300, seed: 8 });

    const lives = samples.find((s) => s.breaks === "maximum");
    expect(lives?.at).toBe("/lives");
    expect((lives?.value as { lives: number }).lives).toBeGreaterThan(9);
  });

  it("has nothing to offer for a schema that accepts everything", () => {
    expect(arbitraryInvalid(true)).toBeUndefined();
    expect(arbitraryInvalid({})).toBeUndefined();
  });
});

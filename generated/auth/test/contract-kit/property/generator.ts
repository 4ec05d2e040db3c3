// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Builds fast-check arbitraries of valid values for schemas that share one
 * `$defs` map. A generator holds the ajv instance and the schema graph, so
 * building arbitraries for many schemas of one service compiles once.
 */

import * as fc from "fast-check";

import {
  boundedFilter,
  lazyArbitrary,
  oneOfArbitraries,
  UnsatisfiableSchemaError,
} from "./arbitrary-tools.js";
import {
  integerArbitrary,
  isStringFormat,
  numberArbitrary,
  plainString,
  stringArbitrary,
  type StringUnit,
} from "./scalar-arbitraries.js";
import { ROOT_CONTEXT, SchemaGraph, type Context, type Variant } from "./schema-graph.js";
import {
  hasType,
  isSchemaObject,
  stableKey,
  typesOf,
  viewDefs,
  viewOf,
  type JsonSchema,
  type SchemaDefs,
  type SchemaObject,
  type SchemaView,
} from "./schema-tools.js";
import { schemaValidator, type SchemaValidator } from "./schema-validator.js";

export interface ArbitraryOptions {
  /**
   * Whose values: "request" (the default) leaves readOnly properties out,
   * "response" writeOnly ones, "raw" neither.
   */
  view?: SchemaView;
  /** How often a named schema may nest inside itself before recursion is cut off. */
  maxDepth?: number;
  /** How many items beyond minItems an array may have. */
  maxItems?: number;
  /** How many characters beyond minLength a plain string may have. */
  maxStringLength?: number;
  /** How many extra keys an object whose additionalProperties is a schema may have. */
  maxExtraProperties?: number;
  /** "ascii" (the default) keeps strings printable; "unicode" uses any code point. */
  strings?: StringUnit;
}

type Settings = Required<ArbitraryOptions>;

const DEFAULTS: Settings = {
  view: "request",
  maxDepth: 2,
  maxItems: 4,
  maxStringLength: 16,
  maxExtraProperties: 3,
  strings: "ascii",
};

const ALL_TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"];

const TYPE_KEYWORDS: Record<string, string[]> = {
  object: ["properties", "required", "additionalProperties", "patternProperties",
    "minProperties", "maxProperties", "propertyNames", "dependentRequired"],
  array: ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"],
  string: ["minLength", "maxLength", "pattern"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
};

/** Keywords the arbitraries do not build values for; values are filtered by them instead. */
const FILTERED = ["not", "contains", "minContains", "maxContains", "propertyNames",
  "dependentRequired", "dependentSchemas", "minProperties", "maxProperties",
  "unevaluatedProperties", "unevaluatedItems", "patternProperties"];

export class ValueGenerator {
  readonly settings: Settings;
  readonly graph: SchemaGraph;
  readonly validator: SchemaValidator;

  constructor(defs: SchemaDefs = {}, options: ArbitraryOptions = {}) {
    this.settings = { ...DEFAULTS, ...definedOnly(options) };
    this.graph = new SchemaGraph(viewDefs(defs, this.settings.view), this.settings.maxDepth);
    this.validator = schemaValidator(defs, this.settings.view);
  }

  /** Valid values for `schema`; every one passes ajv. */
  valid(schema: JsonSchema): fc.Arbitrary<unknown> {
    const arbitrary = this.arbitrary(viewOf(schema, this.settings.view), ROOT_CONTEXT);
    return boundedFilter(arbitrary, (value) => this.validator.valid(schema, value), "the schema");
  }

  arbitrary(schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
    const variants = this.graph.expand(schema, ctx);
    return oneOfArbitraries(variants.map((variant) => this.variant(variant)), "the schema");
  }

  /** A value nested in the current one, built only when generation reaches it. */
  child(schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
    return lazyArbitrary(() => this.arbitrary(schema, this.graph.descend(ctx)));
  }

  variant({ schema, checks, ctx }: Variant): fc.Arbitrary<unknown> {
    const arbitrary = this.values(schema, ctx);
    const filtered = FILTERED.some((key) => key in schema);
    const all = filtered ? [...checks, schema] : checks;
    if (all.length === 0) return arbitrary;

    const valid = (value: unknown) => all.every((check) => this.validator.valid(check, value));
    return boundedFilter(arbitrary, valid, "a schema with constraints checked after generation");
  }

  private values(schema: SchemaObject, ctx: Context): fc.Arbitrary<unknown> {
    if ("const" in schema) return fc.constant(schema.const);

    const declared = typesOf(schema);
    if (Array.isArray(schema.enum)) return this.enumValues(schema.enum, declared);

    const types = declared ?? inferTypes(schema);
    if (types.length === ALL_TYPES.length && declared === undefined) return this.anyValue();

    const chosen = this.typesToBuild(types, schema, ctx);
    const arbitraries = chosen.map((type) => this.ofType(type, schema, ctx));
    return oneOfArbitraries(arbitraries, `a schema of type ${types.join(" or ")}`);
  }

  private enumValues(values: unknown[], types: string[] | undefined): fc.Arbitrary<unknown> {
    const fitting = types === undefined ? values : values.filter((v) => hasType(v, types));
    if (fitting.length === 0) throw new UnsatisfiableSchemaError("no enum value has the type");
    return fc.constantFrom(...fitting);
  }

  /** At the depth limit a scalar type, null above all, is the way out of recursion. */
  private typesToBuild(types: string[], schema: SchemaObject, ctx: Context): string[] {
    if (!ctx.terminating || !this.graph.mayRecurse(schema, ctx)) return types;

    const scalars = types.filter((type) => type !== "object" && type !== "array");
    return scalars.length > 0 ? scalars : types;
  }

  private ofType(type: string, schema: SchemaObject, ctx: Context): fc.Arbitrary<unknown> {
    switch (type) {
      case "null": return fc.constant(null);
      case "boolean": return fc.boolean();
      case "integer": return this.integer(schema);
      case "number": return this.number(schema);
      case "string": return this.string(schema);
      case "array": return this.array(schema, ctx);
      case "object": return this.object(schema, ctx);
      default: throw new UnsatisfiableSchemaError(`unknown type '${type}'`);
    }
  }

  private integer(schema: SchemaObject): fc.Arbitrary<number> {
    const integers = integerArbitrary(schema);
    const step = schema.multipleOf;
    if (typeof step !== "number" || Number.isInteger(step)) return integers;

    const check = { multipleOf: step };
    return boundedFilter(integers, (v) => this.validator.valid(check, v), `multiples of ${step}`);
  }

  private number(schema: SchemaObject): fc.Arbitrary<number> {
    const numbers = numberArbitrary(schema);
    if (typeof schema.multipleOf !== "number") return numbers;

    const check = { multipleOf: schema.multipleOf };
    return boundedFilter(numbers, (v) => this.validator.valid(check, v), "multiples");
  }

  private string(schema: SchemaObject): fc.Arbitrary<string> {
    const strings = stringArbitrary(schema, {
      unit: this.settings.strings,
      extraLength: this.settings.maxStringLength,
    });
    const exact = !isStringFormat(schema.format) && typeof schema.pattern !== "string";
    if (exact) return strings;

    const check = pick(schema, ["minLength", "maxLength", "pattern", "format"]);
    return boundedFilter(strings, (v) => this.validator.valid(check, v), describe(check));
  }

  private array(schema: SchemaObject, ctx: Context): fc.Arbitrary<unknown[]> {
    const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as JsonSchema[]) : [];
    const items = schema.items as JsonSchema | undefined;
    const { min, max } = this.arrayLengths(schema, prefix, items, ctx);

    const rest = items === undefined ? this.anyScalar() : this.child(items, ctx);
    const unique = schema.uniqueItems === true;
    if (prefix.length === 0) {
      const constraints = { minLength: min, maxLength: max };
      return unique
        ? fc.uniqueArray(rest, { ...constraints, selector: stableKey })
        : fc.array(rest, constraints);
    }

    const tuple = this.prefixed(prefix, rest, min, max, ctx);
    return unique ? boundedFilter(tuple, allDistinct, "an array of distinct items") : tuple;
  }

  private arrayLengths(
    schema: SchemaObject,
    prefix: JsonSchema[],
    items: JsonSchema | undefined,
    ctx: Context,
  ): { min: number; max: number } {
    const min = typeof schema.minItems === "number" ? schema.minItems : 0;
    let max = typeof schema.maxItems === "number" ? schema.maxItems : Infinity;
    if (prefix.includes(false)) max = Math.min(max, prefix.indexOf(false));
    if (items === false) max = Math.min(max, prefix.length);

    const recursive = ctx.terminating && this.graph.mayRecurse({ prefixItems: prefix,
      ...(items === undefined ? {} : { items }) }, ctx);
    max = Math.min(max, recursive ? min : min + this.settings.maxItems);
    if (min > max) throw new UnsatisfiableSchemaError(`no array has ${min} to ${max} items`);
    return { min, max };
  }

  /** The first k prefix items, or all of them followed by items of the rest. */
  private prefixed(
    prefix: JsonSchema[],
    rest: fc.Arbitrary<unknown>,
    min: number,
    max: number,
    ctx: Context,
  ): fc.Arbitrary<unknown[]> {
    const heads = prefix.slice(0, Math.min(prefix.length, max)).map((s) => this.child(s, ctx));
    const p = heads.length;
    const tail = fc.array(rest, {
      minLength: Math.max(0, min - p),
      maxLength: Math.max(0, max - p),
    });
    const count = fc.integer({ min: Math.min(min, p), max: Math.min(max, p) });

    return fc.tuple(fc.tuple(...heads), count, tail)
      .map(([values, k, more]) => (k < p ? values.slice(0, k) : [...values, ...more]));
  }

  private object(schema: SchemaObject, ctx: Context): fc.Arbitrary<Record<string, unknown>> {
    const properties = isSchemaObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const additional = schema.additionalProperties as JsonSchema | undefined;

    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const requiredKeys: string[] = [];
    for (const [name, property] of Object.entries(properties) as [string, JsonSchema][]) {
      if (property === false) continue;
      const needed = required.has(name);
      // Past the depth limit an optional property that may recurse is left out.
      if (!needed && ctx.terminating && this.graph.mayRecurse(property, ctx)) continue;
      model[name] = this.child(property, ctx);
      if (needed) requiredKeys.push(name);
    }

    for (const name of required) {
      if (Object.hasOwn(properties, name)) continue;
      model[name] = isSchemaObject(additional) ? this.child(additional, ctx) : this.anyScalar();
      requiredKeys.push(name);
    }

    const record = fc.record(model, { requiredKeys, noNullPrototype: true });
    const extras = this.extraProperties(schema, properties, required, ctx);
    if (extras === undefined) return record;
    return fc.tuple(record, extras).map(([declared, extra]) => ({ ...extra, ...declared }));
  }

  /** additionalProperties as a schema invites keys of its own; absent or true, none are added. */
  private extraProperties(
    schema: SchemaObject,
    properties: SchemaObject,
    required: Set<string>,
    ctx: Context,
  ): fc.Arbitrary<Record<string, unknown>> | undefined {
    const additional = schema.additionalProperties;
    if (!isSchemaObject(additional)) return undefined;
    if (ctx.terminating && this.graph.mayRecurse(additional, ctx)) return undefined;

    const patterns = isSchemaObject(schema.patternProperties)
      ? Object.keys(schema.patternProperties).map((p) => new RegExp(p))
      : [];
    const free = (key: string) => !Object.hasOwn(properties, key) && !required.has(key) &&
      key !== "__proto__" && !patterns.some((pattern) => pattern.test(key));
    const keys = boundedFilter(plainString(1, 10, "ascii"), free, "an undeclared property name");

    return fc.dictionary(keys, this.child(additional, ctx), {
      maxKeys: this.settings.maxExtraProperties,
      noNullPrototype: true,
    });
  }

  /** Any JSON value, kept small: the schema says nothing about it. */
  anyValue(): fc.Arbitrary<unknown> {
    const scalar = this.anyScalar();
    const key = plainString(1, 8, "ascii").filter((k) => k !== "__proto__");
    return fc.oneof(
      { arbitrary: scalar, weight: 4 },
      { arbitrary: fc.array(scalar, { maxLength: 3 }), weight: 1 },
      { arbitrary: fc.dictionary(key, scalar, { maxKeys: 3, noNullPrototype: true }), weight: 1 },
    );
  }

  private anyScalar(): fc.Arbitrary<unknown> {
    return fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      plainString(0, this.settings.maxStringLength, this.settings.strings),
    );
  }
}

/** The types a schema without `type` constrains, judged by its keywords; all when none. */
function inferTypes(schema: SchemaObject): string[] {
  const types = Object.entries(TYPE_KEYWORDS)
    .filter(([, keywords]) => keywords.some((keyword) => keyword in schema))
    .map(([type]) => type);

  if (schema.format === "int32" || schema.format === "int64") types.push("integer");
  else if (schema.format === "float" || schema.format === "double") types.push("number");
  else if (typeof schema.format === "string" && !types.includes("string")) types.push("string");
  return types.length > 0 ? [...new Set(types)] : ALL_TYPES;
}

function allDistinct(values: unknown[]): boolean {
  return new Set(values.map(stableKey)).size === values.length;
}

function pick(schema: SchemaObject, keys: string[]): SchemaObject {
  return Object.fromEntries(keys.filter((key) => key in schema).map((key) => [key, schema[key]]));
}

function describe(schema: SchemaObject): string {
  return `strings matching ${JSON.stringify(schema)}`;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as
    Partial<T>;
}

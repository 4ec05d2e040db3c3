/**
 * Property-based values for JSON Schema 2020-12 as the compiler emits it:
 * `arbitraryFor` yields values the schema accepts, `arbitraryInvalid`
 * values it rejects, each tagged with the rule it breaks.
 */

import type * as fc from "fast-check";

import { ValueGenerator, type ArbitraryOptions } from "./generator.js";
import { InvalidValues, type InvalidValue } from "./invalid-values.js";
import type { JsonSchema, SchemaDefs } from "./schema-tools.js";

export { UnsatisfiableSchemaError } from "./arbitrary-tools.js";
export type { ArbitraryOptions } from "./generator.js";
export type { InvalidKeyword, InvalidValue } from "./invalid-values.js";
export type { JsonSchema, SchemaDefs, SchemaView } from "./schema-tools.js";

/** Arbitraries for many schemas over one `$defs` map, sharing one compiled ajv. */
export interface SchemaArbitraries {
  valid(schema: JsonSchema): fc.Arbitrary<unknown>;
  /** Undefined when the schema accepts every value. */
  invalid(schema: JsonSchema): fc.Arbitrary<InvalidValue> | undefined;
}

export function schemaArbitraries(
  defs: SchemaDefs = {},
  options: ArbitraryOptions = {},
): SchemaArbitraries {
  const generator = new ValueGenerator(defs, options);
  const invalid = new InvalidValues(generator);
  return {
    valid: (schema) => generator.valid(schema),
    invalid: (schema) => invalid.for(schema),
  };
}

/**
 * Values `schema` accepts, references resolved in `defs`. Throws
 * UnsatisfiableSchemaError when it admits none (at build time, or when
 * generation cannot find one).
 */
export function arbitraryFor(
  schema: JsonSchema,
  defs: SchemaDefs = {},
  options: ArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  return schemaArbitraries(defs, options).valid(schema);
}

/** Values `schema` rejects; undefined when it accepts every value. */
export function arbitraryInvalid(
  schema: JsonSchema,
  defs: SchemaDefs = {},
  options: ArbitraryOptions = {},
): fc.Arbitrary<InvalidValue> | undefined {
  return schemaArbitraries(defs, options).invalid(schema);
}

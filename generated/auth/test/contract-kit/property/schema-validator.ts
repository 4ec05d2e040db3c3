// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Checks values against schemas that refer into a shared `$defs` map, with
 * ajv set up as the compiler sets it up for its validators, so "valid" here
 * means what the generated service means by it.
 */

import { createRequire } from "node:module";

import type { Ajv2020 as Ajv2020Type, ValidateFunction } from "ajv/dist/2020.js";

import {
  mapSubschemas,
  viewDefs,
  viewOf,
  type JsonSchema,
  type SchemaDefs,
  type SchemaView,
} from "./schema-tools.js";

// ajv and ajv-formats are CommonJS; their default exports are reached this way.
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as typeof Ajv2020Type;
const addFormats = require("ajv-formats").default as (ajv: Ajv2020Type) => void;

const DEFS_ID = "urn:spec2svc:property-defs";

export interface SchemaValidator {
  /** Whether `value` is valid against `schema`, seen from this validator's side. */
  valid(schema: JsonSchema, value: unknown): boolean;
  /** ajv's description of what is wrong, or undefined when the value is valid. */
  errors(schema: JsonSchema, value: unknown): string | undefined;
}

/** A validator for schemas whose `#/$defs/<name>` references resolve in `defs`. */
export function schemaValidator(defs: SchemaDefs, view: SchemaView = "raw"): SchemaValidator {
  const ajv = createAjv();
  const shared = rewriteRefs({ $defs: viewDefs(defs, view) }) as Record<string, unknown>;
  ajv.addSchema({ ...shared, $id: DEFS_ID });

  const compiled = new WeakMap<object, ValidateFunction>();
  const acceptAll = ajv.compile(true);
  const rejectAll = ajv.compile(false);
  const compile = (schema: JsonSchema): ValidateFunction => {
    if (typeof schema === "boolean") return schema ? acceptAll : rejectAll;
    const known = compiled.get(schema);
    if (known) return known;

    const validate = ajv.compile({ allOf: [rewriteRefs(viewOf(schema, view))] });
    compiled.set(schema, validate);
    return validate;
  };

  return {
    valid: (schema, value) => compile(schema)(value),
    errors(schema, value) {
      const validate = compile(schema);
      if (validate(value)) return undefined;
      return ajv.errorsText(validate.errors, { dataVar: "value" });
    },
  };
}

function createAjv(): Ajv2020Type {
  const ajv = new Ajv2020({
    allErrors: false,
    allowUnionTypes: true,
    // Unknown formats are accepted as plain values, as the compiler accepts them.
    strict: false,
    validateFormats: true,
    unicodeRegExp: false,
    logger: false,
  });
  addFormats(ajv);
  return ajv;
}

/** Points local `#/$defs/...` references at the shared definitions document. */
function rewriteRefs(schema: JsonSchema): JsonSchema {
  const out = mapSubschemas(schema, rewriteRefs);
  if (typeof out === "object" && typeof out.$ref === "string" && out.$ref.startsWith("#/")) {
    out.$ref = DEFS_ID + out.$ref;
  }
  return out;
}

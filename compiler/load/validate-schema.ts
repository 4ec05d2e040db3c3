import { createRequire } from "node:module";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { Finding } from "./finding.js";
import type { JsonObject } from "./refs.js";
import { summarizeSchemaErrors, type AjvError } from "./schema-errors.js";

type SchemaValidator = (api: unknown) => void;

const require = createRequire(import.meta.url);

/**
 * swagger-parser's own meta-schema check (2.0, 3.0 or 3.1, picked from the document). Its
 * `validate` would dereference first, which multiplies shared schemas; the bundled document
 * is valid input as it is, since the meta-schemas accept `$ref` wherever a Reference Object
 * may stand, so that is tried first.
 */
const validateSchema = require("@apidevtools/swagger-parser/lib/validators/schema.js") as
  SchemaValidator;

/** Errors the bundled meta-schemas report for valid documents. */
const KNOWN_SCHEMA_DEFECTS: Array<(e: AjvError) => boolean> = [
  // The 3.1 schema of 2021-04-15 misspells a server variable's `description`.
  (e) =>
    e.keyword === "unevaluatedProperties" &&
    e.params.unevaluatedProperty === "description" &&
    /\/variables\/[^/]+$/.test(e.instancePath),
];

export async function validateAgainstMetaSchema(document: JsonObject): Promise<Finding[]> {
  if (schemaErrors(document).length === 0) return [];

  // Authors also put `$ref` where the spec wants an inline object (`properties: {$ref}`);
  // tools that dereference accept that, so the verdict is the dereferenced document's.
  const view = await dereferencedCopy(document);
  return summarizeSchemaErrors(schemaErrors(view), view);
}

function schemaErrors(document: unknown): AjvError[] {
  try {
    validateSchema(document);
    return [];
  } catch (error) {
    const details = (error as { details?: AjvError[] }).details;
    if (!Array.isArray(details)) throw error;
    return details.filter((e) => !KNOWN_SCHEMA_DEFECTS.some((defect) => defect(e)));
  }
}

/** Circular references stay `$ref`s, as swagger-parser's `validate` leaves them. */
async function dereferencedCopy(document: JsonObject): Promise<JsonObject> {
  const options = { dereference: { circular: "ignore" }, resolve: { external: false } } as const;
  const copy = structuredClone(document) as never;
  return (await new SwaggerParser().dereference(copy, options as SwaggerParser.Options)) as never;
}

/** Structural traversal of model JSON Schemas, aware of which keywords hold schemas. */

import type { JsonSchema } from "./service-model.js";

export const SINGLE_SCHEMA_KEYWORDS = [
  "items", "additionalProperties", "not", "if", "then", "else", "contains",
  "propertyNames", "unevaluatedProperties", "unevaluatedItems",
];
export const SCHEMA_LIST_KEYWORDS = ["allOf", "oneOf", "anyOf", "prefixItems"];
export const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "dependentSchemas", "$defs"];

type SchemaObject = { [keyword: string]: unknown };

/** Returns a copy of `schema` with `fn` applied to each direct subschema. */
export function mapSubschemas(schema: JsonSchema, fn: (child: JsonSchema) => JsonSchema): JsonSchema {
  if (typeof schema !== "object") return schema;

  const out: SchemaObject = { ...schema };
  for (const key of Object.keys(schema)) {
    const value = schema[key];
    if (SINGLE_SCHEMA_KEYWORDS.includes(key) && isSchema(value)) {
      out[key] = fn(value);
    } else if (SCHEMA_LIST_KEYWORDS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((child) => fn(child as JsonSchema));
    } else if (SCHEMA_MAP_KEYWORDS.includes(key) && isPlainObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, fn(child as JsonSchema)]),
      );
    }
  }
  return out;
}

/** Calls `fn` on the schema and every schema nested in it (not across references). */
export function visitSchemas(schema: JsonSchema, fn: (node: SchemaObject) => void): void {
  if (typeof schema !== "object") return;
  fn(schema);
  mapSubschemas(schema, (child) => {
    visitSchemas(child, fn);
    return child;
  });
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "boolean" || isPlainObject(value);
}

function isPlainObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Names of the schemas in which some node passes `test`, directly or through
 * references to other named schemas. References are `#/$defs/<name>`.
 */
export function schemasReaching(
  schemas: Array<{ name: string; schema: JsonSchema }>,
  test: (node: SchemaObject) => boolean,
): Set<string> {
  const refs = new Map<string, string[]>();
  const result = new Set<string>();

  for (const { name, schema } of schemas) {
    const found: string[] = [];
    visitSchemas(schema, (node) => {
      if (typeof node.$ref === "string") found.push(defName(node.$ref));
      if (test(node)) result.add(name);
    });
    refs.set(name, found);
  }

  for (let changed = true; changed;) {
    changed = false;
    for (const [name, targets] of refs) {
      if (!result.has(name) && targets.some((t) => result.has(t))) {
        result.add(name);
        changed = true;
      }
    }
  }
  return result;
}

/** The schema name in a `#/$defs/<name>` reference. */
export function defName(ref: string): string {
  const token = ref.slice(ref.lastIndexOf("/$defs/") + "/$defs/".length);
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

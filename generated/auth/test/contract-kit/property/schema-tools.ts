// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Structural helpers over the JSON Schema 2020-12 the compiler emits: which
 * keywords hold schemas, how `#/$defs/<name>` references read, and the
 * request and response views of a schema (readOnly and writeOnly).
 */

export type JsonSchema = { [keyword: string]: unknown } | boolean;
export type SchemaObject = { [keyword: string]: unknown };
export type SchemaDefs = Record<string, JsonSchema>;

/** Which side of the exchange: requests may not send readOnly, responses writeOnly. */
export type SchemaView = "request" | "response" | "raw";

const SINGLE = [
  "items", "additionalProperties", "not", "if", "then", "else", "contains",
  "propertyNames", "unevaluatedProperties", "unevaluatedItems",
];
const LISTS = ["allOf", "oneOf", "anyOf", "prefixItems"];
const MAPS = ["properties", "patternProperties", "dependentSchemas", "$defs"];

const DEFS_PREFIX = "#/$defs/";

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "boolean" || isSchemaObject(value);
}

/** Returns a copy of `schema` with `fn` applied to each direct subschema. */
export function mapSubschemas(
  schema: JsonSchema,
  fn: (child: JsonSchema) => JsonSchema,
): JsonSchema {
  if (typeof schema !== "object") return schema;

  const out: SchemaObject = { ...schema };
  for (const key of Object.keys(schema)) {
    const value = schema[key];
    if (SINGLE.includes(key) && isSchema(value)) {
      out[key] = fn(value);
    } else if (LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((child) => fn(child as JsonSchema));
    } else if (MAPS.includes(key) && isSchemaObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, fn(child as JsonSchema)]),
      );
    }
  }
  return out;
}

/** Calls `fn` on every schema object nested in `schema`, not across references. */
export function visitSchemas(schema: JsonSchema, fn: (node: SchemaObject) => void): void {
  if (typeof schema !== "object") return;

  fn(schema);
  mapSubschemas(schema, (child) => {
    visitSchemas(child, fn);
    return child;
  });
}

/** The `$defs` name a reference points to, or undefined for any other reference. */
export function refName(ref: unknown): string | undefined {
  if (typeof ref !== "string" || !ref.startsWith(DEFS_PREFIX)) return undefined;

  const token = ref.slice(DEFS_PREFIX.length);
  return decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
}

export function defsRef(name: string): string {
  return DEFS_PREFIX + name.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Names of the definitions `schema` refers to directly. */
export function refsIn(schema: JsonSchema): Set<string> {
  const names = new Set<string>();
  visitSchemas(schema, (node) => {
    const name = refName(node.$ref);
    if (name !== undefined) names.add(name);
  });
  return names;
}

/**
 * The schema as one side of the exchange sees it. A request may not send a
 * readOnly property and need not send a required one; a response likewise
 * for writeOnly. The compiler's request validators read schemas this way.
 */
export function viewOf(schema: JsonSchema, view: SchemaView): JsonSchema {
  if (view === "raw") return schema;

  const keyword = view === "request" ? "readOnly" : "writeOnly";
  return hideProperties(schema, keyword);
}

export function viewDefs(defs: SchemaDefs, view: SchemaView): SchemaDefs {
  if (view === "raw") return defs;
  return Object.fromEntries(Object.entries(defs).map(([name, s]) => [name, viewOf(s, view)]));
}

function hideProperties(schema: JsonSchema, keyword: string): JsonSchema {
  const out = mapSubschemas(schema, (child) => hideProperties(child, keyword));
  if (typeof out !== "object" || !isSchemaObject(out.properties)) return out;

  const properties = { ...out.properties };
  const hidden = Object.keys(properties).filter((name) => {
    const property = properties[name];
    return isSchemaObject(property) && property[keyword] === true;
  });
  if (hidden.length === 0) return out;

  for (const name of hidden) properties[name] = false;
  out.properties = properties;
  if (Array.isArray(out.required)) {
    out.required = out.required.filter((name) => !hidden.includes(String(name)));
  }
  return out;
}

/** A key equal for deeply equal JSON values, whatever their key order. */
export function stableKey(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isSchemaObject(value)) return value;

  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    Object.defineProperty(sorted, key, { value: sortKeys(value[key]), enumerable: true });
  }
  return sorted;
}

export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Whether `value` has one of `types`; an integer is also a number. */
export function hasType(value: unknown, types: readonly string[]): boolean {
  const type = jsonType(value);
  return types.includes(type) || (type === "integer" && types.includes("number"));
}

export function typesOf(schema: SchemaObject): string[] | undefined {
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  return undefined;
}

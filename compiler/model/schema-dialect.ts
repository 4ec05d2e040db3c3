/**
 * Converts OpenAPI schema objects (the 3.0 dialect and 3.1's JSON Schema
 * 2020-12) into plain JSON Schema 2020-12 that a strict ajv accepts, with
 * every reference rewritten to `#/$defs/<name>`.
 */

import { escapePointerToken, joinPointer } from "../diagnostics.js";
import {
  SCHEMA_LIST_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  SINGLE_SCHEMA_KEYWORDS,
} from "./schema-walk.js";
import type { JsonSchema } from "./service-model.js";

export interface SchemaContext {
  version: "3.0" | "3.1";
  /** Returns the `$defs` key for the schema an internal `$ref` points to. */
  refName(target: string, from: string): string;
  warn(code: string, message: string, pointer: string): void;
  /** The value an internal `$ref` ("#/...") points to; used for non-schema references. */
  resolve?(ref: string): unknown;
  /** Stops the build with a located error. */
  fail(code: string, message: string, pointer: string): never;
  /** Every `format` value met, so unknown ones can be reported once. */
  formats: Set<string>;
}

type SchemaObject = { [keyword: string]: unknown };

const SUBSCHEMA = SINGLE_SCHEMA_KEYWORDS;
const SCHEMA_LISTS = SCHEMA_LIST_KEYWORDS;
const SCHEMA_MAPS = SCHEMA_MAP_KEYWORDS;

/** Keywords passed through unchanged: validation keywords and annotations. */
const PLAIN = new Set([
  "type", "enum", "const", "multipleOf", "maximum", "minimum", "maxLength", "minLength",
  "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
  "maxProperties", "minProperties", "required", "dependentRequired", "title", "description",
  "default", "deprecated", "readOnly", "writeOnly", "examples", "contentEncoding",
  "contentMediaType", "$comment",
]);

/** Keywords whose meaning the emitted validators cannot keep. */
const UNSUPPORTED = new Set(["$dynamicRef", "$dynamicAnchor"]);

/** OpenAPI-only keywords that carry no validation meaning here. */
const IGNORED = new Set([
  "xml", "externalDocs", "$schema", "$id", "$anchor", "discriminator", "$recursiveAnchor",
]);

export function convertSchema(node: unknown, pointer: string, ctx: SchemaContext): JsonSchema {
  if (typeof node === "boolean") return node;
  if (!isObject(node)) {
    ctx.fail("schema-invalid", "a schema must be an object or a boolean", pointer);
  }

  if (typeof node.$ref === "string") return convertReference(node, pointer, ctx);
  if (node.$recursiveRef !== undefined) return convertRecursiveReference(node, pointer, ctx);

  const out: SchemaObject = {};
  for (const key of Object.keys(node).sort()) {
    convertKeyword(key, node[key], node, out, pointer, ctx);
  }

  applyNumericBounds(node, out, ctx);
  applyDiscriminator(node, out, pointer, ctx);
  return applyNullable(node, out, ctx);
}

function convertReference(node: SchemaObject, pointer: string, ctx: SchemaContext): JsonSchema {
  const target = node.$ref as string;
  if (!target.startsWith("#")) {
    ctx.fail("ref-unsupported", `reference '${target}' was not bundled into the document`,
      joinPointer(pointer, "$ref"));
  }

  const ref: SchemaObject = { $ref: `#/$defs/${escapePointerToken(ctx.refName(target, pointer))}` };

  // OpenAPI 3.0 ignores the siblings of $ref, but authors write `nullable`
  // beside it meaning "this or null", so that one intent is honoured.
  if (ctx.version === "3.0") {
    return isNullable(node) ? { anyOf: [ref, { type: "null" }] } : ref;
  }

  const rest: SchemaObject = { ...node };
  delete rest.$ref;
  if (Object.keys(rest).length === 0) return ref;
  const siblings = convertSchema(rest, pointer, ctx);
  return typeof siblings === "object" ? { ...siblings, ...ref } : ref;
}

/**
 * Draft 2019-09's `$recursiveRef: "#"` refers back to the schema that holds the
 * `$recursiveAnchor`. Named schemas here are never extended through dynamic
 * scope, so it means the enclosing component schema itself.
 */
function convertRecursiveReference(node: SchemaObject, pointer: string, ctx: SchemaContext) {
  const root = pointer.match(/^\/components\/schemas\/[^/]+/)?.[0];
  if (node.$recursiveRef !== "#" || root === undefined) {
    ctx.fail("schema-keyword-unsupported", "'$recursiveRef' is supported only as \"#\" " +
      "inside a component schema", joinPointer(pointer, "$recursiveRef"));
  }
  const { $recursiveRef: _recursive, ...rest } = node;
  return convertSchema({ ...rest, $ref: `#${root}` }, pointer, ctx);
}

function convertKeyword(
  key: string,
  value: unknown,
  node: SchemaObject,
  out: SchemaObject,
  pointer: string,
  ctx: SchemaContext,
): void {
  const at = joinPointer(pointer, key);

  if (key.startsWith("x-") || IGNORED.has(key) || key === "nullable") return;
  if (UNSUPPORTED.has(key)) {
    // Known shortcoming: dynamic references resolve against the dynamic scope
    // at validation time; schemas are emitted with static references only.
    ctx.fail("schema-keyword-unsupported", `'${key}' is not supported yet`, at);
  }
  if (key === "example") {
    if (node.examples === undefined) out.examples = [value];
    return;
  }
  if (key === "exclusiveMinimum" || key === "exclusiveMaximum") {
    if (typeof value === "number") out[key] = value;
    return;
  }
  if (key === "format") {
    convertFormat(value, out, ctx);
    return;
  }
  if (key === "pattern") {
    convertPattern(value, out, at, ctx);
    return;
  }
  if (key === "items" && Array.isArray(value)) {
    out.prefixItems = value.map((s, i) => convertSchema(s, joinPointer(at, i), ctx));
    return;
  }
  if (key === "examples" && !Array.isArray(value)) return;
  if (key === "enum" && Array.isArray(value) && value.length === 0) {
    // JSON Schema requires a non-empty enum; an empty one admits no value.
    ctx.warn("schema-enum-empty", "an empty enum accepts no value at all", at);
    out.not = {};
    return;
  }
  if (key === "required" && Array.isArray(value)) {
    out.required = uniqueRequired(value, at, ctx);
    return;
  }
  if (PLAIN.has(key)) {
    out[key] = value;
    return;
  }
  if (SUBSCHEMA.includes(key)) {
    out[key] = convertSchema(value, at, ctx);
    return;
  }
  if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
    out[key] = value.map((s, i) => convertSchema(s, joinPointer(at, i), ctx));
    return;
  }
  if (SCHEMA_MAPS.includes(key) && isObject(value)) {
    out[key] = convertMap(value, at, ctx);
    return;
  }

  ctx.warn("schema-keyword-unknown", `'${key}' is not a JSON Schema keyword; ignored`, at);
}

function convertMap(value: SchemaObject, pointer: string, ctx: SchemaContext): SchemaObject {
  const out: SchemaObject = {};
  const { entries, at } = mapEntries(value, pointer, ctx);
  for (const name of Object.keys(entries).sort()) {
    out[name] = convertSchema(entries[name], joinPointer(at(name), name), ctx);
  }
  return out;
}

/**
 * Some documents write a whole `properties` map as a `$ref` to a shared map.
 * JSON Schema would read `$ref` as a property name; the author meant the map.
 */
function mapEntries(value: SchemaObject, pointer: string, ctx: SchemaContext) {
  if (typeof value.$ref !== "string" || !ctx.resolve) {
    return { entries: value, at: () => pointer };
  }

  const target = ctx.resolve(value.$ref);
  if (!isObject(target)) {
    ctx.fail("ref-invalid", `'${value.$ref}' does not point to a map of schemas`,
      joinPointer(pointer, "$ref"));
  }
  const { $ref: _ref, ...siblings } = value;
  const targetPointer = value.$ref.slice(1);
  return {
    entries: { ...target, ...siblings },
    at: (name: string) => (name in siblings ? pointer : targetPointer),
  };
}

function uniqueRequired(value: unknown[], at: string, ctx: SchemaContext): unknown[] {
  const unique = [...new Set(value)];
  if (unique.length < value.length) {
    ctx.warn("schema-required-duplicate", "'required' lists a property more than once", at);
  }
  return unique;
}

function convertFormat(value: unknown, out: SchemaObject, ctx: SchemaContext): void {
  if (typeof value !== "string") return;
  ctx.formats.add(value);
  out.format = value;
}

function convertPattern(value: unknown, out: SchemaObject, at: string, ctx: SchemaContext): void {
  if (typeof value !== "string") return;

  try {
    new RegExp(value);
    out.pattern = value;
  } catch {
    // ECMAScript cannot express some patterns (PCRE inline flags, for one);
    // validating with a different pattern would reject valid requests.
    ctx.warn("schema-pattern-unsupported", `pattern ${JSON.stringify(value)} is not an ` +
      "ECMAScript regular expression; it is not enforced", at);
  }
}

/** OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum. */
function applyNumericBounds(node: SchemaObject, out: SchemaObject, ctx: SchemaContext): void {
  if (ctx.version !== "3.0") return;

  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]]) {
    if (node[flag as string] === true && typeof node[bound as string] === "number") {
      out[flag as string] = node[bound as string];
      delete out[bound as string];
    }
  }
}

function isNullable(node: SchemaObject): boolean {
  return node.nullable === true || node["x-nullable"] === true;
}

function applyNullable(node: SchemaObject, out: SchemaObject, ctx: SchemaContext): JsonSchema {
  if (!isNullable(node) || ctx.version === "3.1" && node.nullable === undefined) return out;

  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes("null")) out.type = [...out.type, "null"];
    return out;
  }

  // Without a type the schema constrains only through its composition
  // keywords; null has to be let through around them, not inside them.
  const composed = ["allOf", "oneOf", "anyOf", "not", "enum", "const"].some((k) => k in out);
  if (!composed) return out;
  const { title, description, ...rest } = out;
  const wrapped: SchemaObject = { anyOf: [rest, { type: "null" }] };
  if (title !== undefined) wrapped.title = title;
  if (description !== undefined) wrapped.description = description;
  return wrapped;
}

/**
 * A discriminator over oneOf/anyOf becomes an explicit dispatch: the value of
 * the property picks the one branch to validate against, so errors name the
 * fields of that branch instead of every alternative.
 */
function applyDiscriminator(
  node: SchemaObject,
  out: SchemaObject,
  pointer: string,
  ctx: SchemaContext,
): void {
  const discriminator = node.discriminator;
  if (!isObject(discriminator) || typeof discriminator.propertyName !== "string") return;

  const branches = (Array.isArray(node.oneOf) ? node.oneOf : node.anyOf) as unknown[] | undefined;
  if (!Array.isArray(branches)) {
    // Known shortcoming: dispatching from a base schema to the schemas that
    // extend it with allOf needs a second, non-dispatching copy of the base
    // to break the cycle; until then the base schema alone is validated.
    ctx.warn("discriminator-inheritance", "discriminator without oneOf/anyOf is not " +
      "dispatched; values are validated against this schema only",
    joinPointer(pointer, "discriminator"));
    return;
  }

  const mapping = discriminatorMapping(discriminator, branches);
  if (mapping === undefined) return;

  const property = discriminator.propertyName;
  const at = joinPointer(pointer, "discriminator");
  const cases = Object.keys(mapping).sort().map((value) => ({
    if: { properties: { [property]: { const: value } }, required: [property] },
    then: { $ref: `#/$defs/${escapePointerToken(ctx.refName(mapping[value]!, at))}` },
  }));

  delete out.oneOf;
  delete out.anyOf;
  out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), property])];
  out.properties = {
    ...(isObject(out.properties) ? out.properties : {}),
    [property]: { enum: Object.keys(mapping).sort() },
  };
  out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...cases];
}

/**
 * The value-to-schema mapping: the explicit `mapping` plus, for each branch
 * that is a component reference, its component name. Undefined when some
 * branch cannot be reached by a value (an inline branch), in which case the
 * plain oneOf/anyOf is kept.
 */
function discriminatorMapping(
  discriminator: SchemaObject,
  branches: unknown[],
): Record<string, string> | undefined {
  const mapping: Record<string, string> = {};
  const explicit = isObject(discriminator.mapping) ? discriminator.mapping : {};

  for (const [value, target] of Object.entries(explicit)) {
    if (typeof target !== "string") continue;
    mapping[value] = target.startsWith("#") ? target : `#/components/schemas/${target}`;
  }

  const mapped = new Set(Object.values(mapping));
  for (const branch of branches) {
    const ref = isObject(branch) ? branch.$ref : undefined;
    if (typeof ref !== "string") return undefined;
    if (mapped.has(ref)) continue;
    const name = ref.startsWith("#/components/schemas/") ? ref.split("/").pop()! : undefined;
    if (name === undefined) return undefined;
    mapping[decodeURIComponent(name).replace(/~1/g, "/").replace(/~0/g, "~")] = ref;
  }

  return mapping;
}

export function isObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Prints a TypeScript type for a model JSON Schema. It describes the data a
 * validator accepts, seen from one side of the wire: requests omit readOnly
 * properties and responses omit writeOnly ones.
 */

import { defName } from "../model/schema-walk.js";
import type { JsonSchema } from "../model/service-model.js";

export type Direction = "request" | "response";

export interface TypePrinter {
  direction: Direction;
  /** The type expression for a reference to the named schema. */
  reference(name: string, direction: Direction): string;
}

type SchemaObject = { [keyword: string]: unknown };

const PRIMITIVE: Record<string, string> = {
  string: "string",
  number: "number",
  integer: "number",
  boolean: "boolean",
  null: "null",
};

export function schemaToType(schema: JsonSchema | undefined, printer: TypePrinter): string {
  if (schema === undefined || schema === true) return "unknown";
  if (schema === false) return "never";

  const parts: string[] = [];
  if (typeof schema.$ref === "string") parts.push(printer.reference(refName(schema.$ref),
    printer.direction));
  const own = ownType(schema, printer);
  if (own !== undefined) parts.push(own);

  for (const keyword of ["oneOf", "anyOf"]) {
    const list = schema[keyword];
    if (!Array.isArray(list) || list.length === 0) continue;
    const members = list.map((s) => schemaToType(s as JsonSchema, printer));
    parts.push(`(${[...new Set(members)].join(" | ")})`);
  }

  const allOf = Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : [];
  const cases = allOf.filter(isCase);
  const members = allOf.filter((s) => !isCase(s)).map((s) => schemaToType(s, printer));
  parts.push(...members.filter((m) => m !== "unknown"));
  if (cases.length > 0) {
    const thens = cases.map((c) => schemaToType((c as SchemaObject).then as JsonSchema, printer));
    parts.push(`(${[...new Set(thens)].join(" | ")})`);
  }

  if (parts.length === 0) return "unknown";
  return parts.length === 1 ? parts[0]! : parts.map(wrap).join(" & ");
}

export function refName(ref: string): string {
  return defName(ref);
}

/** A discriminator case: `{ if: <value test>, then: <branch> }`; the cases exclude each other. */
function isCase(schema: JsonSchema): boolean {
  if (typeof schema !== "object") return false;
  const keys = Object.keys(schema);
  return keys.length === 2 && "if" in schema && "then" in schema;
}

function wrap(type: string): string {
  return /^[\w."]+$|^\(.*\)$/.test(type) ? type : `(${type})`;
}

function ownType(schema: SchemaObject, printer: TypePrinter): string | undefined {
  if ("const" in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(literal))].join(" | ");

  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) {
    if (isObjectSchema(schema)) return objectType(schema, printer);
    if (schema.items !== undefined || schema.prefixItems !== undefined) {
      return arrayType(schema, printer);
    }
    return undefined;
  }

  const printed = types.map((type) => {
    if (type === "object") return objectType(schema, printer);
    if (type === "array") return arrayType(schema, printer);
    return PRIMITIVE[String(type)] ?? "unknown";
  });
  return [...new Set(printed)].join(" | ");
}

function isObjectSchema(schema: SchemaObject): boolean {
  return schema.properties !== undefined || schema.additionalProperties !== undefined;
}

function literal(value: unknown): string {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
    return JSON.stringify(value);
  }
  return "unknown";
}

function arrayType(schema: SchemaObject, printer: TypePrinter): string {
  if (Array.isArray(schema.prefixItems)) {
    const items = schema.prefixItems.map((s) => schemaToType(s as JsonSchema, printer));
    const rest = schema.items === false ? "" : `, ...${wrap(schemaToType(
      schema.items as JsonSchema | undefined, printer))}[]`;
    return `[${items.join(", ")}${rest}]`;
  }
  return `${wrap(schemaToType(schema.items as JsonSchema | undefined, printer))}[]`;
}

function objectType(schema: SchemaObject, printer: TypePrinter): string {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const members: string[] = [];

  for (const name of Object.keys(properties).sort()) {
    const property = properties[name] as JsonSchema;
    if (isHidden(property, printer.direction)) continue;
    const optional = required.has(name) ? "" : "?";
    members.push(`${propertyKey(name)}${optional}: ${schemaToType(property, printer)};`);
  }

  const additional = schema.additionalProperties;
  if (additional !== undefined && additional !== false) {
    const valueType = Object.keys(properties).length > 0
      ? "unknown"
      : schemaToType(additional as JsonSchema, printer);
    members.push(`[key: string]: ${valueType};`);
  }

  return members.length === 0 ? "{ [key: string]: unknown }" : `{ ${members.join(" ")} }`;
}

function isHidden(property: JsonSchema, direction: Direction): boolean {
  if (typeof property !== "object") return false;
  return direction === "request" ? property.readOnly === true : property.writeOnly === true;
}

export function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function isRecord(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

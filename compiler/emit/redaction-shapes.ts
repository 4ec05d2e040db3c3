/**
 * Where writeOnly data sits in each response schema, so the runtime can drop
 * it before a response leaves. Named schemas are described once and reached
 * by reference; schemas with nothing to drop get no shape at all.
 */

import type { RedactionShape } from "../../runtime/route.js";
import type { JsonSchema, NamedSchema } from "../model/service-model.js";
import { schemasReaching } from "../model/schema-walk.js";
import { refName } from "./schema-to-type.js";

export class RedactionShapes {
  private readonly needed: Set<string>;
  readonly table: Record<string, RedactionShape> = {};

  constructor(schemas: NamedSchema[]) {
    this.needed = schemasReaching(schemas, (node) => node.writeOnly === true);
    for (const schema of schemas) {
      if (!this.needed.has(schema.name)) continue;
      this.table[schema.name] = this.shapeOf(schema.schema) ?? {};
    }
  }

  shapeOf(schema: JsonSchema | undefined): RedactionShape | undefined {
    if (typeof schema !== "object") return undefined;

    const shape: RedactionShape = {};
    const any: RedactionShape[] = [];
    if (typeof schema.$ref === "string" && this.needed.has(refName(schema.$ref))) {
      any.push({ ref: refName(schema.$ref) });
    }

    const properties = isRecord(schema.properties) ? schema.properties : {};
    const drop = Object.keys(properties).filter((name) => isWriteOnly(properties[name]));
    if (drop.length > 0) shape.drop = drop.sort();

    const nested: Record<string, RedactionShape> = {};
    for (const name of Object.keys(properties).sort()) {
      const inner = drop.includes(name) ? undefined : this.shapeOf(properties[name] as JsonSchema);
      if (inner) nested[name] = inner;
    }
    if (Object.keys(nested).length > 0) shape.properties = nested;

    const items = this.shapeOf(schema.items as JsonSchema | undefined);
    if (items) shape.items = items;
    const additional = this.shapeOf(schema.additionalProperties as JsonSchema | undefined);
    if (additional) shape.additional = additional;

    const members = [
      ...["allOf", "oneOf", "anyOf"].flatMap((k) => (Array.isArray(schema[k]) ? schema[k] : [])),
      schema.then,
      schema.else,
    ];
    for (const member of members) {
      const inner = this.shapeOf(member as JsonSchema | undefined);
      if (inner) any.push(...(onlyAny(inner) ? inner.any! : [inner]));
    }
    if (any.length > 0) shape.any = any;

    if (onlyAny(shape) && shape.any!.length === 1) return shape.any![0];
    return Object.keys(shape).length > 0 ? shape : undefined;
  }
}

function onlyAny(shape: RedactionShape): boolean {
  return Object.keys(shape).length === 1 && shape.any !== undefined;
}

function isWriteOnly(schema: unknown): boolean {
  return isRecord(schema) && schema.writeOnly === true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The JSON Schemas a service validates requests with: one for each
 * operation's parameters and one per body media type, plus the shared named
 * schemas, all seen from the request side (readOnly properties refused).
 */

import { escapePointerToken } from "../diagnostics.js";
import { mapSubschemas } from "../model/schema-walk.js";
import type {
  JsonSchema,
  MediaModel,
  OperationModel,
  ParameterLocation,
  ServiceModel,
} from "../model/service-model.js";

export const SCHEMA_BASE = "https://spec2svc.local/";
export const DEFS_ID = `${SCHEMA_BASE}defs.json`;

export type BodyKind = "json" | "form" | "text";

export interface ValidatorSchema {
  /** Export name in the validators module. */
  exportName: string;
  $id: string;
  schema: JsonSchema;
  /** Whether strings are coerced to the declared types (parameters, forms). */
  coerce: boolean;
  pointer: string;
}

export interface BodyValidator {
  media: string;
  kind?: BodyKind;
  validator?: ValidatorSchema;
}

const LOCATIONS: ParameterLocation[] = ["path", "query", "header", "cookie"];

export function bodyKind(media: string): BodyKind | undefined {
  if (media === "application/json" || /^application\/[\w.+-]+\+json$/.test(media)) return "json";
  if (media === "application/x-www-form-urlencoded") return "form";
  if (media === "text/plain") return "text";
  return undefined;
}

export function paramsSchema(op: OperationModel): ValidatorSchema {
  const properties: Record<string, JsonSchema> = {};

  for (const location of LOCATIONS) {
    const params = op.parameters.filter((p) => p.in === location);
    const schema: Record<string, unknown> = {
      type: "object",
      properties: Object.fromEntries(params.map((p) => [p.name, forRequest(p.schema)])),
    };
    const required = params.filter((p) => p.required).map((p) => p.name);
    if (required.length > 0) schema.required = required;
    properties[location] = schema;
  }

  return {
    exportName: `params_${op.id}`,
    $id: `${SCHEMA_BASE}params/${op.id}.json`,
    schema: { type: "object", properties },
    coerce: true,
    pointer: op.pointer,
  };
}

export function bodyValidators(op: OperationModel): BodyValidator[] {
  if (!op.body) return [];

  return op.body.media.map((media, index) => {
    const kind = bodyKind(media.type);
    if (kind === undefined) return { media: media.type };
    return { media: media.type, kind, validator: bodySchema(op, media, index, kind) };
  });
}

function bodySchema(op: OperationModel, media: MediaModel, index: number, kind: BodyKind) {
  return {
    exportName: `body_${op.id}_${index}`,
    $id: `${SCHEMA_BASE}body/${op.id}/${index}.json`,
    schema: media.schema === undefined ? true : forRequest(media.schema),
    coerce: kind === "form",
    pointer: op.body!.pointer,
  };
}

/** The named schemas, request side, as one document other schemas refer into. */
export function definitionsSchema(model: ServiceModel): Record<string, unknown> {
  const defs: Record<string, JsonSchema> = {};
  for (const named of model.schemas) defs[named.name] = refuseReadOnly(named.schema, false);
  return { $id: DEFS_ID, $defs: defs };
}

/** An operation's schema: references point into the shared definitions. */
function forRequest(schema: JsonSchema): JsonSchema {
  return refuseReadOnly(schema, true);
}

/**
 * Replaces each readOnly property by the `false` schema, so a request that
 * sends one is refused, and drops it from `required`, so one that leaves it
 * out is not.
 */
function refuseReadOnly(schema: JsonSchema, absoluteRefs: boolean): JsonSchema {
  const out = mapSubschemas(schema, (child) => refuseReadOnly(child, absoluteRefs));
  if (typeof out !== "object") return out;

  if (absoluteRefs && typeof out.$ref === "string") out.$ref = `${DEFS_ID}${out.$ref}`;

  if (typeof out.properties === "object" && out.properties !== null) {
    const properties = out.properties as Record<string, unknown>;
    const readOnly = Object.keys(properties).filter((name) => isReadOnly(properties[name]));
    for (const name of readOnly) properties[name] = false;
    if (Array.isArray(out.required) && readOnly.length > 0) {
      out.required = out.required.filter((name) => !readOnly.includes(String(name)));
    }
  }
  return out;
}

function isReadOnly(schema: unknown): boolean {
  return typeof schema === "object" && schema !== null &&
    (schema as Record<string, unknown>).readOnly === true;
}

export function defsRef(name: string): string {
  return `${DEFS_ID}#/$defs/${escapePointerToken(name)}`;
}

/** Builds the operation part of the model: parameters, bodies, responses. */

import { joinPointer } from "../diagnostics.js";
import { getByPointer, resolveRef, type Node } from "./document-walk.js";
import { isObject } from "./schema-dialect.js";
import type { SchemaRegistry } from "./schema-registry.js";
import type {
  HeaderModel,
  HttpMethod,
  MediaModel,
  OperationModel,
  ParameterLocation,
  ParameterModel,
  RequestBodyModel,
  ResponseModel,
  SecurityRequirement,
  ValueShape,
} from "./service-model.js";

export const METHODS: HttpMethod[] = [
  "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

export interface OperationContext {
  document: Record<string, unknown>;
  schemas: SchemaRegistry;
  warn(code: string, message: string, pointer: string): void;
  fail(code: string, message: string, pointer: string): never;
}

const DEFAULT_STYLE: Record<ParameterLocation, string> = {
  path: "simple",
  query: "form",
  header: "simple",
  cookie: "form",
};

/** Header parameters that OpenAPI says to ignore: HTTP itself governs them. */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

export function buildOperation(
  ctx: OperationContext,
  path: string,
  method: HttpMethod,
  pathItem: Node,
  pathItemPointer: string,
): Omit<OperationModel, "id"> {
  const pointer = joinPointer(pathItemPointer, method);
  const node = resolveRef(ctx.document, pathItem[method], pointer, failWith(ctx)).node;

  if (isObject(node.callbacks) && Object.keys(node.callbacks).length > 0) {
    ctx.warn("callbacks-not-compiled", "callbacks describe requests this service sends; " +
      "they are not compiled", joinPointer(pointer, "callbacks"));
  }

  const operation: Omit<OperationModel, "id"> = {
    operationId: typeof node.operationId === "string" ? node.operationId : `${method} ${path}`,
    method,
    path,
    tags: Array.isArray(node.tags) ? node.tags.filter((t): t is string => typeof t === "string") : [],
    deprecated: node.deprecated === true,
    parameters: buildParameters(ctx, pathItem, pathItemPointer, node, pointer),
    responses: buildResponses(ctx, node, pointer),
    security: buildSecurity(ctx, node),
    pointer,
  };

  if (typeof node.summary === "string") operation.summary = node.summary;
  if (typeof node.description === "string") operation.description = node.description;
  if (node.requestBody !== undefined) {
    operation.body = buildBody(ctx, node.requestBody, joinPointer(pointer, "requestBody"));
  }
  const rules = buildRules(node["x-spec2svc-rules"]);
  if (rules.length > 0) operation.rules = rules;
  return operation;
}

/** `x-spec2svc-rules`: one rule as a string, or a list of them. */
function buildRules(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((rule): rule is string => typeof rule === "string")
    .map((rule) => rule.trim())
    .filter((rule) => rule !== "");
}

function failWith(ctx: OperationContext) {
  return (message: string, pointer: string): never => ctx.fail("ref-invalid", message, pointer);
}

/** Operation-level parameters override path-level ones with the same name and location. */
function buildParameters(
  ctx: OperationContext,
  pathItem: Node,
  pathItemPointer: string,
  operation: Node,
  operationPointer: string,
): ParameterModel[] {
  const merged = new Map<string, ParameterModel>();
  const lists: Array<[unknown, string]> = [
    [pathItem.parameters, joinPointer(pathItemPointer, "parameters")],
    [operation.parameters, joinPointer(operationPointer, "parameters")],
  ];

  for (const [list, at] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const parameter = buildParameter(ctx, raw, joinPointer(at, i));
      if (parameter) merged.set(`${parameter.in} ${parameter.name}`, parameter);
    });
  }

  return [...merged.values()];
}

function buildParameter(ctx: OperationContext, raw: unknown, at: string): ParameterModel | undefined {
  const { node, pointer } = resolveRef(ctx.document, raw, at, failWith(ctx));
  const location = node.in as ParameterLocation;
  const name = String(node.name);
  if (location === "header" && IGNORED_HEADERS.has(name.toLowerCase())) return undefined;

  if (node.schema === undefined) {
    // Known shortcoming: parameters serialised as a media type (`content`)
    // need a decoder per media type; JSON would be the first to add.
    ctx.fail("parameter-content-unsupported", `parameter '${name}' uses 'content' ` +
      "(a media-type-encoded parameter), which is not supported yet", pointer);
  }

  const style = typeof node.style === "string" ? node.style : DEFAULT_STYLE[location];
  const schemaPointer = joinPointer(pointer, "schema");
  const resolvedSchema = resolveSchemaShape(ctx.document, node.schema);
  const parameter: ParameterModel = {
    name,
    in: location,
    required: node.required === true,
    style,
    explode: typeof node.explode === "boolean" ? node.explode : style === "form",
    shape: resolvedSchema.shape,
    schema: ctx.schemas.convert(node.schema, schemaPointer),
    pointer,
  };

  if (resolvedSchema.properties) parameter.properties = resolvedSchema.properties;
  if (typeof node.description === "string") parameter.description = node.description;
  return parameter;
}

/** Finds whether a parameter's schema is an array, an object or a single value. */
export function resolveSchemaShape(
  document: unknown,
  schema: unknown,
  depth = 0,
): { shape: ValueShape; properties?: string[] } {
  if (!isObject(schema) || depth > 16) return { shape: "primitive" };

  if (typeof schema.$ref === "string" && schema.$ref.startsWith("#")) {
    return resolveSchemaShape(document, getByPointer(document, schema.$ref.slice(1)), depth + 1);
  }

  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("array") || schema.items !== undefined) return { shape: "array" };

  const properties = new Set<string>();
  let isObjectShape = types.includes("object") || isObject(schema.properties);
  if (isObject(schema.properties)) Object.keys(schema.properties).forEach((p) => properties.add(p));

  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const inner = resolveSchemaShape(document, part, depth + 1);
    if (inner.shape === "array") return inner;
    if (inner.shape === "object") isObjectShape = true;
    inner.properties?.forEach((p) => properties.add(p));
  }

  if (!isObjectShape) return { shape: "primitive" };
  return { shape: "object", properties: [...properties].sort() };
}

function buildBody(ctx: OperationContext, raw: unknown, at: string): RequestBodyModel {
  const { node, pointer } = resolveRef(ctx.document, raw, at, failWith(ctx));
  const body: RequestBodyModel = {
    required: node.required === true,
    media: buildMedia(ctx, node.content, joinPointer(pointer, "content")),
    pointer,
  };

  if (typeof node.description === "string") body.description = node.description;
  return body;
}

function buildMedia(ctx: OperationContext, content: unknown, at: string): MediaModel[] {
  if (!isObject(content)) return [];

  const byType = new Map<string, MediaModel>();
  for (const key of Object.keys(content).sort()) {
    const entry = content[key];
    const pointer = joinPointer(at, key);
    const type = key.split(";")[0]!.trim().toLowerCase();
    if (!isObject(entry) || byType.has(type)) continue;

    const media: MediaModel = { type, examples: buildExamples(ctx, entry, pointer) };
    if (entry.schema !== undefined) {
      media.schema = ctx.schemas.convert(entry.schema, joinPointer(pointer, "schema"));
    }
    byType.set(type, media);
  }

  return [...byType.values()];
}

function buildExamples(ctx: OperationContext, holder: Node, at: string): Record<string, unknown> {
  const examples: Record<string, unknown> = {};
  if (holder.example !== undefined) examples.default = holder.example;
  if (!isObject(holder.examples)) return examples;

  for (const name of Object.keys(holder.examples).sort()) {
    const pointer = joinPointer(at, "examples", name);
    const { node } = resolveRef(ctx.document, holder.examples[name], pointer, failWith(ctx));
    if ("value" in node) examples[name] = node.value;
  }
  return examples;
}

function buildResponses(ctx: OperationContext, operation: Node, at: string): ResponseModel[] {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const responsesAt = joinPointer(at, "responses");

  return Object.keys(responses)
    .filter((status) => !status.startsWith("x-"))
    .sort()
    .map((status) => {
      const entryAt = joinPointer(responsesAt, status);
      const { node, pointer } = resolveRef(ctx.document, responses[status], entryAt, failWith(ctx));
      return {
        status: status.toUpperCase(),
        description: typeof node.description === "string" ? node.description : "",
        headers: buildHeaders(ctx, node.headers, joinPointer(pointer, "headers")),
        media: buildMedia(ctx, node.content, joinPointer(pointer, "content")),
        pointer,
      };
    });
}

function buildHeaders(ctx: OperationContext, headers: unknown, at: string): HeaderModel[] {
  if (!isObject(headers)) return [];

  return Object.keys(headers)
    .sort()
    .filter((name) => name.toLowerCase() !== "content-type")
    .map((name) => {
      const pointer = joinPointer(at, name);
      const { node, pointer: resolvedAt } = resolveRef(ctx.document, headers[name], pointer,
        failWith(ctx));
      const schema = node.schema === undefined ? {} : node.schema;
      return {
        name,
        required: node.required === true,
        schema: ctx.schemas.convert(schema, joinPointer(resolvedAt, "schema")),
      };
    });
}

function buildSecurity(ctx: OperationContext, operation: Node): SecurityRequirement[] {
  const requirements = operation.security ?? ctx.document.security;
  if (!Array.isArray(requirements)) return [];

  return requirements.filter(isObject).map((requirement) => {
    const sorted: SecurityRequirement = {};
    for (const name of Object.keys(requirement).sort()) {
      const scopes = requirement[name];
      sorted[name] = Array.isArray(scopes) ? scopes.map(String) : [];
    }
    return sorted;
  });
}

export function pathItemPointer(path: string): string {
  return joinPointer("/paths", path);
}

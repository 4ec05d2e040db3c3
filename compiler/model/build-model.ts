/** Turns a loaded spec into the service model that every emitter reads. */

import path from "node:path";

import { SpecError, joinPointer, type Diagnostic } from "../diagnostics.js";
import type { LoadedSpec } from "../load/loaded-spec.js";
import { resolveRef } from "./document-walk.js";
import { KNOWN_FORMATS } from "./formats.js";
import { camelCase, uniqueNames } from "./names.js";
import { buildOperation, METHODS, type OperationContext } from "./operations.js";
import { isObject } from "./schema-dialect.js";
import { findResources } from "./resources.js";
import { SchemaRegistry } from "./schema-registry.js";
import type { OperationModel, SecuritySchemeModel, ServiceModel } from "./service-model.js";

export interface ModelOptions {
  /** Service name; defaults to the spec file's name without its extension. */
  name?: string;
}

export function buildModel(spec: LoadedSpec, options: ModelOptions = {}): ServiceModel {
  const warnings: Diagnostic[] = [...spec.warnings];
  const document = spec.document;
  const formats = new Set<string>();

  const warn = (code: string, message: string, pointer: string): void => {
    warnings.push({ code, severity: "warning", message, location: spec.locate(pointer) });
  };
  const fail = (code: string, message: string, pointer: string): never => {
    throw new SpecError([{ code, severity: "error", message, location: spec.locate(pointer) }]);
  };

  const schemas = new SchemaRegistry(document, { version: spec.version, warn, fail, formats });
  const ctx: OperationContext = { document, schemas, warn, fail };
  const built = buildOperations(ctx);
  reportOutgoing(document, warn);
  const named = schemas.drain();
  const { resources, operations } = findResources({ document, schemas: named, warn }, built);

  const info = isObject(document.info) ? document.info : {};
  const model: ServiceModel = {
    name: options.name ?? serviceName(spec.file),
    title: typeof info.title === "string" ? info.title : "",
    version: typeof info.version === "string" ? info.version : "0.0.0",
    basePath: basePath(document),
    schemas: named,
    operations,
    securitySchemes: buildSecuritySchemes(ctx),
    resources,
    unknownFormats: [...formats].filter((f) => !KNOWN_FORMATS.has(f)).sort(),
    warnings,
  };

  if (typeof info.description === "string") model.description = info.description;
  for (const format of model.unknownFormats) {
    warnings.push({ code: "format-unknown", severity: "warning",
      message: `format '${format}' has no validator; any value of its type is accepted` });
  }
  return model;
}

export function serviceName(file: string): string {
  const base = path.basename(file).replace(/\.(ya?ml|json)$/i, "").replace(/\.openapi$/i, "");
  return base.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "") || "service";
}

function buildOperations(ctx: OperationContext): OperationModel[] {
  const paths = isObject(ctx.document.paths) ? ctx.document.paths : {};
  const built: Array<Omit<OperationModel, "id">> = [];

  for (const path of Object.keys(paths).sort()) {
    if (path.startsWith("x-")) continue;
    const at = joinPointer("/paths", path);
    const { node: pathItem, pointer } = resolveRef(ctx.document, paths[path], at,
      (message, where) => ctx.fail("ref-invalid", message, where));

    for (const method of METHODS) {
      if (pathItem[method] !== undefined) {
        built.push(buildOperation(ctx, path, method, pathItem, pointer));
      }
    }
  }

  const ids = uniqueNames(built.map((op) => op.pointer), (pointer) => {
    const op = built.find((o) => o.pointer === pointer)!;
    return camelCase(op.operationId);
  });
  return built.map((op) => ({ id: ids.get(op.pointer)!, ...op }));
}

/** Webhooks and callbacks are requests this service makes, not routes it serves. */
function reportOutgoing(
  document: Record<string, unknown>,
  warn: (code: string, message: string, pointer: string) => void,
): void {
  if (isObject(document.webhooks) && Object.keys(document.webhooks).length > 0) {
    warn("webhooks-not-compiled", "webhooks describe requests this service sends; " +
      "they are not compiled into routes", "/webhooks");
  }
}

function basePath(document: Record<string, unknown>): string {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const first = servers[0];
  if (!isObject(first) || typeof first.url !== "string") return "";

  const url = substituteVariables(first.url, first.variables);
  const pathname = /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
    ? new URL(url).pathname
    : url.replace(/^\/\/[^/]*/, "");
  return pathname.replace(/\/+$/, "");
}

function substituteVariables(url: string, variables: unknown): string {
  return url.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const variable = isObject(variables) ? variables[name] : undefined;
    return isObject(variable) && typeof variable.default === "string" ? variable.default : "x";
  });
}

function buildSecuritySchemes(ctx: OperationContext): SecuritySchemeModel[] {
  const components = isObject(ctx.document.components) ? ctx.document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};

  return Object.keys(schemes).sort().map((name) => {
    const at = joinPointer("/components/securitySchemes", name);
    const { node } = resolveRef(ctx.document, schemes[name], at,
      (message, where) => ctx.fail("ref-invalid", message, where));
    const definition = Object.fromEntries(
      Object.entries(node).filter(([key]) => !key.startsWith("x-")),
    );
    return { name, type: String(node.type), definition };
  });
}

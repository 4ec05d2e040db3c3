// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Turns a step's operation, parameters and request body into the request
 * sent, and the snapshot `$request.…` expressions read afterwards.
 * Parameters are serialised the OpenAPI default way: path values encoded
 * into the template, query arrays and objects exploded as form fields,
 * cookies joined into one Cookie header.
 */

import type { ContractRequest } from "../exchange.js";
import { resolveValue, type ExpressionContext, type RequestSnapshot } from "./expressions.js";
import type { OperationRef } from "./operations.js";
import type { Parameter, PayloadReplacement, RequestBody } from "./types.js";

export class RequestBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RequestBuildError";
  }
}

export interface BuiltRequest {
  request: ContractRequest;
  snapshot: RequestSnapshot;
}

export function buildRequest(
  operation: OperationRef,
  parameters: Parameter[],
  body: RequestBody | undefined,
  ctx: ExpressionContext,
): BuiltRequest {
  const values = parameters.map((p) => ({ ...p, value: resolveValue(p.value, ctx) }));
  const byLocation = (location: string) => values.filter((p) => p.in === location);

  const pathValues = Object.fromEntries(byLocation("path").map((p) => [p.name, p.value]));
  const queryValues = Object.fromEntries(byLocation("query").map((p) => [p.name, p.value]));
  const url = fillPath(operation.path, pathValues) + queryString(queryValues);

  const headers = headerValues(byLocation("header"), byLocation("cookie"));
  const request: ContractRequest = { method: operation.method.toUpperCase(), path: url, headers };
  const snapshot: RequestSnapshot = { method: request.method, url, headers, query: queryValues,
    path: pathValues };

  if (body) attachBody(request, snapshot, body, ctx);
  return { request, snapshot };
}

function fillPath(template: string, values: Record<string, unknown>): string {
  const used = new Set<string>();
  const path = template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    if (!Object.hasOwn(values, name)) {
      throw new RequestBuildError(`path parameter "${name}" of ${template} has no value`);
    }
    used.add(name);
    return encodeURIComponent(scalarText(values[name], name));
  });

  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new RequestBuildError(`${template} has no {${unused[0]}} for the path parameter`);
  }
  return path;
}

function queryString(values: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) value.forEach((item) => search.append(name, scalarText(item, name)));
    else if (isObject(value)) {
      Object.entries(value).forEach(([k, v]) => search.append(k, scalarText(v, `${name}.${k}`)));
    } else search.append(name, scalarText(value, name));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

function headerValues(headers: Parameter[], cookies: Parameter[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of headers) {
    const value = Array.isArray(header.value) ? header.value : [header.value];
    out[header.name] = value.map((v) => scalarText(v, header.name)).join(",");
  }
  if (cookies.length > 0) {
    out.cookie = cookies
      .map((c) => `${c.name}=${encodeURIComponent(scalarText(c.value, c.name))}`)
      .join("; ");
  }
  return out;
}

function attachBody(
  request: ContractRequest,
  snapshot: RequestSnapshot,
  body: RequestBody,
  ctx: ExpressionContext,
): void {
  const contentType = body.contentType;
  let payload = resolveValue(body.payload, ctx);
  if (typeof payload === "string" && isJson(contentType)) payload = parseJsonText(payload);
  payload = applyReplacements(payload, body.replacements ?? [], ctx);

  snapshot.body = payload;
  request.body = isForm(contentType) && isObject(payload) ? formText(payload) : payload;
  if (contentType) request.headers["content-type"] = contentType;
  else if (typeof payload === "string") request.headers["content-type"] = "text/plain";
}

function applyReplacements(
  payload: unknown,
  replacements: PayloadReplacement[],
  ctx: ExpressionContext,
): unknown {
  if (replacements.length === 0) return payload;
  let result = structuredClone(payload);
  for (const replacement of replacements) {
    result = setAtPointer(result, replacement.target, resolveValue(replacement.value, ctx));
  }
  return result;
}

/** Sets the value a JSON pointer names; `-` appends to an array. */
export function setAtPointer(document: unknown, pointer: string, value: unknown): unknown {
  if (pointer === "") return value;
  if (!pointer.startsWith("/")) {
    throw new RequestBuildError(`replacement target "${pointer}" is not a JSON pointer`);
  }

  const tokens = pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  const last = tokens.pop()!;
  let parent = document;
  for (const token of tokens) {
    const next = child(parent, token);
    if (typeof next !== "object" || next === null) {
      throw new RequestBuildError(`replacement target "${pointer}": nothing at "${token}"`);
    }
    parent = next;
  }
  if (Array.isArray(parent)) parent[last === "-" ? parent.length : Number(last)] = value;
  else if (isObject(parent)) parent[last] = value;
  else throw new RequestBuildError(`replacement target "${pointer}" is not inside the payload`);
  return document;
}

function child(parent: unknown, token: string): unknown {
  if (Array.isArray(parent)) return parent[Number(token)];
  return isObject(parent) ? parent[token] : undefined;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function formText(payload: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(payload)) form.append(key, scalarText(value, key));
  return form.toString();
}

function scalarText(value: unknown, name: string): string {
  if (value === undefined) throw new RequestBuildError(`parameter "${name}" has no value`);
  if (typeof value === "string") return value;
  return value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
}

function isJson(contentType: string | undefined): boolean {
  return contentType === undefined || /json/i.test(contentType);
}

function isForm(contentType: string | undefined): boolean {
  return /^application\/x-www-form-urlencoded/i.test(contentType ?? "");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

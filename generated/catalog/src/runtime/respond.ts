// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Writes a handler's result: status, headers, and a body serialized for its
 * media type with writeOnly properties removed.
 */
import type { Response } from "express";
import { redact } from "./redact.js";
import type { HandlerResult, RedactionShape } from "./route.js";

export interface Redactions {
  /** Status code, "2XX" range or "default" to the shape for that response. */
  byStatus: Readonly<Record<string, RedactionShape>> | undefined;
  shapes: Readonly<Record<string, RedactionShape>>;
}

export function sendResult(res: Response, result: HandlerResult, redactions: Redactions): void {
  res.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value === undefined) continue;
    res.setHeader(name, Array.isArray(value) ? value.map(String) : String(value));
  }

  if (result.body === undefined) {
    res.end();
    return;
  }

  const contentType = result.contentType ?? headerText(res, "content-type") ?? "application/json";
  const shape = redactionFor(redactions.byStatus, result.status);
  const payload = serialize(result, contentType, shape, redactions);

  // res.send drops the body for HEAD, 204 and 304 and keeps Content-Length and ETag honest.
  res.setHeader("Content-Type", contentType);
  res.send(payload);
}

function serialize(
  result: HandlerResult,
  contentType: string,
  shape: RedactionShape | undefined,
  redactions: Redactions,
): string | Buffer {
  const { body } = result;
  if (!isJson(contentType)) {
    if (typeof body === "string" || Buffer.isBuffer(body)) return body;
    if (body instanceof Uint8Array) return Buffer.from(body);
    return String(body);
  }

  const json = JSON.stringify(body) ?? "null";
  if (shape === undefined) return json;
  // Redact what the client would receive: toJSON, Dates and class instances already flattened.
  return JSON.stringify(redact(JSON.parse(json), shape, redactions.shapes));
}

function headerText(res: Response, name: string): string | undefined {
  const value = res.getHeader(name);
  return typeof value === "string" ? value : undefined;
}

function isJson(contentType: string): boolean {
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/** The exact status wins, then its range ("2XX"), then "default", as in OpenAPI. */
export function redactionFor(
  byStatus: Readonly<Record<string, RedactionShape>> | undefined,
  status: number,
): RedactionShape | undefined {
  if (byStatus === undefined) return undefined;

  const range = `${Math.floor(status / 100)}XX`;
  const keys = [String(status), range, range.toLowerCase(), "default"];
  const key = keys.find((candidate) => Object.hasOwn(byStatus, candidate));
  return key === undefined ? undefined : byStatus[key];
}

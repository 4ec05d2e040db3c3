// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** What the properties require of a response: no server error, and a documented answer. */

import type { ContractResponse } from "../exchange.js";
import type { PropertyOperation, PropertyResponse } from "./property-operation.js";
import type { SchemaValidator } from "./schema-validator.js";

export interface Broken {
  /** "server-error", "status-undocumented", "response-content-type" or "response-schema". */
  rule: string;
  detail: string;
}

export function serverError(response: ContractResponse): Broken | undefined {
  if (response.status < 500) return undefined;
  return { rule: "server-error", detail: `answered ${response.status}` };
}

/**
 * The documented response for a status: the exact code, then its range
 * ("4XX"), then "default". A 401 or 403 counts only when documented too.
 */
export function documentedResponse(
  responses: PropertyOperation["responses"],
  status: number,
): { key: string; response: PropertyResponse } | undefined {
  const range = `${Math.floor(status / 100)}XX`;
  const keys = Object.keys(responses);
  const key = keys.find((k) => k === String(status)) ??
    keys.find((k) => k.toUpperCase() === range) ??
    keys.find((k) => k === "default");
  return key === undefined ? undefined : { key, response: responses[key]! };
}

/** A valid request's response: not a server error, a documented status, a conforming body. */
export function checkDocumented(
  operation: PropertyOperation,
  response: ContractResponse,
  validator: SchemaValidator,
): Broken | undefined {
  const failed = serverError(response);
  if (failed) return failed;

  const documented = documentedResponse(operation.responses, response.status);
  if (documented === undefined) {
    const known = Object.keys(operation.responses).join(", ") || "none";
    return {
      rule: "status-undocumented",
      detail: `answered ${response.status}, which is not documented (documented: ${known})`,
    };
  }
  return checkBody(documented.key, documented.response, response, validator);
}

function checkBody(
  key: string,
  documented: PropertyResponse,
  response: ContractResponse,
  validator: SchemaValidator,
): Broken | undefined {
  // Without documented content, or without a body, there is nothing to compare.
  const mediaTypes = Object.keys(documented.mediaTypes);
  if (mediaTypes.length === 0 || response.text === "") return undefined;

  const type = mediaTypeOf(response.headers["content-type"]);
  const match = matchMediaType(mediaTypes, type);
  if (match === undefined) {
    return {
      rule: "response-content-type",
      detail: `answered ${response.status} with content type "${type}", but response ` +
        `"${key}" documents ${mediaTypes.join(", ")}`,
    };
  }

  const schema = documented.mediaTypes[match];
  if (schema === undefined || !isJson(type)) return undefined;
  return checkJson(response, schema, key, validator);
}

function checkJson(
  response: ContractResponse,
  schema: NonNullable<PropertyResponse["mediaTypes"][string]>,
  key: string,
  validator: SchemaValidator,
): Broken | undefined {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return { rule: "response-schema", detail: `answered ${response.status} with a body that ` +
      "is not JSON despite its content type" };
  }

  const errors = validator.errors(schema, body);
  if (errors === undefined) return undefined;
  return {
    rule: "response-schema",
    detail: `answered ${response.status} with a body that does not match response ` +
      `"${key}": ${errors}`,
  };
}

export function mediaTypeOf(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

/** An exact media type wins over its "type/*" range, which wins over any type. */
function matchMediaType(documented: string[], type: string): string | undefined {
  const lower = new Map(documented.map((d) => [d.toLowerCase(), d]));
  const candidates = [type, `${type.split("/")[0]}/*`, "*/*"];
  const found = candidates.find((candidate) => lower.has(candidate));
  return found === undefined ? undefined : lower.get(found);
}

function isJson(type: string): boolean {
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** Turns a case's input into an HTTP request, serialising parameters by their styles. */

import type { CaseInput, ContractOperation } from "./contract-document.js";
import type { ContractRequest } from "./exchange.js";
import { withUniqueValues } from "./unique-values.js";

/** Where a credential goes: a header, a query parameter or a cookie, with its value. */
export interface Credential {
  in: "header" | "query" | "cookie";
  name: string;
  value: string;
}

export function buildRequest(
  operation: ContractOperation,
  input: CaseInput,
  credentials: Credential[] = [],
): ContractRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    encodeURIComponent(text(input.path?.[name] ?? "")));

  const query = new URLSearchParams();
  for (const parameter of operation.parameters.filter((p) => p.in === "query")) {
    const value = input.query?.[parameter.name];
    if (value !== undefined) appendQuery(query, parameter.name, value, parameter.style,
      parameter.explode);
  }

  const headers: Record<string, string> = { ...input.header };
  const cookies = Object.entries(input.cookie ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const credential of credentials) {
    if (credential.in === "header") headers[credential.name.toLowerCase()] = credential.value;
    if (credential.in === "query") query.append(credential.name, credential.value);
    if (credential.in === "cookie") cookies.push(`${credential.name}=${credential.value}`);
  }
  if (cookies.length > 0) headers.cookie = cookies.join("; ");

  const request: ContractRequest = {
    method: operation.method,
    path: query.size > 0 ? `${path}?${query.toString()}` : path,
    headers,
  };
  return withBody(request, input);
}

function withBody(request: ContractRequest, input: CaseInput): ContractRequest {
  if (input.body === undefined) return request;
  const body = withUniqueValues(input.body, input.unique ?? []);

  const type = input.contentType ?? "application/json";
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      form.append(key, text(value));
    }
    return { ...request, headers: { ...request.headers, "content-type": type },
      body: form.toString() };
  }
  return { ...request, headers: { ...request.headers, "content-type": type }, body };
}

function appendQuery(
  query: URLSearchParams,
  name: string,
  value: unknown,
  style: string,
  explode: boolean,
): void {
  if (Array.isArray(value)) {
    if (explode) value.forEach((v) => query.append(name, text(v)));
    else query.append(name, value.map(text).join(style === "pipeDelimited" ? "|" : ","));
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      query.append(style === "deepObject" ? `${name}[${key}]` : key, text(inner));
    }
    return;
  }
  query.append(name, text(value));
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

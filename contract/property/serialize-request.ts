/**
 * Parameter values and bodies as request text, by OpenAPI style. Each
 * serializer writes any value; `readsBack` tells whether a service reading
 * the text by the same style gets a value of the same shape, which valid
 * requests must ensure.
 */

import type { PropertyParameter } from "./property-operation.js";

export function styleOf(parameter: PropertyParameter): string {
  if (parameter.style !== undefined) return parameter.style;
  return parameter.in === "path" || parameter.in === "header" ? "simple" : "form";
}

export function explodeOf(parameter: PropertyParameter): boolean {
  return parameter.explode ?? styleOf(parameter) === "form";
}

/** Primitives as text; anything nested has no style of its own, so it goes as JSON. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** encodeURIComponent throws on a lone surrogate, which generated text may hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const encode = (value: unknown) =>
  encodeURIComponent(text(value).replace(LONE_SURROGATE, "\uFFFD"));

/** Label style separates with ".", which encodeURIComponent leaves alone. */
const encodeLabel = (value: unknown) => encode(value).replace(/\./g, "%2E");

/** The path segment for a path parameter, percent-encoded. */
export function pathText(parameter: PropertyParameter, value: unknown): string {
  const style = styleOf(parameter);
  const explode = explodeOf(parameter);

  if (style === "label") {
    return `.${joined(value, explode ? "." : ",", explode, encodeLabel)}`;
  }
  if (style === "matrix") return matrixText(parameter.name, value, explode);
  return joined(value, ",", explode, encode);
}

function matrixText(name: string, value: unknown, explode: boolean): string {
  const key = encode(name);
  if (Array.isArray(value) && explode) return value.map((v) => `;${key}=${encode(v)}`).join("");
  if (isRecord(value) && explode) {
    return Object.entries(value).map(([k, v]) => `;${encode(k)}=${encode(v)}`)
      .join("");
  }
  return `;${key}=${joined(value, ",", false, encode)}`;
}

/** Items joined by `separator`; object entries as "k=v" when exploded, else "k,v". */
function joined(
  value: unknown,
  separator: string,
  explode: boolean,
  enc: (v: unknown) => string,
): string {
  if (Array.isArray(value)) return value.map(enc).join(separator);
  if (!isRecord(value)) return enc(value);

  const entries = Object.entries(value);
  if (explode) return entries.map(([k, v]) => `${enc(k)}=${enc(v)}`).join(separator);
  return entries.flatMap(([k, v]) => [enc(k), enc(v)]).join(separator);
}

const DELIMITERS: Record<string, string> = {
  form: ",",
  spaceDelimited: "%20",
  pipeDelimited: "|",
};

/** "name=value" pairs, percent-encoded, for a query parameter. */
export function queryPairs(parameter: PropertyParameter, value: unknown): string[] {
  const style = styleOf(parameter);
  const name = encode(parameter.name);

  if (style === "deepObject" && isRecord(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${name}[${encode(k)}]=${encode(v)}`);
  }
  if (explodeOf(parameter)) {
    if (Array.isArray(value)) return value.map((v) => `${name}=${encode(v)}`);
    if (isRecord(value)) return Object.entries(value).map(([k, v]) => `${encode(k)}=${encode(v)}`);
    return [`${name}=${encode(value)}`];
  }
  return [`${name}=${joined(value, DELIMITERS[style] ?? ",", false, encode)}`];
}

/** Header text: simple style, not encoded, as headers carry text. */
export function headerText(parameter: PropertyParameter, value: unknown): string {
  return joined(value, ",", explodeOf(parameter), text);
}

/** "name=value" pairs for the Cookie header. */
export function cookiePairs(parameter: PropertyParameter, value: unknown): string[] {
  const explode = explodeOf(parameter);
  if (explode && Array.isArray(value)) return value.map((v) => `${parameter.name}=${encode(v)}`);
  if (explode && isRecord(value)) {
    return Object.entries(value).map(([k, v]) => `${k}=${encode(v)}`);
  }
  return [`${parameter.name}=${joined(value, ",", false, encode)}`];
}

/**
 * Whether the service reads the serialized value back with its shape: no
 * nesting the style cannot carry, nothing lost to trimming or splitting,
 * and a required parameter that is not serialized away.
 */
export function readsBack(
  parameter: PropertyParameter,
  value: unknown,
  others: readonly PropertyParameter[],
): boolean {
  if (!flatEnough(value)) return false;

  switch (parameter.in) {
    case "path": return pathReadsBack(pathText(parameter, value));
    case "query": return queryReadsBack(parameter, value, others);
    case "header": return headerReadsBack(value);
    case "cookie": return cookieReadsBack(parameter, value);
  }
}

/** Arrays of primitives and objects of primitives are all a style can write. */
function flatEnough(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isPrimitive);
  if (isRecord(value)) return Object.values(value).every(isPrimitive);
  return true;
}

/** An empty or dot segment would not reach the operation: URLs drop or collapse them. */
function pathReadsBack(segment: string): boolean {
  return segment !== "" && !/^(?:\.|%2e){1,2}$/i.test(segment);
}

function queryReadsBack(
  parameter: PropertyParameter,
  value: unknown,
  others: readonly PropertyParameter[],
): boolean {
  if (parameter.required && queryPairs(parameter, value).length === 0) return false;

  const style = styleOf(parameter);
  if (isRecord(value) && explodeOf(parameter) && style !== "deepObject") {
    // Exploded properties stand beside the other parameters and must not pass for them.
    const taken = new Set(others.filter((o) => o.in === "query").map((o) => o.name));
    if (Object.keys(value).some((key) => key === "" || taken.has(key))) return false;
  }

  const delimiter = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : "";
  if (delimiter !== "" && Array.isArray(value) && !explodeOf(parameter)) {
    return value.every((item) => !text(item).includes(delimiter));
  }
  return true;
}

/** Header values are visible ASCII, trimmed by the receiver, and split on commas. */
function headerReadsBack(value: unknown): boolean {
  const parts = Array.isArray(value)
    ? value.map(text)
    : isRecord(value)
      ? Object.entries(value).flatMap(([k, v]) => [k, text(v)])
      : [text(value)];

  const visible = (part: string) => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(part);
  const single = !Array.isArray(value) && !isRecord(value);
  if (single) return visible(parts[0]!);
  return parts.length > 0 && parts.every((part) => visible(part) && !/[,=]/.test(part));
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function cookieReadsBack(parameter: PropertyParameter, value: unknown): boolean {
  const pairs = cookiePairs(parameter, value);
  if (parameter.required && pairs.length === 0) return false;
  return pairs.every((pair) => COOKIE_NAME.test(pair.slice(0, pair.indexOf("="))));
}

export type BodyKind = "json" | "form" | "text" | "other";

export function bodyKind(mediaType: string): BodyKind {
  const type = mediaType.toLowerCase();
  if (type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type)) return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type.startsWith("text/")) return "text";
  return "other";
}

/** The body text for `mediaType`; JSON always as text, so a JSON string is not sent raw. */
export function bodyText(mediaType: string, value: unknown): string {
  const kind = bodyKind(mediaType);
  if (kind === "form" && isRecord(value)) return formText(value);
  if (kind === "json") return JSON.stringify(value) ?? "null";
  return typeof value === "string" ? value : JSON.stringify(value) ?? "";
}

function formText(value: Record<string, unknown>): string {
  return Object.entries(value)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v])
      .map((item) => `${encode(k)}=${encode(item)}`))
    .join("&");
}

/** Whether a service decoding the body by its media type gets `value` back in shape. */
export function bodyReadsBack(mediaType: string, value: unknown): boolean {
  // An empty body counts as no body at all.
  if (bodyText(mediaType, value) === "") return false;

  const kind = bodyKind(mediaType);
  if (kind === "json") return true;
  if (kind === "text") return typeof value === "string";
  if (kind === "form") return formReadsBack(value);
  return false;
}

function formReadsBack(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return Object.values(value).every((v) =>
    isPrimitive(v) || (Array.isArray(v) && v.length > 0 && v.every(isPrimitive)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

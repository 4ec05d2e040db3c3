// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Requests for one operation: valid ones, built only from values the
 * operation's schemas accept and written so the service reads them back
 * unchanged, and arbitrary ones, where each parameter and the body may be
 * valid, broken on purpose, random or missing.
 */

import * as fc from "fast-check";

import type { ContractRequest } from "../exchange.js";
import { boundedFilter, UnsatisfiableSchemaError } from "./arbitrary-tools.js";
import type { SchemaArbitraries } from "./arbitrary.js";
import type {
  GeneratedRequest,
  PropertyBody,
  PropertyOperation,
  PropertyParameter,
} from "./property-operation.js";
import {
  bodyKind,
  bodyReadsBack,
  bodyText,
  cookiePairs,
  headerText,
  pathText,
  queryPairs,
  readsBack,
} from "./serialize-request.js";

/** Headers OpenAPI says parameters cannot define; the request sets them itself. */
const RESERVED_HEADERS = new Set(["accept", "content-type", "authorization"]);

const MALFORMED_JSON = ["{", "{\"a\":", "[1,", "nul", "\"unterminated", "{'single': 1}"];

interface ParameterPart {
  parameter: PropertyParameter;
  /** Absent when the parameter is left out. */
  value?: unknown;
  note?: string;
}

interface BodyPart {
  text: string;
  contentType: string;
  note?: string;
}

type Choice<T> = { arbitrary: fc.Arbitrary<T>; weight: number };

export interface RequestOptions {
  /** Headers that authenticate the request, sent with every valid one. */
  credentials?: Record<string, string>;
}

export function usableParameters(operation: PropertyOperation): PropertyParameter[] {
  return operation.parameters.filter((parameter) =>
    parameter.in !== "header" || !RESERVED_HEADERS.has(parameter.name.toLowerCase()));
}

/**
 * Requests whose every part is valid. Throws UnsatisfiableSchemaError when
 * some required part cannot be generated or written in its media type.
 */
export function validRequests(
  operation: PropertyOperation,
  values: SchemaArbitraries,
  options: RequestOptions = {},
): fc.Arbitrary<GeneratedRequest> {
  const parameters = usableParameters(operation);
  const parts = parameters.map((parameter) => validParameter(parameter, parameters, values));
  const body = operation.body === undefined
    ? fc.constant(undefined)
    : validBody(operation.body, values);

  return fc.tuple(fc.tuple(...parts), body).map(([filled, content]) =>
    assemble(operation, filled, content, options.credentials ?? {}));
}

function validParameter(
  parameter: PropertyParameter,
  all: PropertyParameter[],
  values: SchemaArbitraries,
): fc.Arbitrary<ParameterPart> {
  const where = describeParameter(parameter);
  const faithful = boundedFilter(values.valid(parameter.schema ?? true),
    (value) => readsBack(parameter, value, all), `a value for ${where} that survives its style`);
  const present = faithful.map((value): ParameterPart => ({ parameter, value }));

  if (parameter.required || parameter.in === "path") return present;
  return fc.option(present, { nil: undefined })
    .map((part) => part ?? { parameter });
}

function validBody(
  body: PropertyBody,
  values: SchemaArbitraries,
): fc.Arbitrary<BodyPart | undefined> {
  if (bodyKind(body.mediaType) === "other") {
    if (!body.required) return fc.constant(undefined);
    throw new UnsatisfiableSchemaError(`bodies of type ${body.mediaType} are not generated`);
  }

  const readable = boundedFilter(values.valid(body.schema ?? true),
    (value) => bodyReadsBack(body.mediaType, value), `a ${body.mediaType} body`);
  const parts = readable.map((value): BodyPart => ({
    text: bodyText(body.mediaType, value),
    contentType: body.mediaType,
  }));
  return body.required ? parts : fc.option(parts, { nil: undefined });
}

/** Requests of any sort: each part valid, broken on purpose, random or left out. */
export function arbitraryRequests(
  operation: PropertyOperation,
  values: SchemaArbitraries,
  options: RequestOptions = {},
): fc.Arbitrary<GeneratedRequest> {
  const parts = usableParameters(operation).map((p) => anyParameter(p, values));
  const body = operation.body === undefined
    ? fc.constant(undefined)
    : anyBody(operation.body, values);
  const credentials = options.credentials === undefined
    ? fc.constant({})
    : fc.constantFrom(options.credentials, {});

  return fc.tuple(fc.tuple(...parts), body, credentials).map(([filled, content, headers]) => {
    const generated = assemble(operation, filled, content, headers);
    if (options.credentials !== undefined && Object.keys(headers).length === 0) {
      generated.inputs.push("credentials: left out");
    }
    return generated;
  });
}

function anyParameter(
  parameter: PropertyParameter,
  values: SchemaArbitraries,
): fc.Arbitrary<ParameterPart> {
  const where = describeParameter(parameter);
  const schema = parameter.schema ?? true;
  // Left out comes first: it is where shrinking heads when the part does not matter.
  const choices: Choice<ParameterPart>[] = [
    { arbitrary: fc.constant({ parameter, note: `${where}: left out` }), weight: 1 },
  ];

  const valid = attempt(() => values.valid(schema));
  if (valid) choices.push({ arbitrary: valid.map((value) => ({ parameter, value })), weight: 3 });

  const invalid = attempt(() => values.invalid(schema));
  if (invalid) {
    choices.push({
      arbitrary: invalid.map((bad) => ({
        parameter,
        value: bad.value,
        note: `${where}: breaks ${bad.breaks} at "${bad.at}" (${bad.description})`,
      })),
      weight: 3,
    });
  }

  const noise = fc.string({ unit: parameter.in === "header" ? "grapheme-ascii" : "binary",
    maxLength: 24 });
  choices.push({
    arbitrary: noise.map((value) => ({ parameter, value, note: `${where}: random text` })),
    weight: 1,
  });
  return fc.oneof({ withCrossShrink: true }, ...choices);
}

function anyBody(body: PropertyBody, values: SchemaArbitraries) {
  const schema = body.schema ?? true;
  const sent = (value: unknown, note?: string, contentType = body.mediaType): BodyPart => ({
    text: bodyText(contentType, value),
    contentType,
    ...(note === undefined ? {} : { note }),
  });

  const choices: Choice<BodyPart | undefined>[] = [
    { arbitrary: fc.constant(undefined), weight: 1 },
    {
      arbitrary: fc.constantFrom(...MALFORMED_JSON)
        .map((text) => ({ text, contentType: body.mediaType, note: "body: malformed text" })),
      weight: 1,
    },
    {
      arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => sent(v, "body: arbitrary JSON")),
      weight: 1,
    },
  ];

  const valid = attempt(() => values.valid(schema));
  if (valid) {
    choices.push({ arbitrary: valid.map((v) => sent(v)), weight: 3 });
    choices.push({
      arbitrary: valid.map((v) => sent(v, "body: sent as text/plain", "text/plain")),
      weight: 1,
    });
  }

  const invalid = attempt(() => values.invalid(schema));
  if (invalid) {
    const note = (b: { breaks: string; at: string; description: string }) =>
      `body: breaks ${b.breaks} at "${b.at}" (${b.description})`;
    choices.push({ arbitrary: invalid.map((b) => sent(b.value, note(b))), weight: 3 });
  }
  return fc.oneof({ withCrossShrink: true }, ...choices);
}

/** Parts that cannot be generated are left out of the mix, not fatal to it. */
function attempt<T>(build: () => T): T | undefined {
  try {
    return build();
  } catch (error) {
    if (error instanceof UnsatisfiableSchemaError) return undefined;
    throw error;
  }
}

function assemble(
  operation: PropertyOperation,
  parts: ParameterPart[],
  body: BodyPart | undefined,
  credentials: Record<string, string>,
): GeneratedRequest {
  const present = parts.filter((part) => "value" in part);
  const inputs = parts.flatMap((part) => (part.note === undefined ? [] : [part.note]));
  if (body?.note !== undefined) inputs.push(body.note);
  if (operation.body !== undefined && body === undefined) inputs.push("body: left out");

  const request: ContractRequest = {
    method: operation.method.toUpperCase(),
    path: fillPath(operation.path, present) + queryString(present),
    headers: withCredentials(headers(present), lowerCased(credentials)),
  };
  if (body !== undefined) {
    request.headers["content-type"] = body.contentType;
    request.body = body.text;
  }
  return { request, inputs };
}

function fillPath(template: string, parts: ParameterPart[]): string {
  const values = new Map(parts.filter((p) => p.parameter.in === "path")
    .map((p) => [p.parameter.name, pathText(p.parameter, p.value)]));
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => values.get(name) ?? "");
}

function queryString(parts: ParameterPart[]): string {
  const pairs = parts.filter((p) => p.parameter.in === "query")
    .flatMap((p) => queryPairs(p.parameter, p.value));
  return pairs.length === 0 ? "" : `?${pairs.join("&")}`;
}

function headers(parts: ParameterPart[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of parts.filter((p) => p.parameter.in === "header")) {
    out[part.parameter.name.toLowerCase()] = headerSafe(headerText(part.parameter, part.value));
  }

  const cookies = parts.filter((p) => p.parameter.in === "cookie")
    .flatMap((p) => cookiePairs(p.parameter, p.value));
  if (cookies.length > 0) out.cookie = headerSafe(cookies.join("; "));
  return out;
}

/** Credentials win over parameters of the same name; cookies from both are sent. */
function withCredentials(
  own: Record<string, string>,
  credentials: Record<string, string>,
): Record<string, string> {
  const out = { ...own, ...credentials };
  if (own.cookie !== undefined && credentials.cookie !== undefined) {
    out.cookie = `${own.cookie}; ${credentials.cookie}`;
  }
  return out;
}

/** HTTP clients refuse header values with control or non-Latin-1 characters. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, "?");
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function describeParameter(parameter: PropertyParameter): string {
  return `${parameter.in} "${parameter.name}"`;
}

import { createRequire } from "node:module";
import { joinPointer } from "../diagnostics.js";
import { finding, type Finding } from "./finding.js";
import {
  isObject,
  pointerTokens,
  refOf,
  resolvePointer,
  resolveRefs,
  type JsonObject,
} from "./refs.js";
import { findSwagger2Patches } from "./swagger2-patches.js";

interface ConvertOptions {
  patch: boolean;
  warnOnly: boolean;
  anchors: boolean;
  text: string;
}

interface ConvertResult {
  openapi: JsonObject;
}

type ConvertObj = (swagger: JsonObject, options: ConvertOptions) => Promise<ConvertResult>;

const require = createRequire(import.meta.url);
const { convertObj } = require("swagger2openapi") as { convertObj: ConvertObj };

export type Conversion = { document: JsonObject; warnings: Finding[] } | { failure: Finding };

/**
 * Converts a validated Swagger 2.0 document to OpenAPI 3.0, keeping `$ref`s. Patching is
 * used only when a plain conversion refuses, and then every patch found is a warning.
 */
export async function convertSwagger2(source: JsonObject): Promise<Conversion> {
  try {
    return { document: await convert(source, false), warnings: [] };
  } catch (error) {
    if (!isPatchable(error)) return { failure: conversionFailure(error) };
  }

  const warnings = findSwagger2Patches(source);
  if (warnings.length === 0) {
    const message = "swagger2openapi patched something it could not name";
    warnings.push({ code: "converted-with-patch", severity: "warning", message, pointer: "" });
  }
  try {
    return { document: await convert(source, true), warnings };
  } catch (error) {
    return { failure: conversionFailure(error) };
  }
}

function convert(source: JsonObject, patch: boolean): Promise<JsonObject> {
  // `anchors` copies shared (YAML alias) objects instead of refusing them; `text` stops
  // the converter from serialising the whole input to YAML, which it only keeps around.
  // The converter works on a copy, so `source` stays as it was for locating.
  const options = { patch, warnOnly: false, anchors: true, text: "-" };
  return convertObj(source, options).then((result) => result.openapi);
}

function isPatchable(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("(Patchable)");
}

function conversionFailure(error: unknown): Finding {
  const message = `cannot convert Swagger 2.0 to OpenAPI 3.0: ${(error as Error).message}`;
  return finding("convert-failed", message, "");
}

/**
 * Maps a pointer in the converted document to the Swagger 2.0 place it came from, as far as
 * the two line up; the locator then settles on the deepest part that exists.
 */
export function swagger2SourcePointer(
  pointer: string,
  converted: JsonObject,
  source: JsonObject,
): string {
  const tokens = pointerTokens(pointer);
  const [head, kind, name, ...rest] = tokens;

  if (head === "components" && name !== undefined) {
    return joinPointer("", ...componentTokens(kind!, name, rest));
  }
  if (head === "servers") return "/host";
  if (head === "paths" && tokens.length > 1) {
    return joinPointer("", ...pathTokens(tokens, converted, source));
  }
  return pointer;
}

function componentTokens(kind: string, name: string, rest: string[]): string[] {
  switch (kind) {
    case "schemas":
      return ["definitions", name, ...rest];
    case "parameters":
      return ["parameters", name, ...rest];
    case "requestBodies":
      return ["parameters", name];
    case "responses":
      return ["responses", name, ...responseTokens(rest)];
    case "securitySchemes":
      return ["securityDefinitions", name, ...rest];
    default:
      return [];
  }
}

/** `/paths/<path>/parameters/i`, `/paths/<path>/<method>/...`: positions are fixed. */
function pathTokens(tokens: string[], converted: JsonObject, source: JsonObject): string[] {
  const listAt = tokens[2] === "parameters" ? 2 : tokens[3] === "parameters" ? 3 : -1;
  if (listAt !== -1 && tokens.length > listAt + 1) {
    const mapped = sourceParameterIndex(tokens.slice(0, listAt + 2), converted, source);
    return [...tokens.slice(0, listAt + 1), mapped, ...tokens.slice(listAt + 2)];
  }

  if (tokens[3] === "requestBody") return requestBodyTokens(tokens, source);

  if (tokens[3] === "responses" && tokens.length > 4) {
    return [...tokens.slice(0, 5), ...responseTokens(tokens.slice(5))];
  }

  return tokens;
}

/** 2.0 responses hold `schema` directly, not under `content/<media type>`. */
function responseTokens(rest: string[]): string[] {
  if (rest[0] === "content") return rest[2] === "schema" ? rest.slice(2) : [];
  if (rest[0] === "headers" && rest[2] === "schema") return [rest[0], rest[1]!, ...rest.slice(3)];
  return rest;
}

/** A 2.0 body parameter became the request body; it is found by `in: body`. */
function requestBodyTokens(tokens: string[], source: JsonObject): string[] {
  const operation = tokens.slice(0, 3);
  const list = resolvePointer(source, joinPointer("", ...operation, "parameters"))?.value;
  if (!Array.isArray(list)) return operation;

  const index = list.findIndex((entry) => resolved(source, entry)?.in === "body");
  if (index === -1) return operation;
  // requestBody/content/<media type>/schema/... is the body parameter's schema/...
  const schemaRest = tokens[6] === "schema" ? tokens.slice(6) : [];
  return [...operation, "parameters", String(index), ...schemaRest];
}

/** Conversion removes body and form parameters, so list positions shift; match by identity. */
function sourceParameterIndex(
  entryTokens: string[],
  converted: JsonObject,
  source: JsonObject,
): string {
  const entry = resolvePointer(converted, joinPointer("", ...entryTokens))?.value;
  const listPointer = joinPointer("", ...entryTokens.slice(0, -1));
  const list = resolvePointer(source, listPointer)?.value;
  const fallback = entryTokens[entryTokens.length - 1]!;
  if (!Array.isArray(list) || entry === undefined) return fallback;

  const wanted = parameterIdentity(entry, converted);
  const index = list.findIndex((candidate) => parameterIdentity(candidate, source) === wanted);
  return index === -1 ? fallback : String(index);
}

function parameterIdentity(entry: unknown, doc: JsonObject): string {
  const ref = refOf(entry);
  if (ref !== undefined) return `ref:${ref.slice(ref.lastIndexOf("/") + 1)}`;
  const parameter = resolved(doc, entry);
  return `${String(parameter?.in)}:${String(parameter?.name)}`;
}

function resolved(doc: JsonObject, entry: unknown): JsonObject | undefined {
  const value = resolveRefs(doc, { value: entry, pointer: "" })?.value;
  return isObject(value) ? value : undefined;
}

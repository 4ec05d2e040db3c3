import path from "node:path";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { joinPointer, SpecError, type Diagnostic, type SpecLocation } from "../diagnostics.js";
import { createLocator, locateInFile, sourceRefAt } from "./locate.js";
import { findDanglingRefs } from "./ref-check.js";
import { hideRemoteRefs, restoreRemoteRefs } from "./remote-refs.js";
import type { JsonObject } from "./refs.js";
import type { SourceSet } from "./source-files.js";

/** The fields of json-schema-ref-parser's errors that say what failed and where. */
interface RefParserError {
  name: string;
  message: string;
  source?: string;
  path?: Array<string | number> | null;
  targetToken?: string;
  targetFound?: string;
}

interface ErrorGroup {
  errors: RefParserError[];
}

/**
 * Brings every external `$ref` inside the entry document, leaving internal `$ref`s as they
 * are; throws a SpecError listing every `$ref` that points nowhere. The files were read and
 * parsed already, so the bundler is handed those values instead of reading the disk (or the
 * network) again; it rewrites them in place.
 */
export async function bundleSources(sources: SourceSet): Promise<JsonObject> {
  const dangling = findDanglingRefs(sources);
  if (dangling.length > 0) throw new SpecError(dangling);

  const root = sources.values.get(sources.entry) as JsonObject;
  // One file has nothing to bring in, and the bundler's bookkeeping is quadratic in the
  // number of `$ref`s: seconds for Stripe's spec.
  if (sources.files.size === 1) return root;

  let hidden = 0;
  for (const value of sources.values.values()) hidden += hideRemoteRefs(value);

  let bundled: JsonObject;
  try {
    const options = bundlerOptions(sources.values) as SwaggerParser.Options;
    bundled = (await new SwaggerParser().bundle(sources.entry, root as never, options)) as never;
  } catch (error) {
    throw new SpecError(bundleDiagnostics(error, sources));
  }

  if (hidden > 0) restoreRemoteRefs(bundled);
  return bundled;
}

function bundlerOptions(values: ReadonlyMap<string, unknown>): object {
  const lookup = (url: string): string | undefined => fileForUrl(url, values);
  const fromMemory = {
    order: 1,
    canRead: (file: { url: string }) => lookup(file.url) !== undefined,
    read: () => "",
  };
  const parsedAlready = {
    order: 1,
    allowEmpty: true,
    canParse: true,
    parse: (file: { url: string }) => values.get(lookup(file.url)!),
  };

  return {
    // Collect every dangling reference instead of stopping at the first.
    continueOnError: true,
    resolve: { external: true, file: false, http: false, fromMemory },
    parse: { json: false, yaml: false, text: false, binary: false, parsedAlready },
  };
}

function fileForUrl(url: string, values: ReadonlyMap<string, unknown>): string | undefined {
  const candidates = [url, safeDecode(url)];
  if (url.startsWith("file:")) candidates.push(fileURLToPath(url));
  return candidates.find((candidate) => values.has(candidate));
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

function bundleDiagnostics(error: unknown, sources: SourceSet): Diagnostic[] {
  const errors = isErrorGroup(error) ? error.errors : [error as RefParserError];
  const locate = createLocator(sources.documents, sources.entry);
  const unique = new Map<string, Diagnostic>();

  for (const e of errors) {
    const diagnostic = toDiagnostic(e, sources, locate);
    const { file, pointer } = diagnostic.location ?? {};
    unique.set(`${diagnostic.code} ${file} ${pointer} ${diagnostic.message}`, diagnostic);
  }

  return [...unique.values()].sort(byPosition);
}

function isErrorGroup(error: unknown): error is ErrorGroup {
  return (error as { name?: string })?.name === "JSONParserErrorGroup";
}

function toDiagnostic(
  e: RefParserError,
  sources: SourceSet,
  locate: (pointer: string) => SpecLocation,
): Diagnostic {
  if (e.name === "MissingPointerError") return danglingRef(e, sources, locate);

  const knownFile = e.source !== undefined && sources.files.has(e.source);
  const pointer = joinPointer("", ...(e.path ?? []));
  const location = knownFile
    ? locateInFile(sources.documents, e.source!, pointer)
    : locate("");
  return { code: "ref-unresolved", severity: "error", message: e.message, location };
}

/** The error's path is where the `$ref` sits in the bundled document. */
function danglingRef(
  e: RefParserError,
  sources: SourceSet,
  locate: (pointer: string) => SpecLocation,
): Diagnostic {
  const location = locate(joinPointer("", ...(e.path ?? [])));
  const ref = sourceRefAt(sources.documents, location.file, location.pointer) ?? "?";
  const within = `#${(e.targetFound ?? "").replace(/^#/, "")}`;
  const inFile =
    e.source && e.source !== location.file ? ` of ${relativeTo(location.file, e.source)}` : "";
  const message = `dangling $ref "${ref}": ${within}${inFile} has no "${e.targetToken}"`;
  return { code: "ref-dangling", severity: "error", message, location };
}

function relativeTo(fromFile: string, file: string): string {
  return path.relative(path.dirname(fromFile), file).split(path.sep).join("/");
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  const la = a.location;
  const lb = b.location;
  if (!la || !lb) return la ? -1 : lb ? 1 : 0;
  if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
  return (la.line ?? 0) - (lb.line ?? 0) || (la.column ?? 0) - (lb.column ?? 0);
}

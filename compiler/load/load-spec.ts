import path from "node:path";
import { SpecError, type Diagnostic, type SpecLocation } from "../diagnostics.js";
import { bundleSources } from "./bundle.js";
import { convertSwagger2, swagger2SourcePointer } from "./convert-swagger2.js";
import { toDiagnostic } from "./finding.js";
import { createLocator, locateInFile } from "./locate.js";
import type { LoadedSpec } from "./loaded-spec.js";
import type { JsonObject } from "./refs.js";
import { checkSemantics } from "./semantic-rules.js";
import { hashSources } from "./source-hash.js";
import { readSourceFiles } from "./source-files.js";
import { checkHeader } from "./spec-version.js";
import { validateAgainstMetaSchema } from "./validate-schema.js";

type Locate = (pointer: string) => SpecLocation;

/**
 * Reads, bundles and validates an OpenAPI 2.0, 3.0 or 3.1 document (one file or many),
 * converting 2.0 to 3.0. Throws a SpecError listing every problem found, each located.
 */
export async function loadSpec(file: string): Promise<LoadedSpec> {
  const entry = path.resolve(file);
  const sources = await readSourceFiles(entry);

  const header = checkHeader(sources.values.get(entry));
  if ("findings" in header) {
    const locateEntry = (pointer: string) => locateInFile(sources.documents, entry, pointer);
    throw new SpecError(header.findings.map((f) => toDiagnostic(f, locateEntry)));
  }

  const sourceHash = hashSources(entry, sources.files);
  const bundled = await bundleSources(sources);
  const locateBundled = createLocator(sources.documents, entry, bundled);
  const checks = await checkDocument(bundled, header.version, locateBundled);
  if (checks.some((d) => d.severity === "error")) throw new SpecError(checks);

  const loaded = { file: entry, sourceHash, warnings: checks };
  if (header.version === "2.0") return convertLoaded(loaded, bundled, locateBundled);

  const version = header.version;
  const document = bundled;
  return { ...loaded, sourceVersion: version, version, document, locate: locateBundled };
}

/**
 * The meta-schema and the semantic rules both run, so one build reports both kinds of
 * problem. Where both speak of the same object the rule's message is the clearer one.
 */
async function checkDocument(
  bundled: JsonObject,
  version: LoadedSpec["sourceVersion"],
  locate: Locate,
): Promise<Diagnostic[]> {
  const rules = checkSemantics(bundled, version).map((f) => toDiagnostic(f, locate));
  const schema = (await validateAgainstMetaSchema(bundled)).map((f) => toDiagnostic(f, locate));

  const ruled = new Set(rules.flatMap(({ location: l }) => [placeKey(l), parentKey(l)]));
  const unruled = schema.filter((d) => !ruled.has(placeKey(d.location)));
  return uniqueDiagnostics([...unruled, ...rules]);
}

function placeKey(location: SpecLocation | undefined): string {
  return `${location?.file}#${location?.pointer}`;
}

function parentKey(location: SpecLocation | undefined): string {
  const pointer = location?.pointer ?? "";
  return `${location?.file}#${pointer.slice(0, Math.max(0, pointer.lastIndexOf("/")))}`;
}

async function convertLoaded(
  loaded: Pick<LoadedSpec, "file" | "sourceHash" | "warnings">,
  bundled: JsonObject,
  locateSource: Locate,
): Promise<LoadedSpec> {
  const conversion = await convertSwagger2(bundled);
  if ("failure" in conversion) {
    throw new SpecError([toDiagnostic(conversion.failure, locateSource)]);
  }

  const document = conversion.document;
  const locate = (pointer: string): SpecLocation =>
    locateSource(swagger2SourcePointer(pointer, document, bundled));
  const warnings = [
    ...loaded.warnings,
    ...conversion.warnings.map((f) => toDiagnostic(f, locateSource)),
  ];
  return { ...loaded, sourceVersion: "2.0", version: "3.0", document, warnings, locate };
}

/** One mistake in a shared schema is found again at every place that uses it. */
function uniqueDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    const key = `${d.code} ${d.location?.file} ${d.location?.pointer} ${d.message}`;
    if (!seen.has(key)) seen.set(key, d);
  }
  return [...seen.values()];
}

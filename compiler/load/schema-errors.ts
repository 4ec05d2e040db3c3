import { joinPointer } from "../diagnostics.js";
import { finding, type Finding } from "./finding.js";
import { isObject, resolvePointer } from "./refs.js";

/** The parts of an Ajv error object this module reads. */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Keywords that only say "some alternative failed"; the alternatives' own errors say why. */
const SUMMARY_KEYWORDS = new Set(["oneOf", "anyOf", "allOf", "if", "then", "else", "not"]);

/** Properties whose value picks the alternative (`in: query`, `type: oauth2`, ...). */
const DISCRIMINATORS = new Set(["in", "type"]);

/** A generous bound: a dereferenced document repeats one mistake at every use. */
const MAX_FINDINGS = 500;

/**
 * Turns Ajv's errors into one finding per place. The meta-schemas say "a Reference or a
 * Parameter" with `oneOf`, so a mistake in a parameter also fails the Reference alternative
 * and every other kind of parameter; those echoes are dropped, keeping the errors of the
 * alternative the author evidently meant.
 */
export function summarizeSchemaErrors(errors: readonly AjvError[], doc: unknown): Finding[] {
  let kept = errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  if (kept.length === 0) return groupByPlace(errors.slice(0, 1), doc);

  const alternatives = new Set(
    errors.filter((e) => ["oneOf", "anyOf"].includes(e.keyword)).map((e) => e.instancePath),
  );
  kept = dropReferenceEchoes(kept, doc);
  kept = dropUnmeantBranches(kept);
  kept = dropDiscriminatorEchoes(kept, doc);
  kept = preferDeeperErrors(kept, alternatives);
  return groupByPlace(kept, doc);
}

/** Errors of the `{ $ref }` alternative, reported for objects that have no `$ref`. */
function dropReferenceEchoes(errors: AjvError[], doc: unknown): AjvError[] {
  const refFailures = new Set(
    errors.filter((e) => e.keyword === "required" && e.params.missingProperty === "$ref")
      .map((e) => e.instancePath),
  );
  const hasOther = (path: string): boolean =>
    errors.some((e) => isAtOrUnder(e.instancePath, path) && !isRefRequired(e));

  // Swagger 2.0's reference schema also forbids every other key, once per key.
  const echoedKeys = new Map<string, number>();
  const result: AjvError[] = [];
  for (const e of errors) {
    if (isRefRequired(e)) {
      if (!hasOther(e.instancePath)) result.push(e);
      continue;
    }
    if (refFailures.has(e.instancePath) && isReferenceKeyEcho(e, doc, echoedKeys)) continue;
    result.push(e);
  }
  return result;
}

function isRefRequired(e: AjvError): boolean {
  return e.keyword === "required" && e.params.missingProperty === "$ref";
}

function isReferenceKeyEcho(e: AjvError, doc: unknown, seen: Map<string, number>): boolean {
  if (e.keyword !== "additionalProperties") return false;
  const key = `${e.instancePath}/${String(e.params.additionalProperty)}`;
  const count = seen.get(key) ?? 0;
  seen.set(key, count + 1);
  // One report of each key is the reference alternative's; a second one is real.
  return count === 0 && !hasRef(doc, e.instancePath);
}

function hasRef(doc: unknown, pointer: string): boolean {
  const value = resolvePointer(doc, pointer)?.value;
  return isObject(value) && "$ref" in value;
}

/**
 * `in: path` fails the enums of the query, header and cookie alternatives; when the object
 * has other errors too, those enum errors only say which alternatives were not meant.
 */
function dropDiscriminatorEchoes(errors: AjvError[], doc: unknown): AjvError[] {
  return errors.filter((e) => {
    if (!isDiscriminatorError(e)) return true;
    const parent = parentOf(e.instancePath);
    if (!errors.some((o) => o.instancePath === parent)) return true;
    return !isObject(resolvePointer(doc, parent)?.value);
  });
}

/**
 * An alternative named in the meta-schema (`#/definitions/APIKeySecurityScheme`) whose
 * `type` or `in` does not match was not meant: all its errors on that object go.
 */
function dropUnmeantBranches(errors: AjvError[]): AjvError[] {
  const unmeant = errors.filter(isDiscriminatorError).flatMap((e) => {
    const branch = branchOf(e.schemaPath);
    return branch ? [{ branch, place: parentOf(e.instancePath) }] : [];
  });
  const isUnmeant = (e: AjvError): boolean => {
    const branch = branchOf(e.schemaPath);
    return unmeant.some((u) => branch === u.branch && isAtOrUnder(e.instancePath, u.place));
  };
  return errors.filter((e) => !isUnmeant(e));
}

function isDiscriminatorError(e: AjvError): boolean {
  if (e.keyword !== "enum" && e.keyword !== "const") return false;
  return DISCRIMINATORS.has(e.instancePath.slice(e.instancePath.lastIndexOf("/") + 1));
}

/** `#/definitions/X/oneOf/2/...` names the alternative `definitions/X/oneOf/2`. */
function branchOf(schemaPath: string): string | undefined {
  const named = /^#\/(?:definitions|\$defs)\/[^/]+(?:\/(?:oneOf|anyOf)\/\d+)?/.exec(schemaPath);
  return named?.[0];
}

/**
 * When an object failed every alternative but some error sits inside it (a property of the
 * wrong type), the author got the shape right: the other alternatives' complaints about
 * missing or unknown properties on the object itself are echoes.
 */
function preferDeeperErrors(errors: AjvError[], alternatives: Set<string>): AjvError[] {
  return errors.filter((e) => {
    if (!alternatives.has(e.instancePath) || !isShapeError(e)) return true;
    const inside = `${e.instancePath}/`;
    return !errors.some((o) => o.instancePath.startsWith(inside) && !isShapeError(o));
  });
}

function isShapeError(e: AjvError): boolean {
  return ["required", "additionalProperties", "unevaluatedProperties"].includes(e.keyword);
}

function parentOf(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf("/")));
}

function groupByPlace(errors: readonly AjvError[], doc: unknown): Finding[] {
  const byPointer = new Map<string, AjvError[]>();
  for (const e of errors) {
    const pointer = pointerOf(e);
    byPointer.set(pointer, [...(byPointer.get(pointer) ?? []), e]);
  }

  const findings = [...byPointer].map(([pointer, group]) =>
    finding("schema", describeGroup(group, pointer, doc), pointer),
  );
  return capped(findings);
}

/** An unknown property is reported at the property itself, so its line is shown. */
function pointerOf(e: AjvError): string {
  const extra = e.params.additionalProperty ?? e.params.unevaluatedProperty;
  return typeof extra === "string" ? joinPointer(e.instancePath, extra) : e.instancePath;
}

function describeGroup(group: AjvError[], pointer: string, doc: unknown): string {
  const allowed = group.flatMap((e) => (e.keyword === "enum" ? allowedValues(e) : []));
  const messages = group
    .filter((e) => e.keyword !== "enum")
    .map((e) => describe(e, pointer, doc));
  if (allowed.length > 0) messages.push(`must be one of ${[...new Set(allowed)].join(", ")}`);
  return [...new Set(messages)].join("; ");
}

function allowedValues(e: AjvError): string[] {
  const values = e.params.allowedValues;
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)) : [];
}

function describe(e: AjvError, pointer: string, doc: unknown): string {
  switch (e.keyword) {
    case "required":
      return `missing required property '${String(e.params.missingProperty)}'`;
    case "additionalProperties":
    case "unevaluatedProperties":
      return `unknown property '${lastToken(pointer)}'`;
    case "type":
      return `must be ${String(e.params.type)}, found ${typeName(resolvePointer(doc, pointer))}`;
    case "const":
      return `must be ${JSON.stringify(e.params.allowedValue)}`;
    default:
      return e.message ?? `fails '${e.keyword}'`;
  }
}

function typeName(found: { value: unknown } | undefined): string {
  const value = found?.value;
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && Number.isInteger(value)) return "integer";
  return typeof value === "object" ? "object" : typeof value;
}

function lastToken(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf("/") + 1).replace(/~1/g, "/").replace(/~0/g, "~");
}

function isAtOrUnder(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function capped(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_FINDINGS) return findings;
  const rest = findings.length - MAX_FINDINGS;
  const last = findings[MAX_FINDINGS - 1]!;
  const note = { ...last, message: `${last.message} (and ${rest} more schema errors)` };
  return [...findings.slice(0, MAX_FINDINGS - 1), note];
}

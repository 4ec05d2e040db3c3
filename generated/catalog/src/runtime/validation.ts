// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * ajv errors turned into `ValidationIssue`s that say where the fault is in
 * the request (which parameter, or where in the body) and into one 400
 * problem listing them all.
 */
import { HttpProblem } from "./problem.js";
import type { ParameterLocation, ValidationIssue, ValidatorError } from "./route.js";

type ValidatorErrors = readonly ValidatorError[] | null | undefined;

const LOCATIONS: readonly string[] = ["path", "query", "header", "cookie"];

/** Keywords whose error names a property that is not in `instancePath`. */
const PROPERTY_PARAMS = ["missingProperty", "additionalProperty", "unevaluatedProperty"];

/**
 * An `if` error only says that its `then` or `else` branch failed; the
 * branch's own errors, reported beside it, say how.
 */
function informative(errors: ValidatorErrors): readonly ValidatorError[] {
  return (errors ?? []).filter((error) => error.keyword !== "if").map(explained);
}

/** A `false` schema stands for a property that may not be sent (readOnly ones, say). */
function explained(error: ValidatorError): ValidatorError {
  if (error.keyword !== "false schema") return error;
  return { ...error, message: "must not be sent" };
}

/** Issues from the validator of `{ path, query, header, cookie }`. */
export function parameterIssues(errors: ValidatorErrors): ValidationIssue[] {
  return unique(informative(errors).map(parameterIssue));
}

/** Issues from a body validator; pointers are relative to the body. */
export function bodyIssues(errors: ValidatorErrors): ValidationIssue[] {
  return unique(informative(errors).map((error) => ({
    in: "body" as const,
    pointer: fullPointer(error),
    keyword: error.keyword,
    message: error.message ?? error.keyword,
  })));
}

export function validationProblem(issues: readonly ValidationIssue[]): HttpProblem {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return new HttpProblem({
    status: 400,
    detail: `${count} in the request`,
    extensions: { errors: issues },
  });
}

function parameterIssue(error: ValidatorError): ValidationIssue {
  const [location = "", name, ...rest] = splitPointer(fullPointer(error));
  const issue: ValidationIssue = {
    in: LOCATIONS.includes(location) ? (location as ParameterLocation) : "query",
    pointer: rest.map((segment) => `/${escapeSegment(segment)}`).join(""),
    keyword: error.keyword,
    message: error.message ?? error.keyword,
  };
  if (name !== undefined) issue.name = name;
  return issue;
}

/** `instancePath` plus the property a `required`-like error is about. */
function fullPointer(error: ValidatorError): string {
  const property = PROPERTY_PARAMS.map((key) => error.params?.[key]).find(isString);
  if (property === undefined) return error.instancePath;
  return `${error.instancePath}/${escapeSegment(property)}`;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** allErrors can report the same fault from several schema branches. */
function unique(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const { in: location, name, pointer, keyword, message } = issue;
    const key = JSON.stringify([location, name, pointer, keyword, message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

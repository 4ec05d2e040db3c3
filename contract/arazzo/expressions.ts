/**
 * Arazzo runtime expressions: `$inputs.x`, `$steps.login.outputs.token`,
 * `$response.body#/id`, `$statusCode` and the rest of the specification's
 * grammar, evaluated against what a workflow has seen so far. Strings may
 * embed expressions in braces: `Bearer {$steps.login.outputs.token}`.
 *
 * Two kinds of trouble are kept apart. An expression that cannot mean
 * anything here (an unknown source, a step that has not run, no response
 * yet) is an `ExpressionError`. A well-formed expression whose value is
 * simply absent (a JSON pointer past the end of a body, a header that was
 * not sent, an input nobody gave) is a `MissingValueError`, a subclass, so
 * that a success criterion can compare it with `null` while a request
 * built from it still fails loudly.
 */

import type { ContractResponse } from "../exchange.js";

export interface RequestSnapshot {
  method: string;
  /** The request target as sent: path and query string. */
  url: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  path: Record<string, unknown>;
  body?: unknown;
}

export interface WorkflowValues {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export interface ExpressionContext {
  inputs: Record<string, unknown>;
  steps: Record<string, { outputs: Record<string, unknown> }>;
  /** The current workflow's outputs, or a called workflow's in a step. */
  outputs?: Record<string, unknown>;
  workflows?: Record<string, WorkflowValues>;
  request?: RequestSnapshot;
  response?: ContractResponse;
  sourceDescriptions?: Record<string, { name: string; url: string; type?: string }>;
  components?: Record<string, unknown>;
}

export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = "ExpressionError";
  }
}

export class MissingValueError extends ExpressionError {
  constructor(expression: string, message: string) {
    super(expression, message);
    this.name = "MissingValueError";
  }
}

export type ParsedExpression =
  | { kind: "url" | "method" | "statusCode" }
  | { kind: "request" | "response"; source: "header" | "query" | "path"; name: string }
  | { kind: "request" | "response"; source: "body"; pointer?: string }
  | { kind: "inputs" | "outputs"; name: string; pointer?: string }
  | { kind: "steps"; stepId: string; name: string; pointer?: string }
  | { kind: "workflows"; workflowId: string; field: "inputs" | "outputs"; name: string;
      pointer?: string }
  | { kind: "sourceDescriptions"; name: string; field: string }
  | { kind: "components"; section: string; name: string };

const ROOTS = [
  "url", "method", "statusCode", "request", "response", "inputs", "outputs", "steps",
  "workflows", "sourceDescriptions", "components",
];

/** True when `text` starts like a runtime expression, e.g. `$inputs.x`. */
export function looksLikeExpression(text: string): boolean {
  return /^\$[A-Za-z]/.test(text);
}

export function parseExpression(text: string): ParsedExpression {
  const match = /^\$([A-Za-z]+)(.*)$/s.exec(text);
  if (!match || !ROOTS.includes(match[1]!)) {
    throw new ExpressionError(text, `${quote(text)} is not a runtime expression`);
  }

  const [, root, rest] = match as unknown as [string, string, string];
  if (root === "url" || root === "method" || root === "statusCode") {
    if (rest !== "") throw malformed(text);
    return { kind: root };
  }
  if (!rest.startsWith(".") || rest.length === 1) throw malformed(text);
  return parseBranch(text, root, rest.slice(1));
}

function parseBranch(text: string, root: string, rest: string): ParsedExpression {
  switch (root) {
    case "request":
    case "response":
      return parseSource(text, root, rest);
    case "inputs":
    case "outputs":
      return { kind: root, ...nameAndPointer(text, rest) };
    case "steps":
      return parseSteps(text, rest);
    case "workflows":
      return parseWorkflows(text, rest);
    case "sourceDescriptions":
      return parseSourceDescription(text, rest);
    default:
      return parseComponents(text, rest);
  }
}

function parseSource(text: string, kind: "request" | "response", rest: string): ParsedExpression {
  if (rest === "body" || rest.startsWith("body#")) {
    const hash = rest.indexOf("#");
    if (hash < 0) return { kind, source: "body" };
    return { kind, source: "body", pointer: rest.slice(hash + 1) };
  }

  const match = /^(header|query|path)\.(.+)$/s.exec(rest);
  if (!match) throw malformed(text, "expected body, header.<name>, query.<name> or path.<name>");
  const source = match[1] as "header" | "query" | "path";
  if (source === "header" && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(match[2]!)) {
    throw malformed(text, "a header name is a token");
  }
  return { kind, source, name: match[2]! };
}

function parseSteps(text: string, rest: string): ParsedExpression {
  const match = /^([^.#]+)\.outputs\.(.+)$/s.exec(rest);
  if (!match) throw malformed(text, "expected $steps.<stepId>.outputs.<name>");
  return { kind: "steps", stepId: match[1]!, ...nameAndPointer(text, match[2]!) };
}

function parseWorkflows(text: string, rest: string): ParsedExpression {
  const match = /^([^.#]+)\.(inputs|outputs)\.(.+)$/s.exec(rest);
  if (!match) throw malformed(text, "expected $workflows.<workflowId>.inputs|outputs.<name>");
  const field = match[2] as "inputs" | "outputs";
  return { kind: "workflows", workflowId: match[1]!, field, ...nameAndPointer(text, match[3]!) };
}

function parseSourceDescription(text: string, rest: string): ParsedExpression {
  const match = /^([^.]+)\.(.+)$/s.exec(rest);
  if (!match) throw malformed(text, "expected $sourceDescriptions.<name>.url");
  return { kind: "sourceDescriptions", name: match[1]!, field: match[2]! };
}

function parseComponents(text: string, rest: string): ParsedExpression {
  const match = /^([^.]+)\.(.+)$/s.exec(rest);
  if (!match) throw malformed(text, "expected $components.<section>.<name>");
  return { kind: "components", section: match[1]!, name: match[2]! };
}

function nameAndPointer(text: string, rest: string): { name: string; pointer?: string } {
  const hash = rest.indexOf("#");
  const name = hash < 0 ? rest : rest.slice(0, hash);
  if (name === "") throw malformed(text, "a name is missing");
  return hash < 0 ? { name } : { name, pointer: rest.slice(hash + 1) };
}

function malformed(text: string, why?: string): ExpressionError {
  return new ExpressionError(text, `${quote(text)} is malformed${why ? `: ${why}` : ""}`);
}

export function evaluateExpression(text: string, ctx: ExpressionContext): unknown {
  const parsed = parseExpression(text);
  switch (parsed.kind) {
    case "url":
      return needRequest(text, ctx).url;
    case "method":
      return needRequest(text, ctx).method.toUpperCase();
    case "statusCode":
      return needResponse(text, ctx).status;
    case "request":
    case "response":
      return evaluateSource(text, parsed, ctx);
    default:
      return evaluateNamed(text, parsed, ctx);
  }
}

function evaluateSource(
  text: string,
  parsed: Extract<ParsedExpression, { kind: "request" | "response" }>,
  ctx: ExpressionContext,
): unknown {
  const message = parsed.kind === "request" ? needRequest(text, ctx) : needResponse(text, ctx);
  if (parsed.source === "body") {
    if (parsed.pointer === undefined) return message.body;
    return resolvePointer(message.body, parsed.pointer, text);
  }
  if (parsed.source === "header") return headerValue(text, message.headers, parsed.name);

  if (parsed.kind === "response") {
    const why = `a response has no ${parsed.source} parameters`;
    throw new ExpressionError(text, `${quote(text)}: ${why}`);
  }
  const values = (message as RequestSnapshot)[parsed.source];
  if (!Object.hasOwn(values, parsed.name)) {
    throw new MissingValueError(text, `${quote(text)}: the request had no ${parsed.source} ` +
      `parameter "${parsed.name}"`);
  }
  return values[parsed.name];
}

function headerValue(text: string, headers: Record<string, string>, name: string): string {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  if (key === undefined) {
    throw new MissingValueError(text, `${quote(text)}: there is no ${name} header`);
  }
  return headers[key]!;
}

function evaluateNamed(text: string, parsed: ParsedExpression, ctx: ExpressionContext): unknown {
  switch (parsed.kind) {
    case "inputs":
      return member(text, ctx.inputs, parsed.name, parsed.pointer, "input", MissingValueError);
    case "outputs":
      return member(text, ctx.outputs ?? {}, parsed.name, parsed.pointer, "output");
    case "steps":
      return stepOutput(text, parsed, ctx);
    case "workflows":
      return workflowValue(text, parsed, ctx);
    case "sourceDescriptions":
      return sourceDescriptionValue(text, parsed, ctx);
    case "components":
      return componentValue(text, parsed, ctx);
    default:
      throw new ExpressionError(text, `${quote(text)} cannot be evaluated here`);
  }
}

function stepOutput(
  text: string,
  parsed: Extract<ParsedExpression, { kind: "steps" }>,
  ctx: ExpressionContext,
): unknown {
  const step = ctx.steps[parsed.stepId];
  if (!step) {
    throw new ExpressionError(text, `${quote(text)}: step "${parsed.stepId}" has not run`);
  }
  return member(text, step.outputs, parsed.name, parsed.pointer, "output");
}

function workflowValue(
  text: string,
  parsed: Extract<ParsedExpression, { kind: "workflows" }>,
  ctx: ExpressionContext,
): unknown {
  const workflow = ctx.workflows?.[parsed.workflowId];
  if (!workflow) {
    throw new ExpressionError(text, `${quote(text)}: workflow "${parsed.workflowId}" has not run`);
  }
  const kind = parsed.field === "inputs" ? "input" : "output";
  const missing = parsed.field === "inputs" ? MissingValueError : ExpressionError;
  return member(text, workflow[parsed.field], parsed.name, parsed.pointer, kind, missing);
}

function sourceDescriptionValue(
  text: string,
  parsed: Extract<ParsedExpression, { kind: "sourceDescriptions" }>,
  ctx: ExpressionContext,
): unknown {
  const source = ctx.sourceDescriptions?.[parsed.name];
  if (!source) {
    throw new ExpressionError(text, `${quote(text)}: no source description "${parsed.name}"`);
  }
  if (parsed.field !== "url" && parsed.field !== "name" && parsed.field !== "type") {
    throw new ExpressionError(text, `${quote(text)}: only url, name and type can be read`);
  }
  return source[parsed.field];
}

function componentValue(
  text: string,
  parsed: Extract<ParsedExpression, { kind: "components" }>,
  ctx: ExpressionContext,
): unknown {
  const section = ctx.components?.[parsed.section] as Record<string, unknown> | undefined;
  if (!section || !Object.hasOwn(section, parsed.name)) {
    throw new ExpressionError(text, `${quote(text)}: no such component`);
  }
  return section[parsed.name];
}

/**
 * Reads `name` from `values`. Output names may themselves contain dots, so
 * the longest matching key wins before a dot is read as a step into an
 * object.
 */
function member(
  text: string,
  values: Record<string, unknown>,
  name: string,
  pointer: string | undefined,
  kind: string,
  Missing: typeof ExpressionError = ExpressionError,
): unknown {
  const value = walkName(values, name);
  if (value === ABSENT) throw new Missing(text, `${quote(text)}: there is no ${kind} "${name}"`);
  return pointer === undefined ? value : resolvePointer(value, pointer, text);
}

const ABSENT = Symbol("absent");

function walkName(values: unknown, name: string): unknown {
  if (!isObject(values)) return ABSENT;
  if (Object.hasOwn(values, name)) return values[name];

  const dot = name.indexOf(".");
  if (dot < 0) return ABSENT;
  const head = name.slice(0, dot);
  return Object.hasOwn(values, head) ? walkName(values[head], name.slice(dot + 1)) : ABSENT;
}

/** RFC 6901; a pointer that leads nowhere is a `MissingValueError`. */
export function resolvePointer(value: unknown, pointer: string, expression = pointer): unknown {
  if (pointer === "") return value;
  if (!pointer.startsWith("/")) {
    const why = `"${pointer}" is not a JSON pointer`;
    throw new ExpressionError(expression, `${quote(expression)}: ${why}`);
  }

  let current = value;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    current = pointerStep(current, token);
    if (current === ABSENT) {
      throw new MissingValueError(expression, `${quote(expression)}: nothing at "${pointer}"`);
    }
  }
  return current;
}

function pointerStep(value: unknown, token: string): unknown {
  if (Array.isArray(value)) {
    const index = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : value.length;
    return index < value.length ? value[index] : ABSENT;
  }
  return isObject(value) && Object.hasOwn(value, token) ? value[token] : ABSENT;
}

/** Replaces each `{$…}` in `template` with its value as text. */
export function interpolate(template: string, ctx: ExpressionContext): string {
  return template.replace(/\{(\$[^{}]*)\}/g, (_, expression: string) =>
    asText(evaluateExpression(expression.trim(), ctx)),
  );
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined ? "" : JSON.stringify(value);
}

/**
 * Resolves a value written in the document: a whole-string expression
 * keeps its type (`$inputs.age` stays a number), a string with embedded
 * expressions becomes text, and objects and arrays are resolved member by
 * member.
 */
export function resolveValue(value: unknown, ctx: ExpressionContext): unknown {
  if (typeof value === "string") return resolveString(value, ctx);
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, ctx));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, ctx)]));
  }
  return value;
}

function resolveString(value: string, ctx: ExpressionContext): unknown {
  if (looksLikeExpression(value)) return evaluateExpression(value, ctx);
  const whole = /^\{(\$[^{}]*)\}$/.exec(value);
  if (whole) return evaluateExpression(whole[1]!.trim(), ctx);
  return value.includes("{$") ? interpolate(value, ctx) : value;
}

function needRequest(text: string, ctx: ExpressionContext): RequestSnapshot {
  if (!ctx.request) throw new ExpressionError(text, `${quote(text)}: no request has been sent`);
  return ctx.request;
}

function needResponse(text: string, ctx: ExpressionContext): ContractResponse {
  if (!ctx.response) {
    throw new ExpressionError(text, `${quote(text)}: no response has been received`);
  }
  return ctx.response;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  return `"${text}"`;
}

// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Success criteria: whether a step's exchange satisfies a Criterion
 * Object. `simple` conditions compare runtime expressions and literals;
 * `regex` matches a pattern against the value its `context` names (JSON
 * text when that value is not a string); `jsonpath` queries the `context`
 * value (see `jsonpath.ts`). `xpath` is refused.
 *
 * In a simple condition an operand whose value is absent — a JSON pointer
 * past the end of a body, a header not sent — compares as `null`, so
 * `$response.body#/password == null` asserts that a body has no password.
 * Operands that cannot mean anything (an unknown step, no response yet)
 * are errors.
 */

import {
  ConditionError,
  evaluateCondition,
  parseCondition,
  type Operand,
} from "./condition.js";
import {
  evaluateExpression,
  ExpressionError,
  MissingValueError,
  type ExpressionContext,
} from "./expressions.js";
import { JsonPathError, testJsonPath } from "./jsonpath.js";
import type { Criterion, CriterionKind } from "./types.js";

export interface CriterionResult {
  passed: boolean;
  /** Each runtime expression the condition read, with its value. */
  values: Record<string, unknown>;
}

/** A criterion that cannot be evaluated, as opposed to one that is false. */
export class CriterionError extends Error {
  constructor(
    readonly condition: string,
    message: string,
  ) {
    super(message);
    this.name = "CriterionError";
  }
}

export function criterionKind(criterion: Criterion): CriterionKind {
  const type = criterion.type;
  if (type === undefined) return "simple";
  return typeof type === "string" ? type : type.type;
}

export function evaluateCriterion(criterion: Criterion, ctx: ExpressionContext): CriterionResult {
  try {
    return evaluateByKind(criterion, ctx);
  } catch (error) {
    throw asCriterionError(criterion, error);
  }
}

function evaluateByKind(criterion: Criterion, ctx: ExpressionContext): CriterionResult {
  const kind = criterionKind(criterion);
  if (kind === "simple") return evaluateSimple(unwrap(criterion.condition), ctx);

  const context = criterion.context;
  if (context === undefined) {
    throw new CriterionError(criterion.condition, `a ${kind} criterion needs a context`);
  }
  const value = evaluateExpression(context, ctx);
  const values = { [context]: value };
  if (kind === "regex") return { passed: matchRegex(criterion.condition, value), values };
  if (kind === "jsonpath") return { passed: testJsonPath(criterion.condition, value), values };
  throw new CriterionError(criterion.condition, `${kind} criteria are not supported`);
}

/** The specification's examples sometimes wrap a condition in braces. */
function unwrap(condition: string): string {
  const match = /^\s*\{(\$[\s\S]*)\}\s*$/.exec(condition);
  return match ? match[1]! : condition;
}

export function evaluateSimple(condition: string, ctx: ExpressionContext): CriterionResult {
  const values: Record<string, unknown> = {};
  const node = parseCondition(condition, { operandStart: "$" });
  const reader = {
    operand(text: string): Operand {
      const operand = readOperand(text, ctx);
      values[text] = operand.present ? operand.value : undefined;
      return operand;
    },
  };
  return { passed: evaluateCondition(node, reader, truthy), values };
}

function readOperand(text: string, ctx: ExpressionContext): Operand {
  try {
    return { value: evaluateExpression(text, ctx), present: true };
  } catch (error) {
    if (error instanceof MissingValueError) return { value: null, present: false };
    throw error;
  }
}

/** A bare operand holds when it is present and not false, null, 0 or ''. */
function truthy(operand: Operand): boolean {
  return operand.present && Boolean(operand.value);
}

function matchRegex(pattern: string, value: unknown): boolean {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    throw new CriterionError(pattern, `"${pattern}" is not a valid regular expression: ` +
      (error as Error).message);
  }
  return regex.test(text ?? "");
}

function asCriterionError(criterion: Criterion, error: unknown): Error {
  if (error instanceof CriterionError) return error;
  const known = error instanceof ExpressionError || error instanceof ConditionError ||
    error instanceof JsonPathError;
  if (!known) return error as Error;
  return new CriterionError(criterion.condition,
    `cannot evaluate "${criterion.condition}": ${error.message}`);
}

export interface CriteriaOutcome {
  passed: boolean;
  /** Criteria that were false, each with the values it read. */
  failed: Array<{ criterion: Criterion; values: Record<string, unknown> }>;
}

/** Evaluates every criterion; all must hold. Errors propagate. */
export function checkCriteria(criteria: Criterion[], ctx: ExpressionContext): CriteriaOutcome {
  const failed: CriteriaOutcome["failed"] = [];
  for (const criterion of criteria) {
    const result = evaluateCriterion(criterion, ctx);
    if (!result.passed) failed.push({ criterion, values: result.values });
  }
  return { passed: failed.length === 0, failed };
}

/** How a failed criterion reads in a report. */
export function describeFailure(criterion: Criterion, values: Record<string, unknown>): string {
  const kind = criterionKind(criterion);
  const label = kind === "simple" ? "" : `${kind} `;
  const context = criterion.context ? ` on ${criterion.context}` : "";
  const read = Object.entries(values).map(([k, v]) => `${k} = ${show(v)}`);
  const where = read.length > 0 ? ` (${read.join(", ")})` : "";
  return `${label}condition "${criterion.condition}"${context} is false${where}`;
}

function show(value: unknown): string {
  if (value === undefined) return "absent";
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

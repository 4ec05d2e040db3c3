// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Reads an Arazzo 1.0 document (YAML or JSON) and refuses a malformed one
 * with every problem found, each named by file, JSON pointer, line and
 * column. The schema checks shapes; the rules after it check what a
 * schema cannot: exactly one operation reference per step, unique ids,
 * and that `goto` targets, components and runtime expressions exist.
 */

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

import type { Ajv2020 as Ajv2020Type, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";

import { looksLikeExpression, parseExpression } from "./expressions.js";
import { ARAZZO_SCHEMA } from "./schema.js";
import type {
  ArazzoDocument,
  Criterion,
  FailureAction,
  Parameter,
  Reusable,
  Step,
  SuccessAction,
  Workflow,
} from "./types.js";

// ajv is CommonJS; its default export is reached this way.
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as typeof Ajv2020Type;

export interface ArazzoIssue {
  /** JSON pointer into the document, e.g. `/workflows/0/steps/1`. */
  pointer: string;
  message: string;
  line?: number;
  column?: number;
}

export class ArazzoLoadError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ArazzoIssue[],
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join("\n"));
    this.name = "ArazzoLoadError";
  }
}

export function formatIssue(file: string, issue: ArazzoIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column}`;
  return `${where} #${issue.pointer}: ${issue.message}`;
}

export interface LoadedArazzo {
  file: string;
  document: ArazzoDocument;
  /** Line and column (1-based) of the node at a JSON pointer, or its nearest parent. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

export async function loadArazzo(file: string): Promise<LoadedArazzo> {
  return parseArazzo(await readFile(file, "utf8"), file);
}

export function parseArazzo(text: string, file: string): LoadedArazzo {
  const lineCounter = new LineCounter();
  const yamlDoc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (yamlDoc.errors.length > 0) {
    throw new ArazzoLoadError(file, syntaxIssues(yamlDoc, lineCounter));
  }

  const locate = locator(yamlDoc, lineCounter);
  const document = yamlDoc.toJS() as unknown;
  const issues = validateArazzo(document)
    .map((issue) => ({ ...issue, ...locate(issue.pointer) }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (issues.length > 0) throw new ArazzoLoadError(file, issues);
  return { file, document: document as ArazzoDocument, locate };
}

function syntaxIssues(doc: Document, lineCounter: LineCounter): ArazzoIssue[] {
  return doc.errors.map((error) => {
    const position = lineCounter.linePos(error.pos[0]);
    const message = error.message.split("\n")[0]!;
    return { pointer: "", message, line: position.line, column: position.col };
  });
}

function locator(doc: Document, lineCounter: LineCounter) {
  return (pointer: string) => {
    const path = pointerTokens(pointer);
    for (let length = path.length; length >= 0; length--) {
      const node = nodeAt(doc, path.slice(0, length));
      if (node?.range) {
        const position = lineCounter.linePos(node.range[0]);
        return { line: position.line, column: position.col };
      }
    }
    return undefined;
  };
}

/** A mapping member is located at its key, where a reader looks for it. */
function nodeAt(doc: Document, path: Array<string | number>): Node | undefined {
  const parent = path.length === 0 ? undefined : doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const last = String(path.at(-1));
    const pair = parent.items.find(
      (item) => isScalar(item.key) && String(item.key.value) === last,
    );
    if (isScalar(pair?.key)) return pair.key;
  }
  return doc.getIn(path, true) as Node | undefined;
}

function pointerTokens(pointer: string): Array<string | number> {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

/** Every problem with `document`, unlocated; empty when it is valid. */
export function validateArazzo(document: unknown): ArazzoIssue[] {
  const validate = schemaValidator();
  if (!validate(document)) return schemaIssues(validate.errors ?? []);
  return semanticIssues(document as ArazzoDocument);
}

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    compiled = ajv.compile(ARAZZO_SCHEMA);
  }
  return compiled;
}

function schemaIssues(errors: ErrorObject[]): ArazzoIssue[] {
  const seen = new Set<string>();
  const issues: ArazzoIssue[] = [];
  for (const error of errors) {
    if (error.keyword === "if") continue;
    const issue = schemaIssue(error);
    const key = `${issue.pointer} ${issue.message}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return issues;
}

function schemaIssue(error: ErrorObject): ArazzoIssue {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { pointer: error.instancePath, message: `"${params.missingProperty}" is required` };
    case "additionalProperties":
      return {
        pointer: `${error.instancePath}/${escapeToken(String(params.additionalProperty))}`,
        message: `unknown field "${params.additionalProperty}"`,
      };
    case "enum":
      return {
        pointer: error.instancePath,
        message: `must be one of ${quoteAll(params.allowedValues as unknown[])}`,
      };
    default:
      return { pointer: error.instancePath, message: error.message ?? error.keyword };
  }
}

function quoteAll(values: unknown[]): string {
  return values.map((v) => `"${String(v)}"`).join(", ");
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

class Issues {
  readonly list: ArazzoIssue[] = [];

  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }
}

function semanticIssues(doc: ArazzoDocument): ArazzoIssue[] {
  const issues = new Issues();
  const sources = new Set<string>();
  doc.sourceDescriptions.forEach((source, i) => {
    if (sources.has(source.name)) issues.add(`/sourceDescriptions/${i}/name`, "duplicate name");
    sources.add(source.name);
  });

  const workflowIds = new Set<string>();
  doc.workflows.forEach((workflow, i) => {
    if (workflowIds.has(workflow.workflowId)) {
      issues.add(`/workflows/${i}/workflowId`, `duplicate workflowId "${workflow.workflowId}"`);
    }
    workflowIds.add(workflow.workflowId);
  });

  const scope = { doc, sources, workflowIds, issues };
  doc.workflows.forEach((workflow, i) => checkWorkflow(scope, workflow, `/workflows/${i}`));
  return issues.list;
}

interface Scope {
  doc: ArazzoDocument;
  sources: Set<string>;
  workflowIds: Set<string>;
  issues: Issues;
}

function checkWorkflow(scope: Scope, workflow: Workflow, at: string): void {
  const stepIds = new Set<string>();
  workflow.steps.forEach((step, i) => {
    if (stepIds.has(step.stepId)) {
      scope.issues.add(`${at}/steps/${i}/stepId`, `duplicate stepId "${step.stepId}"`);
    }
    stepIds.add(step.stepId);
  });

  workflow.dependsOn?.forEach((id, i) => checkWorkflowRef(scope, id, `${at}/dependsOn/${i}`));
  workflow.steps.forEach((step, i) => checkStep(scope, step, stepIds, `${at}/steps/${i}`));
  checkActions(scope, workflow.successActions, stepIds, `${at}/successActions`, "successActions");
  checkActions(scope, workflow.failureActions, stepIds, `${at}/failureActions`, "failureActions");
  checkParameters(scope, workflow.parameters, `${at}/parameters`, false);
  checkOutputs(scope, workflow.outputs, `${at}/outputs`);
}

function checkStep(scope: Scope, step: Step, stepIds: Set<string>, at: string): void {
  const targets = (["operationId", "operationPath", "workflowId"] as const).filter(
    (field) => step[field] !== undefined,
  );
  if (targets.length !== 1) {
    const found = targets.length === 0 ? "none" : targets.join(" and ");
    scope.issues.add(at, `a step needs exactly one of operationId, operationPath or workflowId ` +
      `(found ${found})`);
  }

  if (step.workflowId !== undefined) checkWorkflowRef(scope, step.workflowId, `${at}/workflowId`);
  if (step.operationId !== undefined) checkOperationId(scope, step.operationId, at);
  if (step.operationPath !== undefined) checkOperationPath(scope, step.operationPath, at);
  checkParameters(scope, step.parameters, `${at}/parameters`, step.workflowId === undefined);
  step.successCriteria?.forEach((c, i) => checkCriterion(scope, c, `${at}/successCriteria/${i}`));
  checkActions(scope, step.onSuccess, stepIds, `${at}/onSuccess`, "successActions");
  checkActions(scope, step.onFailure, stepIds, `${at}/onFailure`, "failureActions");
  checkOutputs(scope, step.outputs, `${at}/outputs`);
}

function checkWorkflowRef(scope: Scope, id: string, at: string): void {
  const external = /^\$sourceDescriptions\.([^.]+)\./.exec(id);
  if (external) {
    if (!scope.sources.has(external[1]!)) {
      scope.issues.add(at, `no source description "${external[1]}"`);
    }
  } else if (!scope.workflowIds.has(id)) {
    scope.issues.add(at, `no workflow "${id}"`);
  }
}

function checkOperationId(scope: Scope, operationId: string, at: string): void {
  const qualified = /^\$sourceDescriptions\.([^.]+)\.(.+)$/.exec(operationId);
  if (qualified && !scope.sources.has(qualified[1]!)) {
    scope.issues.add(`${at}/operationId`, `no source description "${qualified[1]}"`);
  }
}

function checkOperationPath(scope: Scope, operationPath: string, at: string): void {
  const match = /^\{\$sourceDescriptions\.([^.}]+)\.url\}#(\/.*)$/.exec(operationPath);
  if (!match) {
    scope.issues.add(`${at}/operationPath`,
      "must look like {$sourceDescriptions.<name>.url}#/paths/<path>/<method>");
  } else if (!scope.sources.has(match[1]!)) {
    scope.issues.add(`${at}/operationPath`, `no source description "${match[1]}"`);
  }
}

function checkParameters(
  scope: Scope,
  parameters: Array<Parameter | Reusable> | undefined,
  at: string,
  needsIn: boolean,
): void {
  const seen = new Set<string>();
  parameters?.forEach((item, i) => {
    const parameter = resolveReusable(scope, item, "parameters", `${at}/${i}`) as
      Parameter | undefined;
    if (!parameter) return;
    if (needsIn && parameter.in === undefined) {
      scope.issues.add(`${at}/${i}`, `parameter "${parameter.name}" needs "in" for an operation`);
    }
    const key = `${parameter.in ?? ""}:${parameter.name}`;
    if (seen.has(key)) scope.issues.add(`${at}/${i}`, `duplicate parameter "${parameter.name}"`);
    seen.add(key);
  });
}

function checkActions(
  scope: Scope,
  actions: Array<SuccessAction | FailureAction | Reusable> | undefined,
  stepIds: Set<string>,
  at: string,
  section: "successActions" | "failureActions",
): void {
  actions?.forEach((item, i) => {
    const action = resolveReusable(scope, item, section, `${at}/${i}`) as
      SuccessAction | FailureAction | undefined;
    if (action) checkAction(scope, action, stepIds, `${at}/${i}`);
  });
}

function checkAction(
  scope: Scope,
  action: SuccessAction | FailureAction,
  stepIds: Set<string>,
  at: string,
): void {
  if (action.stepId !== undefined && action.workflowId !== undefined) {
    scope.issues.add(at, `action "${action.name}" has both stepId and workflowId`);
  }
  if (action.type === "goto" && action.stepId === undefined && action.workflowId === undefined) {
    scope.issues.add(at, `goto action "${action.name}" needs a stepId or a workflowId`);
  }
  if (action.stepId !== undefined && !stepIds.has(action.stepId)) {
    scope.issues.add(`${at}/stepId`, `no step "${action.stepId}" in this workflow`);
  }
  if (action.workflowId !== undefined) {
    checkWorkflowRef(scope, action.workflowId, `${at}/workflowId`);
  }
  action.criteria?.forEach((c, i) => checkCriterion(scope, c, `${at}/criteria/${i}`));
}

function resolveReusable(
  scope: Scope,
  item: object,
  section: "parameters" | "successActions" | "failureActions",
  at: string,
): object | undefined {
  if (!("reference" in item)) return item;
  const reference = (item as Reusable).reference;
  const match = /^\$components\.([^.]+)\.(.+)$/.exec(reference);
  const found = match?.[1] === section ? scope.doc.components?.[section]?.[match[2]!] : undefined;
  if (!found) {
    scope.issues.add(`${at}/reference`, `"${reference}" is not a component ${section} entry`);
  }
  return found;
}

function checkCriterion(scope: Scope, criterion: Criterion, at: string): void {
  const typed = criterion.type !== undefined && criterion.type !== "simple";
  if (typed && criterion.context === undefined) {
    scope.issues.add(at, "a criterion with a type needs a context");
  }
  if (criterion.context !== undefined) checkExpression(scope, criterion.context, `${at}/context`);
}

function checkOutputs(scope: Scope, outputs: Record<string, string> | undefined, at: string) {
  for (const [key, value] of Object.entries(outputs ?? {})) {
    checkExpression(scope, value, `${at}/${escapeToken(key)}`);
  }
}

/** A value that starts like an expression must be one; embedded ones too. */
function checkExpression(scope: Scope, value: string, at: string): void {
  const embedded = [...value.matchAll(/\{(\$[^{}]*)\}/g)].map((m) => m[1]!.trim());
  const expressions = looksLikeExpression(value) ? [value] : embedded;
  for (const expression of expressions) {
    try {
      parseExpression(expression);
    } catch (error) {
      scope.issues.add(at, (error as Error).message);
    }
  }
}

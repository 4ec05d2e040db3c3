// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Runs an Arazzo workflow against a target: each step's request is built,
 * sent, judged by its success criteria (a 2xx status when it has none),
 * and followed by the first success or failure action whose criteria hold.
 *
 * The report is the run's log: every attempt of every step, in order, with
 * its request, response and failures. A workflow passes when it reaches its
 * end, or an `end` success action, without an unhandled failure; a step
 * that fails and is sent elsewhere by a `goto` failure action stays in the
 * log as failed, but does not fail the workflow. Errors (an expression
 * that cannot be evaluated, a request that cannot be built or sent) are
 * never handled by actions: they end the workflow.
 */

import type { ContractRequest, ContractResponse, Failure, Target } from "../exchange.js";
import { buildRequest } from "./build-request.js";
import { checkCriteria, describeFailure, evaluateCriterion } from "./criteria.js";
import {
  evaluateExpression,
  resolveValue,
  type ExpressionContext,
  type WorkflowValues,
} from "./expressions.js";
import { prepareInputs, runSuffix } from "./inputs.js";
import { operationFromPointer, type OperationLookup, type OperationRef } from "./operations.js";
import {
  isReusable,
  type ArazzoDocument,
  type Criterion,
  type FailureAction,
  type Parameter,
  type Reusable,
  type Step,
  type SuccessAction,
  type Workflow,
} from "./types.js";

export interface RunOptions {
  target: Target;
  operations: OperationLookup;
  /** Inputs of the workflow; those missing are made up from its schema. */
  inputs?: Record<string, unknown>;
  /** Makes made-up inputs reproducible. */
  seed?: string;
  /** Step attempts allowed in one run, so a `goto` loop ends. Default 100. */
  maxSteps?: number;
  /** How a retry waits; tests may pass one that does not. */
  sleep?: (ms: number) => Promise<void>;
}

export interface StepReport {
  stepId: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
  request?: ContractRequest;
  response?: ContractResponse;
  passed: boolean;
  failures: Failure[];
  outputs: Record<string, unknown>;
  /** The success or failure action taken after this attempt. */
  action?: { name: string; type: string };
  /** The report of the workflow this step ran or an action went to. */
  workflow?: WorkflowReport;
}

export interface WorkflowReport {
  workflowId: string;
  passed: boolean;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  steps: StepReport[];
  /** Failures outside any one step: a dependency, the outputs, the step limit. */
  failures: Failure[];
  dependencies?: WorkflowReport[];
}

interface Run {
  doc: ArazzoDocument;
  options: RunOptions;
  seed: string;
  invocations: number;
  budget: number;
  workflows: Record<string, WorkflowValues>;
}

type Flow =
  | { kind: "next" }
  | { kind: "end"; failed: boolean }
  | { kind: "step"; stepId: string }
  | { kind: "workflow"; workflowId: string };

export async function runWorkflow(
  doc: ArazzoDocument,
  workflowId: string,
  options: RunOptions,
): Promise<WorkflowReport> {
  const workflow = doc.workflows.find((w) => w.workflowId === workflowId);
  if (!workflow) throw new Error(`the Arazzo document has no workflow "${workflowId}"`);

  const run: Run = {
    doc,
    options,
    seed: options.seed ?? runSuffix(),
    invocations: 0,
    budget: options.maxSteps ?? 100,
    workflows: {},
  };
  return executeWorkflow(run, workflow, options.inputs ?? {});
}

async function executeWorkflow(
  run: Run,
  workflow: Workflow,
  given: Record<string, unknown>,
): Promise<WorkflowReport> {
  const seed = `${run.seed}/${workflow.workflowId}/${run.invocations++}`;
  const inputs = prepareInputs(workflow.inputs, given, { seed, root: run.doc });
  const report: WorkflowReport = {
    workflowId: workflow.workflowId, passed: true, inputs, outputs: {}, steps: [], failures: [],
  };

  if (await runDependencies(run, workflow, report)) {
    const ctx = contextFor(run, inputs);
    await executeSteps(run, workflow, ctx, report);
    if (report.passed) report.outputs = workflowOutputs(workflow, ctx, report);
  }

  run.workflows[workflow.workflowId] = { inputs, outputs: report.outputs };
  return report;
}

function contextFor(run: Run, inputs: Record<string, unknown>): ExpressionContext {
  const sources = Object.fromEntries(run.doc.sourceDescriptions.map((s) => [s.name, s]));
  return {
    inputs,
    steps: {},
    workflows: run.workflows,
    sourceDescriptions: sources,
    components: run.doc.components as Record<string, unknown> | undefined,
  };
}

async function runDependencies(run: Run, workflow: Workflow, report: WorkflowReport) {
  for (const id of workflow.dependsOn ?? []) {
    if (run.workflows[id]) continue;

    const dependency = run.doc.workflows.find((w) => w.workflowId === id);
    if (!dependency) {
      failWorkflow(report, `dependency "${id}" is not a workflow of this document`);
      return false;
    }
    const result = await guarded(report, `dependency "${id}"`,
      () => executeWorkflow(run, dependency, {}));
    if (result) (report.dependencies ??= []).push(result);
    if (!result?.passed) {
      failWorkflow(report, `dependency "${id}" failed`);
      return false;
    }
  }
  return true;
}

async function executeSteps(
  run: Run,
  workflow: Workflow,
  ctx: ExpressionContext,
  report: WorkflowReport,
): Promise<void> {
  let index = 0;
  while (index < workflow.steps.length) {
    const flow = await executeStep(run, workflow, workflow.steps[index]!, ctx, report);
    if (flow.kind === "next") {
      index++;
      continue;
    }
    if (flow.kind === "end") {
      if (flow.failed) report.passed = false;
      return;
    }

    if (flow.kind === "workflow") {
      await transferTo(run, flow.workflowId, ctx, report);
      return;
    }
    index = workflow.steps.findIndex((s) => s.stepId === flow.stepId);
    if (index < 0) return failWorkflow(report, `goto: no step "${flow.stepId}" in the workflow`);
  }
}

/** A one-way `goto` to another workflow: its result is this one's. */
async function transferTo(
  run: Run,
  workflowId: string,
  ctx: ExpressionContext,
  report: WorkflowReport,
): Promise<void> {
  const target = run.doc.workflows.find((w) => w.workflowId === workflowId);
  if (!target) return failWorkflow(report, `goto: no workflow "${workflowId}"`);

  const result = await guarded(report, `goto "${workflowId}"`,
    () => executeWorkflow(run, target, inputsFor(target, ctx.inputs)));
  const last = report.steps.at(-1);
  if (last && result) last.workflow = result;
  if (!result?.passed) report.passed = false;
}

/** Runs another workflow; bad inputs for it fail this one instead of throwing. */
async function guarded(
  report: WorkflowReport,
  what: string,
  execute: () => Promise<WorkflowReport>,
): Promise<WorkflowReport | undefined> {
  try {
    return await execute();
  } catch (error) {
    failWorkflow(report, `${what}: ${(error as Error).message}`);
    return undefined;
  }
}

/** The current inputs the target workflow also declares. */
function inputsFor(target: Workflow, inputs: Record<string, unknown>) {
  const declared = (target.inputs as { properties?: object } | undefined)?.properties ?? {};
  return Object.fromEntries(Object.entries(inputs).filter(([k]) => Object.hasOwn(declared, k)));
}

async function executeStep(
  run: Run,
  workflow: Workflow,
  step: Step,
  ctx: ExpressionContext,
  report: WorkflowReport,
): Promise<Flow> {
  const retries = new Map<FailureAction, number>();
  for (let attempt = 1; ; attempt++) {
    if (run.budget-- <= 0) {
      const limit = run.options.maxSteps ?? 100;
      failWorkflow(report, `more than ${limit} step attempts; is there a loop?`);
      return { kind: "end", failed: true };
    }

    const result = await attemptStep(run, workflow, step, ctx, attempt);
    report.steps.push(result.report);
    if (result.error) return { kind: "end", failed: true };

    const flow = await nextFlow(run, workflow, step, result, retries, report);
    if (flow !== "retry") return flow;
  }
}

/** Action criteria can fail to evaluate too; that ends the workflow like any error. */
async function nextFlow(
  run: Run,
  workflow: Workflow,
  step: Step,
  result: Attempt,
  retries: Map<FailureAction, number>,
  report: WorkflowReport,
): Promise<Flow | "retry"> {
  try {
    return result.report.passed
      ? successFlow(run, workflow, step, result)
      : await failureFlow(run, workflow, step, result, retries, report);
  } catch (error) {
    result.report.passed = false;
    result.report.failures.push(stepError(step, result.report, error));
    return { kind: "end", failed: true };
  }
}

interface Attempt {
  report: StepReport;
  ctx: ExpressionContext;
  error: boolean;
}

async function attemptStep(
  run: Run,
  workflow: Workflow,
  step: Step,
  ctx: ExpressionContext,
  attempt: number,
): Promise<Attempt> {
  const report: StepReport = { stepId: step.stepId, attempt, passed: false, failures: [],
    outputs: {} };
  try {
    return step.workflowId !== undefined
      ? await attemptWorkflowStep(run, workflow, step, ctx, report)
      : await attemptOperationStep(run, workflow, step, ctx, report);
  } catch (error) {
    report.passed = false;
    report.failures.push(stepError(step, report, error));
    return { report, ctx, error: true };
  }
}

async function attemptOperationStep(
  run: Run,
  workflow: Workflow,
  step: Step,
  ctx: ExpressionContext,
  report: StepReport,
): Promise<Attempt> {
  const operation = resolveOperation(run, step);
  const parameters = mergeParameters(run, workflow.parameters, step.parameters);
  const built = buildRequest(operation, parameters, step.requestBody, ctx);
  report.request = built.request;

  const response = await send(run, built.request);
  report.response = response;

  const stepCtx = { ...ctx, request: built.snapshot, response };
  judge(step, stepCtx, report, defaultCriterion(response));
  return { report, ctx: stepCtx, error: false };
}

async function send(run: Run, request: ContractRequest): Promise<ContractResponse> {
  try {
    return await run.options.target.send(request);
  } catch (error) {
    throw new Error(`${request.method} ${request.path} could not be sent: ` +
      (error as Error).message);
  }
}

async function attemptWorkflowStep(
  run: Run,
  workflow: Workflow,
  step: Step,
  ctx: ExpressionContext,
  report: StepReport,
): Promise<Attempt> {
  const id = step.workflowId!;
  const called = run.doc.workflows.find((w) => w.workflowId === id);
  if (!called) throw new Error(`workflow "${id}" is not in this document`);

  const parameters = mergeParameters(run, workflow.parameters, step.parameters);
  const inputs = Object.fromEntries(parameters.map((p) => [p.name, resolveValue(p.value, ctx)]));
  const result = await executeWorkflow(run, called, inputs);
  report.workflow = result;

  const stepCtx = { ...ctx, outputs: result.outputs };
  const fallback = result.passed ? undefined : `workflow "${id}" failed`;
  judge(step, stepCtx, report, fallback);
  if (step.successCriteria && fallback) addCriterionFailure(step, report, fallback);
  return { report, ctx: stepCtx, error: false };
}

/** Applies the step's criteria, or the fallback message when it has none. */
function judge(step: Step, ctx: ExpressionContext, report: StepReport, fallback?: string) {
  if (step.successCriteria) {
    const outcome = checkCriteria(step.successCriteria, ctx);
    outcome.failed.forEach(({ criterion, values }) =>
      addCriterionFailure(step, report, describeFailure(criterion, values)));
  } else if (fallback) {
    addCriterionFailure(step, report, fallback);
  }

  report.passed = report.failures.length === 0;
  if (report.passed) report.outputs = stepOutputs(step, ctx);
  if (report.passed) ctx.steps[step.stepId] = { outputs: report.outputs };
}

function defaultCriterion(response: ContractResponse): string | undefined {
  if (response.status >= 200 && response.status < 300) return undefined;
  return `no successCriteria, so a 2xx status was expected; got ${response.status}`;
}

function addCriterionFailure(step: Step, report: StepReport, message: string): void {
  report.failures.push({
    rule: "success-criteria",
    message: `step "${step.stepId}": ${message}`,
    ...exchange(report),
  });
}

function stepError(step: Step, report: StepReport, error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  return { rule: "step-error", message: `step "${step.stepId}": ${message}`, ...exchange(report) };
}

function exchange(report: StepReport): Pick<Failure, "request" | "response"> {
  return {
    ...(report.request ? { request: report.request } : {}),
    ...(report.response ? { response: report.response } : {}),
  };
}

function stepOutputs(step: Step, ctx: ExpressionContext): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const [name, expression] of Object.entries(step.outputs ?? {})) {
    outputs[name] = resolveValue(expression, ctx);
  }
  return outputs;
}

function workflowOutputs(workflow: Workflow, ctx: ExpressionContext, report: WorkflowReport) {
  const outputs: Record<string, unknown> = {};
  const outputsCtx = { ...ctx, outputs };
  for (const [name, expression] of Object.entries(workflow.outputs ?? {})) {
    try {
      outputs[name] = resolveValue(expression, outputsCtx);
    } catch (error) {
      failWorkflow(report, `output "${name}": ${(error as Error).message}`);
    }
  }
  return outputs;
}

function failWorkflow(report: WorkflowReport, message: string): void {
  report.passed = false;
  report.failures.push({
    rule: "workflow-error",
    message: `workflow "${report.workflowId}": ${message}`,
  });
}

function resolveOperation(run: Run, step: Step): OperationRef {
  if (step.operationPath !== undefined) return operationAtPath(step.operationPath);

  const written = step.operationId!;
  const qualified = /^\$sourceDescriptions\.[^.]+\.(.+)$/.exec(written);
  const id = qualified ? qualified[1]! : written;
  const found = run.options.operations(id) ?? unqualified(run, id);
  if (!found) throw new Error(`operation "${written}" is not in the source description`);
  return found;
}

/** Some tools write `source.operationId`; accept it when `source` is a source name. */
function unqualified(run: Run, id: string): OperationRef | undefined {
  const dot = id.indexOf(".");
  if (dot < 0) return undefined;
  const source = id.slice(0, dot);
  const known = run.doc.sourceDescriptions.some((s) => s.name === source);
  return known ? run.options.operations(id.slice(dot + 1)) : undefined;
}

function operationAtPath(operationPath: string): OperationRef {
  const hash = operationPath.indexOf("#");
  const operation = hash < 0 ? undefined : operationFromPointer(operationPath.slice(hash));
  if (!operation) {
    throw new Error(`operationPath "${operationPath}" does not point at /paths/<path>/<method>`);
  }
  return operation;
}

/** Workflow parameters apply to every step; a step's own replace them by name and place. */
function mergeParameters(
  run: Run,
  shared: Array<Parameter | Reusable> | undefined,
  own: Array<Parameter | Reusable> | undefined,
): Parameter[] {
  const merged = new Map<string, Parameter>();
  for (const item of [...(shared ?? []), ...(own ?? [])]) {
    const parameter = resolveParameter(run, item);
    const name = parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name;
    merged.set(`${parameter.in ?? ""}:${name}`, parameter);
  }
  return [...merged.values()];
}

function resolveParameter(run: Run, item: Parameter | Reusable): Parameter {
  if (!isReusable(item)) return item;
  const parameter = component(run, item.reference, "parameters") as Parameter;
  return item.value === undefined ? parameter : { ...parameter, value: item.value };
}

function component(run: Run, reference: string, section: string): unknown {
  const ctx = contextFor(run, {});
  const match = /^\$components\.([^.]+)\./.exec(reference);
  if (match?.[1] !== section) {
    throw new Error(`"${reference}" is not a components.${section} entry`);
  }
  return evaluateExpression(reference, ctx);
}

function successFlow(run: Run, workflow: Workflow, step: Step, result: Attempt): Flow {
  const actions = mergeActions(run, step.onSuccess, workflow.successActions, "successActions");
  const action = actions.find((a) => criteriaHold(a.criteria, result.ctx)) as
    SuccessAction | undefined;
  if (!action) return { kind: "next" };

  result.report.action = { name: action.name, type: action.type };
  return action.type === "end" ? { kind: "end", failed: false } : gotoFlow(action);
}

async function failureFlow(
  run: Run,
  workflow: Workflow,
  step: Step,
  result: Attempt,
  retries: Map<FailureAction, number>,
  report: WorkflowReport,
): Promise<Flow | "retry"> {
  const actions = mergeActions(run, step.onFailure, workflow.failureActions, "failureActions");
  const action = (actions as FailureAction[]).find(
    (a) => !retryExhausted(a, retries) && criteriaHold(a.criteria, result.ctx),
  );
  if (!action) return { kind: "end", failed: true };

  result.report.action = { name: action.name, type: action.type };
  if (action.type === "end") return { kind: "end", failed: true };
  if (action.type === "goto") return gotoFlow(action);

  retries.set(action, (retries.get(action) ?? 0) + 1);
  await beforeRetry(run, workflow, action, result, report);
  return "retry";
}

function retryExhausted(action: FailureAction, retries: Map<FailureAction, number>): boolean {
  return action.type === "retry" && (retries.get(action) ?? 0) >= (action.retryLimit ?? 1);
}

/** Waits, then runs the step or workflow the retry names before trying again. */
async function beforeRetry(
  run: Run,
  workflow: Workflow,
  action: FailureAction,
  result: Attempt,
  report: WorkflowReport,
): Promise<void> {
  const sleep = run.options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  await sleep(retryDelay(action, result.report.response) * 1000);

  if (action.workflowId !== undefined) {
    const target = run.doc.workflows.find((w) => w.workflowId === action.workflowId);
    if (target) result.report.workflow = await executeWorkflow(run, target, {});
  }
  const helper = workflow.steps.find((s) => s.stepId === action.stepId);
  if (helper) report.steps.push((await attemptStep(run, workflow, helper, result.ctx, 1)).report);
}

/** A Retry-After header in seconds overrules `retryAfter`, as the specification says. */
function retryDelay(action: FailureAction, response: ContractResponse | undefined): number {
  const header = Number(response?.headers["retry-after"]);
  return Number.isFinite(header) && header >= 0 ? header : (action.retryAfter ?? 0);
}

function gotoFlow(action: SuccessAction | FailureAction): Flow {
  return action.stepId !== undefined
    ? { kind: "step", stepId: action.stepId }
    : { kind: "workflow", workflowId: action.workflowId! };
}

/** A step's actions come first; the workflow's fill in the names it does not use. */
function mergeActions<T extends SuccessAction | FailureAction>(
  run: Run,
  own: Array<T | Reusable> | undefined,
  shared: Array<T | Reusable> | undefined,
  section: "successActions" | "failureActions",
): T[] {
  const resolve = (item: T | Reusable) =>
    isReusable(item) ? (component(run, item.reference, section) as T) : item;
  const first = (own ?? []).map(resolve);
  const names = new Set(first.map((a) => a.name));
  return [...first, ...(shared ?? []).map(resolve).filter((a) => !names.has(a.name))];
}

function criteriaHold(criteria: Criterion[] | undefined, ctx: ExpressionContext): boolean {
  return (criteria ?? []).every((criterion) => evaluateCriterion(criterion, ctx).passed);
}

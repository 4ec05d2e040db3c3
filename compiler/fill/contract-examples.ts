/**
 * Examples a hole's contract shows: the spec's request and response examples
 * of the operation, and the Arazzo steps that call it. Each is one short line
 * of text; long values are cut, so one large example cannot crowd out the rest.
 */

import { parse as parseYaml } from "yaml";

import type { OperationModel } from "../model/service-model.js";

export const MAX_EXAMPLE_CHARS = 500;
export const MAX_EXAMPLES = 16;

export interface WorkflowText {
  file: string;
  text: string;
}

type Node = Record<string, unknown>;

export function contractExamples(op: OperationModel, workflows?: WorkflowText): string[] {
  const examples = [
    ...requestExamples(op),
    ...responseExamples(op),
    ...(workflows ? workflowSteps(op, workflows.text) : []),
  ];
  return examples.slice(0, MAX_EXAMPLES).map(shorten);
}

function requestExamples(op: OperationModel): string[] {
  return (op.body?.media ?? []).flatMap((media) =>
    Object.entries(media.examples).map(([name, value]) =>
      `request example ${JSON.stringify(name)} (${media.type}): ${compact(value)}`));
}

function responseExamples(op: OperationModel): string[] {
  return op.responses.flatMap((response) => response.media.flatMap((media) =>
    Object.entries(media.examples).map(([name, value]) =>
      `response ${response.status} example ${JSON.stringify(name)} (${media.type}): ` +
        compact(value))));
}

/**
 * A workflow document that does not parse shows no steps here: the workflow
 * loader reports its errors where the workflows are run.
 */
function workflowSteps(op: OperationModel, text: string): string[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch {
    return [];
  }

  const workflows = isNode(document) && Array.isArray(document.workflows)
    ? document.workflows.filter(isNode)
    : [];
  return workflows.flatMap((workflow) => {
    const steps = Array.isArray(workflow.steps) ? workflow.steps.filter(isNode) : [];
    return steps
      .filter((step) => stepOperation(step) === op.operationId)
      .map((step) => describeStep(workflow, steps, step));
  });
}

/** `operationId` may be qualified by its source: `$sourceDescriptions.auth.loginUser`. */
function stepOperation(step: Node): string | undefined {
  if (typeof step.operationId !== "string") return undefined;
  const qualified = /^\$sourceDescriptions\.[^.]+\.(.+)$/.exec(step.operationId);
  return qualified ? qualified[1] : step.operationId;
}

function describeStep(workflow: Node, steps: Node[], step: Node): string {
  const title = typeof workflow.summary === "string" ? ` (${workflow.summary.trim()})` : "";
  const order = steps.map((s) => String(s.stepId)).join(" → ");
  const parts = [
    `workflow ${String(workflow.workflowId)}${title}, steps ${order}; step ${String(step.stepId)}`,
    requestPart(step),
    criteriaPart(step),
    outputsPart(step),
  ];
  return parts.filter((p): p is string => p !== undefined).join("; ");
}

function requestPart(step: Node): string | undefined {
  const parameters = Array.isArray(step.parameters) ? step.parameters.filter(isNode) : [];
  const sent = parameters.map((p) => `${String(p.in)} ${String(p.name)}=${compact(p.value)}`);
  const body = isNode(step.requestBody) ? step.requestBody.payload : undefined;
  if (body !== undefined) sent.push(`body ${compact(body)}`);
  return sent.length > 0 ? `sends ${sent.join(", ")}` : undefined;
}

function criteriaPart(step: Node): string | undefined {
  const criteria = Array.isArray(step.successCriteria) ? step.successCriteria.filter(isNode) : [];
  const described = criteria.map((c) => {
    const condition = String(c.condition);
    return typeof c.context === "string" ? `${c.context} matches ${condition}` : condition;
  });
  return described.length > 0 ? `expects ${described.join(" and ")}` : undefined;
}

function outputsPart(step: Node): string | undefined {
  const outputs = isNode(step.outputs) ? Object.entries(step.outputs) : [];
  if (outputs.length === 0) return undefined;
  return `outputs ${outputs.map(([name, value]) => `${name} = ${String(value)}`).join(", ")}`;
}

function compact(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value) ?? "undefined";
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= MAX_EXAMPLE_CHARS ? oneLine : `${oneLine.slice(0, MAX_EXAMPLE_CHARS)}…`;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

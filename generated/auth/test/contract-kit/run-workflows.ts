// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** Runs every workflow of an Arazzo document as one test each. */

import { parseArazzo } from "./arazzo/load.js";
import { runWorkflow, type StepReport, type WorkflowReport } from "./arazzo/run-workflow.js";
import { Conformance } from "./conformance.js";
import type { ContractDocument } from "./contract-document.js";
import type { CredentialConfig } from "./credentials.js";
import type { Failure, Target } from "./exchange.js";
import type { TestResult } from "./report.js";

export interface WorkflowSource {
  file: string;
  text: string;
}

export async function runWorkflows(
  source: WorkflowSource,
  document: ContractDocument,
  target: Target,
  credentials: CredentialConfig,
  only?: string,
): Promise<TestResult[]> {
  const { document: arazzo } = parseArazzo(source.text, source.file);
  const operations = (operationId: string) => {
    const op = document.operations.find((o) => o.operationId === operationId);
    return op ? { method: op.method, path: op.path } : undefined;
  };
  const conformance = new Conformance(document);
  const results: TestResult[] = [];

  for (const workflow of arazzo.workflows.filter((w) => !only || w.workflowId === only)) {
    const started = performance.now();
    const inputs = givenInputs(source.text, credentials);
    const report = await runWorkflow(arazzo, workflow.workflowId, { target, operations, inputs })
      .catch((error: Error): WorkflowReport => ({ workflowId: workflow.workflowId, passed: false,
        inputs: {}, outputs: {}, steps: [],
        failures: [{ rule: "workflow-error", message: error.message }] }));
    const stepOperations = new Map(workflow.steps.map((s) => [s.stepId, s.operationId]));
    const nonconforming = report.steps.flatMap((step) => {
      const operationId = stepOperations.get(step.stepId);
      const operation = document.operations.find((o) => o.operationId === operationId);
      if (!operation || !step.request || !step.response) return [];
      return conformance.check(operation, step.request, step.response)
        .map((f) => ({ ...f, message: `step "${step.stepId}": ${f.message}` }));
    });

    const failures = [...failuresOf(report), ...nonconforming];
    results.push({
      suite: "workflow",
      name: workflow.summary ? `${workflow.workflowId}: ${workflow.summary}` : workflow.workflowId,
      passed: report.passed && nonconforming.length === 0,
      failures,
      durationMs: performance.now() - started,
    });
  }
  return results;
}

/**
 * Credentials are configuration, not something to make up: workflows that use
 * `$inputs.apiKey` or `$inputs.bearerToken` get the run's own.
 */
function givenInputs(text: string, credentials: CredentialConfig): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  if (credentials.apiKey && text.includes("$inputs.apiKey")) inputs.apiKey = credentials.apiKey;
  if (credentials.bearerToken && text.includes("$inputs.bearerToken")) {
    inputs.bearerToken = credentials.bearerToken;
  }
  return inputs;
}

function failuresOf(report: WorkflowReport): Failure[] {
  const fromSteps = (steps: StepReport[]): Failure[] => steps.flatMap((s) => [
    ...(s.passed ? [] : s.failures),
    ...(s.workflow ? failuresOf(s.workflow) : []),
  ]);
  return [...report.failures, ...fromSteps(report.steps)];
}

/** Every part of a spec's contract suite, run against one target. */

import type { CredentialConfig } from "../../contract/credentials.js";
import type { Target } from "../../contract/exchange.js";
import type { TestResult } from "../../contract/report.js";
import { runCases } from "../../contract/run-suite.js";
import { runWorkflows, type WorkflowSource } from "../../contract/run-workflows.js";
import type { ServiceModel } from "../model/service-model.js";
import { buildContract } from "./build-contract.js";

export interface SuiteParts {
  workflows?: WorkflowSource;
  filter?: string;
}

export async function runContractSuite(
  model: ServiceModel,
  target: Target,
  credentials: CredentialConfig,
  parts: SuiteParts = {},
): Promise<TestResult[]> {
  const document = buildContract(model);
  const cases = await runCases({ document, target, credentials,
    ...(parts.filter ? { filter: parts.filter } : {}) });
  const workflows = parts.workflows
    ? await runWorkflows(parts.workflows, document, target, credentials)
    : [];
  return [...cases, ...workflows];
}

/** Every part of a spec's contract suite, run against one target. */

import type { CredentialConfig } from "../../contract/credentials.js";
import type { Target } from "../../contract/exchange.js";
import type { TestResult } from "../../contract/report.js";
import { runPropertySuite } from "../../contract/run-property-suite.js";
import { runCases } from "../../contract/run-suite.js";
import { runWorkflows, type WorkflowSource } from "../../contract/run-workflows.js";
import type { ServiceModel } from "../model/service-model.js";
import { buildContract } from "./build-contract.js";

export interface SuiteParts {
  workflows?: WorkflowSource;
  filter?: string;
  /** Property-based runs per operation and property; 0 leaves them out. */
  runs?: number;
  seed?: number;
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
  const properties = parts.runs === 0 ? [] : await runPropertySuite(document, target,
    credentials, { ...(parts.runs ? { runs: parts.runs } : {}),
      ...(parts.seed === undefined ? {} : { seed: parts.seed }) });
  return [...cases, ...workflows, ...properties];
}

/** Every part of a spec's contract suite, run against one target. */

import type { CredentialConfig } from "../../contract/credentials.js";
import type { Target } from "../../contract/exchange.js";
import type { TestResult } from "../../contract/report.js";
import { runCases } from "../../contract/run-suite.js";
import type { ServiceModel } from "../model/service-model.js";
import { buildContract } from "./build-contract.js";

export async function runContractSuite(
  model: ServiceModel,
  _specFile: string,
  target: Target,
  credentials: CredentialConfig,
): Promise<TestResult[]> {
  const document = buildContract(model);
  return runCases({ document, target, credentials });
}

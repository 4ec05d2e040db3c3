// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** Runs a contract document's cases against a target, one after another. */

import type { ContractDocument } from "./contract-document.js";
import { credentialProvider, type CredentialConfig } from "./credentials.js";
import type { Target } from "./exchange.js";
import type { TestResult } from "./report.js";
import { caseContext, runCase } from "./run-case.js";

export interface SuiteOptions {
  document: ContractDocument;
  target: Target;
  credentials: CredentialConfig;
  /** Only cases whose name contains this text. */
  filter?: string;
}

export async function runCases(options: SuiteOptions): Promise<TestResult[]> {
  const ctx = caseContext(options.document, options.target,
    credentialProvider(options.document, options.credentials));
  const cases = options.document.cases.filter((c) => !options.filter ||
    c.name.includes(options.filter));
  const results: TestResult[] = [];

  for (const contractCase of cases) {
    const started = performance.now();
    const result = await runCase(ctx, contractCase).catch((error: Error) => ({
      passed: false,
      failures: [{ rule: "case-error", message: error.message }],
    }));
    results.push({
      suite: contractCase.kind,
      name: contractCase.name,
      passed: result.passed,
      failures: result.failures,
      durationMs: performance.now() - started,
    });
  }
  return results;
}

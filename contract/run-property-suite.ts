/** The property-based part of a contract suite: generated requests for every operation. */

import { buildRequest } from "./build-request.js";
import type { ContractDocument } from "./contract-document.js";
import { credentialProvider, type CredentialConfig } from "./credentials.js";
import type { Target } from "./exchange.js";
import { runProperties, type JsonSchema, type PropertyOperation } from "./property/index.js";
import type { TestResult } from "./report.js";

export interface PropertyOptions {
  runs?: number;
  seed?: number;
}

export async function runPropertySuite(
  document: ContractDocument,
  target: Target,
  credentials: CredentialConfig,
  options: PropertyOptions = {},
): Promise<TestResult[]> {
  const started = performance.now();
  const provide = credentialProvider(document, credentials);
  const operations: PropertyOperation[] = document.operations.map((op) => ({
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    parameters: op.parameters.map((p) => ({ ...p, schema: p.schema as JsonSchema })),
    ...(op.body ? { body: jsonBody(op.body) } : {}),
    responses: Object.fromEntries(Object.entries(op.responses)
      .map(([status, r]) => [status, { mediaTypes: r.media as Record<string, JsonSchema> }])),
    security: op.security,
  }));

  const report = await runProperties({
    operations,
    defs: document.defs as Record<string, JsonSchema>,
    target,
    runs: options.runs ?? 25,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    // Credentials travel as headers here; buildRequest knows where each scheme puts them.
    credentials: (operationId) => {
      const operation = document.operations.find((o) => o.operationId === operationId)!;
      return buildRequest(operation, {}, provide(operation, "valid")).headers;
    },
  });

  const elapsed = performance.now() - started;
  return report.results.filter((r) => r.outcome !== "skipped").map((r) => ({
    suite: "property",
    name: `${r.operationId}: ${r.property} (seed ${report.seed}, ${r.runs} runs)`,
    passed: r.outcome === "passed",
    failures: report.failures.filter((f) => f.operationId === r.operationId &&
      f.property === r.property),
    durationMs: elapsed / Math.max(1, report.results.length),
  }));
}

function jsonBody(body: NonNullable<ContractDocument["operations"][number]["body"]>) {
  const mediaType = Object.keys(body.media).find((m) => /json/.test(m)) ??
    Object.keys(body.media)[0]!;
  return { mediaType, schema: body.media[mediaType] as JsonSchema | undefined,
    required: body.required };
}

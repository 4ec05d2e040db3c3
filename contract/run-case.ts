/**
 * Runs one contract case: optional setup, the request, and every check the
 * case implies. A case passes only when it broke no rule.
 */

import { buildRequest, type Credential } from "./build-request.js";
import { Conformance } from "./conformance.js";
import type {
  ContractCase,
  ContractDocument,
  ContractOperation,
  Credentials,
} from "./contract-document.js";
import type { ContractRequest, ContractResponse, Failure, Target } from "./exchange.js";

export interface CaseContext {
  document: ContractDocument;
  target: Target;
  conformance: Conformance;
  /** Credentials of the given quality for an operation's first security alternative. */
  credentials(operation: ContractOperation, quality: Credentials): Credential[];
}

export interface CaseResult {
  name: string;
  passed: boolean;
  failures: Failure[];
  request?: ContractRequest;
  response?: ContractResponse;
}

export function caseContext(
  document: ContractDocument,
  target: Target,
  credentials: CaseContext["credentials"],
): CaseContext {
  return { document, target, conformance: new Conformance(document), credentials };
}

export async function runCase(ctx: CaseContext, contractCase: ContractCase): Promise<CaseResult> {
  const operation = findOperation(ctx.document, contractCase.operationId);
  const input = { ...contractCase.input, path: { ...contractCase.input.path } };

  if (contractCase.setup) {
    const setup = await runSetup(ctx, contractCase, input.path);
    if ("rule" in setup) return { name: contractCase.name, passed: false, failures: [setup] };
    input.body = copyFromSetup(input.body, setup.body, contractCase.sameAsSetup ?? []);
  }

  const request = buildRequest(operation, input,
    ctx.credentials(operation, contractCase.credentials));
  const response = await ctx.target.send(request);
  const failures = [
    ...expectationFailures(contractCase, request, response),
    ...ctx.conformance.check(operation, request, response),
  ];
  return { name: contractCase.name, passed: failures.length === 0, failures, request, response };
}

async function runSetup(
  ctx: CaseContext,
  contractCase: ContractCase,
  path: Record<string, unknown>,
): Promise<Failure | { body: unknown }> {
  const setup = contractCase.setup!;
  const operation = findOperation(ctx.document, setup.operationId);
  const request = buildRequest(operation, setup.input, ctx.credentials(operation, "valid"));
  const response = await ctx.target.send(request);

  const id = pointerValue(response.body, setup.idPointer);
  if (response.status >= 300 || id === undefined) {
    return { rule: "setup", message: `setup ${setup.operationId} answered ${response.status} ` +
      `without an id at ${setup.idPointer}`, request, response };
  }
  if (setup.parameter) path[setup.parameter] = id;
  return { body: request.body };
}

function copyFromSetup(
  body: unknown,
  sent: unknown,
  copies: NonNullable<ContractCase["sameAsSetup"]>,
): unknown {
  if (copies.length === 0 || typeof body !== "object" || body === null) return body;

  const out = { ...(body as Record<string, unknown>) };
  for (const { pointer, upper } of copies) {
    const value = pointerValue(sent, pointer);
    const key = pointer.slice(1).replace(/~1/g, "/").replace(/~0/g, "~");
    out[key] = upper && typeof value === "string" ? value.toUpperCase() : value;
  }
  return out;
}

function expectationFailures(
  contractCase: ContractCase,
  request: ContractRequest,
  response: ContractResponse,
): Failure[] {
  const failures: Failure[] = [];
  const fail = (rule: string, message: string) =>
    failures.push({ rule, message, request, response });
  const expected = contractCase.expect;

  if (response.status >= 500) {
    fail("server-error", `the service answered ${response.status}; it must never answer 5xx`);
  } else if (typeof expected === "number" && response.status !== expected) {
    fail("status", `expected status ${expected}, got ${response.status}`);
  } else if (typeof expected === "string" && `${String(response.status)[0]}xx` !== expected) {
    fail("status", `expected a ${expected} status, got ${response.status}`);
  }

  const problem = /^application\/problem\+json/.test(response.headers["content-type"] ?? "");
  if (response.status >= 400 && response.status < 500 && !problem) {
    fail("problem-document", `a ${response.status} must be an application/problem+json document`);
  }
  return failures;
}

export function findOperation(document: ContractDocument, operationId: string) {
  const operation = document.operations.find((op) => op.operationId === operationId);
  if (!operation) throw new Error(`the contract has no operation '${operationId}'`);
  return operation;
}

export function pointerValue(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of pointer.split("/").slice(1)) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

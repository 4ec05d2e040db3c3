/**
 * Decides every hole's handler: a stored fill whose contract still matches
 * is used as it is; a stale one is verified again and kept if it passes; a
 * missing one is asked of the model, and a candidate is accepted only after
 * the policy, the type-checker and the contract tests pass it. Nothing
 * unaccepted is returned or written.
 */

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import type { WorkflowSource } from "../../contract/run-workflows.js";
import type { OperationModel, ServiceModel } from "../model/service-model.js";
import { assembleHandler, extractBody } from "./candidate.js";
import { parseFillFile, renderFillFile, withContractHash } from "./fill-file.js";
import type { HoleContract, Rejection, StoredFill } from "./fill-types.js";
import { buildHoleContract } from "./hole-contract.js";
import { createLimiter, type ModelClient } from "./model-client.js";
import { checkPolicy } from "./policy.js";
import { buildPrompt } from "./prompt.js";
import { fillsFolder } from "./read-fills.js";
import { verifyCandidate } from "./verify-candidate.js";

export type FillEvent =
  | { kind: "reused" | "reverified" | "open"; operationId: string }
  | { kind: "attempt"; operationId: string; attempt: number }
  | { kind: "rejected"; operationId: string; attempt: number; rejections: Rejection[] }
  | { kind: "accepted"; operationId: string; attempt: number }
  | { kind: "failed"; operationId: string; rejections: Rejection[]; hand: boolean };

export interface FillOptions {
  specFile: string;
  /** A built copy of the service (holes answering 501) to verify candidates in. */
  outDir: string;
  workflows?: WorkflowSource;
  /** Absent when offline or no key is configured: nothing is asked. */
  client?: ModelClient;
  modelName?: string;
  maxAttempts?: number;
  timeoutMs?: number;
  report?: (event: FillEvent) => void;
  /** Called with each fill decided on, so later verifications run with it in place. */
  accepted?: (op: OperationModel, text: string) => Promise<void>;
  /** Operations still answering 501; workflows that call them cannot judge a candidate yet. */
  pending?: () => string[];
  /** Holes decided at once; model calls are limited by the client as well. */
  concurrency?: number;
  /** Runs a verification and its acceptance without another in between. */
  verifyLock?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface FillSummary {
  filled: string[];
  reused: string[];
  reverified: string[];
  open: string[];
  /** Fills that failed verification: a person's, or the model's after every attempt. */
  failed: string[];
  modelCalls: number;
  promptTokens: number;
  completionTokens: number;
  elapsedMs: number;
}

export interface FillResult {
  /** Handler file text by operation id, for every hole that has an accepted fill. */
  fills: Record<string, string>;
  summary: FillSummary;
}

export async function fillHoles(
  model: ServiceModel,
  stored: Record<string, string>,
  options: FillOptions,
): Promise<FillResult> {
  const started = performance.now();
  const summary: FillSummary = { filled: [], reused: [], reverified: [], open: [], failed: [],
    modelCalls: 0, promptTokens: 0, completionTokens: 0, elapsedMs: 0 };
  const fills: Record<string, string> = {};
  const holes = model.operations.filter((op) => !op.crud || stored[op.id] !== undefined);

  // Holes are decided concurrently, up to a limit, but verified one at a time:
  // each candidate runs against the fills accepted before it, and workflows
  // that call a hole still open are left to the verification of that hole.
  const holeSlots = createLimiter(options.concurrency ?? 4);
  const verifySlot = createLimiter(1);
  const serialOptions: FillOptions = {
    ...options,
    verifyLock: (work) => verifySlot(work),
  };

  await Promise.all(holes.map((op) => holeSlots(async () => {
    const contract = buildHoleContract(model, op, options.workflows);
    const text = stored[op.id];
    const fill = text === undefined ? undefined : parseFillFile(text, fillPath(options, op),
      op.operationId);
    const outcome = await decide(op, contract, fill, serialOptions, summary);
    if (outcome !== undefined) fills[op.id] = outcome;
  })));

  summary.elapsedMs = Math.round(performance.now() - started);
  for (const list of [summary.filled, summary.reused, summary.reverified, summary.open,
    summary.failed]) list.sort();
  return { fills, summary };
}

async function decide(
  op: OperationModel,
  contract: HoleContract,
  fill: StoredFill | undefined,
  options: FillOptions,
  summary: FillSummary,
): Promise<string | undefined> {
  const report = options.report ?? (() => undefined);

  if (fill && fill.contractHash === contract.hash) {
    summary.reused.push(op.operationId);
    report({ kind: "reused", operationId: op.operationId });
    return fill.text;
  }

  if (fill) {
    // A person's fill is checked the same way as the model's.
    const policy = checkPolicy(fill.text, contract);
    const kept = await locked(options, async () => {
      const verdict = policy.length > 0 ? policy : await verify(op, fill.text, options);
      if (verdict.length > 0) return { verdict };
      const updated = withContractHash(fill.text, contract.hash);
      await writeFile(fill.file, updated);
      await options.accepted?.(op, updated);
      return { verdict, updated };
    });
    const verdict = kept.verdict;
    if (kept.updated !== undefined) {
      summary.reverified.push(op.operationId);
      report({ kind: "reverified", operationId: op.operationId });
      return kept.updated;
    }
    // A person's fill is theirs: it is reported, never replaced.
    if (fill.source.kind === "hand") {
      summary.failed.push(op.operationId);
      report({ kind: "failed", operationId: op.operationId, rejections: verdict, hand: true });
      return undefined;
    }
  }

  return askModel(op, contract, options, summary);
}

async function askModel(
  op: OperationModel,
  contract: HoleContract,
  options: FillOptions,
  summary: FillSummary,
): Promise<string | undefined> {
  const report = options.report ?? (() => undefined);
  if (!options.client) {
    summary.open.push(op.operationId);
    report({ kind: "open", operationId: op.operationId });
    return undefined;
  }

  let feedback: { previous: string; rejections: Rejection[] } | undefined;
  const attempts = options.maxAttempts ?? 3;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    report({ kind: "attempt", operationId: op.operationId, attempt });
    const reply = await options.client.complete(buildPrompt(contract, feedback))
      .catch((error: Error) => ({ text: "", promptTokens: 0, completionTokens: 0, error }));
    summary.modelCalls += 1;
    summary.promptTokens += reply.promptTokens;
    summary.completionTokens += reply.completionTokens;

    const judged = await locked(options, async () => {
      const { source, rejections } = await judge(op, contract, reply, options);
      if (rejections.length > 0) return { rejections };
      const text = renderFillFile(source, contract.hash,
        { kind: "model", model: options.modelName ?? "unknown", attempts: attempt });
      await mkdir(path.dirname(fillPath(options, op)), { recursive: true });
      await writeFile(fillPath(options, op), text);
      await options.accepted?.(op, text);
      return { rejections, text };
    });
    const { rejections, text } = judged;
    if (text !== undefined) {
      summary.filled.push(op.operationId);
      report({ kind: "accepted", operationId: op.operationId, attempt });
      return text;
    }
    report({ kind: "rejected", operationId: op.operationId, attempt, rejections });
    feedback = { previous: reply.text, rejections };
  }

  summary.failed.push(op.operationId);
  report({ kind: "failed", operationId: op.operationId, rejections: feedback?.rejections ?? [],
    hand: false });
  return undefined;
}

/** Each stage runs only when the one before passed: parse, policy, types and tests. */
async function judge(
  op: OperationModel,
  contract: HoleContract,
  reply: { text: string; error?: Error },
  options: FillOptions,
): Promise<{ source: string; rejections: Rejection[] }> {
  if (reply.error) {
    return { source: "", rejections: [{ rule: "model", message: reply.error.message }] };
  }

  const extracted = extractBody(reply.text);
  if ("rule" in extracted) return { source: "", rejections: [extracted] };

  const source = assembleHandler(contract, extracted.body);
  const policy = checkPolicy(source, contract);
  if (policy.length > 0) return { source, rejections: policy };

  return { source, rejections: await verify(op, source, options) };
}

async function verify(op: OperationModel, source: string, options: FillOptions) {
  const verdict = await verifyCandidate({
    outDir: options.outDir,
    specFile: options.specFile,
    operationId: op.operationId,
    handlerId: op.id,
    source,
    pendingOperations: (options.pending?.() ?? []).filter((id) => id !== op.operationId),
    ...(options.workflows ? { workflows: options.workflows } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return verdict.rejections;
}

function locked<T>(options: FillOptions, work: () => Promise<T>): Promise<T> {
  return options.verifyLock ? options.verifyLock(work) : work();
}

function fillPath(options: FillOptions, op: OperationModel): string {
  return path.join(fillsFolder(options.specFile), `${op.operationId}.ts`);
}

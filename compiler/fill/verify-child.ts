/**
 * The contract run of one candidate handler, in a process of its own so that
 * a handler that loops, exhausts memory or exits takes only this process
 * down. Reads a `VerifyJob` as JSON on stdin, starts the scratch service
 * in-process and writes one `ChildResult` as a JSON line to stdout.
 */

import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

import { parseArazzo } from "../../contract/arazzo/load.js";
import type { Workflow } from "../../contract/arazzo/types.js";
import type { ContractCase, ContractDocument } from "../../contract/contract-document.js";
import type { CredentialConfig } from "../../contract/credentials.js";
import type { Failure, Target } from "../../contract/exchange.js";
import type { TestResult } from "../../contract/report.js";
import { runPropertySuite } from "../../contract/run-property-suite.js";
import { runCases } from "../../contract/run-suite.js";
import { runWorkflows, type WorkflowSource } from "../../contract/run-workflows.js";
import { buildContract } from "../contract/build-contract.js";
import { startBuiltService } from "../contract/start-built-service.js";
import { loadSpec } from "../load/load-spec.js";
import { buildModel } from "../model/build-model.js";

export interface VerifyJob {
  /** Echoed in the result, so text a handler prints cannot pass for one. */
  token: string;
  /** The scratch copy of the service, candidate in place. */
  dir: string;
  specFile: string;
  operationId: string;
  /** Other operations still holes, answering 501. */
  pending: string[];
  workflows?: WorkflowSource;
  /** Property-based runs per property; 0 leaves them out. */
  runs: number;
  /** Where the service's temporary files go: inside the scratch folder, removed with it. */
  tmpDir: string;
}

export interface ChildFailure {
  suite: string;
  name: string;
  rule: string;
  message: string;
}

export interface ChildResult {
  token: string;
  passed: boolean;
  failures: ChildFailure[];
}

const SHOWN_TEXT = 300;
const STOP_GRACE_MS = 2_000;
const PARENT_CHECK_MS = 500;

export async function runJob(job: VerifyJob): Promise<ChildResult> {
  const model = buildModel(await loadSpec(path.resolve(job.specFile)));
  const document = buildContract(model);
  const service = await startBuiltService(job.dir);

  try {
    const results = await runConcerning(job, document, service.target, service.credentials);
    const failing = results.filter((r) => !r.passed);
    const failures = failing.flatMap((r) => childFailures(r, service.credentials));
    return { token: job.token, passed: failing.length === 0, failures };
  } finally {
    // A handler may hold a connection open; the result matters more than a tidy stop.
    await Promise.race([service.stop(), delay(STOP_GRACE_MS)]);
  }
}

/** The operation's cases, the workflows that call it, and its properties, in that order. */
async function runConcerning(
  job: VerifyJob,
  document: ContractDocument,
  target: Target,
  credentials: CredentialConfig,
): Promise<TestResult[]> {
  const { cases, reported } = casesFor(document.cases, job.operationId, job.pending);
  const caseResults = await runCases({ document: { ...document, cases }, target, credentials });

  const workflowResults: TestResult[] = [];
  const workflowIds = job.workflows
    ? workflowsUsing(job.workflows, job.operationId, job.pending) : [];
  for (const workflowId of workflowIds) {
    workflowResults.push(...await runWorkflows(job.workflows!, document, target, credentials,
      workflowId));
  }

  const operations = document.operations.filter((op) => op.operationId === job.operationId);
  const propertyResults = job.runs === 0 ? [] : await runPropertySuite(
    { ...document, operations }, target, credentials, { runs: job.runs });

  return [...caseResults.filter((r) => reported.has(r.name)), ...workflowResults,
    ...propertyResults];
}

/**
 * The cases that exercise the operation: its own, and those whose setup calls
 * it, less those whose setup needs an operation still pending. Earlier plain
 * examples of other operations run too, unreported, because later cases rely
 * on the records they create (an example login needs the example user).
 */
export function casesFor(all: ContractCase[], operationId: string, pending: string[] = []) {
  const concerns = (c: ContractCase) =>
    (c.operationId === operationId || c.setup?.operationId === operationId) &&
    !pending.includes(c.setup?.operationId ?? "");
  const last = all.reduce((found, c, i) => (concerns(c) ? i : found), -1);
  const creates = (c: ContractCase, i: number) => c.kind === "example" && !c.setup && i < last;
  const cases = all.filter((c, i) => concerns(c) || creates(c, i));
  return { cases, reported: new Set(cases.filter(concerns).map((c) => c.name)) };
}

/**
 * Ids of the workflows with a step that calls the operation, directly or
 * through another, less those that call a pending operation: those cannot
 * pass whatever the candidate does.
 */
export function workflowsUsing(
  source: WorkflowSource,
  operationId: string,
  pending: string[] = [],
): string[] {
  const { document } = parseArazzo(source.text, source.file);
  const byId = new Map(document.workflows.map((w) => [w.workflowId, w]));

  const calls = (workflow: Workflow, ids: string[], seen = new Set<string>()): boolean => {
    if (seen.has(workflow.workflowId)) return false;
    seen.add(workflow.workflowId);
    return workflow.steps.some((step) => ids.includes(step.operationId ?? "") ||
      (step.workflowId !== undefined && byId.has(step.workflowId) &&
        calls(byId.get(step.workflowId)!, ids, seen)));
  };
  return document.workflows.filter((w) => calls(w, [operationId]) && !calls(w, pending))
    .map((w) => w.workflowId);
}

/**
 * What went wrong, with the request and response, for someone who cannot see
 * the test. An exchange is shown once, however many rules it broke.
 */
function childFailures(result: TestResult, credentials: CredentialConfig): ChildFailure[] {
  let shown = "";
  return result.failures.map((failure) => {
    // Property messages already show the exchange; their replay line is an API call, not a clue.
    const lines = failure.message.split("\n").filter((line) => !/^\s*replay:/.test(line));
    const exchange = result.suite === "property" ? "" : exchangeText(failure);
    if (exchange && exchange !== shown) lines.push(exchange);
    shown = exchange || shown;
    return { suite: result.suite, name: result.name, rule: failure.rule,
      message: redact(lines.join("\n"), credentials) };
  });
}

function exchangeText(failure: Failure): string {
  const lines: string[] = [];
  if (failure.request) {
    const { method, path: target, body } = failure.request;
    lines.push(`request: ${method.toUpperCase()} ${target}${body === undefined ? ""
      : ` ${shorten(typeof body === "string" ? body : JSON.stringify(body))}`}`);
  }
  if (failure.response) {
    const { status, text } = failure.response;
    lines.push(`response: ${status} ${text === "" ? "(no body)" : shorten(text)}`);
  }
  return lines.join("\n");
}

/** The run's credentials are nobody's business outside this process. */
function redact(text: string, credentials: CredentialConfig): string {
  const secrets = [credentials.bearerToken, credentials.apiKey, credentials.basic?.password,
    credentials.basic && Buffer.from(`${credentials.basic.user}:${credentials.basic.password}`)
      .toString("base64")];
  return secrets.reduce<string>((out, secret) =>
    secret ? out.split(secret).join("[credential]") : out, text);
}

function shorten(text: string): string {
  return text.length <= SHOWN_TEXT ? text : `${text.slice(0, SHOWN_TEXT)}…`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Ends this process when its parent is gone. The process leads a group of its
 * own, so an interrupted parent's signal never reaches it, and a handler that
 * loops would keep it running; a thread still runs while the main one loops.
 */
function watchParent(): void {
  const watcher = new Worker(`
    const { workerData } = require("node:worker_threads");
    setInterval(() => {
      if (process.ppid !== workerData) process.kill(process.pid, "SIGKILL");
    }, ${PARENT_CHECK_MS});`, { eval: true, workerData: process.ppid });
  watcher.unref();
}

async function main(): Promise<void> {
  watchParent();
  const job = JSON.parse(await readStdin()) as VerifyJob;
  // Set only now, after tsx chose its cache folder, so transforms stay cached between runs;
  // the service's database then lives in the scratch folder, gone even after a kill.
  process.env.TMPDIR = job.tmpDir;
  const result = await runJob(job);

  // Exit explicitly: the service may leave handles open, and the line must be written first.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : error}\n`);
    process.exit(1);
  });
}

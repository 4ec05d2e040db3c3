/**
 * Judges one candidate handler file: it must type-check against the built
 * service, then pass the contract tests that exercise its operation. The
 * candidate runs in a scratch copy of the service and in a child process
 * with a time and memory limit, so nothing it does reaches this process or
 * the built output.
 */

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { WorkflowSource } from "../../contract/run-workflows.js";
import { workflowsFor } from "../contract/workflow-file.js";
import type { Rejection, Verdict } from "./fill-types.js";
import type { ChildResult, VerifyJob } from "./verify-child.js";

export interface VerifyOptions {
  /** A built service folder inside this repository, so its imports resolve. */
  outDir: string;
  specFile: string;
  operationId: string;
  /** The handler's file name under `src/handlers`, without `.ts`. */
  handlerId: string;
  /** The complete candidate handler file. */
  source: string;
  /**
   * Other operations that are still holes: workflows calling one, and cases
   * whose setup needs one, are left out, as no candidate could pass them.
   */
  pendingOperations?: string[];
  /** Arazzo workflows to run; by default the document beside the spec, if any. */
  workflows?: WorkflowSource;
  /** Limit for each stage (type-check, contract run); default 60 s. */
  timeoutMs?: number;
  /** Heap limit of the contract run; default 256 MB. */
  memoryMb?: number;
  /** Property-based runs per property; default 10, 0 leaves them out. */
  runs?: number;
}

interface Limits {
  timeoutMs: number;
  memoryMb: number;
  runs: number;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSC = path.join(REPO_ROOT, "node_modules/.bin/tsc");
const CHILD = fileURLToPath(new URL("./verify-child.ts", import.meta.url));

const MAX_TYPE_ERROR_LINES = 20;
const MAX_FAILING_TESTS = 10;
const STDERR_TAIL_LINES = 15;
const KEPT_OUTPUT = 1 << 20;

export async function verifyCandidate(options: VerifyOptions): Promise<Verdict> {
  const limits = { timeoutMs: options.timeoutMs ?? 60_000, memoryMb: options.memoryMb ?? 256,
    runs: options.runs ?? 10 };
  const scratch = scratchFor(options);

  try {
    await prepareScratch(scratch, options);
    const typeErrors = await typeCheck(scratch, limits.timeoutMs);
    if (typeErrors.length > 0) return verdict(typeErrors);

    return verdict(await runContract(scratch, options, limits));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function verdict(rejections: Rejection[]): Verdict {
  return { accepted: rejections.length === 0, rejections };
}

/** Beside the output, so the copy resolves the same node_modules. */
function scratchFor(options: VerifyOptions): string {
  if (!/^[A-Za-z0-9_$-]+$/.test(options.handlerId)) {
    throw new Error(`'${options.handlerId}' is not a handler file name`);
  }
  return `${path.resolve(options.outDir)}.verify-${randomBytes(6).toString("hex")}`;
}

async function prepareScratch(scratch: string, options: VerifyOptions): Promise<void> {
  // An installed node_modules is not the service; the parent folders' one serves the copy.
  await cp(path.resolve(options.outDir), scratch, { recursive: true,
    filter: (source) => path.basename(source) !== "node_modules" });
  await writeFile(path.join(scratch, "src/handlers", `${options.handlerId}.ts`), options.source);
  await mkdir(path.join(scratch, ".tmp"));
}

async function typeCheck(scratch: string, timeoutMs: number): Promise<Rejection[]> {
  const run = await runLimited(process.execPath,
    [TSC, "--noEmit", "--pretty", "false", "-p", "."], { cwd: scratch, timeoutMs });

  if (run.timedOut) {
    return [{ rule: "timeout", message: `type-checking did not finish within ${timeoutMs} ms` }];
  }
  if (run.code === 0) return [];

  const lines = `${run.stdout}\n${run.stderr}`.split("\n").map((l) => l.trimEnd())
    .filter((l) => l !== "").map((l) => l.split(`${scratch}${path.sep}`).join(""));
  const shown = lines.slice(0, MAX_TYPE_ERROR_LINES);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more lines`);
  return [{ rule: "typecheck", message: shown.join("\n") || `tsc exited with ${run.code}` }];
}

async function runContract(
  scratch: string,
  options: VerifyOptions,
  limits: Limits,
): Promise<Rejection[]> {
  const workflows = options.workflows ?? workflowsFor(options.specFile);
  const job: VerifyJob = { token: randomBytes(16).toString("hex"), dir: scratch,
    specFile: path.resolve(options.specFile), operationId: options.operationId,
    pending: (options.pendingOperations ?? []).filter((id) => id !== options.operationId),
    runs: limits.runs, tmpDir: path.join(scratch, ".tmp"), ...(workflows ? { workflows } : {}) };

  // The scratch folder is named on the command line so the process can be found by it.
  const run = await runLimited(process.execPath,
    [`--max-old-space-size=${limits.memoryMb}`, "--import", "tsx", CHILD, scratch],
    { cwd: REPO_ROOT, timeoutMs: limits.timeoutMs, input: JSON.stringify(job),
      env: childEnv() });

  return judgeRun(run, job.token, limits, scratch);
}

/** Inherited Node options could lift the limits. */
function childEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  return env;
}

function judgeRun(run: Finished, token: string, limits: Limits, scratch: string): Rejection[] {
  if (run.timedOut) {
    return [{ rule: "timeout", message: `the contract tests did not finish within ` +
      `${limits.timeoutMs} ms; the handler may loop or wait forever` }];
  }
  if (/heap limit|heap out of memory/i.test(run.stderr) || run.signal !== null) {
    return [{ rule: "memory", message: `the service ran out of memory (limit ` +
      `${limits.memoryMb} MB heap); the handler may allocate without bound` }];
  }

  const result = run.code === 0 ? resultLine(run.stdout, token) : undefined;
  if (!result) {
    const tail = run.stderr.split(`${scratch}${path.sep}`).join("").trimEnd().split("\n")
      .slice(-STDERR_TAIL_LINES).join("\n");
    return [{ rule: "contract", message: `the service stopped during the contract tests ` +
      `(exit code ${run.code}) before they finished:\n${tail || "(nothing on stderr)"}` }];
  }
  return contractRejections(result);
}

/** One rejection per failing test, naming each rule it broke. */
function contractRejections(result: ChildResult): Rejection[] {
  const tests = new Map<string, string[]>();
  for (const f of result.failures) {
    const test = `${f.suite} test "${f.name}"`;
    tests.set(test, [...tests.get(test) ?? [], `broke ${f.rule}: ${f.message}`]);
  }

  const shown = [...tests].slice(0, MAX_FAILING_TESTS).map(([test, broken]) => ({
    rule: "contract",
    message: broken.length === 1 ? `${test} ${broken[0]}` : `${test}\n${broken.join("\n")}`,
  }));
  const more = tests.size - shown.length;
  if (more > 0) shown.push({ rule: "contract", message: `… and ${more} more failing tests` });
  if (!result.passed && shown.length === 0) {
    shown.push({ rule: "contract", message: "the contract tests failed without a reason" });
  }
  return shown;
}

/** The child's result: the last line carrying this run's token. */
function resultLine(stdout: string, token: string): ChildResult | undefined {
  for (const line of stdout.trimEnd().split("\n").reverse()) {
    try {
      const parsed = JSON.parse(line) as Partial<ChildResult>;
      if (parsed.token === token && Array.isArray(parsed.failures)) return parsed as ChildResult;
    } catch {
      // A handler may print anything; only the result line parses with our token.
    }
  }
  return undefined;
}

/**
 * Runs a command in a process group of its own, so that on timeout, and after
 * it exits, everything it started goes with it.
 */
function runLimited(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; input?: string; env?: NodeJS.ProcessEnv },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env,
      detached: true, stdio: ["pipe", "pipe", "pipe"] });
    const stdout = tailKeeper();
    const stderr = tailKeeper();
    let timedOut = false;

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.stdout.on("data", stdout.add);
    child.stderr.on("data", stderr.add);
    child.stdin.on("error", () => undefined);
    child.on("exit", () => killGroup(child.pid));
    child.on("error", (error) => {
      clearTimeout(timer);
      killGroup(child.pid);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: stdout.text(), stderr: stderr.text(), timedOut });
    });
    child.stdin.end(options.input ?? "");
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // The group is already gone.
  }
}

/** Keeps the last megabyte of a stream: a chatty handler must not exhaust this process. */
function tailKeeper() {
  let kept = "";
  return {
    add: (chunk: Buffer) => {
      kept += chunk.toString("utf8");
      if (kept.length > 2 * KEPT_OUTPUT) kept = kept.slice(-KEPT_OUTPUT);
    },
    text: () => kept,
  };
}

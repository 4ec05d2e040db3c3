/**
 * Builds and type-checks every document of the shared corpus, one line per
 * document and a total. A document either builds and its output passes
 * `tsc --noEmit`, or is rejected with the located error printed here.
 *
 *   npm run corpus [-- name-filter]
 */

import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const corpus = path.resolve(process.env.CORPUS_DIR ?? path.join(root, "../shared/corpus"));
const work = path.join(root, ".cache/corpus");
const tsc = path.join(root, "node_modules/.bin/tsc");
const cli = path.join(root, "bin/spec2svc.js");

interface Outcome {
  name: string;
  ok: boolean;
  line: string;
}

function entries(): Array<{ name: string; spec: string }> {
  const filter = process.argv[2];
  return readdirSync(corpus)
    .filter((name) => /\.(ya?ml|json)$/.test(name) || existsSync(path.join(corpus, name, "ENTRY")))
    .filter((name) => !filter || name.includes(filter))
    .sort()
    .map((name) => {
      const full = path.join(corpus, name);
      if (!statSync(full).isDirectory()) return { name, spec: full };
      const entry = readFileSync(path.join(full, "ENTRY"), "utf8").trim();
      return { name, spec: path.join(full, entry) };
    });
}

async function check(name: string, spec: string): Promise<Outcome> {
  const out = path.join(work, name.replace(/\.(ya?ml|json)$/, ""));
  const started = performance.now();
  const build = await run(process.execPath, [cli, "build", spec, "--out", out, "--json"], {
    maxBuffer: 256 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  const buildSeconds = (performance.now() - started) / 1000;

  const report = parseReport(build.stdout);
  if (!report?.ok) {
    const first = report?.diagnostics.find((d) => d.severity === "error");
    const where = first?.location
      ? `${path.relative(corpus, first.location.file)}:${first.location.line ?? "?"} ` +
        `#${first.location.pointer}`
      : "";
    const count = report ? report.diagnostics.filter((d) => d.severity === "error").length : 0;
    const more = count > 1 ? ` (+${count - 1} more)` : "";
    const reason = first ? `${first.code}: ${first.message} ${where}${more}` : "build crashed";
    return { name, ok: false, line: `REJECT ${name}: ${reason}` };
  }

  const typed = performance.now();
  const checked = await run(tsc, ["--noEmit", "-p", out], { maxBuffer: 64 * 1024 * 1024 })
    .then(() => undefined, (error: { stdout?: string }) => error.stdout ?? "tsc failed");
  const tscSeconds = (performance.now() - typed) / 1000;
  if (checked !== undefined) {
    const first = checked.split("\n").find((l) => l.includes("error TS")) ?? checked.slice(0, 200);
    return { name, ok: false, line: `TSC-FAIL ${name}: ${first}` };
  }

  await rm(out, { recursive: true, force: true });
  const ops = report.builds?.[0]?.operations ?? 0;
  const warnings = report.diagnostics.length;
  return {
    name,
    ok: true,
    line: `ok     ${name}: ${ops} operations, ${warnings} warnings, ` +
      `build ${buildSeconds.toFixed(1)} s, tsc ${tscSeconds.toFixed(1)} s`,
  };
}

interface Report {
  ok: boolean;
  diagnostics: Array<{
    code: string;
    severity: string;
    message: string;
    location?: { file: string; pointer: string; line?: number };
  }>;
  builds?: Array<{ operations: number }>;
}

function parseReport(stdout: string): Report | undefined {
  try {
    return JSON.parse(stdout) as Report;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const list = entries();
  const outcomes: Outcome[] = [];
  const queue = [...list];

  // Two at a time: the machine has two cores and tsc is single-threaded.
  await Promise.all([0, 1].map(async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const outcome = await check(next.name, next.spec);
      console.log(outcome.line);
      outcomes.push(outcome);
    }
  }));

  const passed = outcomes.filter((o) => o.ok).length;
  const share = ((100 * passed) / Math.max(1, outcomes.length)).toFixed(1);
  console.log(`total: ${passed} of ${outcomes.length} built and type-checked (${share}%), ` +
    `${outcomes.length - passed} rejected`);
}

await main();

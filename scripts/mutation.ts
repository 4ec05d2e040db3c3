/**
 * Mutation score of the generated contract suites: plants each known-wrong
 * variant from mutants.ts in a copy of the generated service, runs the suite
 * against it, and counts the variants it rejects. Survivors are listed with
 * their edit.
 *
 *   npm run mutation [-- mutant-id-filter]
 */

import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { runContractSuite } from "../compiler/contract/run-contract-suite.js";
import { startBuiltService } from "../compiler/contract/start-built-service.js";
import { workflowsFor } from "../compiler/contract/workflow-file.js";
import { loadSpec } from "../compiler/load/load-spec.js";
import { buildModel } from "../compiler/model/build-model.js";
import type { ServiceModel } from "../compiler/model/service-model.js";
import { MUTANTS, type Mutant } from "./mutants.js";

const root = path.resolve(import.meta.dirname, "..");
const scratch = path.join(root, ".cache/mutants");
const TIMEOUT_MS = 60_000;

interface Outcome {
  mutant?: Mutant;
  killed: boolean;
  reasons: string[];
}

async function prepare(service: string, label: string, mutant?: Mutant): Promise<string> {
  const dir = path.join(scratch, service, label);
  await rm(dir, { recursive: true, force: true });
  await cp(path.join(root, "generated", service), dir, { recursive: true });
  if (mutant) await plant(dir, mutant);
  return dir;
}

async function plant(dir: string, mutant: Mutant): Promise<void> {
  const file = path.join(dir, "src", mutant.file);
  const text = await readFile(file, "utf8");
  const matches = typeof mutant.find === "string"
    ? text.split(mutant.find).length - 1
    : [...text.matchAll(new RegExp(mutant.find.source, `${mutant.find.flags.replace("g", "")}g`))]
      .length;
  const wanted = mutant.find instanceof RegExp && mutant.find.global ? matches >= 1 : matches === 1;
  if (!wanted) throw new Error(`mutant ${mutant.id} matches ${matches} times in ${mutant.file}`);

  const changed = typeof mutant.find === "string"
    ? text.replace(mutant.find, () => mutant.replace)
    : text.replace(mutant.find, mutant.replace);
  await writeFile(file, changed);
}

const models = new Map<string, Promise<ServiceModel>>();

/** The spec is the same for every mutant of a service: it is read once. */
function modelOf(service: string): Promise<ServiceModel> {
  let model = models.get(service);
  if (!model) {
    model = loadSpec(path.join(root, "specs", `${service}.yaml`)).then((spec) => buildModel(spec));
    models.set(service, model);
  }
  return model;
}

async function runAgainst(dir: string, service: string): Promise<string[]> {
  const model = await modelOf(service);

  const local = await startBuiltService(dir);
  try {
    const spec = path.join(root, "specs", `${service}.yaml`);
    const workflows = workflowsFor(spec);
    const results = await runContractSuite(model, local.target, local.credentials,
      workflows ? { workflows } : {});
    return results.filter((r) => !r.passed)
      .map((r) => `${r.suite} › ${r.name}: ${r.failures[0]?.rule} ${r.failures[0]?.message}`);
  } finally {
    await local.stop();
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<T>((_resolve, reject) =>
    setTimeout(() => reject(new Error(`no verdict within ${TIMEOUT_MS} ms`)), TIMEOUT_MS))]);
}

async function verdict(service: string, mutant: Mutant): Promise<Outcome> {
  const dir = await prepare(service, mutant.id, mutant);
  try {
    const reasons = await withTimeout(runAgainst(dir, service));
    return { mutant, killed: reasons.length > 0, reasons };
  } catch (error) {
    // A service that cannot even start or answer is rejected too.
    return { mutant, killed: true, reasons: [`crashed: ${(error as Error).message}`] };
  }
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const outcomes: Outcome[] = [];

  for (const service of ["auth", "catalog"] as const) {
    const baseline = await runAgainst(await prepare(service, "baseline"), service);
    if (baseline.length > 0) {
      console.error(`the unmutated ${service} service fails its own suite:\n${baseline.join("\n")}`);
      process.exitCode = 1;
      return;
    }

    for (const mutant of MUTANTS.filter((m) => m.service === service)) {
      if (filter && !mutant.id.includes(filter)) continue;
      const outcome = await verdict(service, mutant);
      outcomes.push(outcome);
      const mark = outcome.killed ? "killed  " : "SURVIVED";
      console.log(`${mark} ${service} ${mutant.id} (${mutant.kind})` +
        (outcome.killed ? ` — ${outcome.reasons[0]}` : ""));
    }
  }

  const survivors = outcomes.filter((o) => !o.killed);
  for (const s of survivors) {
    console.log(`\nsurvivor ${s.mutant!.service} ${s.mutant!.id}: in src/${s.mutant!.file}\n` +
      `- ${String(s.mutant!.find)}\n+ ${s.mutant!.replace}`);
  }
  const killed = outcomes.length - survivors.length;
  const score = ((100 * killed) / Math.max(1, outcomes.length)).toFixed(1);
  console.log(`\nmutation score: ${killed} of ${outcomes.length} mutants rejected (${score}%)`);
  await rm(scratch, { recursive: true, force: true });
}

await main();

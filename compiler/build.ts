/** The build pipeline: load, model, fill, emit, write. */

import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";

import type { WorkflowSource } from "../contract/run-workflows.js";
import { workflowsFor } from "./contract/workflow-file.js";
import type { Diagnostic } from "./diagnostics.js";
import { handlerPath } from "./emit/emit-handlers.js";
import { emitService, type EmitCache } from "./emit/emit-service.js";
import type { OutputFile } from "./emit/source-printer.js";
import { fillHoles, type FillEvent, type FillSummary } from "./fill/fill-holes.js";
import { parseFillFile } from "./fill/fill-file.js";
import { buildHoleContract } from "./fill/hole-contract.js";
import type { ModelClient } from "./fill/model-client.js";
import { readFills } from "./fill/read-fills.js";
import { loadSpec } from "./load/load-spec.js";
import type { LoadedSpec } from "./load/loaded-spec.js";
import { buildModel } from "./model/build-model.js";
import type { OperationModel, ServiceModel } from "./model/service-model.js";
import { writeOutput } from "./write/write-output.js";

export interface FillSettings {
  /** Absent when offline or without a key: nothing is asked of a model. */
  client?: ModelClient;
  modelName?: string;
  maxAttempts?: number;
  timeoutMs?: number;
  /** Holes decided at once. */
  concurrency?: number;
  report?: (event: FillEvent) => void;
}

export interface BuildOptions {
  /** Output folder; defaults to `generated/<service name>` under the working directory. */
  out?: string;
  /** Service name; defaults to the spec file's name. */
  name?: string;
  cache?: EmitCache;
  /**
   * Verify stale fills and ask the model for missing ones. Without it, fills
   * beside the spec are used as they are.
   */
  fill?: FillSettings;
}

export interface BuildResult {
  spec: string;
  outDir: string;
  model: ServiceModel;
  files: OutputFile[];
  /** Operation ids by how their handler was made. */
  handlers: { compiled: string[]; filled: string[]; open: string[] };
  fillSummary?: FillSummary;
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

interface Prepared {
  spec: LoadedSpec;
  model: ServiceModel;
  stored: Record<string, string>;
  workflows?: WorkflowSource;
  timings: Record<string, number>;
}

async function prepare(specFile: string, options: BuildOptions): Promise<Prepared> {
  const timings: Record<string, number> = {};
  const started = performance.now();
  const spec = await loadSpec(path.resolve(specFile));
  timings.load = Math.round(performance.now() - started);

  const modelled = performance.now();
  const model = buildModel(spec, options.name ? { name: options.name } : {});
  timings.model = Math.round(performance.now() - modelled);

  const { fills, warnings } = readFills(spec.file, model.operations);
  model.warnings.push(...warnings);
  const workflows = workflowsFor(spec.file);
  return { spec, model, stored: fills, ...(workflows ? { workflows } : {}), timings };
}

function emit(prepared: Prepared, fills: Record<string, string>, options: BuildOptions) {
  const started = performance.now();
  const files = emitService(prepared.model, {
    locate: prepared.spec.locate,
    fills,
    ...(prepared.workflows ? { workflows: prepared.workflows } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
  });
  prepared.timings.emit = Math.round(performance.now() - started);

  const { operations } = prepared.model;
  const handlers = {
    compiled: operations.filter((op) => op.crud && !fills[op.id]).map((op) => op.operationId),
    filled: operations.filter((op) => fills[op.id]).map((op) => op.operationId),
    open: operations.filter((op) => !op.crud && !fills[op.id]).map((op) => op.operationId),
  };
  return { files, handlers };
}

/** Compiles one spec into files, using the fills beside it as they are; writes nothing. */
export async function compileSpec(specFile: string, options: BuildOptions = {}) {
  const prepared = await prepare(specFile, options);
  const { files, handlers } = emit(prepared, prepared.stored, options);
  return { spec: prepared.spec, model: prepared.model, files, timings: prepared.timings,
    handlers };
}

export async function buildSpec(specFile: string, options: BuildOptions = {}): Promise<BuildResult> {
  const prepared = await prepare(specFile, options);
  const outDir = path.resolve(options.out ?? path.join("generated", prepared.model.name));

  let fills = prepared.stored;
  let fillSummary: FillSummary | undefined;
  const current = options.fill ? currentFills(prepared) : new Set<string>();
  if (options.fill && needsFilling(prepared, current, options.fill)) {
    const filled = await runFillStage(prepared, outDir, options, current);
    fills = filled.fills;
    fillSummary = filled.summary;
  }

  const { files, handlers } = emit(prepared, fills, options);
  const started = performance.now();
  await writeOutput(outDir, files);
  prepared.timings.write = Math.round(performance.now() - started);

  return {
    spec: path.resolve(specFile),
    outDir,
    model: prepared.model,
    files,
    handlers,
    ...(fillSummary ? { fillSummary } : {}),
    warnings: prepared.model.warnings,
    timings: prepared.timings,
  };
}

/** Ids of the stored fills whose recorded contract hash is the hole's current one. */
function currentFills(prepared: Prepared): Set<string> {
  return new Set(Object.entries(prepared.stored).filter(([id, text]) => {
    const op = prepared.model.operations.find((o) => o.id === id)!;
    const hash = buildHoleContract(prepared.model, op, prepared.workflows).hash;
    return parseFillFile(text, "", op.operationId).contractHash === hash;
  }).map(([id]) => id));
}

/** Anything to verify or ask? When every stored fill still matches, a build needs no model. */
function needsFilling(prepared: Prepared, current: Set<string>, settings: FillSettings): boolean {
  return prepared.model.operations.some((op) => prepared.stored[op.id] === undefined
    ? !op.crud && settings.client !== undefined
    : !current.has(op.id));
}

/**
 * Candidates are verified in a scratch build beside the output, which gains
 * each accepted fill as it comes; the output itself is written only after.
 */
async function runFillStage(
  prepared: Prepared,
  outDir: string,
  options: BuildOptions,
  current: Set<string>,
) {
  const started = performance.now();
  const base = path.join(path.dirname(outDir),
    `.${path.basename(outDir)}.fill-${randomBytes(4).toString("hex")}`);
  // Stored fills that still match go into the scratch build from the start.
  const trusted = Object.fromEntries(Object.entries(prepared.stored)
    .filter(([id]) => current.has(id)));
  const inBase = new Set([...Object.keys(trusted),
    ...prepared.model.operations.filter((op) => op.crud).map((op) => op.id)]);
  await writeOutput(base, emit(prepared, trusted, options).files);

  try {
    const settings = options.fill!;
    const workflows = prepared.workflows;
    const result = await fillHoles(prepared.model, prepared.stored, {
      specFile: prepared.spec.file,
      outDir: base,
      ...(workflows ? { workflows } : {}),
      ...(settings.client ? { client: settings.client } : {}),
      ...(settings.modelName ? { modelName: settings.modelName } : {}),
      ...(settings.maxAttempts ? { maxAttempts: settings.maxAttempts } : {}),
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      ...(settings.concurrency ? { concurrency: settings.concurrency } : {}),
      ...(settings.report ? { report: settings.report } : {}),
      accepted: async (op: OperationModel, text: string) => {
        inBase.add(op.id);
        await writeFile(path.join(base, handlerPath(op)), text);
      },
      pending: () => prepared.model.operations.filter((op) => !inBase.has(op.id))
        .map((op) => op.operationId),
    });
    prepared.timings.fill = Math.round(performance.now() - started);
    return result;
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

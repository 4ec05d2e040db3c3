/** The build pipeline: load, model, emit, write. */

import path from "node:path";

import type { Diagnostic } from "./diagnostics.js";
import { emitService, type EmitCache } from "./emit/emit-service.js";
import type { OutputFile } from "./emit/source-printer.js";
import { workflowsFor } from "./contract/workflow-file.js";
import { readFills } from "./fill/read-fills.js";
import { loadSpec } from "./load/load-spec.js";
import { buildModel } from "./model/build-model.js";
import type { ServiceModel } from "./model/service-model.js";
import { writeOutput } from "./write/write-output.js";

export interface BuildOptions {
  /** Output folder; defaults to `generated/<service name>` under the working directory. */
  out?: string;
  /** Service name; defaults to the spec file's name. */
  name?: string;
  cache?: EmitCache;
}

export interface BuildResult {
  spec: string;
  outDir: string;
  model: ServiceModel;
  files: OutputFile[];
  /** Operation ids by how their handler was made. */
  handlers: { compiled: string[]; filled: string[]; open: string[] };
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

/** Compiles one spec into files, without writing anything. */
export async function compileSpec(specFile: string, options: BuildOptions = {}) {
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, run: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await run();
    timings[step] = Math.round(performance.now() - started);
    return value;
  };

  const spec = await timed("load", () => loadSpec(path.resolve(specFile)));
  const model = await timed("model", () => buildModel(spec, options.name ? { name: options.name } : {}));
  const { fills, warnings } = readFills(spec.file, model.operations);
  model.warnings.push(...warnings);
  const workflows = workflowsFor(spec.file);
  const files = await timed("emit", () => emitService(model, {
    locate: spec.locate,
    fills,
    ...(workflows ? { workflows } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
  }));
  const handlers = {
    compiled: model.operations.filter((op) => op.crud && !fills[op.id]).map((op) => op.operationId),
    filled: model.operations.filter((op) => fills[op.id]).map((op) => op.operationId),
    open: model.operations.filter((op) => !op.crud && !fills[op.id]).map((op) => op.operationId),
  };
  return { spec, model, files, timings, handlers };
}

export async function buildSpec(specFile: string, options: BuildOptions = {}): Promise<BuildResult> {
  const { model, files, timings, handlers } = await compileSpec(specFile, options);
  const outDir = path.resolve(options.out ?? path.join("generated", model.name));

  const started = performance.now();
  await writeOutput(outDir, files);
  timings.write = Math.round(performance.now() - started);

  return {
    spec: path.resolve(specFile),
    outDir,
    model,
    files,
    handlers,
    warnings: model.warnings,
    timings,
  };
}

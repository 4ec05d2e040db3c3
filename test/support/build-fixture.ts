/** Builds a spec into a fresh folder inside the repository, so the output resolves our node_modules. */

import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import type { Express } from "express";

import { buildSpec, type BuildResult } from "../../compiler/build.js";
import { createLogger } from "../../runtime/logger.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const FIXTURE_SPECS = path.join(REPO_ROOT, "test/fixtures/specs");
const SCRATCH = path.join(REPO_ROOT, ".cache/test-out");

export interface BuiltService {
  result: BuildResult;
  outDir: string;
  /** Replaces a handler's source before the app is loaded. */
  writeHandler(operationId: string, source: string): Promise<void>;
  loadApp(): Promise<Express>;
  remove(): Promise<void>;
}

export function scratchDir(label: string): string {
  return path.join(SCRATCH, `${label}-${randomBytes(4).toString("hex")}`);
}

export async function buildFixture(spec: string, label = path.parse(spec).name) {
  const outDir = scratchDir(label);
  const specPath = path.isAbsolute(spec) ? spec : path.join(FIXTURE_SPECS, spec);
  const result = await buildSpec(specPath, { out: outDir });

  const service: BuiltService = {
    result,
    outDir,
    writeHandler: (operationId, source) =>
      writeFile(path.join(outDir, "src/handlers", `${operationId}.ts`), source),
    loadApp: async () => {
      const module = (await import(pathToFileURL(path.join(outDir, "src/app.ts")).href)) as {
        buildApp(options?: unknown): Express;
      };
      return module.buildApp({ logger: silentLogger(), bodyLimit: "64kb" });
    },
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
  return service;
}

/** Tests print nothing: the service logs at level "silent". */
export function silentLogger() {
  return createLogger({ level: "silent" });
}

/**
 * Fills are handler sources a person (or, once accepted, a model) wrote
 * beside the spec: `<spec name>.fills/<operationId>.ts`. They are used as
 * they are, in place of the hole or compiled handler.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import type { Diagnostic } from "../diagnostics.js";
import type { OperationModel } from "../model/service-model.js";

export function fillsFolder(specFile: string): string {
  const base = path.basename(specFile).replace(/\.(ya?ml|json)$/i, "");
  return path.join(path.dirname(specFile), `${base}.fills`);
}

export function readFills(
  specFile: string,
  operations: OperationModel[],
): { fills: Record<string, string>; warnings: Diagnostic[] } {
  const folder = fillsFolder(specFile);
  const fills: Record<string, string> = {};
  const warnings: Diagnostic[] = [];
  if (!existsSync(folder)) return { fills, warnings };

  for (const file of readdirSync(folder).filter((f) => f.endsWith(".ts")).sort()) {
    const name = file.slice(0, -3);
    const op = operations.find((o) => o.operationId === name || o.id === name);
    if (!op) {
      warnings.push({ code: "fill-orphaned", severity: "warning",
        message: `no operation '${name}' for this fill`,
        location: { file: path.join(folder, file), pointer: "" } });
      continue;
    }
    fills[op.id] = readFileSync(path.join(folder, file), "utf8");
  }
  return { fills, warnings };
}

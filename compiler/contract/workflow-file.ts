import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import type { WorkflowSource } from "../../contract/run-workflows.js";

/** The Arazzo document beside a spec (`auth.yaml` → `auth.arazzo.yaml`), or the one named. */
export function workflowsFor(specFile: string, named?: string): WorkflowSource | undefined {
  const base = path.basename(specFile).replace(/\.(ya?ml|json)$/i, "");
  const file = named ?? path.join(path.dirname(specFile), `${base}.arazzo.yaml`);
  if (!existsSync(file)) return undefined;
  return { file: path.resolve(file), text: readFileSync(file, "utf8") };
}

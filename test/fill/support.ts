/** The auth example's model and workflows, as the fill stage sees them. */

import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { workflowsFor } from "../../compiler/contract/workflow-file.js";
import { loadSpec } from "../../compiler/load/load-spec.js";
import { buildModel } from "../../compiler/model/build-model.js";
import type { OperationModel, ServiceModel } from "../../compiler/model/service-model.js";
import { REPO_ROOT } from "../support/build-fixture.js";

export const AUTH_SPEC = path.join(REPO_ROOT, "specs/auth.yaml");
export const AUTH_FILLS = path.join(REPO_ROOT, "specs/auth.fills");

export async function loadAuth() {
  const spec = await loadSpec(AUTH_SPEC);
  const model = buildModel(spec);
  return { model, workflows: workflowsFor(spec.file)! };
}

export function operation(model: ServiceModel, operationId: string): OperationModel {
  const op = model.operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId}`);
  return op;
}

/** The operations a build leaves to fills: everything not compiled as CRUD. */
export function holes(model: ServiceModel): OperationModel[] {
  return model.operations.filter((op) => !op.crud);
}

/** Builds the model of a spec given as text, written to a fresh temporary folder. */
export async function modelOf(yaml: string): Promise<ServiceModel> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "spec2svc-fill-"));
  const file = path.join(folder, "inline.yaml");
  await writeFile(file, yaml);
  return buildModel(await loadSpec(file));
}

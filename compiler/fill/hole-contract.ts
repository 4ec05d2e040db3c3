/**
 * A hole's contract: everything a model is told about one operation, taken
 * from the service model and the spec's workflows only. The contract tests
 * are derived from the same spec but are never part of it, so a fill cannot
 * be written to the tests rather than to the spec.
 */

import { contentHash } from "../content-hash.js";
import { inputTypeName, resultTypeName } from "../emit/emit-operation-types.js";
import type { OperationModel, ServiceModel } from "../model/service-model.js";
import { contractExamples, type WorkflowText } from "./contract-examples.js";
import { contractHelpers } from "./contract-helpers.js";
import { contractTypes } from "./contract-types.js";
import type { HoleContract } from "./fill-types.js";

/**
 * Rules come from `op.rules`, which the model reads from the operation's
 * `x-spec2svc-rules` extension (a string or a list of strings).
 */
export function buildHoleContract(
  model: ServiceModel,
  op: OperationModel,
  workflows?: WorkflowText,
): HoleContract {
  const contract: Omit<HoleContract, "hash"> = {
    operationId: op.operationId,
    id: op.id,
    method: op.method.toUpperCase(),
    path: op.path,
    rules: op.rules ?? [],
    signature: handlerSignature(op),
    types: contractTypes(model, op),
    helpers: contractHelpers(model, op),
    examples: contractExamples(op, workflows),
  };

  if (op.summary !== undefined) contract.summary = op.summary.trim();
  if (op.description !== undefined) contract.description = op.description.trim();
  return { ...contract, hash: contractHash(contract) };
}

export function handlerSignature(op: OperationModel): string {
  return `export async function ${op.id}(input: ${inputTypeName(op)}, context: Context): ` +
    `Promise<${resultTypeName(op)}>`;
}

/** The hash of every field but the hash itself; absent and undefined fields hash alike. */
export function contractHash(contract: Omit<HoleContract, "hash"> | HoleContract): string {
  const { hash: _hash, ...content } = contract as HoleContract;
  return contentHash(content);
}

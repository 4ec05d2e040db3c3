/**
 * `src/handlers/<operation>.ts`: one typed function per operation. Without a
 * fill it is a hole that answers 501 naming the operation.
 */

import type { OperationModel } from "../model/service-model.js";
import { inputTypeName, operationDocs, resultTypeName } from "./emit-operation-types.js";
import type { OutputFile, SourcePrinter } from "./source-printer.js";

export function handlerPath(op: OperationModel): string {
  return `src/handlers/${op.id}.ts`;
}

export function emitHandlerHole(op: OperationModel, printer: SourcePrinter): OutputFile {
  const input = inputTypeName(op);
  const result = resultTypeName(op);

  return printer.print(handlerPath(op), [
    'import { notImplemented } from "../runtime/index.js";',
    `import type { Context, ${input}, ${result} } from "../operations.js";`,
    "",
    `${operationDocs(op)}export async function ${op.id}(
  _input: ${input},
  _context: Context,
): Promise<${result}> {
  // An open hole: the spec does not say what this operation does.
  notImplemented(${JSON.stringify(op.operationId)});
}`,
  ]);
}

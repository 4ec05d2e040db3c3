/**
 * `src/routes.ts`: the route table, one entry per operation, tying together
 * parameters, compiled validators, redactions and the handler.
 */

import type { OperationModel, ServiceModel } from "../model/service-model.js";
import { code, literal } from "./code-literal.js";
import { handlerPath } from "./emit-handlers.js";
import { validatorModuleFor } from "./emit-validators.js";
import type { RedactionShapes } from "./redaction-shapes.js";
import { bodyValidators, paramsSchema } from "./request-schemas.js";
import type { OutputFile, SourcePrinter } from "./source-printer.js";

export function emitRoutes(
  model: ServiceModel,
  redactions: RedactionShapes,
  printer: SourcePrinter,
): OutputFile {
  const imports = [
    'import type { RouteDefinition } from "./runtime/route.js";',
    'import * as coercing from "./validators/coercing.js";',
    'import * as exact from "./validators/exact.js";',
    ...model.operations.map(
      (op) => `import { ${op.id} } from "./${handlerPath(op).slice(4, -3)}.js";`,
    ),
  ];
  const entries = model.operations.map((op) => routeEntry(model, op, redactions));

  return printer.print("src/routes.ts", [
    ...imports,
    "",
    `export const routes: RouteDefinition[] = ${literal(entries)};`,
  ]);
}

function routeEntry(model: ServiceModel, op: OperationModel, redactions: RedactionShapes) {
  const params = paramsSchema(op);

  return {
    operationId: op.operationId,
    method: op.method,
    path: `${model.basePath}${op.path}`,
    parameters: op.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required,
      style: p.style,
      explode: p.explode,
      shape: p.shape,
      properties: p.properties,
    })),
    validateParams: validatorReference(params),
    body: op.body && {
      required: op.body.required,
      media: Object.fromEntries(bodyValidators(op).map((b) => [
        b.media,
        b.validator ? validatorReference(b.validator) : code("undefined"),
      ])),
    },
    redactions: responseRedactions(op, redactions),
    security: op.security.length > 0 ? op.security : undefined,
    handler: code(op.id),
  };
}

function validatorReference(schema: { exportName: string; coerce: boolean }) {
  const namespace = validatorModuleFor(schema).path.split("/").pop();
  return code(`${namespace}.${schema.exportName}`);
}

function responseRedactions(op: OperationModel, redactions: RedactionShapes) {
  const byStatus: Record<string, unknown> = {};
  for (const response of op.responses) {
    const json = response.media.find((m) => m.schema !== undefined);
    const shape = redactions.shapeOf(json?.schema);
    if (shape) byStatus[response.status === "DEFAULT" ? "default" : response.status] = shape;
  }
  if (Object.keys(byStatus).length === 0) return undefined;

  // The runtime falls back from a code to its range and to "default"; a
  // response with nothing to drop says so, rather than borrow another's shape.
  for (const response of op.responses) {
    const status = response.status === "DEFAULT" ? "default" : response.status;
    byStatus[status] ??= {};
  }
  return byStatus;
}

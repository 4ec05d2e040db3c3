/**
 * Emits a whole service from its model. Each part is a pure function of the
 * model pieces it reads, and is memoised by their content hash, so a long-lived
 * caller (watch mode) re-emits only what changed.
 */

import { contentHash } from "../content-hash.js";
import type { SpecLocation } from "../diagnostics.js";
import type { WorkflowSource } from "../../contract/run-workflows.js";
import type { OperationModel, ServiceModel } from "../model/service-model.js";
import { emitContractSuite } from "./emit-contract-suite.js";
import { emitCrudHandler } from "./emit-crud-handlers.js";
import { emitHandlerHole, handlerPath } from "./emit-handlers.js";
import { emitRepositories } from "./emit-repositories.js";
import { emitOperationTypes } from "./emit-operation-types.js";
import { emitProject } from "./emit-project.js";
import { emitRoutes } from "./emit-routes.js";
import { emitSchemaTypes } from "./emit-schema-types.js";
import { emitValidators } from "./emit-validators.js";
import { literal } from "./code-literal.js";
import { RedactionShapes } from "./redaction-shapes.js";
import { bodyValidators, paramsSchema } from "./request-schemas.js";
import { SourcePrinter, type OutputFile } from "./source-printer.js";
import { TypeNames } from "./type-names.js";

/** Results of earlier emits, by content hash. Owned by the caller. */
export type EmitCache = Map<string, OutputFile[]>;

export interface EmitOptions {
  locate(pointer: string): SpecLocation;
  cache?: EmitCache;
  /** Handler sources written beside the spec, by operation id; used as they are. */
  fills?: Record<string, string>;
  /** The Arazzo workflows beside the spec, run by the service's own tests. */
  workflows?: WorkflowSource;
}

const EMITTER_VERSION = "1";

export function emitService(model: ServiceModel, options: EmitOptions): OutputFile[] {
  const cache = options.cache ?? new Map<string, OutputFile[]>();
  const printer = new SourcePrinter();
  const memo = (part: string, input: unknown, make: () => OutputFile[]): OutputFile[] => {
    const key = `${part}:${contentHash([EMITTER_VERSION, input])}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const made = make();
    cache.set(key, made);
    return made;
  };

  const names = () => new TypeNames(model.schemas);
  const fills = options.fills ?? {};
  const handler = (op: OperationModel): OutputFile => {
    const fill = fills[op.id];
    if (fill !== undefined) return { path: handlerPath(op), content: fill };
    if (op.crud) {
      const resource = model.resources.find((r) => r.name === op.crud!.resource);
      return memo("crud", [op, resource, model.basePath],
        () => [emitCrudHandler(model, op, printer)])[0]!;
    }
    return memo("hole", op, () => [emitHandlerHole(op, printer)])[0]!;
  };
  const redactions = () => new RedactionShapes(model.schemas);
  const requests = requestSchemas(model);
  const files = [
    ...memo("project", projectInput(model), () => emitProject(model, printer)),
    ...memo("schemas", model.schemas, () => [emitSchemaTypes(model.schemas, names(), printer)]),
    ...memo("operations", [model.schemas, model.operations, model.resources.length], () => [
      emitOperationTypes(model, names(), printer),
    ]),
    ...memo("routes", [model.schemas, model.operations, model.basePath], () => [
      emitRoutes(model, redactions(), printer),
    ]),
    ...memo("redactions", model.schemas, () => [emitRedactions(redactions(), printer)]),
    // Validators are the slowest part; they depend only on the request schemas.
    ...memo("validators", [model.schemas, requests, model.unknownFormats], () =>
      emitValidators(model, requests, options)),
    ...(model.resources.length > 0
      ? memo("repositories", [model.schemas, model.resources], () =>
        emitRepositories(model, names(), printer))
      : []),
    ...model.operations.map((op) => handler(op)),
    ...memo("contract", [model, options.workflows?.text ?? null],
      () => emitContractSuite(model, printer, options.workflows)),
    manifest(model),
  ];

  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function projectInput(model: ServiceModel) {
  const { name, title, version, operations, securitySchemes } = model;
  const stored = model.resources.length > 0;
  return { name, title, version, operationCount: operations.length, securitySchemes, stored };
}

function requestSchemas(model: ServiceModel) {
  return model.operations.flatMap((op) => [
    paramsSchema(op),
    ...bodyValidators(op).flatMap((b) => (b.validator ? [b.validator] : [])),
  ]);
}

function emitRedactions(redactions: RedactionShapes, printer: SourcePrinter): OutputFile {
  return printer.print("src/redactions.ts", [
    'import type { RedactionShape } from "./runtime/route.js";',
    "",
    "/** Where each named schema keeps writeOnly properties, which never leave the service. */",
    "export const redactionShapes: Record<string, RedactionShape> = " +
      `${literal(redactions.table)};`,
  ]);
}

/** Content hashes of every piece, for tools that rebuild incrementally. */
function manifest(model: ServiceModel): OutputFile {
  const content = {
    service: model.name,
    schemas: Object.fromEntries(model.schemas.map((s) => [s.name, contentHash(s)])),
    operations: Object.fromEntries(model.operations.map((op) => [op.id, contentHash(op)])),
  };
  return { path: "spec2svc.manifest.json", content: `${JSON.stringify(content, null, 2)}\n` };
}

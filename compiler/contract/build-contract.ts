/**
 * Derives a service's contract tests from its model alone: every documented
 * example, negative cases from the request schemas, and missing or invalid
 * credentials for every secured operation.
 */

import type {
  CaseInput,
  CaseSetup,
  ContractCase,
  ContractDocument,
  ContractOperation,
} from "../../contract/contract-document.js";
import type {
  JsonSchema,
  OperationModel,
  ParameterModel,
  ServiceModel,
} from "../model/service-model.js";
import { resolve, violations } from "./negative-values.js";
import { sampleValue } from "./sample-value.js";

type Defs = Record<string, JsonSchema>;

export function buildContract(model: ServiceModel): ContractDocument {
  const defs: Defs = Object.fromEntries(model.schemas.map((s) => [s.name, s.schema]));
  const operations = model.operations.map((op) => contractOperation(model, op));

  return {
    service: model.name,
    defs,
    operations,
    securitySchemes: Object.fromEntries(model.securitySchemes.map((s) => [s.name, {
      type: s.type,
      ...(typeof s.definition.scheme === "string" ? { scheme: s.definition.scheme } : {}),
      ...(typeof s.definition.in === "string" ? { in: s.definition.in } : {}),
      ...(typeof s.definition.name === "string" ? { name: s.definition.name } : {}),
    }])),
    cases: orderCases(model, model.operations.flatMap((op) => operationCases(model, op, defs))),
    formats: model.unknownFormats,
  };
}

function contractOperation(model: ServiceModel, op: OperationModel): ContractOperation {
  return {
    operationId: op.operationId,
    method: op.method,
    path: `${model.basePath}${op.path}`,
    parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required,
      style: p.style, explode: p.explode, schema: p.schema })),
    ...(op.body ? { body: { required: op.body.required,
      media: Object.fromEntries(op.body.media.map((m) => [m.type, m.schema])) } } : {}),
    responses: Object.fromEntries(op.responses.map((r) => [
      r.status === "DEFAULT" ? "default" : r.status,
      {
        media: Object.fromEntries(r.media.map((m) => [m.type, m.schema])),
        headers: Object.fromEntries(r.headers.map((h) => [h.name, { required: h.required,
          schema: h.schema }])),
      },
    ])),
    security: op.security,
  };
}

function operationCases(model: ServiceModel, op: OperationModel, defs: Defs): ContractCase[] {
  const setup = setupFor(model, op, defs);
  const base = baseInput(model, op, defs);
  const make = (kind: ContractCase["kind"], what: string, input: CaseInput,
    expect: ContractCase["expect"], credentials: ContractCase["credentials"] = "valid") => {
    // A case about the path parameter itself must keep its value, not a created id.
    const parameter = setup?.parameter;
    const ownPath = parameter !== undefined && input.path?.[parameter] !== base.path?.[parameter];
    return {
      name: `${op.operationId}: ${what}`,
      kind,
      operationId: op.operationId,
      input,
      credentials,
      ...(setup && !ownPath ? { setup } : {}),
      expect,
    };
  };

  return [
    // Examples are sent as written: a later example may rely on an earlier one.
    ...exampleCases(op, base).map(([what, input, status]) =>
      make("example", what, withoutUnique(input), status)),
    ...validCases(op, base).map(([what, input, status]) => make("example", what, input, status)),
    ...missingRecordCases(model, op, base).map(([what, input]) =>
      ({ ...make("example", what, input, 404), setup: undefined })),
    ...negativeCases(op, base, defs).map(([what, input]) => make("negative", what, input, "4xx")),
    ...securityCases(op).map(([what, quality]) => make("security", what, base, 401, quality)),
    ...conflictCases(model, op, base),
  ];
}

/** A valid request without examples: required parameters and a sampled body. */
function baseInput(model: ServiceModel, op: OperationModel, defs: Defs): CaseInput {
  const input: CaseInput = {};
  for (const parameter of op.parameters.filter((p) => p.required)) {
    const slot = (input[parameter.in] ??= {}) as Record<string, unknown>;
    slot[parameter.name] = parameterValue(parameter, defs);
  }

  const media = jsonMedia(op);
  if (media) {
    const example = Object.values(media.examples)[0];
    input.body = example ?? sampleValue(media.schema, defs);
    input.contentType = media.type;
    const unique = uniquePointers(model, op);
    if (unique.length > 0) input.unique = unique;
  }
  return input;
}

/** Properties of the stored resource a write must not repeat. */
function uniquePointers(model: ServiceModel, op: OperationModel): string[] {
  const resource = model.resources.find((r) => r.name === op.crud?.resource);
  if (!resource) return [];
  const properties = resource.unique.flatMap((u) => u.columns)
    .map((column) => resource.columns.find((c) => c.column === column)!.property);
  return [...new Set(properties)].sort().map((p) => `/${p.replace(/~/g, "~0").replace(/\//g, "~1")}`);
}

function parameterValue(parameter: ParameterModel, defs: Defs): unknown {
  const value = sampleValue(parameter.schema, defs);
  return parameter.in === "header" || parameter.in === "cookie" ? String(value) : value;
}

function jsonMedia(op: OperationModel) {
  return op.body?.media.find((m) => m.type === "application/json" || m.type.endsWith("+json"));
}

/** Each request example, expecting the status whose response has an example of the same name. */
function exampleCases(op: OperationModel, base: CaseInput): Array<[string, CaseInput, number]> {
  const media = jsonMedia(op);
  if (!media) return [];

  const success = op.responses.find((r) => /^2\d\d$/.test(r.status));
  return Object.entries(media.examples).flatMap(([name, value]) => {
    const paired = op.responses.find((r) => r.media.some((m) => name in m.examples));
    const status = Number((paired ?? success)?.status);
    if (!Number.isInteger(status)) return [];
    return [[`example '${name}'`, { ...base, body: value }, status]];
  });
}

/**
 * A compiled operation without examples still has a known answer to a valid
 * request: its documented success status (the record it needs is created first).
 */
function validCases(op: OperationModel, base: CaseInput): Array<[string, CaseInput, number]> {
  if (!op.crud || Object.keys(jsonMedia(op)?.examples ?? {}).length > 0) return [];
  return [["a valid request", base, op.crud.status]];
}

/**
 * For each unique constraint of what a create stores: a second record with
 * the same values (in capitals where case is ignored) must be refused with 409.
 */
function conflictCases(model: ServiceModel, op: OperationModel, base: CaseInput): ContractCase[] {
  const resource = model.resources.find((r) => r.name === op.crud?.resource);
  if (op.crud?.action !== "create" || !resource || !op.responses.some((r) => r.status === "409")) {
    return [];
  }

  return resource.unique.map((constraint) => {
    const properties = constraint.columns.map((column) =>
      resource.columns.find((c) => c.column === column)!.property);
    const pointers = properties.map((p) => `/${p.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    const unique = (base.unique ?? []).filter((p) => !pointers.includes(p));
    const { unique: _all, ...rest } = base;
    const upper = constraint.ignoreCase ? " in capitals" : "";

    return {
      name: `${op.operationId}: a second record with the same ${properties.join(" and ")}${upper}`,
      kind: "example" as const,
      operationId: op.operationId,
      input: unique.length > 0 ? { ...rest, unique } : rest,
      credentials: "valid" as const,
      setup: { operationId: op.operationId, input: base, idPointer: `/${resource.id}` },
      sameAsSetup: pointers.map((pointer) => ({ pointer, upper: constraint.ignoreCase })),
      expect: 409,
    };
  });
}

/** An id no record has: a compiled item operation must answer 404 when 404 is documented. */
function missingRecordCases(model: ServiceModel, op: OperationModel, base: CaseInput) {
  const crud = op.crud;
  if (!crud?.idParameter || !op.responses.some((r) => r.status === "404")) return [];

  const resource = model.resources.find((r) => r.name === crud.resource);
  const id = resource?.columns.find((c) => c.property === resource.id);
  const missing = id?.type === "integer" ? 2_000_000_000 : "ffffffff-ffff-4fff-bfff-ffffffffffff";
  const input = { ...base, path: { ...base.path, [crud.idParameter]: missing } };
  return [["a record that does not exist", input] as [string, CaseInput]];
}

function negativeCases(op: OperationModel, base: CaseInput, defs: Defs) {
  const cases: Array<[string, CaseInput]> = [];
  const media = jsonMedia(op);
  const schema = resolve(media?.schema, defs);
  const body = base.body;

  if (op.body?.required && media) cases.push(["no body at all", { ...base, body: undefined }]);
  if (typeof schema === "object" && isRecord(body)) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];

    for (const name of required.filter((n) => n in body)) {
      const { [name]: _dropped, ...rest } = body;
      cases.push([`body without required "${name}"`, { ...base, body: rest }]);
    }
    for (const [name, property] of Object.entries(properties)) {
      const resolved = resolve(property, defs);
      if (typeof resolved === "object" && resolved.readOnly === true) {
        cases.push([`body with read-only "${name}"`, { ...base, body: { ...body,
          [name]: sampleValue(property, defs) } }]);
        continue;
      }
      for (const violation of violations(property, defs)) {
        cases.push([`body "${name}" ${violation.what}`,
          { ...base, body: { ...body, [name]: violation.value } }]);
      }
    }
    if (schema.additionalProperties === false) {
      cases.push(["body with an unknown property",
        { ...base, body: { ...body, unexpectedProperty: true } }]);
    }
  }

  for (const parameter of op.parameters.filter((p) => p.in === "query" || p.in === "path")) {
    for (const violation of violations(parameter.schema, defs)) {
      // Parameters travel as text: a number sent where a string is expected is a string.
      if (typeof violation.value === "number" && isStringSchema(parameter.schema, defs)) continue;
      if (parameter.in === "path" && violation.value === "") continue;
      const slot = { ...(base[parameter.in] ?? {}), [parameter.name]: violation.value };
      cases.push([`${parameter.in} parameter "${parameter.name}" ${violation.what}`,
        { ...base, [parameter.in]: slot }]);
    }
  }
  return cases;
}

function securityCases(op: OperationModel): Array<[string, "none" | "invalid"]> {
  const secured = op.security.length > 0 && op.security.every((r) => Object.keys(r).length > 0);
  if (!secured) return [];
  return [["without credentials", "none"], ["with invalid credentials", "invalid"]];
}

/** An item operation on a stored resource first creates the record it works on. */
function setupFor(model: ServiceModel, op: OperationModel, defs: Defs): CaseSetup | undefined {
  const crud = op.crud;
  if (!crud?.idParameter) return undefined;

  const create = model.operations.find((o) =>
    o.crud?.action === "create" && o.crud.resource === crud.resource);
  const resource = model.resources.find((r) => r.name === crud.resource);
  if (!create || !resource) return undefined;

  return {
    operationId: create.operationId,
    input: baseInput(model, create, defs),
    idPointer: `/${resource.id}`,
    parameter: crud.idParameter,
  };
}

function isStringSchema(schema: JsonSchema, defs: Defs): boolean {
  const resolved = resolve(schema, defs);
  return typeof resolved === "object" && resolved.type === "string";
}

function withoutUnique(input: CaseInput): CaseInput {
  const { unique: _unique, ...rest } = input;
  return rest;
}

/**
 * Examples that create records run first, so examples of other operations
 * (signing in as the user an example registered, say) find what they need.
 */
function orderCases(model: ServiceModel, cases: ContractCase[]): ContractCase[] {
  const creates = new Set(model.operations.filter((op) => op.crud?.action === "create")
    .map((op) => op.operationId));
  const rank = (c: ContractCase) =>
    c.kind === "example" ? (creates.has(c.operationId) ? 0 : 1) : 2;
  return cases.map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
    .map(([c]) => c);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

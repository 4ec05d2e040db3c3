import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

import type { Ajv2020 as Ajv2020Type } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  runProperties,
  type PropertyOperation,
} from "../../contract/property/run-properties.js";
import type { PropertyParameter } from "../../contract/property/property-operation.js";
import type { JsonSchema } from "../../contract/property/schema-tools.js";
import { urlTarget } from "../../contract/url-target.js";
import { createApp } from "../../runtime/create-app.js";
import type {
  CompiledValidator,
  ParameterDefinition,
  ParameterStyle,
  RouteDefinition,
} from "../../runtime/route.js";
import { captureLogger } from "../runtime/support.js";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as typeof Ajv2020Type;
const addFormats = require("ajv-formats").default as (ajv: Ajv2020Type) => void;

/** ajv as the compiler sets it up: coercing for parameters and forms, exact for JSON. */
function compile(schema: JsonSchema, coerce: boolean): CompiledValidator {
  const ajv = new Ajv2020({ strict: false, allowUnionTypes: true, unicodeRegExp: false,
    logger: false, ...(coerce ? { coerceTypes: "array" as const } : {}) });
  addFormats(ajv);
  return ajv.compile(schema as object);
}

const strings = { type: "array", items: { type: "string" } };
const integers = { type: "array", items: { type: "integer" }, maxItems: 4 };
const point = {
  type: "object",
  required: ["x"],
  properties: { x: { type: "integer" }, label: { type: "string", maxLength: 6 } },
  additionalProperties: false,
};

type Case = Omit<PropertyParameter, "required"> & { required?: boolean };

/** One parameter per operation, in every style a service reads. */
const CASES: Case[] = [
  { name: "id", in: "path", schema: { type: "integer" } },
  { name: "slug", in: "path", schema: { type: "string", minLength: 1 } },
  { name: "ids", in: "path", schema: { ...integers, minItems: 1 } },
  { name: "p", in: "path", style: "label", explode: true, schema: point },
  { name: "words", in: "path", style: "label", schema: { ...strings, minItems: 1 } },
  { name: "m", in: "path", style: "matrix", schema: { type: "string" } },
  { name: "ms", in: "path", style: "matrix", explode: true, schema: integers },
  { name: "obj", in: "path", schema: point },
  { name: "q", in: "query", required: true, schema: { type: "string" } },
  { name: "n", in: "query", required: true, schema: { type: ["number", "null"] } },
  { name: "tags", in: "query", required: true, schema: strings },
  { name: "ids", in: "query", explode: false, schema: integers },
  { name: "flags", in: "query", style: "pipeDelimited", explode: false,
    schema: { type: "array", items: { type: "boolean" } } },
  { name: "xs", in: "query", style: "spaceDelimited", explode: false,
    schema: { type: "array", items: { type: "number" } } },
  { name: "filter", in: "query", style: "deepObject", explode: true, required: true,
    schema: point },
  { name: "at", in: "query", explode: true, required: true, schema: point },
  { name: "when", in: "query", required: true,
    schema: { type: "string", format: "date-time" } },
  { name: "color", in: "query", required: true, schema: { enum: ["red", "green"] } },
  { name: "X-Count", in: "header", required: true, schema: { type: "integer" } },
  { name: "X-Tags", in: "header", required: true, schema: { ...strings, minItems: 1 } },
  { name: "X-Code", in: "header", required: true,
    schema: { type: "string", pattern: "^[A-Z]{2}\\d{3}$" } },
  { name: "X-Point", in: "header", explode: true, required: true, schema: point },
  { name: "page", in: "cookie", required: true, schema: { type: "integer", minimum: 1 } },
  { name: "token", in: "cookie", required: true, schema: { type: "string" } },
];

const BODIES: Array<{ mediaType: string; schema: JsonSchema }> = [
  { mediaType: "application/json", schema: point },
  { mediaType: "application/json", schema: { type: "string" } },
  {
    mediaType: "application/x-www-form-urlencoded",
    schema: { type: "object", required: ["name"], properties: {
      name: { type: "string", minLength: 1 }, age: { type: "integer" }, tags: strings,
    } },
  },
  { mediaType: "text/plain", schema: { type: "string", maxLength: 10 } },
];

function shapeOf(schema: JsonSchema): ParameterDefinition["shape"] {
  if (typeof schema !== "object") return "primitive";
  if (schema.type === "array") return "array";
  return schema.type === "object" ? "object" : "primitive";
}

function parameterOperation(c: Case, index: number): PropertyOperation {
  const parameter: PropertyParameter = { ...c, required: c.in === "path" || c.required === true };
  const path = c.in === "path" ? `/p${index}/{${c.name}}/end` : `/p${index}`;
  return {
    operationId: `parameter${index}`,
    method: "get",
    path,
    parameters: [parameter],
    responses: { "200": { mediaTypes: {} } },
  };
}

function bodyOperation(body: (typeof BODIES)[number], index: number): PropertyOperation {
  return {
    operationId: `body${index}`,
    method: "post",
    path: `/b${index}`,
    parameters: [],
    body: { ...body, required: true },
    responses: { "200": { mediaTypes: {} } },
  };
}

function parameterRoute(operation: PropertyOperation): RouteDefinition {
  const parameter = operation.parameters[0]!;
  const schema = parameter.schema ?? true;
  const style = (parameter.style ?? (["path", "header"].includes(parameter.in) ? "simple"
    : "form")) as ParameterStyle;
  const definition: ParameterDefinition = {
    name: parameter.name,
    in: parameter.in,
    required: parameter.required,
    style,
    explode: parameter.explode ?? style === "form",
    shape: shapeOf(schema),
  };
  if (definition.shape === "object" && typeof schema === "object") {
    definition.properties = Object.keys(schema.properties as object);
  }

  const location = { type: "object", properties: { [parameter.name]: schema },
    required: parameter.required ? [parameter.name] : [] };
  return {
    ...routeBase(operation),
    parameters: [definition],
    validateParams: compile({ type: "object", properties: { [parameter.in]: location } }, true),
  };
}

function bodyRoute(operation: PropertyOperation): RouteDefinition {
  const { mediaType, schema } = operation.body!;
  const coerce = mediaType === "application/x-www-form-urlencoded";
  return {
    ...routeBase(operation),
    parameters: [],
    validateParams: compile(true, true),
    body: { required: true, media: { [mediaType]: compile(schema ?? true, coerce) } },
  };
}

function routeBase(operation: PropertyOperation) {
  return {
    operationId: operation.operationId,
    method: operation.method as RouteDefinition["method"],
    path: operation.path,
    handler: async () => ({ status: 200 }),
  };
}

const OPERATIONS = [...CASES.map(parameterOperation), ...BODIES.map(bodyOperation)];

describe("valid requests through the runtime", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const routes = OPERATIONS.map((op) => (op.body ? bodyRoute(op) : parameterRoute(op)));
    const app = createApp({ name: "styles", version: "1", routes },
      { logger: captureLogger().logger });
    server = await new Promise<Server>((resolve) => {
      const listening: Server = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([11, 12, 13])("are read back and accepted in every style (seed %i)", async (seed) => {
    const report = await runProperties({
      operations: OPERATIONS, target: urlTarget(base), seed, runs: 40,
    });

    expect(report.failures.map((f) => f.message)).toEqual([]);
    expect(report.results.filter((r) => r.outcome !== "passed")).toEqual([]);
  });
});

/**
 * Hand-written service definitions for runtime tests: validators come from
 * ajv with the options the compiler's standalone output is built with.
 */
import { Writable } from "node:stream";
import { Ajv, type AnySchema } from "ajv";
import addFormats from "ajv-formats";
import type { Logger } from "pino";
import { createLogger } from "../../runtime/logger.js";
import type {
  CompiledValidator,
  ParameterDefinition,
  ParameterLocation,
  RouteDefinition,
} from "../../runtime/route.js";

export function compile(schema: AnySchema, options: { coerce?: boolean } = {}): CompiledValidator {
  const coerceTypes = options.coerce === false ? false : "array";
  const ajv = new Ajv({ coerceTypes, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

type LocationSchemas = Partial<Record<ParameterLocation, Record<string, unknown>>>;

/** The `{ path, query, header, cookie }` validator, with every declared parameter required. */
export function paramsValidator(
  properties: LocationSchemas,
  required: Partial<Record<ParameterLocation, string[]>> = {},
): CompiledValidator {
  const locations: ParameterLocation[] = ["path", "query", "header", "cookie"];
  const schema = {
    type: "object",
    properties: Object.fromEntries(
      locations.map((location) => [
        location,
        {
          type: "object",
          properties: properties[location] ?? {},
          required: required[location] ?? [],
        },
      ]),
    ),
  };
  return compile(schema);
}

const DEFAULT_STYLES = {
  path: { style: "simple", explode: false, required: true },
  query: { style: "form", explode: true, required: false },
  header: { style: "simple", explode: false, required: false },
  cookie: { style: "form", explode: true, required: false },
} as const;

export function param(
  location: ParameterLocation,
  name: string,
  overrides: Partial<ParameterDefinition> = {},
): ParameterDefinition {
  return { name, in: location, shape: "primitive", ...DEFAULT_STYLES[location], ...overrides };
}

/** A GET route that echoes its input, unless a handler is given. */
export function route(overrides: Partial<RouteDefinition> & Pick<RouteDefinition, "path">) {
  const definition: RouteDefinition = {
    operationId: "echo",
    method: "get",
    parameters: [],
    validateParams: paramsValidator({}),
    handler: async (input) => ({ status: 200, body: input }),
    ...overrides,
  };
  return definition;
}

export interface CapturedLog {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function captureLogger(): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level: "debug", destination: stream }), lines };
}

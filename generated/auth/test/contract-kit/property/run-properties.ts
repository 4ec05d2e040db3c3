// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Property-based contract checks: for each operation, fast-check generates
 * requests and asserts two properties of the responses.
 *
 * - "no-server-error": whatever the request, valid or not, no 5xx.
 * - "documented-response": for a valid request, a documented status whose
 *   body matches the schema of its content type.
 *
 * A failure carries the seed and fast-check's counterexample path, and the
 * request it shrank to, so `replay` reproduces it exactly.
 */

import * as fc from "fast-check";

import type { ContractRequest, ContractResponse, Failure, Target } from "../exchange.js";
import { UnsatisfiableSchemaError } from "./arbitrary-tools.js";
import { schemaArbitraries, type ArbitraryOptions, type SchemaArbitraries } from "./arbitrary.js";
import type { GeneratedRequest, PropertyOperation } from "./property-operation.js";
import { arbitraryRequests, validRequests } from "./request-arbitrary.js";
import { checkDocumented, serverError, type Broken } from "./response-check.js";
import type { SchemaDefs } from "./schema-tools.js";
import { schemaValidator, type SchemaValidator } from "./schema-validator.js";

export type {
  GeneratedRequest,
  PropertyBody,
  PropertyOperation,
  PropertyParameter,
  PropertyResponse,
  SecurityRequirement,
} from "./property-operation.js";

export type PropertyName = "no-server-error" | "documented-response";

export const PROPERTY_NAMES: readonly PropertyName[] = ["no-server-error", "documented-response"];

const DEFAULT_RUNS = 25;
const SHOWN_TEXT = 400;

/** What fast-check needs to run one failed property again on the same request. */
export interface PropertyReplay {
  operationId: string;
  property: PropertyName;
  seed: number;
  /** fast-check's counterexample path. */
  path: string;
}

export type CredentialHeaders = (operationId: string) =>
  Record<string, string> | undefined | Promise<Record<string, string> | undefined>;

export interface RunPropertiesOptions {
  operations: PropertyOperation[];
  /** The named schemas that `#/$defs/<name>` references resolve in. */
  defs?: SchemaDefs;
  target: Target;
  /** Runs per property and operation. */
  runs?: number;
  /** A random seed by default; the report names it so the run can be repeated. */
  seed?: number;
  /** Headers that authenticate a request to a secured operation. */
  credentials?: CredentialHeaders;
  /** Milliseconds a request may take before it counts as failed; no limit by default. */
  timeout?: number;
  /** Runs only the property of the replay, on the request it failed with. */
  replay?: PropertyReplay;
  generation?: ArbitraryOptions;
}

export interface PropertyFailure extends Failure {
  operationId: string;
  property: PropertyName;
  replay: PropertyReplay;
  /** The request fast-check shrank the failure to. */
  request: ContractRequest;
  /** What was deliberately wrong with the request, if anything. */
  inputs: string[];
}

export interface PropertyResult {
  operationId: string;
  property: PropertyName;
  outcome: "passed" | "failed" | "skipped";
  /** Requests sent, shrinking included. */
  runs: number;
  /** Why the property was skipped. */
  reason?: string;
}

export interface PropertyReport {
  seed: number;
  runs: number;
  results: PropertyResult[];
  failures: PropertyFailure[];
}

interface RunContext {
  options: RunPropertiesOptions;
  seed: number;
  runs: number;
  values: SchemaArbitraries;
  responses: SchemaValidator;
}

export async function runProperties(options: RunPropertiesOptions): Promise<PropertyReport> {
  const defs = options.defs ?? {};
  const run: RunContext = {
    options,
    seed: options.replay?.seed ?? options.seed ?? randomSeed(),
    runs: options.runs ?? DEFAULT_RUNS,
    values: schemaArbitraries(defs, { ...options.generation, view: "request" }),
    responses: schemaValidator(defs, "response"),
  };

  const report: PropertyReport = { seed: run.seed, runs: run.runs, results: [], failures: [] };
  for (const operation of options.operations) {
    for (const property of PROPERTY_NAMES) {
      if (!selected(options.replay, operation, property)) continue;

      const { result, failure } = await checkProperty(run, operation, property);
      report.results.push(result);
      if (failure) report.failures.push(failure);
    }
  }
  return report;
}

function selected(
  replay: PropertyReplay | undefined,
  operation: PropertyOperation,
  property: PropertyName,
): boolean {
  return replay === undefined ||
    (replay.operationId === operation.operationId && replay.property === property);
}

async function checkProperty(
  run: RunContext,
  operation: PropertyOperation,
  property: PropertyName,
): Promise<{ result: PropertyResult; failure?: PropertyFailure }> {
  const base = { operationId: operation.operationId, property };
  const credentials = await credentialsFor(run.options, operation);

  const observed = new WeakMap<GeneratedRequest, Observation>();
  let details: fc.RunDetails<[GeneratedRequest]>;
  try {
    const requests = property === "documented-response"
      ? validRequests(operation, run.values, { ...credentials })
      : arbitraryRequests(operation, run.values, { ...credentials });
    details = await fc.check(predicate(run, operation, property, requests, observed),
      checkParameters(run));
  } catch (error) {
    // One schema the generator cannot serve should not end the run for every other operation.
    const reason = error instanceof UnsatisfiableSchemaError
      ? error.message
      : `requests could not be generated: ${errorText(error)}`;
    return { result: { ...base, outcome: "skipped", runs: 0, reason } };
  }

  const runs = details.numRuns + details.numShrinks;
  if (!details.failed) return { result: { ...base, outcome: "passed", runs } };

  const failure = describeFailure(run, operation, property, details, observed);
  return { result: { ...base, outcome: "failed", runs }, failure };
}

interface Observation {
  broken: Broken;
  response: ContractResponse;
}

function predicate(
  run: RunContext,
  operation: PropertyOperation,
  property: PropertyName,
  requests: fc.Arbitrary<GeneratedRequest>,
  observed: WeakMap<GeneratedRequest, Observation>,
) {
  return fc.asyncProperty(requests, async (generated) => {
    const response = await run.options.target.send(generated.request);
    const broken = property === "no-server-error"
      ? serverError(response)
      : checkDocumented(operation, response, run.responses);
    if (broken === undefined) return true;

    observed.set(generated, { broken, response });
    return false;
  });
}

function checkParameters(run: RunContext): fc.Parameters<[GeneratedRequest]> {
  const parameters: fc.Parameters<[GeneratedRequest]> = { seed: run.seed, numRuns: run.runs };
  if (run.options.replay !== undefined) parameters.path = run.options.replay.path;
  if (run.options.timeout !== undefined) parameters.timeout = run.options.timeout;
  return parameters;
}

/** Credentials for a secured operation, or one whose security is not known. */
async function credentialsFor(
  options: RunPropertiesOptions,
  operation: PropertyOperation,
): Promise<{ credentials?: Record<string, string> }> {
  const secured = operation.security === undefined ||
    operation.security.some((requirement) => Object.keys(requirement).length > 0);
  if (!secured || options.credentials === undefined) return {};

  const headers = await options.credentials(operation.operationId);
  return headers === undefined ? {} : { credentials: headers };
}

function describeFailure(
  run: RunContext,
  operation: PropertyOperation,
  property: PropertyName,
  details: fc.RunDetails<[GeneratedRequest]>,
  observed: WeakMap<GeneratedRequest, Observation>,
): PropertyFailure {
  const generated = details.counterexample![0];
  const observation = observed.get(generated);
  const broken = observation?.broken ?? {
    rule: "request-error",
    detail: `could not be sent: ${errorText(details.errorInstance)}`,
  };
  const replay: PropertyReplay = {
    operationId: operation.operationId,
    property,
    seed: details.seed,
    path: details.counterexamplePath ?? "",
  };

  const failure: PropertyFailure = {
    rule: broken.rule,
    message: failureMessage(operation, property, broken, generated, observation, details, replay),
    operationId: operation.operationId,
    property,
    replay,
    request: generated.request,
    inputs: generated.inputs,
  };
  if (observation) failure.response = observation.response;
  return failure;
}

function failureMessage(
  operation: PropertyOperation,
  property: PropertyName,
  broken: Broken,
  generated: GeneratedRequest,
  observation: Observation | undefined,
  details: fc.RunDetails<[GeneratedRequest]>,
  replay: PropertyReplay,
): string {
  const { request } = generated;
  const lines = [
    `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path}) ` +
      `${broken.detail} [property "${property}"]`,
    `  seed ${replay.seed}, counterexample path "${replay.path}" ` +
      `(failed on run ${details.numRuns}, shrunk ${details.numShrinks} times)`,
    `  replay: runProperties({ ...options, replay: ${JSON.stringify(replay)} })`,
    `  request: ${request.method} ${request.path}`,
    ...Object.entries(request.headers).map(([name, value]) => `    ${name}: ${value}`),
  ];
  if (request.body !== undefined) lines.push(`    body: ${shorten(String(request.body))}`);
  if (generated.inputs.length > 0) lines.push(`  inputs: ${generated.inputs.join("; ")}`);
  if (observation) {
    const { status, text } = observation.response;
    lines.push(`  response: ${status} ${text === "" ? "(no body)" : shorten(text)}`);
  }
  return lines.join("\n");
}

function shorten(text: string): string {
  return text.length <= SHOWN_TEXT ? text : `${text.slice(0, SHOWN_TEXT)}…`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

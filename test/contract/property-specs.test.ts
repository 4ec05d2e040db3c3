import { createRequire } from "node:module";

import type { Ajv2020 as Ajv2020Type } from "ajv/dist/2020.js";
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loadSpec } from "../../compiler/load/load-spec.js";
import { buildModel } from "../../compiler/model/build-model.js";
import type { ServiceModel } from "../../compiler/model/service-model.js";
import { arbitraryFor, arbitraryInvalid } from "../../contract/property/arbitrary.js";
import type { PropertyOperation } from "../../contract/property/property-operation.js";
import { runProperties } from "../../contract/property/run-properties.js";
import {
  defsRef,
  viewDefs,
  viewOf,
  type JsonSchema,
  type SchemaDefs,
} from "../../contract/property/schema-tools.js";
import { urlTarget } from "../../contract/url-target.js";
import { REPO_ROOT } from "../support/build-fixture.js";
import { startGenerated, type RunningService } from "../support/generated-service.js";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as typeof Ajv2020Type;
const addFormats = require("ajv-formats").default as (ajv: Ajv2020Type) => void;

const SPECS = [
  "specs/catalog.yaml",
  "specs/auth.yaml",
  "test/fixtures/specs/zoo.yaml",
  "test/fixtures/specs/inference.yaml",
  "test/fixtures/load/circular.yaml",
  "test/fixtures/load/swagger2.yaml",
];

const DEFS_ID = "https://test.local/defs.json";

async function modelOf(file: string): Promise<ServiceModel> {
  return buildModel(await loadSpec(`${REPO_ROOT}/${file}`));
}

function defsOf(model: ServiceModel): SchemaDefs {
  return Object.fromEntries(model.schemas.map((named) => [named.name, named.schema]));
}

/** References into the definitions added to ajv under DEFS_ID. */
function absoluteRefs(schema: JsonSchema): JsonSchema {
  const text = JSON.stringify(schema).replace(/"#\/\$defs\//g, `"${DEFS_ID}#/$defs/`);
  return JSON.parse(text) as JsonSchema;
}

/** Every schema a request carries: named schemas, parameters and bodies. */
function requestSchemas(model: ServiceModel): Array<[string, JsonSchema]> {
  const named = model.schemas
    .map((s): [string, JsonSchema] => [s.name, { $ref: defsRef(s.name) }]);
  const operations = model.operations.flatMap((op) => [
    ...op.parameters.map((p): [string, JsonSchema] => [`${op.operationId} ${p.name}`, p.schema]),
    ...(op.body?.media ?? []).map((m): [string, JsonSchema] =>
      [`${op.operationId} ${m.type}`, m.schema ?? true]),
  ]);
  return [...named, ...operations];
}

/** What the property runner reads of an operation, taken from the compiler's model. */
function propertyOperations(model: ServiceModel): PropertyOperation[] {
  return model.operations.map((op) => {
    const operation: PropertyOperation = {
      operationId: op.operationId,
      method: op.method,
      path: model.basePath + op.path,
      parameters: op.parameters.map((p) => ({
        name: p.name, in: p.in, required: p.required, schema: p.schema, style: p.style,
        explode: p.explode,
      })),
      responses: Object.fromEntries(op.responses.map((r) => [r.status, {
        mediaTypes: Object.fromEntries(r.media.map((m) => [m.type, m.schema])),
      }])),
      security: op.security,
    };
    const media = op.body?.media[0];
    if (op.body && media) {
      operation.body = { mediaType: media.type, schema: media.schema, required: op.body.required };
    }
    return operation;
  });
}

describe.each(SPECS)("values for the request schemas of %s", (file) => {
  it("are valid, and invalid ones are not", async () => {
    const model = await modelOf(file);
    const defs = defsOf(model);
    const ajv = new Ajv2020({ strict: false, allowUnionTypes: true, unicodeRegExp: false,
      logger: false });
    addFormats(ajv);
    ajv.addSchema({ $id: DEFS_ID, $defs: viewDefs(defs, "request") });

    for (const [name, schema] of requestSchemas(model)) {
      const validate = ajv.compile({ allOf: [absoluteRefs(viewOf(schema, "request"))] });

      for (const value of fc.sample(arbitraryFor(schema, defs), { numRuns: 40, seed: 1 })) {
        expect(validate(value), `${name}: ${JSON.stringify(value)}`).toBe(true);
      }
      const invalid = arbitraryInvalid(schema, defs);
      for (const bad of invalid ? fc.sample(invalid, { numRuns: 40, seed: 1 }) : []) {
        expect(validate(bad.value), `${name}: ${JSON.stringify(bad)}`).toBe(false);
      }
    }
  });
});

describe("properties of the generated catalog service", () => {
  const KEY = "catalog-writer-key-0123456789";
  let service: RunningService;

  beforeAll(async () => {
    process.env.API_KEYS = `writer:${KEY}`;
    service = await startGenerated("catalog", "sqlite");
  });
  afterAll(async () => {
    await service.stop();
  });

  it("hold for valid and arbitrary requests", async () => {
    const model = await modelOf("specs/catalog.yaml");
    const report = await runProperties({
      operations: propertyOperations(model),
      defs: defsOf(model),
      target: urlTarget(service.url),
      seed: 2024,
      credentials: () => ({ "x-api-key": KEY }),
    });

    expect(report.failures.map((f) => f.message)).toEqual([]);
  });
});

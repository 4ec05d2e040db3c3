/**
 * A JSON Schema (2020-12) for the parts of Arazzo 1.0 the runner uses.
 * Unknown fields are refused, except `x-` extensions, so a misspelt field
 * is reported instead of silently ignored. Rules a schema states badly
 * (exactly one of three fields, references between objects) live in
 * `load.ts`.
 */

const extensions = { "^x-": {} };

function strictObject(
  properties: Record<string, unknown>,
  required: string[] = [],
): Record<string, unknown> {
  return {
    type: "object",
    properties,
    required,
    patternProperties: extensions,
    additionalProperties: false,
  };
}

const name = { type: "string", minLength: 1 };
const outputs = {
  type: "object",
  propertyNames: { pattern: "^[a-zA-Z0-9.\\-_]+$" },
  additionalProperties: { type: "string" },
};

const reusable = {
  type: "object",
  properties: { reference: { type: "string" }, value: true },
  required: ["reference"],
  additionalProperties: false,
};

/** A Reusable Object when it has `reference`, else the object `ref` names. */
function orReusable(ref: string) {
  const test = { type: "object", properties: { reference: true }, required: ["reference"] };
  return { if: test, then: reusable, else: { $ref: ref } };
}

export const ARAZZO_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  ...strictObject(
    {
      arazzo: { type: "string", pattern: "^1\\.0\\.\\d+(-.+)?$" },
      info: { $ref: "#/$defs/info" },
      sourceDescriptions: {
        type: "array",
        minItems: 1,
        items: { $ref: "#/$defs/sourceDescription" },
      },
      workflows: { type: "array", minItems: 1, items: { $ref: "#/$defs/workflow" } },
      components: { $ref: "#/$defs/components" },
    },
    ["arazzo", "info", "sourceDescriptions", "workflows"],
  ),
  $defs: {
    info: strictObject(
      {
        title: { type: "string" },
        summary: { type: "string" },
        description: { type: "string" },
        version: { type: "string" },
      },
      ["title", "version"],
    ),
    sourceDescription: strictObject(
      {
        name: { type: "string", pattern: "^[A-Za-z0-9_\\-]+$" },
        url: { type: "string", minLength: 1 },
        type: { enum: ["openapi", "arazzo"] },
      },
      ["name", "url"],
    ),
    workflow: strictObject(
      {
        workflowId: name,
        summary: { type: "string" },
        description: { type: "string" },
        inputs: { type: "object" },
        dependsOn: { type: "array", items: { type: "string" } },
        steps: { type: "array", minItems: 1, items: { $ref: "#/$defs/step" } },
        successActions: { type: "array", items: orReusable("#/$defs/successAction") },
        failureActions: { type: "array", items: orReusable("#/$defs/failureAction") },
        outputs,
        parameters: { type: "array", items: orReusable("#/$defs/parameter") },
      },
      ["workflowId", "steps"],
    ),
    step: strictObject(
      {
        stepId: name,
        description: { type: "string" },
        operationId: name,
        operationPath: name,
        workflowId: name,
        parameters: { type: "array", items: orReusable("#/$defs/parameter") },
        requestBody: { $ref: "#/$defs/requestBody" },
        successCriteria: { type: "array", minItems: 1, items: { $ref: "#/$defs/criterion" } },
        onSuccess: { type: "array", items: orReusable("#/$defs/successAction") },
        onFailure: { type: "array", items: orReusable("#/$defs/failureAction") },
        outputs,
      },
      ["stepId"],
    ),
    parameter: strictObject(
      {
        name,
        in: { enum: ["path", "query", "header", "cookie"] },
        value: true,
      },
      ["name", "value"],
    ),
    requestBody: strictObject({
      contentType: { type: "string" },
      payload: true,
      replacements: { type: "array", items: { $ref: "#/$defs/replacement" } },
    }),
    replacement: strictObject({ target: { type: "string" }, value: true }, ["target", "value"]),
    criterion: strictObject(
      {
        context: { type: "string" },
        condition: { type: "string" },
        type: {
          if: { type: "string" },
          then: { enum: ["simple", "regex", "jsonpath", "xpath"] },
          else: { $ref: "#/$defs/expressionType" },
        },
      },
      ["condition"],
    ),
    expressionType: strictObject(
      {
        type: { enum: ["jsonpath", "xpath"] },
        version: { type: "string" },
      },
      ["type", "version"],
    ),
    successAction: strictObject(
      {
        name,
        type: { enum: ["end", "goto"] },
        workflowId: name,
        stepId: name,
        criteria: { type: "array", items: { $ref: "#/$defs/criterion" } },
      },
      ["name", "type"],
    ),
    failureAction: strictObject(
      {
        name,
        type: { enum: ["end", "goto", "retry"] },
        workflowId: name,
        stepId: name,
        retryAfter: { type: "number", minimum: 0 },
        retryLimit: { type: "integer", minimum: 0 },
        criteria: { type: "array", items: { $ref: "#/$defs/criterion" } },
      },
      ["name", "type"],
    ),
    components: strictObject({
      inputs: { type: "object", additionalProperties: { type: "object" } },
      parameters: { type: "object", additionalProperties: { $ref: "#/$defs/parameter" } },
      successActions: {
        type: "object",
        additionalProperties: { $ref: "#/$defs/successAction" },
      },
      failureActions: {
        type: "object",
        additionalProperties: { $ref: "#/$defs/failureAction" },
      },
    }),
  },
};

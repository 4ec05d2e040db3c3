import { readFile } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import {
  ArazzoLoadError,
  loadArazzo,
  parseArazzo,
  validateArazzo,
} from "../../contract/arazzo/load.js";
import { operationLookup } from "../../contract/arazzo/operations.js";
import { REPO_ROOT } from "../support/build-fixture.js";

const fixture = (name: string) => path.join(REPO_ROOT, "test/fixtures/arazzo", name);

async function loadError(file: string): Promise<ArazzoLoadError> {
  try {
    await loadArazzo(file);
  } catch (error) {
    if (error instanceof ArazzoLoadError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without errors`);
}

describe("loadArazzo", () => {
  it("loads the auth workflows, whose operations all exist in auth.yaml", async () => {
    const loaded = await loadArazzo(path.join(REPO_ROOT, "specs/auth.arazzo.yaml"));
    const { document } = loaded;
    expect(document.arazzo).toBe("1.0.1");
    expect(document.sourceDescriptions).toEqual([
      { name: "auth", url: "./auth.yaml", type: "openapi" },
    ]);
    expect(document.workflows.map((w) => w.workflowId)).toEqual([
      "registerTwice",
      "registerLoginAndReadProfile",
      "loginWithWrongPassword",
      "eachUserSeesThemselves",
    ]);

    const openapi = parse(await readFile(path.join(REPO_ROOT, "specs/auth.yaml"), "utf8"));
    const lookup = operationLookup(openapi);
    const operationIds = document.workflows.flatMap((w) => w.steps.map((s) => s.operationId!));
    for (const id of operationIds) expect(lookup(id), id).toBeDefined();
  });

  it("loads JSON and allows x- extensions", async () => {
    const loaded = await loadArazzo(fixture("minimal.json"));
    expect(loaded.document.workflows[0]!.steps[0]!.stepId).toBe("me");
    expect(loaded.locate("/workflows/0/steps/0/operationId")).toEqual({ line: 8, column: 35 });
  });

  it("reports schema problems with file, pointer, line and column", async () => {
    const error = await loadError(fixture("schema-errors.yaml"));
    const file = fixture("schema-errors.yaml");
    expect(error.file).toBe(file);
    expect(error.issues).toEqual([
      {
        pointer: "/arazzo",
        message: 'must match pattern "^1\\.0\\.\\d+(-.+)?$"',
        line: 1,
        column: 1,
      },
      { pointer: "/info", message: '"version" is required', line: 2, column: 1 },
      {
        pointer: "/sourceDescriptions/0/type",
        message: 'must be one of "openapi", "arazzo"',
        line: 7,
        column: 5,
      },
      {
        pointer: "/workflows/0/steps/0/sucessCriteria",
        message: 'unknown field "sucessCriteria"',
        line: 13,
        column: 9,
      },
      {
        pointer: "/workflows/0/steps/1/successCriteria/0/type",
        message: 'must be one of "simple", "regex", "jsonpath", "xpath"',
        line: 19,
        column: 13,
      },
      {
        pointer: "/workflows/1/steps",
        message: "must NOT have fewer than 1 items",
        line: 21,
        column: 5,
      },
    ]);
    expect(error.message.split("\n")[3]).toBe(
      `${file}:13:9 #/workflows/0/steps/0/sucessCriteria: unknown field "sucessCriteria"`,
    );
  });

  it("reports rules a schema cannot state", async () => {
    const error = await loadError(fixture("rule-errors.yaml"));
    const lines = error.issues.map((i) => `${i.line}:${i.column} #${i.pointer} ${i.message}`);
    expect(lines).toEqual([
      "12:9 #/workflows/0/steps/0 a step needs exactly one of operationId, operationPath or " +
        "workflowId (found operationId and workflowId)",
      '14:9 #/workflows/0/steps/0/workflowId no workflow "signIn"',
      "15:9 #/workflows/0/steps/1 a step needs exactly one of operationId, operationPath or " +
        "workflowId (found none)",
      '16:9 #/workflows/0/steps/2/stepId duplicate stepId "register"',
      '17:9 #/workflows/0/steps/2/operationPath no source description "other"',
      '19:13 #/workflows/0/steps/2/parameters/0 parameter "X-Trace" needs "in" for an operation',
      '24:13 #/workflows/0/steps/2/onSuccess/0/stepId no step "nowhere" in this workflow',
      '26:11 #/workflows/0/steps/2/outputs/id "$resposne.body#/id" is not a runtime expression',
      "31:13 #/workflows/0/steps/2/successCriteria/1 a criterion with a type needs a context",
      '33:5 #/workflows/1/workflowId duplicate workflowId "signUp"',
      '36:9 #/workflows/1/steps/0/workflowId no workflow "missingWorkflow"',
    ]);
  });

  it("reports YAML syntax errors where they are", async () => {
    const error = await loadError(fixture("syntax-error.yaml"));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ pointer: "", line: 5, column: 1 });
    expect(error.issues[0]!.message).toMatch(/quote/i);
  });

  it("reports a document that is not an object", () => {
    expect(() => parseArazzo("- just\n- a list\n", "list.yaml")).toThrow(
      "list.yaml:1:1 #: must be object",
    );
  });
});

describe("validateArazzo", () => {
  const valid = () => ({
    arazzo: "1.0.1",
    info: { title: "t", version: "1" },
    sourceDescriptions: [{ name: "api", url: "./api.yaml" }],
    workflows: [{ workflowId: "w", steps: [{ stepId: "s", operationId: "op" }] }],
    components: { parameters: { page: { name: "page", in: "query", value: 1 } } },
  });

  it("accepts a minimal document", () => {
    expect(validateArazzo(valid())).toEqual([]);
  });

  it.each<[string, (doc: any) => void, string]>([
    ["a missing workflowId", (d) => delete d.workflows[0].workflowId, '"workflowId" is required'],
    ["no steps field", (d) => delete d.workflows[0].steps, '"steps" is required'],
    ["a missing stepId", (d) => delete d.workflows[0].steps[0].stepId, '"stepId" is required'],
    ["no sourceDescriptions", (d) => (d.sourceDescriptions = []), "fewer than 1 items"],
    [
      "an unknown reusable parameter",
      (d) => (d.workflows[0].steps[0].parameters = [{ reference: "$components.parameters.x" }]),
      '"$components.parameters.x" is not a component parameters entry',
    ],
    [
      "a goto without a target",
      (d) => (d.workflows[0].steps[0].onFailure = [{ name: "again", type: "goto" }]),
      'goto action "again" needs a stepId or a workflowId',
    ],
    [
      "a retry limit below zero",
      (d) => (d.workflows[0].steps[0].onFailure = [{ name: "r", type: "retry", retryLimit: -1 }]),
      "must be >= 0",
    ],
    [
      "an unknown action type",
      (d) => (d.workflows[0].steps[0].onSuccess = [{ name: "r", type: "retry" }]),
      'must be one of "end", "goto"',
    ],
    [
      "a malformed criterion context",
      (d) => (d.workflows[0].steps[0].successCriteria = [
        { condition: "^2", context: "$statusCode.x", type: "regex" },
      ]),
      '"$statusCode.x" is malformed',
    ],
    [
      "a malformed embedded output expression",
      (d) => (d.workflows[0].outputs = { token: "Bearer {$steps.s.token}" }),
      '"$steps.s.token" is malformed',
    ],
  ])("refuses %s", (_, change, message) => {
    const doc = valid();
    change(doc);
    const issues = validateArazzo(doc);
    expect(issues.map((i) => i.message).join("\n")).toContain(message);
  });

  it("accepts reusable parameters that exist", () => {
    const doc = valid() as any;
    const page = { reference: "$components.parameters.page", value: 2 };
    doc.workflows[0].steps[0].parameters = [page];
    expect(validateArazzo(doc)).toEqual([]);
  });
});

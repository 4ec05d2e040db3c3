import { describe, expect, it } from "vitest";

import {
  evaluateExpression,
  ExpressionError,
  interpolate,
  MissingValueError,
  parseExpression,
  resolveValue,
  type ExpressionContext,
} from "../../contract/arazzo/expressions.js";

function context(): ExpressionContext {
  return {
    inputs: { username: "ada", age: 36, address: { city: "Paris" }, "a.b": "dotted" },
    steps: {
      login: { outputs: { token: "t0k", session: { user: { id: 7 } }, "x.y": 1 } },
      list: { outputs: { pets: [{ id: "p1" }, { id: "p2" }] } },
    },
    outputs: { winner: "x" },
    workflows: { signup: { inputs: { plan: "pro" }, outputs: { userId: "u1" } } },
    request: {
      method: "post",
      url: "/users/7?expand=true",
      headers: { "Content-Type": "application/json", "X-Trace": "abc" },
      query: { expand: true },
      path: { id: 7 },
      body: { user: { uuid: "u-1" }, tags: ["a", "b"] },
    },
    response: {
      status: 201,
      headers: { location: "/users/7", "x-rate-limit": "10" },
      body: { id: "7", "a/b": 1, "m~n": 2, nested: { list: [10, 20] }, empty: null },
      text: "",
    },
    sourceDescriptions: { auth: { name: "auth", url: "./auth.yaml", type: "openapi" } },
    components: { parameters: { page: { name: "page", in: "query", value: 1 } } },
  };
}

describe("evaluateExpression", () => {
  it.each<[string, unknown]>([
    ["$url", "/users/7?expand=true"],
    ["$method", "POST"],
    ["$statusCode", 201],
    ["$inputs.username", "ada"],
    ["$inputs.age", 36],
    ["$inputs.address", { city: "Paris" }],
    ["$inputs.address.city", "Paris"],
    ["$inputs.address#/city", "Paris"],
    ["$inputs.a.b", "dotted"],
    ["$steps.login.outputs.token", "t0k"],
    ["$steps.login.outputs.session#/user/id", 7],
    ["$steps.login.outputs.x.y", 1],
    ["$steps.list.outputs.pets#/1/id", "p2"],
    ["$outputs.winner", "x"],
    ["$workflows.signup.inputs.plan", "pro"],
    ["$workflows.signup.outputs.userId", "u1"],
    ["$request.header.x-trace", "abc"],
    ["$request.header.content-type", "application/json"],
    ["$request.query.expand", true],
    ["$request.path.id", 7],
    ["$request.body", { user: { uuid: "u-1" }, tags: ["a", "b"] }],
    ["$request.body#/user/uuid", "u-1"],
    ["$request.body#/tags/0", "a"],
    ["$response.header.Location", "/users/7"],
    ["$response.header.X-Rate-Limit", "10"],
    ["$response.body#/id", "7"],
    ["$response.body#/a~1b", 1],
    ["$response.body#/m~0n", 2],
    ["$response.body#/nested/list/1", 20],
    ["$response.body#/empty", null],
    ["$response.body#", context().response!.body],
    ["$sourceDescriptions.auth.url", "./auth.yaml"],
    ["$components.parameters.page", { name: "page", in: "query", value: 1 }],
  ])("%s gives %j", (expression, want) => {
    expect(evaluateExpression(expression, context())).toEqual(want);
  });

  it.each<[string, string]>([
    ["$nope", '"$nope" is not a runtime expression'],
    ["inputs.x", '"inputs.x" is not a runtime expression'],
    ["$statusCodes", '"$statusCodes" is not a runtime expression'],
    ["$statusCode.x", '"$statusCode.x" is malformed'],
    ["$response.bodyy", '"$response.bodyy" is malformed'],
    ["$response.header.bad name", '"$response.header.bad name" is malformed'],
    ["$steps.login.token", '"$steps.login.token" is malformed'],
    ["$steps.logout.outputs.token", 'step "logout" has not run'],
    ["$steps.login.outputs.nope", 'there is no output "nope"'],
    ["$workflows.other.outputs.x", 'workflow "other" has not run'],
    ["$response.query.x", "a response has no query parameters"],
    ["$response.body#id", '"id" is not a JSON pointer'],
    ["$sourceDescriptions.nope.url", 'no source description "nope"'],
    ["$components.parameters.nope", "no such component"],
  ])("%s is an error: %s", (expression, message) => {
    const run = () => evaluateExpression(expression, context());
    expect(run).toThrow(ExpressionError);
    expect(run).toThrow(message);
  });

  it.each<[string, string]>([
    ["$response.body#/missing", 'nothing at "/missing"'],
    ["$response.body#/nested/list/9", 'nothing at "/nested/list/9"'],
    ["$response.header.X-Missing", "there is no X-Missing header"],
    ["$inputs.nobody", 'there is no input "nobody"'],
    ["$request.query.page", 'no query parameter "page"'],
  ])("%s is missing: %s", (expression, message) => {
    const run = () => evaluateExpression(expression, context());
    expect(run).toThrow(MissingValueError);
    expect(run).toThrow(message);
  });

  it("names the expression in its errors", () => {
    try {
      evaluateExpression("$steps.logout.outputs.token", context());
      expect.unreachable();
    } catch (error) {
      expect((error as ExpressionError).expression).toBe("$steps.logout.outputs.token");
    }
  });

  it("refuses response expressions before a response exists", () => {
    const { response: _, ...ctx } = context();
    expect(() => evaluateExpression("$statusCode", ctx)).toThrow("no response has been received");
  });
});

describe("parseExpression", () => {
  it.each<[string, unknown]>([
    ["$statusCode", { kind: "statusCode" }],
    ["$response.body#/a/b", { kind: "response", source: "body", pointer: "/a/b" }],
    ["$request.header.Accept", { kind: "request", source: "header", name: "Accept" }],
    ["$steps.s-1.outputs.x#/0", { kind: "steps", stepId: "s-1", name: "x", pointer: "/0" }],
    ["$workflows.w.inputs.u", { kind: "workflows", workflowId: "w", field: "inputs", name: "u" }],
  ])("parses %s", (expression, want) => {
    expect(parseExpression(expression)).toEqual(want);
  });
});

describe("interpolate", () => {
  it.each<[string, string]>([
    ["Bearer {$steps.login.outputs.token}", "Bearer t0k"],
    ["{$inputs.username}/{$inputs.age}", "ada/36"],
    ["/users/{$response.body#/id}?from={$statusCode}", "/users/7?from=201"],
    ["city: {$inputs.address}", 'city: {"city":"Paris"}'],
    ["no expressions {here}", "no expressions {here}"],
    ["{ $inputs.username }", "{ $inputs.username }"],
  ])("%s becomes %s", (template, want) => {
    expect(interpolate(template, context())).toBe(want);
  });

  it("fails on an embedded expression that cannot be evaluated", () => {
    expect(() => interpolate("Bearer {$steps.nope.outputs.token}", context())).toThrow(
      'step "nope" has not run',
    );
  });
});

describe("resolveValue", () => {
  it("keeps the type of a whole-string expression and interpolates the rest", () => {
    const payload = {
      age: "$inputs.age",
      braced: "{$inputs.age}",
      greeting: "hi {$inputs.username}",
      list: ["$steps.login.outputs.token", 3, null],
      literal: "plain",
      money: "$5",
    };
    expect(resolveValue(payload, context())).toEqual({
      age: 36,
      braced: 36,
      greeting: "hi ada",
      list: ["t0k", 3, null],
      literal: "plain",
      money: "$5",
    });
  });
});

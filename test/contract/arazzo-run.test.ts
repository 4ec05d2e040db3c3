import { describe, expect, it } from "vitest";

import type { ContractRequest, ContractResponse, Target } from "../../contract/exchange.js";
import { runWorkflow, type RunOptions } from "../../contract/arazzo/run-workflow.js";
import type { ArazzoDocument, Step, Workflow } from "../../contract/arazzo/types.js";

type Handler = (request: ContractRequest, n: number) => Partial<ContractResponse>;

/** A target that answers from `handler` and remembers every request. */
function fakeTarget(handler: Handler): Target & { sent: ContractRequest[] } {
  const sent: ContractRequest[] = [];
  return {
    sent,
    async send(request) {
      sent.push(request);
      const answer = handler(request, sent.length);
      const body = answer.body;
      return {
        status: answer.status ?? 200,
        headers: answer.headers ?? {},
        body,
        text: answer.text ?? (body === undefined ? "" : JSON.stringify(body)),
      };
    },
  };
}

const OPERATIONS: Record<string, { method: string; path: string }> = {
  getUser: { method: "get", path: "/users/{id}" },
  createUser: { method: "post", path: "/users" },
  listUsers: { method: "get", path: "/users" },
  poll: { method: "get", path: "/jobs/{jobId}" },
};

function document(...workflows: Workflow[]): ArazzoDocument {
  return {
    arazzo: "1.0.1",
    info: { title: "test", version: "1" },
    sourceDescriptions: [{ name: "api", url: "./api.yaml", type: "openapi" }],
    workflows,
    components: {
      parameters: { trace: { name: "X-Trace", in: "header", value: "from-component" } },
      failureActions: { giveUp: { name: "giveUp", type: "end" } },
    },
  };
}

function workflow(steps: Step[], extra: Partial<Workflow> = {}): Workflow {
  return { workflowId: "w", steps, ...extra };
}

function options(target: Target, extra: Partial<RunOptions> = {}): RunOptions {
  return { target, operations: (id) => OPERATIONS[id], sleep: async () => {}, ...extra };
}

function nameIn(request: ContractRequest): string {
  return String((request.body as { name?: unknown } | undefined)?.name);
}

function retryAfter(n: number): Record<string, string> {
  return n === 2 ? { "retry-after": "2" } : {};
}

describe("building requests", () => {
  it("fills path, query, header and cookie parameters", async () => {
    const target = fakeTarget(() => ({ status: 200 }));
    const steps: Step[] = [{
      stepId: "get",
      operationId: "getUser",
      parameters: [
        { name: "id", in: "path", value: "$inputs.id" },
        { name: "expand", in: "query", value: ["team", "roles"] },
        { name: "q", in: "query", value: "a&b=c" },
        { name: "X-Request-Id", in: "header", value: "req-{$inputs.id}" },
        { name: "session", in: "cookie", value: "s 1" },
        { name: "theme", in: "cookie", value: "dark" },
      ],
    }];
    const report = await runWorkflow(document(workflow(steps)), "w",
      options(target, { inputs: { id: "a b/c" } }));

    expect(report.passed).toBe(true);
    expect(target.sent[0]).toEqual({
      method: "GET",
      path: "/users/a%20b%2Fc?expand=team&expand=roles&q=a%26b%3Dc",
      headers: { "X-Request-Id": "req-a b/c", cookie: "session=s%201; theme=dark" },
    });
  });

  it("sends a JSON payload with replacements, and $request.body reads it", async () => {
    const target = fakeTarget(() => ({ status: 201, body: { id: "u1" } }));
    const steps: Step[] = [{
      stepId: "create",
      operationId: "createUser",
      requestBody: {
        contentType: "application/json",
        payload: { user: { name: "$inputs.name", age: "$inputs.age" }, tags: ["a"] },
        replacements: [
          { target: "/user/nick", value: "{$inputs.name}-nick" },
          { target: "/tags/-", value: "b" },
        ],
      },
      successCriteria: [{ condition: "$request.body#/user/age == 36" }],
      outputs: { sentName: "$request.body#/user/name", id: "$response.body#/id" },
    }];
    const report = await runWorkflow(document(workflow(steps)), "w",
      options(target, { inputs: { name: "ada", age: 36 } }));

    expect(target.sent[0]!.body).toEqual({
      user: { name: "ada", age: 36, nick: "ada-nick" },
      tags: ["a", "b"],
    });
    expect(target.sent[0]!.headers).toEqual({ "content-type": "application/json" });
    expect(report.steps[0]!.outputs).toEqual({ sentName: "ada", id: "u1" });
  });

  it("interpolates a JSON text template and parses it", async () => {
    const target = fakeTarget(() => ({ status: 201 }));
    const steps: Step[] = [{
      stepId: "create",
      operationId: "createUser",
      requestBody: {
        contentType: "application/json",
        payload: '{ "name": "{$inputs.name}", "admin": false }',
      },
    }];
    const inputs = { name: "ada" };
    await runWorkflow(document(workflow(steps)), "w", options(target, { inputs }));
    expect(target.sent[0]!.body).toEqual({ name: "ada", admin: false });
  });

  it("encodes a form payload", async () => {
    const target = fakeTarget(() => ({ status: 201 }));
    const steps: Step[] = [{
      stepId: "create",
      operationId: "createUser",
      requestBody: {
        contentType: "application/x-www-form-urlencoded",
        payload: { grant_type: "password", username: "$inputs.name" },
      },
    }];
    const inputs = { name: "a b" };
    await runWorkflow(document(workflow(steps)), "w", options(target, { inputs }));
    expect(target.sent[0]!.body).toBe("grant_type=password&username=a+b");
    expect(target.sent[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("resolves operationPath and reusable parameters, letting a step override", async () => {
    const target = fakeTarget(() => ({ status: 200 }));
    const steps: Step[] = [
      {
        stepId: "list",
        operationPath: "{$sourceDescriptions.api.url}#/paths/~1users/get",
        parameters: [{ reference: "$components.parameters.trace" }],
      },
      {
        stepId: "again",
        operationId: "$sourceDescriptions.api.listUsers",
        parameters: [{ reference: "$components.parameters.trace", value: "overridden" }],
      },
    ];
    const shared = [{ name: "x-trace", in: "header" as const, value: "shared" }];
    await runWorkflow(document(workflow(steps, { parameters: shared })), "w", options(target));

    expect(target.sent.map((r) => [r.method, r.path, r.headers])).toEqual([
      ["GET", "/users", { "X-Trace": "from-component" }],
      ["GET", "/users", { "X-Trace": "overridden" }],
    ]);
  });
});

describe("judging steps", () => {
  it("expects a 2xx status when a step has no successCriteria", async () => {
    const target = fakeTarget(() => ({ status: 404, body: { title: "Not Found" } }));
    const steps: Step[] = [{ stepId: "list", operationId: "listUsers" }];
    const report = await runWorkflow(document(workflow(steps)), "w", options(target));

    expect(report.passed).toBe(false);
    expect(report.steps[0]!.failures).toEqual([{
      rule: "success-criteria",
      message: 'step "list": no successCriteria, so a 2xx status was expected; got 404',
      request: target.sent[0],
      response: expect.objectContaining({ status: 404 }),
    }]);
  });

  it("names each false condition and the values it read", async () => {
    const target = fakeTarget(() => ({ status: 200, body: { name: "bob" } }));
    const steps: Step[] = [{
      stepId: "get",
      operationId: "getUser",
      parameters: [{ name: "id", in: "path", value: 1 }],
      successCriteria: [
        { condition: "$statusCode == 200" },
        { condition: "$response.body#/name == $inputs.name" },
      ],
    }];
    const report = await runWorkflow(document(workflow(steps)), "w",
      options(target, { inputs: { name: "ada" } }));

    expect(report.steps[0]!.failures.map((f) => f.message)).toEqual([
      'step "get": condition "$response.body#/name == $inputs.name" is false ' +
        '($response.body#/name = "bob", $inputs.name = "ada")',
    ]);
  });

  it.each<[string, Step, string]>([
    [
      "an unknown operation",
      { stepId: "s", operationId: "nope" },
      'step "s": operation "nope" is not in the source description',
    ],
    [
      "a missing path parameter",
      { stepId: "s", operationId: "getUser" },
      'step "s": path parameter "id" of /users/{id} has no value',
    ],
    [
      "an expression that cannot be evaluated",
      {
        stepId: "s",
        operationId: "listUsers",
        parameters: [{ name: "a", in: "query", value: "$steps.earlier.outputs.a" }],
      },
      'step "s": "$steps.earlier.outputs.a": step "earlier" has not run',
    ],
    [
      "a criterion that cannot be evaluated",
      { stepId: "s", operationId: "listUsers", successCriteria: [{ condition: "$statusCode =" }] },
      'step "s": cannot evaluate "$statusCode =": unexpected "=" at column 13',
    ],
    [
      "an output that cannot be evaluated",
      { stepId: "s", operationId: "listUsers", outputs: { id: "$response.body#/id" } },
      'step "s": "$response.body#/id": nothing at "/id"',
    ],
  ])("reports %s as a step error", async (_, step, message) => {
    const target = fakeTarget(() => ({ status: 200, body: {} }));
    const report = await runWorkflow(document(workflow([step])), "w", options(target));

    expect(report.passed).toBe(false);
    expect(report.steps[0]!.passed).toBe(false);
    expect(report.steps[0]!.failures.map((f) => [f.rule, f.message])).toEqual([
      ["step-error", message],
    ]);
  });

  it("reports a target that cannot be reached", async () => {
    const target: Target = { send: async () => Promise.reject(new Error("ECONNREFUSED")) };
    const steps: Step[] = [{ stepId: "s", operationId: "listUsers" }];
    const report = await runWorkflow(document(workflow(steps)), "w", options(target));
    expect(report.steps[0]!.failures[0]!.message).toBe(
      'step "s": GET /users could not be sent: ECONNREFUSED',
    );
  });
});

describe("actions", () => {
  it("follows goto until a criterion ends the loop", async () => {
    const target = fakeTarget((_, n) => ({
      status: 200,
      body: { state: n < 3 ? "running" : "done" },
    }));
    const steps: Step[] = [
      {
        stepId: "poll",
        operationId: "poll",
        parameters: [{ name: "jobId", in: "path", value: 42 }],
        onSuccess: [
          { name: "done", type: "goto", stepId: "finish",
            criteria: [{ condition: "$response.body#/state == 'done'" }] },
          { name: "wait", type: "goto", stepId: "poll" },
        ],
        outputs: { state: "$response.body#/state" },
      },
      { stepId: "skipped", operationId: "listUsers" },
      { stepId: "finish", operationId: "listUsers", onSuccess: [{ name: "stop", type: "end" }] },
      { stepId: "afterEnd", operationId: "listUsers" },
    ];
    const report = await runWorkflow(document(workflow(steps, {
      outputs: { final: "$steps.poll.outputs.state" },
    })), "w", options(target));

    expect(report.passed).toBe(true);
    expect(report.steps.map((s) => [s.stepId, s.action?.name])).toEqual([
      ["poll", "wait"], ["poll", "wait"], ["poll", "done"], ["finish", "stop"],
    ]);
    expect(target.sent.map((r) => r.path)).toEqual([
      "/jobs/42", "/jobs/42", "/jobs/42", "/users",
    ]);
    expect(report.outputs).toEqual({ final: "done" });
  });

  it("retries up to retryLimit, waiting retryAfter or Retry-After", async () => {
    const waits: number[] = [];
    const target = fakeTarget((_, n) =>
      n < 3 ? { status: 503, headers: retryAfter(n) } : { status: 200 });
    const steps: Step[] = [{
      stepId: "list",
      operationId: "listUsers",
      onFailure: [{ name: "again", type: "retry", retryAfter: 0.5, retryLimit: 3,
        criteria: [{ condition: "$statusCode == 503" }] }],
    }];
    const report = await runWorkflow(document(workflow(steps)), "w",
      options(target, { sleep: async (ms) => void waits.push(ms) }));

    expect(report.passed).toBe(true);
    expect(report.steps.map((s) => [s.attempt, s.passed])).toEqual([
      [1, false], [2, false], [3, true],
    ]);
    expect(waits).toEqual([500, 2000]);
  });

  it("fails once the retries are exhausted, then takes the next action", async () => {
    const target = fakeTarget(() => ({ status: 503 }));
    const steps: Step[] = [{
      stepId: "list",
      operationId: "listUsers",
      onFailure: [
        { name: "again", type: "retry" },
        { reference: "$components.failureActions.giveUp" },
      ],
    }];
    const report = await runWorkflow(document(workflow(steps)), "w", options(target));

    expect(report.passed).toBe(false);
    expect(report.steps.map((s) => s.action?.name)).toEqual(["again", "giveUp"]);
  });

  it("treats a failure sent elsewhere by goto as handled", async () => {
    const target = fakeTarget((r) => ({ status: r.method === "POST" ? 409 : 200 }));
    const steps: Step[] = [
      {
        stepId: "create",
        operationId: "createUser",
        successCriteria: [{ condition: "$statusCode == 201" }],
        onFailure: [{ name: "exists", type: "goto", stepId: "list",
          criteria: [{ condition: "$statusCode == 409" }] }],
      },
      { stepId: "unreached", operationId: "getUser" },
      { stepId: "list", operationId: "listUsers" },
    ];
    const report = await runWorkflow(document(workflow(steps)), "w", options(target));

    expect(report.passed).toBe(true);
    expect(report.steps.map((s) => [s.stepId, s.passed])).toEqual([
      ["create", false], ["list", true],
    ]);
  });

  it("uses workflow-level actions a step does not override", async () => {
    const target = fakeTarget(() => ({ status: 500 }));
    const steps: Step[] = [
      { stepId: "a", operationId: "listUsers" },
      {
        stepId: "b",
        operationId: "listUsers",
        onFailure: [{ name: "toC", type: "goto", stepId: "c" }],
      },
      {
        stepId: "c",
        operationId: "listUsers",
        successCriteria: [{ condition: "$statusCode == 500" }],
      },
    ];
    const failureActions = [{ name: "toB", type: "goto" as const, stepId: "b" }];
    const report = await runWorkflow(document(workflow(steps, { failureActions })), "w",
      options(target));

    expect(report.passed).toBe(true);
    expect(report.steps.map((s) => [s.stepId, s.action?.name])).toEqual([
      ["a", "toB"], ["b", "toC"], ["c", undefined],
    ]);
  });

  it("stops a loop that never ends", async () => {
    const target = fakeTarget(() => ({ status: 200 }));
    const steps: Step[] = [
      {
        stepId: "spin",
        operationId: "listUsers",
        onSuccess: [{ name: "again", type: "goto", stepId: "spin" }],
      },
    ];
    const report = await runWorkflow(document(workflow(steps)), "w",
      options(target, { maxSteps: 5 }));

    expect(report.passed).toBe(false);
    expect(report.steps).toHaveLength(5);
    expect(report.failures[0]!.message).toBe(
      'workflow "w": more than 5 step attempts; is there a loop?',
    );
  });
});

describe("workflows calling workflows", () => {
  const create = workflow(
    [{
      stepId: "create",
      operationId: "createUser",
      requestBody: { payload: { name: "$inputs.name" } },
      outputs: { id: "$response.body#/id" },
    }],
    {
      workflowId: "create",
      inputs: { type: "object", properties: { name: { type: "string" } } },
      outputs: { userId: "$steps.create.outputs.id" },
    },
  );

  it("runs a workflow step with its parameters as inputs", async () => {
    const target = fakeTarget((r) => ({ status: 201, body: { id: `id-${nameIn(r)}` } }));
    const main = workflow([
      {
        stepId: "make",
        workflowId: "create",
        parameters: [{ name: "name", value: "ada" }],
        successCriteria: [{ condition: "$outputs.userId == 'id-ada'" }],
        outputs: { id: "$outputs.userId" },
      },
      {
        stepId: "read",
        operationId: "getUser",
        parameters: [{ name: "id", in: "path", value: "$steps.make.outputs.id" }],
      },
    ], { workflowId: "main" });
    const report = await runWorkflow(document(main, create), "main", options(target));

    expect(report.passed).toBe(true);
    expect(report.steps[0]!.workflow).toMatchObject({ workflowId: "create", passed: true,
      inputs: { name: "ada" }, outputs: { userId: "id-ada" } });
    expect(target.sent[1]!.path).toBe("/users/id-ada");
  });

  it("runs dependencies first and exposes them as $workflows", async () => {
    const target = fakeTarget(() => ({ status: 201, body: { id: "dep" } }));
    const main = workflow([{
      stepId: "read",
      operationId: "getUser",
      parameters: [{ name: "id", in: "path", value: "$workflows.create.outputs.userId" }],
    }], { workflowId: "main", dependsOn: ["create"] });
    const report = await runWorkflow(document(main, create), "main", options(target));

    expect(report.passed).toBe(true);
    expect(report.dependencies?.map((d) => d.workflowId)).toEqual(["create"]);
    expect(target.sent.map((r) => r.path)).toEqual(["/users", "/users/dep"]);
  });

  it("makes up different inputs for each workflow it runs", async () => {
    const target = fakeTarget((r) => ({ status: 201, body: { id: nameIn(r) } }));
    const main = workflow([
      { stepId: "one", workflowId: "create" },
      { stepId: "two", workflowId: "create" },
    ], { workflowId: "main" });
    const report = await runWorkflow(document(main, create), "main", options(target));

    const names = report.steps.map((s) => s.workflow!.inputs.name);
    expect(names[0]).not.toBe(names[1]);
  });

  it("hands over to another workflow on goto, passing the inputs it declares", async () => {
    const target = fakeTarget((r) =>
      r.method === "GET" ? { status: 404 } : { status: 201, body: { id: "new" } });
    const main = workflow([
      {
        stepId: "find",
        operationId: "getUser",
        parameters: [{ name: "id", in: "path", value: "$inputs.name" }],
        onFailure: [{ name: "create", type: "goto", workflowId: "create" }],
      },
      { stepId: "unreached", operationId: "listUsers" },
    ], { workflowId: "main", inputs: { type: "object", properties: { name: {}, other: {} } } });
    const report = await runWorkflow(document(main, create), "main",
      options(target, { inputs: { name: "ada", other: 1 } }));

    expect(report.passed).toBe(true);
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]!.workflow).toMatchObject({ workflowId: "create",
      inputs: { name: "ada" } });
    expect(target.sent.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /users/ada",
      "POST /users"]);
  });

  it("throws on inputs the top-level workflow's schema refuses", async () => {
    const target = fakeTarget(() => ({ status: 201 }));
    await expect(runWorkflow(document(create), "create",
      options(target, { inputs: { name: 3 } }))).rejects.toThrow("inputs/name must be string");
    await expect(runWorkflow(document(create), "nope", options(target))).rejects.toThrow(
      'the Arazzo document has no workflow "nope"',
    );
  });
});

import { readFile } from "node:fs/promises";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

import { loadArazzo } from "../../contract/arazzo/load.js";
import { operationLookup, type OperationLookup } from "../../contract/arazzo/operations.js";
import { runWorkflow, type WorkflowReport } from "../../contract/arazzo/run-workflow.js";
import type { ArazzoDocument } from "../../contract/arazzo/types.js";
import { urlTarget } from "../../contract/url-target.js";
import { REPO_ROOT } from "../support/build-fixture.js";
import { startGenerated, type RunningService } from "../support/generated-service.js";

process.env.JWT_SECRET = "arazzo-workflows-secret-0123456789abcdef";

describe("the auth workflows against a running auth service", () => {
  let service: RunningService;
  let operations: OperationLookup;
  let doc: ArazzoDocument;

  const run = (workflowId: string, inputs?: Record<string, unknown>, from = doc) =>
    runWorkflow(from, workflowId, { target: urlTarget(service.url), operations, inputs });

  beforeAll(async () => {
    service = await startGenerated("auth", "sqlite");
    const openapi = parse(await readFile(path.join(REPO_ROOT, "specs/auth.yaml"), "utf8"));
    operations = operationLookup(openapi);
    doc = (await loadArazzo(path.join(REPO_ROOT, "specs/auth.arazzo.yaml"))).document;
  });

  afterAll(async () => {
    await service?.stop();
  });

  it("registers once, and a second registration of the username is a 409", async () => {
    const report = await run("registerTwice");

    expectPassed(report);
    expect(report.steps.map((s) => [s.stepId, s.response?.status])).toEqual([
      ["register", 201],
      ["registerAgain", 409],
    ]);
    expect(report.outputs.userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("makes up a new user on every run, so the workflow can run again", async () => {
    const first = await run("registerTwice");
    const second = await run("registerTwice");

    expectPassed(first);
    expectPassed(second);
    expect(second.inputs.username).not.toBe(first.inputs.username);
    expect(second.inputs.email).not.toBe(first.inputs.email);
  });

  it("signs in and reads the registered user, without a password", async () => {
    const report = await run("registerLoginAndReadProfile");

    expectPassed(report);
    const [register, login, profile] = report.steps;
    expect(login!.request!.body).toEqual({
      username: report.inputs.username,
      password: report.inputs.password,
    });
    expect(profile!.request!.headers.Authorization).toBe(
      `Bearer ${login!.outputs.token as string}`,
    );
    expect(profile!.response!.body).toEqual({
      id: register!.outputs.userId,
      username: report.inputs.username,
      email: report.inputs.email,
      createdAt: expect.any(String),
    });
    expect(report.outputs).toEqual({
      userId: register!.outputs.userId,
      location: `/users/${register!.outputs.userId as string}`,
      username: report.inputs.username,
    });
  });

  it("uses the inputs it is given", async () => {
    const username = `given_${Date.now().toString(36)}`;
    const report = await run("registerLoginAndReadProfile", { username });

    expectPassed(report);
    expect(report.inputs.username).toBe(username);
    expect(report.outputs.username).toBe(username);
  });

  it("refuses a wrong password with a 401", async () => {
    const report = await run("loginWithWrongPassword");

    expectPassed(report);
    const login = report.steps[1]!;
    expect(login.request!.body).toEqual({
      username: report.inputs.username,
      password: `wrong-${report.inputs.password as string}`,
    });
    expect(login.response!.status).toBe(401);
  });

  it("would notice a password in the profile", async () => {
    const changed = structuredClone(doc);
    const profile = changed.workflows[1]!.steps[2]!;
    profile.successCriteria = [{ condition: "$response.body#/password != null" }];
    const report = await run("registerLoginAndReadProfile", undefined, changed);

    expect(report.passed).toBe(false);
    expect(report.steps[2]!.failures[0]!.message).toBe(
      'step "readProfile": condition "$response.body#/password != null" is false ' +
        "($response.body#/password = absent)",
    );
  });

  it("fails a workflow whose criterion expects 201 where the service answers 409", async () => {
    const file = path.join(REPO_ROOT, "test/fixtures/arazzo/conflict-expects-201.arazzo.yaml");
    const wrong = (await loadArazzo(file)).document;
    const report = await run("registerTwiceExpectingCreated", undefined, wrong);

    expect(report.passed).toBe(false);
    expect(report.steps.map((s) => [s.stepId, s.passed])).toEqual([
      ["register", true],
      ["registerAgain", false],
    ]);

    const step = report.steps[1]!;
    expect(step.failures).toHaveLength(1);
    const failure = step.failures[0]!;
    expect(failure.rule).toBe("success-criteria");
    expect(failure.message).toBe(
      'step "registerAgain": condition "$statusCode == 201" is false ($statusCode = 409)',
    );
    expect(failure.request).toEqual({
      method: "POST",
      path: "/users",
      headers: { "content-type": "application/json" },
      body: {
        username: report.inputs.username,
        email: report.inputs.email,
        password: report.inputs.password,
      },
    });
    expect(failure.response).toMatchObject({
      status: 409,
      body: { title: "Conflict", status: 409 },
    });
    expect(failure.response!.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(step.request).toBe(failure.request);
    expect(step.response).toBe(failure.response);
  });
});

function expectPassed(report: WorkflowReport): void {
  const failures = [...report.failures, ...report.steps.flatMap((s) => s.failures)];
  expect(failures.map((f) => f.message)).toEqual([]);
  expect(report.passed).toBe(true);
}

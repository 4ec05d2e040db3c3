import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, describe, expect, it } from "vitest";

import { testSpec } from "../../compiler/contract/test-spec.js";
import { REPO_ROOT, scratchDir } from "../support/build-fixture.js";
import { startIndependentAuth, type Fault } from "../fixtures/independent-auth/server.js";

const AUTH = path.join(REPO_ROOT, "specs/auth.yaml");
const run = promisify(execFile);
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

function failuresOf(results: Awaited<ReturnType<typeof testSpec>>["results"]) {
  return results.filter((r) => !r.passed);
}

describe("spec2svc test, in-process", () => {
  it("passes every case against the compiled auth service", async () => {
    const out = scratchDir("contract-auth");
    scratch.push(out);
    const { results } = await testSpec(AUTH, { out });

    expect(results.length).toBeGreaterThan(25);
    expect(failuresOf(results)).toEqual([]);
  });
});

describe("spec2svc test --url against an implementation written by hand", () => {
  const against = async (faults: Fault[]) => {
    const server = await startIndependentAuth({ faults });
    try {
      return (await testSpec(AUTH, { url: server.url })).results;
    } finally {
      await server.close();
    }
  };

  it("passes when the implementation is right", async () => {
    expect(failuresOf(await against([]))).toEqual([]);
  });

  it.each([
    ["leak-password", "response-schema"],
    ["wrong-status", "status"],
    ["no-validation", "status"],
    ["skip-auth", "status"],
  ] as Array<[Fault, string]>)("fails with %s, naming the broken rule %s", async (fault, rule) => {
    const failed = failuresOf(await against([fault]));

    expect(failed.length).toBeGreaterThan(0);
    const rules = failed.flatMap((r) => r.failures.map((f) => f.rule));
    expect(rules).toContain(rule);
    for (const result of failed) {
      for (const failure of result.failures) {
        expect(failure.request?.method).toBeTruthy();
        expect(failure.response?.status).toBeGreaterThan(0);
      }
    }
  });

  it("writes a JUnit report and exits non-zero on failure", async () => {
    const server = await startIndependentAuth({ faults: ["wrong-status"] });
    const report = path.join(scratchDir("junit"), "..", `junit-${Date.now()}.xml`);
    scratch.push(report);
    try {
      const cli = path.join(REPO_ROOT, "bin/spec2svc.js");
      const outcome = await run(process.execPath, [cli, "test", AUTH, "--url", server.url,
        "--reporter", "junit", "--output", report]).then(() => 0, (e: { code: number }) => e.code);

      expect(outcome).toBe(1);
      const xml = await readFile(report, "utf8");
      expect(xml).toMatch(/<testsuites name="auth" tests="\d+" failures="[1-9]\d*">/);
      expect(xml).toContain("expected status 201, got 200");
    } finally {
      await server.close();
    }
  });
});

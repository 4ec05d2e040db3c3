import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, describe, expect, it } from "vitest";

import { FIXTURE_SPECS, REPO_ROOT, scratchDir } from "../support/build-fixture.js";

const run = promisify(execFile);
const cli = path.join(REPO_ROOT, "bin/spec2svc.js");
const out = scratchDir("cli");

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

async function spec2svc(...args: string[]) {
  return run(process.execPath, [cli, ...args], { cwd: REPO_ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe("spec2svc build", () => {
  it("writes the service and says what it built", async () => {
    const result = await spec2svc("build", path.join(FIXTURE_SPECS, "zoo.yaml"), "--out", out);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/built zoo: 7 operations \(0 compiled, 0 filled, 7 open holes\)/);
  });

  it("exits 1 naming the file, line, column and pointer of a broken spec", async () => {
    const spec = path.join(FIXTURE_SPECS, "dangling-ref.yaml");
    const result = await spec2svc("build", spec, "--out", out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${spec}:15:17 at `);
    expect(result.stderr).toContain(
      "#/paths/~1things/get/responses/200/content/application~1json/schema/$ref",
    );
  });

  it("prints one JSON document with --json", async () => {
    const spec = path.join(FIXTURE_SPECS, "dangling-ref.yaml");
    const result = await spec2svc("build", spec, "--out", out, "--json");
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.diagnostics[0]).toMatchObject({
      code: "ref-dangling",
      severity: "error",
      location: { file: spec, line: 15, column: 17 },
    });
  });
});

describe("spec2svc check", () => {
  it("reports a valid spec", async () => {
    const result = await spec2svc("check", path.join(REPO_ROOT, "specs/auth.yaml"));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("valid; 3 operations");
  });
});

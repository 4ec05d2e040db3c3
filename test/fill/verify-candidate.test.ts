import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildSpec } from "../../compiler/build.js";
import { verifyCandidate, type VerifyOptions } from "../../compiler/fill/verify-candidate.js";
import { REPO_ROOT, scratchDir } from "../support/build-fixture.js";

const SPEC = path.join(REPO_ROOT, "specs/auth.yaml");
const HAND_FILL = path.join(REPO_ROOT, "specs/auth.fills/loginUser.ts");

const SIGNATURE =
  'import type { Context, LoginUserInput, LoginUserResult } from "../operations.js";\n\n' +
  "export async function loginUser(\n  _input: LoginUserInput,\n  _context: Context,\n" +
  "): Promise<LoginUserResult> {\n";

let outDir: string;
let handFill: string;

beforeAll(async () => {
  process.env.JWT_SECRET = "verify-candidate-test-secret-0123456789abcdef";
  outDir = scratchDir("verify");
  await buildSpec(SPEC, { out: outDir });
  handFill = await readFile(HAND_FILL, "utf8");
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function verify(source: string, options: Partial<VerifyOptions> = {}) {
  return verifyCandidate({ outDir, specFile: SPEC, operationId: "loginUser",
    handlerId: "loginUser", source, ...options });
}

/** The hand-written fill with one deliberate change. */
function edited(from: string, to: string): string {
  expect(handFill).toContain(from);
  return handFill.replace(from, to);
}

function loginHandler(body: string): string {
  return `${SIGNATURE}${body}\n}\n`;
}

/** Scratch copies of the service still on disk, and processes still running in one. */
async function leftovers() {
  const prefix = `${path.basename(outDir)}.verify-`;
  const folders = (await readdir(path.dirname(outDir))).filter((name) => name.startsWith(prefix));
  const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n")
    .filter((line) => line.includes(`${outDir}.verify-`));
  return { folders, processes };
}

describe("verifyCandidate", () => {
  it("accepts the hand-written login", async () => {
    const verdict = await verify(handFill);

    expect(verdict).toEqual({ accepted: true, rejections: [] });
  });

  it("rejects a wrong status, naming the failing case and what came back", async () => {
    const verdict = await verify(edited("status: 200", "status: 201 as 200"), { runs: 0 });

    expect(verdict.accepted).toBe(false);
    expect(verdict.rejections.map((r) => r.rule)).toContain("contract");
    const example = verdict.rejections.find((r) => r.message.includes("loginUser: example"));
    expect(example?.message).toContain("expected status 200, got 201");
    expect(example?.message).toMatch(/request: POST \/sessions/);
    expect(example?.message).toMatch(/response: 201 /);
  });

  it("rejects a login that skips the password check", async () => {
    const verdict = await verify(edited("if (!user || !valid)", "if (!user)"), { runs: 0 });

    expect(verdict.accepted).toBe(false);
    const wrongPassword = verdict.rejections.find((r) =>
      r.message.includes("loginWithWrongPassword"));
    expect(wrongPassword?.rule).toBe("contract");
    expect(wrongPassword?.message).toContain("$statusCode == 401");
  });

  it("rejects a candidate that does not type-check, without running it", async () => {
    const marker = path.join(path.dirname(outDir), `ran-${path.basename(outDir)}`);
    const source = `import { writeFileSync } from "node:fs";\n` +
      `writeFileSync(${JSON.stringify(marker)}, "ran");\n` +
      loginHandler('  return { status: 200, body: { accessToken: 42, tokenType: "Bearer", ' +
      'expiresIn: 3600 } };');

    const verdict = await verify(source);

    expect(verdict.accepted).toBe(false);
    expect(verdict.rejections).toHaveLength(1);
    expect(verdict.rejections[0]!.rule).toBe("typecheck");
    expect(verdict.rejections[0]!.message).toMatch(/^src\/handlers\/loginUser\.ts\(\d+,\d+\)/);
    expect(verdict.rejections[0]!.message).toContain("TS2322");
    expect(existsSync(marker)).toBe(false);
  });

  it("stops a handler that never returns at the time limit", async () => {
    const started = performance.now();
    const verdict = await verify(loginHandler("  while (true) {}"), { timeoutMs: 5_000 });

    expect(verdict.rejections).toEqual([{ rule: "timeout", message: expect.stringContaining(
      "within 5000 ms") }]);
    // The limit holds for the contract run; type-checking and copying come before it.
    expect(performance.now() - started).toBeLessThan(12_000);
    expect((await leftovers()).processes).toEqual([]);
  });

  it("stops a handler that allocates without bound at the memory limit", async () => {
    const hog = "  const hog: number[][] = [];\n  for (;;) hog.push(new Array(100_000).fill(1));";
    const verdict = await verify(loginHandler(hog), { memoryMb: 64 });

    expect(verdict.rejections).toEqual([{ rule: "memory", message: expect.stringContaining(
      "64 MB") }]);
    expect((await leftovers()).processes).toEqual([]);
  });

  it("leaves neither scratch folders nor processes behind", async () => {
    expect(await leftovers()).toEqual({ folders: [], processes: [] });
  });
});

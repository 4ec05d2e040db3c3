/**
 * Filling the auth service's holes end to end: the real openai client talks
 * to a scripted Chat Completions server on loopback, and every candidate goes
 * through the policy, the type-checker and the contract tests.
 */
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildSpec, type FillSettings } from "../../compiler/build.js";
import type { FillEvent } from "../../compiler/fill/fill-holes.js";
import { createModelClient } from "../../compiler/fill/model-client.js";
import { testSpec } from "../../compiler/contract/test-spec.js";
import { REPO_ROOT, scratchDir } from "../support/build-fixture.js";
import { startScriptedModel, type ScriptedReply } from "../support/scripted-model.js";

process.env.JWT_SECRET ??= "fill-build-test-secret-0123456789abcdef";

const fence = (body: string) => `\`\`\`ts\n${body}\n\`\`\`\n`;

const LOGIN = `const { username, password } = input.body;
const user = await context.repositories.users.findOne({ username });
const valid = user ? await verifyPassword(password, user.password) : await dummyVerify(password);
if (!user || !valid) {
  throw new HttpProblem({ status: 401, detail: "The username or the password is wrong.",
    headers: { "WWW-Authenticate": 'Bearer realm="auth"' } });
}
const accessToken = await issueToken({ sub: user.id }, { expiresIn: 3600 });
return { status: 200, body: { accessToken, tokenType: "Bearer", expiresIn: 3600 } };`;

const ME = `const subject = context.principal?.subject;
const user = subject === undefined ? undefined : await context.repositories.users.get(subject);
if (!user) {
  throw new HttpProblem({ status: 401, detail: "The token does not belong to a user.",
    headers: { "WWW-Authenticate": 'Bearer realm="auth"' } });
}
return { status: 200, body: user };`;

interface Workspace {
  spec: string;
  out: string;
  fills: string;
}

const workspaces: string[] = [];
afterAll(async () => {
  await Promise.all(workspaces.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the auth spec and its workflows, with no fills yet. */
async function workspace(): Promise<Workspace> {
  const dir = scratchDir("fill");
  workspaces.push(dir);
  await mkdir(dir, { recursive: true });
  for (const file of ["auth.yaml", "auth.arazzo.yaml"]) {
    await copyFile(path.join(REPO_ROOT, "specs", file), path.join(dir, file));
  }
  return { spec: path.join(dir, "auth.yaml"), out: path.join(dir, "out"),
    fills: path.join(dir, "auth.fills") };
}

async function build(ws: Workspace, script: ScriptedReply[] | undefined) {
  const model = script ? await startScriptedModel(script) : undefined;
  const events: FillEvent[] = [];
  const fill: FillSettings = {
    ...(model ? { client: createModelClient({ apiKey: "test-key", baseURL: model.url,
      model: "scripted", maxRetries: 2, timeoutMs: 5_000 }) } : {}),
    modelName: "scripted",
    maxAttempts: 3,
    // One hole at a time, so the scripted replies reach the holes in a known order.
    concurrency: 1,
    timeoutMs: 8_000,
    report: (event) => events.push(event),
  };
  try {
    const result = await buildSpec(ws.spec, { out: ws.out, fill });
    return { result, events, requests: model?.requests ?? [] };
  } finally {
    await model?.close();
  }
}

const rejectionsOf = (events: FillEvent[], operationId: string) =>
  events.flatMap((e) => (e.kind === "rejected" && e.operationId === operationId
    ? e.rejections.map((r) => r.rule) : []));

describe("filling the auth holes with a scripted model", () => {
  let ws: Workspace;
  let first: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    ws = await workspace();
    first = await build(ws, [{ content: fence(LOGIN) }, { content: fence(ME) }]);
  }, 180_000);

  it("accepts a correct fill on the first attempt and stores it beside the spec", async () => {
    expect(first.result.fillSummary).toMatchObject({
      filled: ["getCurrentUser", "loginUser"], open: [], failed: [], modelCalls: 2,
    });
    expect((await readdir(ws.fills)).sort()).toEqual(["getCurrentUser.ts", "loginUser.ts"]);
    const stored = await readFile(path.join(ws.fills, "loginUser.ts"), "utf8");
    expect(stored.split("\n")[0]).toMatch(/^\/\/ spec2svc-fill contract=[0-9a-f]{64} source=model/);
  });

  it("gives a service whose contract tests pass", async () => {
    const { results } = await testSpec(ws.spec, { out: path.join(path.dirname(ws.out), "check"),
      runs: 5 });
    expect(results.filter((r) => !r.passed)).toEqual([]);
  }, 120_000);

  it("rebuilds from the stored fills with no model call", async () => {
    const again = await build(ws, []);
    expect(again.requests).toHaveLength(0);
    expect(again.result.fillSummary).toBeUndefined();
    expect(again.result.handlers.open).toEqual([]);
  }, 120_000);

  it("asks again only for the hole whose contract changed, and re-verifies it", async () => {
    const text = await readFile(ws.spec, "utf8");
    await writeFile(ws.spec, text.replace("Exchanges a username and password for a bearer token.",
      "Exchanges a username and a password for a bearer token."));

    const changed = await build(ws, []);
    expect(changed.requests).toHaveLength(0);
    expect(changed.result.fillSummary).toMatchObject({
      reverified: ["loginUser"], reused: ["getCurrentUser"], filled: [], modelCalls: 0,
    });
  }, 120_000);
});

describe("candidates that must be refused", () => {
  it("sends a failing fill back with its failures, then accepts the fix", async () => {
    const ws = await workspace();
    // Type-correct but against the schema: a token must live at least a second.
    const wrong = LOGIN.replace('"Bearer", expiresIn: 3600', '"Bearer", expiresIn: 0');
    const run = await build(ws, [{ content: fence(wrong) }, { content: fence(LOGIN) },
      { content: fence(ME) }]);

    expect(rejectionsOf(run.events, "loginUser")).toEqual(["contract"]);
    expect(run.result.fillSummary?.filled).toEqual(["getCurrentUser", "loginUser"]);
    const retry = JSON.stringify(run.requests[1]!.body.messages);
    expect(retry).toContain("expiresIn");
    expect(retry).toContain("contract");
  }, 180_000);

  it.each([
    ["imports child_process", 'import { exec } from "child_process";\nexec("ls");\n' + LOGIN,
      "shape"],
    ["calls child_process through require", 'require("child_process");\n' + LOGIN,
      "policy:require"],
    ["does not type-check", LOGIN.replace("user.password", "user.passwordHash"), "typecheck"],
    ["edits outside its hole", `export async function loginUser() {}\n${LOGIN}`, "shape"],
  ])("refuses a fill that %s, naming the rule", async (_name, body, rule) => {
    const ws = await workspace();
    const run = await build(ws, [{ content: fence(body) }, { content: fence(LOGIN) },
      { content: fence(ME) }]);

    expect(rejectionsOf(run.events, "loginUser")[0]).toMatch(new RegExp(`^${rule}`));
    expect(run.result.fillSummary?.filled).toEqual(["getCurrentUser", "loginUser"]);
  }, 180_000);

  it("stops a fill that never returns", async () => {
    const ws = await workspace();
    const spin = "for (;;) {\n  if (Date.now() < 0) break;\n}\n";
    const run = await build(ws, [{ content: fence(`${spin}${LOGIN}`) },
      { content: fence(LOGIN) }, { content: fence(ME) }]);

    expect(rejectionsOf(run.events, "loginUser")).toEqual(["timeout"]);
  }, 180_000);

  it("treats a malformed reply as a failed attempt", async () => {
    const ws = await workspace();
    const run = await build(ws, [{ raw: "{ not json" }, { content: fence(LOGIN) },
      { content: fence(ME) }]);
    expect(rejectionsOf(run.events, "loginUser")).toEqual(["model"]);
    expect(run.result.fillSummary?.filled).toEqual(["getCurrentUser", "loginUser"]);
  }, 180_000);

  it("waits out a 429 and succeeds", async () => {
    const ws = await workspace();
    const run = await build(ws, [{ status: 429, headers: { "retry-after": "0" } },
      { content: fence(LOGIN) }, { content: fence(ME) }]);
    expect(run.requests).toHaveLength(3);
    expect(run.result.fillSummary?.filled).toEqual(["getCurrentUser", "loginUser"]);
  }, 180_000);

  it("gives up on a hole after 500s and still fills the others", async () => {
    const ws = await workspace();
    const errors: ScriptedReply[] = Array.from({ length: 9 }, () => ({ status: 500 as const }));
    const run = await build(ws, [...errors, { content: fence(ME) }]);

    expect(run.result.fillSummary).toMatchObject({ failed: ["loginUser"],
      filled: ["getCurrentUser"] });
    expect(run.result.handlers.open).toContain("loginUser");
  }, 180_000);
});

describe("several holes", () => {
  it("are asked of the model at the same time", async () => {
    const ws = await workspace();
    const slow = { content: "no code here", delayMs: 400 };
    const model = await startScriptedModel([slow, slow]);
    try {
      await buildSpec(ws.spec, { out: ws.out, fill: {
        client: createModelClient({ apiKey: "test-key", baseURL: model.url, model: "scripted" }),
        maxAttempts: 1,
        concurrency: 2,
      } });
      const [first, second] = model.requests.map((r) => r.receivedAt);
      expect(model.requests).toHaveLength(2);
      // The second hole's request arrived while the first reply was still being written.
      expect(Math.abs(second! - first!)).toBeLessThan(300);
    } finally {
      await model.close();
    }
  }, 60_000);
});

import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import {
  createLimiter,
  createModelClient,
  ModelError,
  modelSettings,
  type ModelClientOptions,
} from "../../compiler/fill/model-client.js";
import type { ChatMessage } from "../../compiler/fill/prompt.js";
import {
  startScriptedModel,
  type ScriptedModel,
  type ScriptedReply,
} from "../support/scripted-model.js";

const MESSAGES: ChatMessage[] = [
  { role: "system", content: "Answer with a body." },
  { role: "user", content: "Write the body of loginUser." },
];
const BODY = "```ts\nreturn { status: 200 };\n```";

let server: ScriptedModel | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(script: ScriptedReply[], options: Partial<ModelClientOptions> = {}) {
  server = await startScriptedModel(script);
  return createModelClient({ apiKey: "test-key", baseURL: server.url, model: "scripted-model",
    ...options });
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe("the model client", () => {
  it("sends the messages and returns the reply with its token counts", async () => {
    const client = await clientFor([{ content: BODY, promptTokens: 321, completionTokens: 12 }]);

    await expect(client.complete(MESSAGES)).resolves.toEqual({
      text: BODY,
      promptTokens: 321,
      completionTokens: 12,
    });
    expect(server!.requests).toHaveLength(1);
    expect(server!.requests[0]!.body).toMatchObject({ model: "scripted-model",
      messages: MESSAGES });
  });

  it("retries a 429 after the Retry-After seconds", async () => {
    const client = await clientFor([
      { status: 429, headers: { "retry-after": "1" } },
      { content: BODY },
    ]);

    const started = Date.now();
    await expect(client.complete(MESSAGES)).resolves.toMatchObject({ text: BODY });
    expect(server!.requests).toHaveLength(2);
    expect(server!.requests[1]!.receivedAt - server!.requests[0]!.receivedAt)
      .toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("retries after retry-after-ms", async () => {
    const client = await clientFor([
      { status: 429, headers: { "retry-after-ms": "300" } },
      { status: 503, headers: { "retry-after": "0" } },
      { content: BODY },
    ]);

    await expect(client.complete(MESSAGES)).resolves.toMatchObject({ text: BODY });
    expect(server!.requests).toHaveLength(3);
    expect(server!.requests[1]!.receivedAt - server!.requests[0]!.receivedAt)
      .toBeGreaterThanOrEqual(280);
  });

  it("gives up on a 500 after maxRetries retries, with a ModelError naming it", async () => {
    const fail: ScriptedReply = { status: 500, headers: { "retry-after": "0" } };
    const client = await clientFor([fail, fail, fail], { maxRetries: 2 });

    const error = await failure(client.complete(MESSAGES));
    expect(error).toMatchObject({ kind: "status", status: 500 });
    expect(error.message).toMatch(/^the model answered 500 after 3 attempts/);
    expect(server!.requests).toHaveLength(3);
  });

  it("does not retry a 400", async () => {
    const client = await clientFor([]);

    const error = await failure(client.complete(MESSAGES));
    expect(error).toMatchObject({ kind: "status", status: 400 });
    expect(error.message).not.toContain("attempts");
    expect(server!.requests).toHaveLength(1);
  });

  it.each([
    ["malformed JSON", "{ this is not json", /not valid JSON/],
    ["no choices", '{"id":"x","object":"chat.completion","choices":[]}', /no choices/],
    ["no choices at all", '{"id":"x","object":"chat.completion"}', /no choices/],
    ["empty content", JSON.stringify({ id: "x", object: "chat.completion", choices: [
      { index: 0, message: { role: "assistant", content: "" }, finish_reason: "stop" }] }),
    /no content/],
    ["null content", JSON.stringify({ id: "x", object: "chat.completion", choices: [
      { index: 0, message: { role: "assistant", content: null }, finish_reason: "stop" }] }),
    /no content/],
    ["a cut-off reply", JSON.stringify({ id: "x", object: "chat.completion", choices: [
      { index: 0, message: { role: "assistant", content: "```ts\nre" },
        finish_reason: "length" }] }), /cut off/],
  ])("refuses a reply with %s", async (_label, raw, message) => {
    const client = await clientFor([{ raw }]);

    const error = await failure(client.complete(MESSAGES));
    expect(error.kind).toBe("malformed");
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(message);
  });

  it("times out on a server that never answers", async () => {
    const client = await clientFor([{ hang: true }], { timeoutMs: 200, maxRetries: 0 });

    const started = Date.now();
    const error = await failure(client.complete(MESSAGES));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("within 200 ms");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("retries after a timeout", async () => {
    const client = await clientFor([{ hang: true }, { content: BODY }],
      { timeoutMs: 200, maxRetries: 1 });

    await expect(client.complete(MESSAGES)).resolves.toMatchObject({ text: BODY });
    expect(server!.requests).toHaveLength(2);
  });

  it("keeps at most `concurrency` calls in flight", async () => {
    const slow: ScriptedReply = { content: BODY, delayMs: 150 };
    const client = await clientFor([slow, slow, slow], { concurrency: 1 });

    await Promise.all([1, 2, 3].map(() => client.complete(MESSAGES)));
    const times = server!.requests.map((r) => r.receivedAt);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(140);
  });

  it("runs calls side by side up to the limit", async () => {
    const slow: ScriptedReply = { content: BODY, delayMs: 300 };
    const client = await clientFor([slow, slow], { concurrency: 2 });

    await Promise.all([1, 2].map(() => client.complete(MESSAGES)));
    const [first, second] = server!.requests.map((r) => r.receivedAt);
    expect(Math.abs(second! - first!)).toBeLessThan(250);
  });
});

describe("createLimiter", () => {
  it("releases its slot when a run fails", async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it("refuses a limit below one", () => {
    expect(() => createLimiter(0)).toThrow(/positive integer/);
  });
});

describe("modelSettings", () => {
  async function configFile(content: string): Promise<string> {
    const folder = await mkdtemp(path.join(os.tmpdir(), "spec2svc-config-"));
    const file = path.join(folder, "spec2svc.config.json");
    await writeFile(file, content);
    return file;
  }

  it("uses the defaults when nothing is set", () => {
    expect(modelSettings({}, {}, "/nonexistent/spec2svc.config.json")).toEqual({
      model: "gpt-4o-mini",
      maxAttempts: 3,
      concurrency: 4,
    });
  });

  it("takes the key and base URL from the environment", () => {
    const settings = modelSettings({ OPENAI_API_KEY: "sk-1", OPENAI_BASE_URL: "http://h/v1" });
    expect(settings).toMatchObject({ apiKey: "sk-1", baseURL: "http://h/v1" });
  });

  it("ranks the flag over the environment over the config file", async () => {
    const file = await configFile(JSON.stringify({ model: "from-config",
      baseURL: "http://config/v1", maxAttempts: 5, concurrency: 2 }));

    expect(modelSettings({}, {}, file)).toEqual({ model: "from-config",
      baseURL: "http://config/v1", maxAttempts: 5, concurrency: 2 });
    expect(modelSettings({ SPEC2SVC_MODEL: "from-env", OPENAI_BASE_URL: "http://env/v1" }, {},
      file)).toMatchObject({ model: "from-env", baseURL: "http://env/v1" });
    expect(modelSettings({ SPEC2SVC_MODEL: "from-env" }, { model: "from-flag", maxAttempts: 1 },
      file)).toMatchObject({ model: "from-flag", maxAttempts: 1, concurrency: 2 });
  });

  it("ignores empty environment variables", () => {
    expect(modelSettings({ OPENAI_API_KEY: " ", SPEC2SVC_MODEL: "" }))
      .toEqual({ model: "gpt-4o-mini", maxAttempts: 3, concurrency: 4 });
  });

  it.each([
    ["not JSON", "{ model: ", /not valid JSON/],
    ["not an object", "[]", /expected a JSON object/],
    ["a model that is not a string", '{ "model": 4 }', /"model" must be a non-empty string/],
    ["a count that is not a positive integer", '{ "concurrency": 0 }',
      /"concurrency" must be a positive integer/],
  ])("refuses a config file that is %s, naming it", async (_label, content, message) => {
    const file = await configFile(content);
    expect(() => modelSettings({}, {}, file)).toThrow(message);
    expect(() => modelSettings({}, {}, file)).toThrow(file);
  });
});

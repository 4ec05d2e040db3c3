/**
 * A stand-in for an OpenAI-compatible model: a real HTTP server on a loopback
 * port that answers `POST /v1/chat/completions` from a script, one reply per
 * request, so tests see exactly what the real client sends and receives.
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedReply =
  /** A completion whose first choice says this; `delayMs` holds the answer back. */
  | { content: string; delayMs?: number; promptTokens?: number; completionTokens?: number }
  /** An error status, with headers such as `retry-after` or `retry-after-ms`. */
  | { status: 429 | 500 | 502 | 503; headers?: Record<string, string> }
  /** A 200 whose body is this text as it is: malformed JSON, a reply without choices. */
  | { raw: string }
  /** Never answers; the request stays open until the server closes. */
  | { hang: true };

export interface ScriptedRequest {
  body: any;
  receivedAt: number;
}

export interface ScriptedModel {
  /** The baseURL to give the openai client. */
  url: string;
  requests: ScriptedRequest[];
  close(): Promise<void>;
}

export async function startScriptedModel(script: ScriptedReply[]): Promise<ScriptedModel> {
  const remaining = [...script];
  const requests: ScriptedRequest[] = [];

  const server = createServer((req, res) => {
    void handle(req, res, remaining, requests);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => {
      // Hanging requests hold their sockets open; close would wait for them forever.
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  remaining: ScriptedReply[],
  requests: ScriptedRequest[],
): Promise<void> {
  const text = await readBody(req);
  if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
    sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    return;
  }

  requests.push({ body: parseJson(text), receivedAt: Date.now() });
  const reply = remaining.shift();
  if (!reply) {
    // 400 is not retried, so a test that asks more than its script says fails at once.
    sendJson(res, 400, { error: { message: "the scripted model has no reply left" } });
    return;
  }
  await answer(res, reply, requests.length);
}

async function answer(res: ServerResponse, reply: ScriptedReply, index: number): Promise<void> {
  if ("hang" in reply) return;
  if ("raw" in reply) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(reply.raw);
    return;
  }
  if ("status" in reply) {
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(JSON.stringify({ error: { message: `scripted ${reply.status}`, type: "scripted" } }));
    return;
  }

  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  sendJson(res, 200, completion(reply, index));
}

function completion(reply: { content: string; promptTokens?: number;
  completionTokens?: number }, index: number) {
  const promptTokens = reply.promptTokens ?? 100;
  const completionTokens = reply.completionTokens ?? 50;
  return {
    id: `chatcmpl-scripted-${index}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "scripted",
    choices: [{
      index: 0,
      message: { role: "assistant", content: reply.content, refusal: null },
      finish_reason: "stop",
      logprobs: null,
    }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

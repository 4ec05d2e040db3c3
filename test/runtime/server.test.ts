import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { Agent, get, type IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../runtime/create-app.js";
import type { HandlerContext } from "../../runtime/route.js";
import { portFrom, startServer, type RunningServer } from "../../runtime/server.js";
import { captureLogger, route } from "./support.js";

interface Reply {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

function fetchText(url: string, agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    get(url, { agent: agent ?? false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    }).on("error", reject);
  });
}

/** A server whose /slow operation waits until released (or aborted). */
async function slowServer(shutdownTimeoutMs = 5000) {
  const entered: Array<() => void> = [];
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const contexts: HandlerContext[] = [];

  const definition = route({
    path: "/slow",
    handler: async (_input, context) => {
      contexts.push(context);
      entered.shift()?.();
      await Promise.race([
        released,
        new Promise((resolve) => context.signal.addEventListener("abort", resolve)),
      ]);
      return { status: 200, body: { done: true } };
    },
  });
  const { logger, lines } = captureLogger();
  const app = createApp({ name: "s", version: "1", routes: [definition] }, { logger });
  const options = { port: 0, host: "127.0.0.1", logger, shutdownTimeoutMs };
  const running = await startServer(app, options);
  const handlerEntered = () => new Promise<void>((resolve) => entered.push(resolve));

  return { running, release, handlerEntered, contexts, lines };
}

let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

function track(running: RunningServer) {
  cleanup.push(() => running.close());
  return running;
}

describe("startServer", () => {
  it("reports the URL it listens on", async () => {
    const { running } = await slowServer();
    track(running);

    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetchText(`${running.url}/healthz`)).status).toBe(200);
  });

  it("lets an in-flight request finish before close resolves", async () => {
    const { running, release, handlerEntered } = await slowServer();
    const agent = new Agent({ keepAlive: true });
    cleanup.push(() => agent.destroy());
    const entered = handlerEntered();
    const reply = fetchText(`${running.url}/slow`, agent);
    await entered;

    let closed = false;
    const closing = running.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);

    release();
    const response = await reply;
    await closing;

    expect(response.status).toBe(200);
    expect(response.body).toBe('{"done":true}');
    expect(response.headers["connection"]).toBe("close");
    await expect(fetchText(`${running.url}/healthz`)).rejects.toThrow("ECONNREFUSED");
  });

  it("closes idle keep-alive connections without waiting for their timeout", async () => {
    const { running } = await slowServer();
    const agent = new Agent({ keepAlive: true });
    cleanup.push(() => agent.destroy());

    const response = await fetchText(`${running.url}/healthz`, agent);
    expect(response.headers["connection"]).toBe("keep-alive");

    const started = Date.now();
    await running.close();

    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("cuts requests still running after the shutdown timeout", async () => {
    const { running, handlerEntered, contexts, lines } = await slowServer(200);
    const entered = handlerEntered();
    const reply = fetchText(`${running.url}/slow`);
    await entered;

    const started = Date.now();
    await running.close();

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await expect(reply).rejects.toThrow("socket hang up");
    await vi.waitFor(() => expect(contexts[0]?.signal.aborted).toBe(true));
    expect(lines.some((line) => line["timeoutMs"] === 200)).toBe(true);
  });
});

describe("portFrom", () => {
  it.each([
    [undefined, 3000],
    ["", 3000],
    ["0", 0],
    ["8080", 8080],
  ])("reads PORT %j as %i", (text, port) => {
    expect(portFrom(text)).toBe(port);
  });

  it.each(["http", "-1", "65536", "80.5"])("refuses PORT %j", (text) => {
    expect(() => portFrom(text)).toThrow(`PORT must be an integer from 0 to 65535, not "${text}"`);
  });
});

const FIXTURE = fileURLToPath(new URL("../fixtures/runtime/slow-service.ts", import.meta.url));

/** Collects the child's JSON log lines and waits for one matching a predicate. */
function logLines(child: ChildProcessWithoutNullStreams) {
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let partial = "";

  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const part of parts) if (part.trim() !== "") lines.push(JSON.parse(part));
    for (const wake of waiters.splice(0)) wake();
  });

  const waitFor = async (match: (line: Record<string, unknown>) => boolean) => {
    for (;;) {
      const found = lines.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { lines, waitFor };
}

describe("runService", () => {
  it("finishes the in-flight request on SIGTERM and exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", SLOW_MS: "700" },
    });
    cleanup.push(() => void child.kill("SIGKILL"));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const { lines, waitFor } = logLines(child);

    const listening = await waitFor((line) => typeof line["url"] === "string");
    const reply = fetchText(`${listening["url"]}/slow`);
    await waitFor((line) => line["msg"] === "slow request started");

    child.kill("SIGTERM");
    const response = await reply;

    expect(response.status).toBe(200);
    expect(response.body).toBe('{"done":true}');
    expect(await exited).toBe(0);
    expect(lines.map((line) => line["msg"])).toEqual([
      `listening on ${listening["url"]}`,
      "slow request started",
      "shutting down",
      "request",
      "stopped",
    ]);
  });
});

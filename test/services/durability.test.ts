import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";

import { afterAll, describe, expect, it } from "vitest";

import { scratchDir } from "../support/build-fixture.js";
import { call, DIALECTS, generatedDir } from "../support/generated-service.js";
import { createTestDatabase } from "../support/postgres.js";

const SECRET = "durability-secret-0123456789abcdef";
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** Starts `npm start`'s command for the generated service and waits for its URL. */
async function startProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: generatedDir("auth"),
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", JWT_SECRET: SECRET, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });

  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const entry = JSON.parse(line) as { url?: string; msg?: string };
      if (entry.url && entry.msg?.startsWith("listening")) resolve(entry.url);
    });
    child.once("exit", (code) => reject(new Error(`service exited with ${code}`)));
  });
  return { url, child };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function environment(dialect: string): Promise<Record<string, string>> {
  if (dialect === "postgres") {
    const database = await createTestDatabase("durability");
    cleanups.push(database.drop);
    return { DATABASE_URL: database.url };
  }
  const dir = scratchDir("durability");
  await mkdir(dir, { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return { DATA_DIR: path.join(dir, "data") };
}

describe.each(DIALECTS)("registrations on %s", (dialect) => {
  it("survive SIGKILL: every acknowledged one is there after a restart", async () => {
    const env = await environment(dialect);
    const first = await startProcess(env);
    const acknowledged: string[] = [];
    const register = async (i: number) => {
      const username = `durable${i}`;
      const res = await call(first.url, "POST", "/users", {
        body: { username, email: `${username}@example.com`, password: "correct horse battery" },
      }).catch(() => undefined);
      if (res?.status === 201) acknowledged.push(username);
    };

    for (let i = 0; i < 30; i += 1) await register(i);
    const inFlight = Array.from({ length: 30 }, (_, i) => register(30 + i));
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.child.kill("SIGKILL");
    await Promise.all(inFlight);
    await exited(first.child);

    const second = await startProcess(env);
    try {
      expect(acknowledged.length).toBeGreaterThanOrEqual(30);
      for (const username of acknowledged) {
        const res = await call(second.url, "POST", "/sessions", {
          body: { username, password: "correct horse battery" },
        });
        expect(res.status, username).toBe(200);
      }
    } finally {
      second.child.kill("SIGTERM");
      await exited(second.child);
    }
  });
});

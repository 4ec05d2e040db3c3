import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../runtime/create-app.js";
import type { Dialect } from "../../runtime/database.js";
import { prepareService } from "../../runtime/server.js";
import { notesService } from "../fixtures/runtime/notes.js";
import { tempFolder, testDatabase, type TestDatabase } from "./database-support.js";

const SERVICE = fileURLToPath(new URL("../fixtures/runtime/notes-service.ts", import.meta.url));
const DIALECTS: Dialect[] = ["sqlite", "postgres"];

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function place(dialect: Dialect): Promise<TestDatabase> {
  const database = await testDatabase(dialect);
  cleanup.push(() => database.dispose());
  return database;
}

describe.each(DIALECTS)("prepareService on %s", (dialect) => {
  it("migrates the database and hands the repositories to handlers", async () => {
    const database = await (await place(dialect)).open();

    const { repositories } = await prepareService(notesService, { database });
    const app = createApp(notesService, { repositories });

    const created = await request(app).post("/notes").send({ body: "hello", pinned: true });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 1, body: "hello", pinned: true });

    const listed = await request(app).get("/notes");
    expect(listed.body).toEqual([{ id: 1, body: "hello", pinned: true }]);
  });

  it("migrates only once across restarts", async () => {
    const where = await place(dialect);

    await prepareService(notesService, { database: await where.open() });
    const again = await where.open();
    const { repositories } = await prepareService(notesService, { database: again });

    expect(repositories).toBeDefined();
    const sql = "SELECT id FROM spec2svc_migrations";
    const rows = await again.query({ sqlite: sql, postgres: sql }, []);
    expect(rows).toEqual([{ id: "001-create-notes" }]);
  });
});

/** Starts the notes service as a process and waits until it listens. */
async function startNotes(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", SERVICE], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
  });
  cleanup.push(() => void child.kill("SIGKILL"));

  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const messages: string[] = [];
  const url = await listeningUrl(child, messages);
  return { child, url, exited, messages };
}

function listeningUrl(child: ChildProcessWithoutNullStreams, messages: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines.filter((text) => text.trim() !== "")) {
        const entry = JSON.parse(line) as { msg: string; url?: string };
        messages.push(entry.msg);
        if (entry.url) resolve(entry.url);
      }
    });
    child.on("exit", (code) => reject(new Error(`the service exited with ${code}`)));
  });
}

async function environmentFor(dialect: Dialect): Promise<Record<string, string>> {
  if (dialect === "postgres") return { DATABASE_URL: (await place("postgres")).location };

  const folder = tempFolder("service");
  cleanup.push(() => rmSync(folder, { recursive: true, force: true }));
  return { DATA_DIR: folder, DATABASE_URL: "" };
}

describe.each(DIALECTS)("runService with a %s database", (dialect) => {
  it("migrates before listening, keeps data across restarts and closes on stop", async () => {
    const env = await environmentFor(dialect);

    const first = await startNotes(env);
    const created = await fetch(`${first.url}/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ body: "kept", pinned: false }),
    });
    expect(created.status).toBe(201);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.messages).toContain("applied migration");

    if (env["DATA_DIR"]) {
      expect(existsSync(path.join(env["DATA_DIR"], "notes.db"))).toBe(true);
      // The WAL file goes away only when the last connection closes cleanly.
      expect(existsSync(path.join(env["DATA_DIR"], "notes.db-wal"))).toBe(false);
    }

    const second = await startNotes(env);
    const listed = await fetch(`${second.url}/notes`);
    expect(await listed.json()).toEqual([{ id: 1, body: "kept", pinned: false }]);
    expect(second.messages).not.toContain("applied migration");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});

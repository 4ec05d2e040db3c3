import { spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../runtime/sqlite-database.js";
import { tempFolder } from "./database-support.js";

const WRITER = fileURLToPath(new URL("../fixtures/runtime/sqlite-writer.ts", import.meta.url));
const KILL_AFTER = 300;

let folder: string | undefined;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("a SQLite write", () => {
  it("survives SIGKILL once its statement has returned", async () => {
    folder = tempFolder("durability");
    const file = path.join(folder, "writes.db");
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, file], {
      stdio: ["ignore", "pipe", "inherit"],
    });

    const acknowledged: number[] = [];
    const exited = once(child, "exit");
    for await (const line of createInterface({ input: child.stdout })) {
      acknowledged.push(Number(line));
      if (acknowledged.length === KILL_AFTER) child.kill("SIGKILL");
    }
    const [, signal] = await exited;

    expect(signal).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);

    const db = openSqliteDatabase({ file });
    const statement = { sqlite: "SELECT id FROM writes", postgres: "SELECT id FROM writes" };
    const stored = new Set((await db.query(statement, [])).map((row) => Number(row["id"])));
    await db.close();

    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});

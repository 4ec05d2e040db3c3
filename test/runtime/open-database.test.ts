import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../runtime/database.js";
import { databaseFromEnvironment, openDatabase } from "../../runtime/open-database.js";
import { POSTGRES_URL, tempFolder } from "./database-support.js";

let opened: Database[] = [];
let folders: string[] = [];
afterEach(async () => {
  for (const database of opened) await database.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  opened = [];
  folders = [];
});

function folder(): string {
  const created = tempFolder("open");
  folders.push(created);
  return created;
}

async function keep(database: Promise<Database>): Promise<Database> {
  opened.push(await database);
  return opened.at(-1)!;
}

describe("openDatabase", () => {
  it("opens PostgreSQL for a postgres:// or postgresql:// URL", async () => {
    const alternate = POSTGRES_URL.replace(/^postgres:/, "postgresql:");

    expect((await keep(openDatabase({ url: POSTGRES_URL }))).dialect).toBe("postgres");
    expect((await keep(openDatabase({ url: alternate }))).dialect).toBe("postgres");
  });

  it("opens a SQLite file by path or by sqlite: and file: URLs", async () => {
    const where = folder();

    const byFile = await keep(openDatabase({ file: path.join(where, "a.db") }));
    await keep(openDatabase({ url: `sqlite:${path.join(where, "b.db")}` }));
    await keep(openDatabase({ url: `file://${path.join(where, "c.db")}` }));

    expect(byFile.dialect).toBe("sqlite");
    for (const name of ["a.db", "b.db", "c.db"]) {
      expect(existsSync(path.join(where, name))).toBe(true);
    }
  });

  it("refuses a URL of another kind, and no URL nor file", async () => {
    await expect(openDatabase({ url: "mysql://localhost/x" })).rejects.toThrow("DATABASE_URL");
    await expect(openDatabase({})).rejects.toThrow("a url or a file");
  });

  it("fails at once when PostgreSQL cannot be reached", async () => {
    const unreachable = "postgres://postgres@127.0.0.1:1/test";

    await expect(openDatabase({ url: unreachable })).rejects.toThrow();
  });
});

describe("databaseFromEnvironment", () => {
  it("uses SQLite at DATA_DIR/<service>.db, creating the folder", async () => {
    const dataDir = path.join(folder(), "nested", "data");

    const database = await keep(
      databaseFromEnvironment("pet store", { environment: { DATA_DIR: dataDir } }),
    );

    expect(database.dialect).toBe("sqlite");
    expect(existsSync(path.join(dataDir, "pet-store.db"))).toBe(true);
  });

  it("prefers DATABASE_URL when it is set", async () => {
    const environment = { DATABASE_URL: POSTGRES_URL, DATA_DIR: folder() };

    const database = await keep(databaseFromEnvironment("svc", { environment }));

    expect(database.dialect).toBe("postgres");
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database, Dialect } from "../../runtime/database.js";
import { migrate } from "../../runtime/migrate.js";
import type { Migration, Statement } from "../../runtime/route.js";
import { testDatabase, type TestDatabase } from "./database-support.js";

function both(sql: string): Statement {
  return { sqlite: sql, postgres: sql };
}

const MIGRATIONS: Migration[] = [
  {
    id: "001-create-users",
    statements: [
      both("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL)"),
      both("CREATE UNIQUE INDEX users_username_key ON users (username)"),
    ],
  },
  {
    id: "002-add-email",
    statements: [both("ALTER TABLE users ADD COLUMN email TEXT")],
  },
  {
    id: "003-create-notes",
    statements: [
      both("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"),
      both("INSERT INTO notes (id, body) VALUES (1, 'seeded')"),
    ],
  },
];
const IDS = MIGRATIONS.map((migration) => migration.id);

async function recorded(db: Database, service = "svc"): Promise<string[]> {
  const rows = await db.query(
    {
      sqlite: "SELECT id FROM spec2svc_migrations WHERE service = ? ORDER BY id",
      postgres: "SELECT id FROM spec2svc_migrations WHERE service = $1 ORDER BY id",
    },
    [service],
  );
  return rows.map((row) => String(row["id"]));
}

/**
 * Holds each process after its first read outside a transaction (what has
 * been applied) until both have read, so both see the same pending list and
 * race to apply it.
 */
function meetingAfterFirstRead(databases: Database[]): Database[] {
  let arrived = 0;
  let everyone!: () => void;
  const allArrived = new Promise<void>((resolve) => (everyone = resolve));

  return databases.map((db) => {
    let waited = false;
    const query: Database["query"] = async (statement, params) => {
      const rows = await db.query(statement, params);
      if (!waited) {
        waited = true;
        if (++arrived === databases.length) everyone();
        await allArrived;
      }
      return rows;
    };
    return { ...bound(db), query };
  });
}

function bound(db: Database): Database {
  return {
    dialect: db.dialect,
    query: (statement, params) => db.query(statement, params),
    execute: (statement, params) => db.execute(statement, params),
    transaction: (work) => db.transaction(work),
    close: () => db.close(),
  };
}

const DIALECTS: Dialect[] = ["sqlite", "postgres"];

describe.each(DIALECTS)("migrate on %s", (dialect) => {
  let place: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    place = await testDatabase(dialect);
    db = await place.open();
  });
  afterEach(() => place.dispose());

  it("applies every migration in order and records it", async () => {
    expect(await migrate(db, "svc", MIGRATIONS)).toEqual(IDS);

    expect(await recorded(db)).toEqual(IDS);
    await db.execute(both("INSERT INTO users (id, username, email) VALUES (1, 'ada', 'a@x')"), []);
    expect(await db.query(both("SELECT body FROM notes"), [])).toEqual([{ body: "seeded" }]);
  });

  it("does nothing the second time", async () => {
    await migrate(db, "svc", MIGRATIONS);

    expect(await migrate(db, "svc", MIGRATIONS)).toEqual([]);
    expect(await db.query(both("SELECT COUNT(*) AS n FROM notes"), [])).toEqual([
      { n: dialect === "sqlite" ? 1 : "1" },
    ]);
  });

  it("applies only the migrations added since the last run", async () => {
    await migrate(db, "svc", MIGRATIONS.slice(0, 2));

    expect(await migrate(db, "svc", MIGRATIONS)).toEqual(["003-create-notes"]);
    expect(await recorded(db)).toEqual(IDS);
  });

  it("keeps each service's record apart", async () => {
    await migrate(db, "svc", MIGRATIONS.slice(0, 1));
    const other = [{ id: "001-create-users", statements: [both("CREATE TABLE pets (id INT)")] }];

    expect(await migrate(db, "other", other)).toEqual(["001-create-users"]);
    expect(await recorded(db, "other")).toEqual(["001-create-users"]);
    expect(await recorded(db, "svc")).toEqual(["001-create-users"]);
  });

  it("applies each migration exactly once when two processes migrate at once", async () => {
    const [one, two] = meetingAfterFirstRead([db, await place.open()]);

    const [first, other] = await Promise.all([
      migrate(one!, "svc", MIGRATIONS),
      migrate(two!, "svc", MIGRATIONS),
    ]);

    expect([...first, ...other].sort()).toEqual(IDS);
    expect(await recorded(db)).toEqual(IDS);
    expect(await db.query(both("SELECT body FROM notes"), [])).toEqual([{ body: "seeded" }]);
  });

  it("rolls back a failing migration, keeping those before it", async () => {
    const broken: Migration = {
      id: "002-broken",
      statements: [
        both("CREATE TABLE half_done (id INTEGER)"),
        both("INSERT INTO no_such_table VALUES (1)"),
      ],
    };

    const outcome = migrate(db, "svc", [MIGRATIONS[0]!, broken, MIGRATIONS[2]!]);

    await expect(outcome).rejects.toThrow(/migration 002-broken of svc failed/);
    expect(await recorded(db)).toEqual(["001-create-users"]);
    await expect(db.query(both("SELECT * FROM half_done"), [])).rejects.toThrow();
  });

  it("refuses a list that names a migration twice", async () => {
    const twice = [MIGRATIONS[0]!, MIGRATIONS[0]!];

    await expect(migrate(db, "svc", twice)).rejects.toThrow("listed twice");
  });
});

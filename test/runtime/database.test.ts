import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, type Database, type Dialect } from "../../runtime/database.js";
import type { Statement } from "../../runtime/route.js";
import { decodeRow, encodeParams, type ColumnType } from "../../runtime/row-codec.js";
import { testDatabase, type TestDatabase } from "./database-support.js";

/** One SQL text for both dialects: `?` placeholders become `$1`, `$2`, ... */
function both(sqlite: string, postgres?: string): Statement {
  let n = 0;
  return { sqlite, postgres: postgres ?? sqlite.replace(/\?/g, () => `$${++n}`) };
}

const CREATE_ITEMS = both(
  "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
  "CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL)",
);
const INSERT_ITEM = both("INSERT INTO items (name) VALUES (?)");
const INSERT_ITEM_RETURNING = both("INSERT INTO items (name) VALUES (?) RETURNING id, name");
const ITEMS = both("SELECT id, name FROM items ORDER BY id");
const COUNT_ITEMS = both("SELECT COUNT(*) AS n FROM items");

const USERS_SCHEMA = [
  both(
    "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL, email TEXT NOT NULL)",
    "CREATE TABLE users (id SERIAL PRIMARY KEY, username TEXT NOT NULL, email TEXT NOT NULL)",
  ),
  both("CREATE UNIQUE INDEX users_username_key ON users (username)"),
  both("CREATE UNIQUE INDEX users_email_key ON users (lower(email))"),
];
const INSERT_USER = both("INSERT INTO users (username, email) VALUES (?, ?) RETURNING id");

async function run(database: Database, statements: Statement[]): Promise<void> {
  for (const statement of statements) await database.execute(statement, []);
}

async function count(database: Database, statement = COUNT_ITEMS): Promise<number> {
  const [row] = await database.query(statement, []);
  return Number(row?.["n"]);
}

async function conflictOf(write: Promise<unknown>): Promise<string> {
  const error = await write.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return (error as ConflictError).constraint;
}

const DIALECTS: Dialect[] = ["sqlite", "postgres"];

describe.each(DIALECTS)("the %s database", (dialect) => {
  let place: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    place = await testDatabase(dialect);
    db = await place.open();
  });
  afterEach(() => place.dispose());

  it("inserts, queries and counts changed rows", async () => {
    await db.execute(CREATE_ITEMS, []);

    expect(await db.execute(INSERT_ITEM, ["apple"])).toBe(1);
    expect(await db.execute(INSERT_ITEM, ["pear"])).toBe(1);
    expect(await db.query(ITEMS, [])).toEqual([
      { id: 1, name: "apple" },
      { id: 2, name: "pear" },
    ]);

    expect(await db.execute(both("UPDATE items SET name = name || '!'"), [])).toBe(2);
    expect(await db.execute(both("DELETE FROM items WHERE id = ?"), [9])).toBe(0);
    expect(await db.query(both("SELECT name FROM items WHERE id = ?"), [2])).toEqual([
      { name: "pear!" },
    ]);
  });

  it("returns the rows a write's RETURNING clause names", async () => {
    await db.execute(CREATE_ITEMS, []);

    expect(await db.query(INSERT_ITEM_RETURNING, ["fig"])).toEqual([{ id: 1, name: "fig" }]);
    const renamed = both("UPDATE items SET name = ? RETURNING id, name");
    expect(await db.query(renamed, ["plum"])).toEqual([{ id: 1, name: "plum" }]);
    expect(await db.execute(both("DELETE FROM items RETURNING id"), [])).toBe(1);
  });

  it("binds booleans, nulls and undefined", async () => {
    await db.execute(both("CREATE TABLE flags (on_ BOOLEAN, note TEXT)"), []);

    await db.execute(both("INSERT INTO flags (on_, note) VALUES (?, ?)"), [true, undefined]);
    const rows = await db.query(both("SELECT on_, note FROM flags"), []);
    expect(rows).toEqual([{ on_: dialect === "sqlite" ? 1 : true, note: null }]);
  });

  it("names the unique index a duplicate breaks, for columns and expressions", async () => {
    await run(db, USERS_SCHEMA);
    await db.query(INSERT_USER, ["ada", "ada@example.com"]);

    expect(await conflictOf(db.query(INSERT_USER, ["ada", "other@example.com"]))).toBe(
      "users_username_key",
    );
    expect(await conflictOf(db.query(INSERT_USER, ["bob", "ADA@Example.com"]))).toBe(
      "users_email_key",
    );
    expect(await count(db, both("SELECT COUNT(*) AS n FROM users"))).toBe(1);
  });

  it("names composite indexes, inline UNIQUE constraints and primary keys alike", async () => {
    await run(db, [
      both("CREATE TABLE things (code TEXT PRIMARY KEY, a TEXT, b TEXT, tag TEXT UNIQUE)"),
      both("CREATE UNIQUE INDEX things_a_b_idx ON things (a, b)"),
    ]);
    const insert = both("INSERT INTO things (code, a, b, tag) VALUES (?, ?, ?, ?)");
    await db.execute(insert, ["c1", "x", "y", "t1"]);

    expect(await conflictOf(db.execute(insert, ["c2", "x", "y", "t2"]))).toBe("things_a_b_idx");
    expect(await conflictOf(db.execute(insert, ["c3", "x", "z", "t1"]))).toBe("things_tag_key");
    expect(await conflictOf(db.execute(insert, ["c1", "q", "r", "t9"]))).toBe("things_pkey");
  });

  it("names an integer primary key the way PostgreSQL does", async () => {
    await db.execute(CREATE_ITEMS, []);
    const insert = both("INSERT INTO items (id, name) VALUES (?, ?)");
    await db.execute(insert, [1, "a"]);

    expect(await conflictOf(db.execute(insert, [1, "b"]))).toBe("items_pkey");
  });

  it("leaves other constraint failures alone", async () => {
    await db.execute(CREATE_ITEMS, []);

    const error = await db.execute(INSERT_ITEM, [null]).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ConflictError);
  });

  it("commits a transaction whose work resolves", async () => {
    await db.execute(CREATE_ITEMS, []);

    const result = await db.transaction(async (tx) => {
      await tx.execute(INSERT_ITEM, ["a"]);
      await tx.execute(INSERT_ITEM, ["b"]);
      return count(tx);
    });

    expect(result).toBe(2);
    expect(await count(db)).toBe(2);
  });

  it("rolls back a transaction whose work rejects", async () => {
    await db.execute(CREATE_ITEMS, []);
    const failure = new Error("changed my mind");

    const outcome = db.transaction(async (tx) => {
      await tx.execute(INSERT_ITEM, ["a"]);
      throw failure;
    });

    await expect(outcome).rejects.toBe(failure);
    expect(await count(db)).toBe(0);
  });

  it("rolls back a transaction after a conflict inside it, and stays usable", async () => {
    await run(db, USERS_SCHEMA);

    const outcome = db.transaction(async (tx) => {
      await tx.query(INSERT_USER, ["ada", "a@example.com"]);
      await tx.query(INSERT_USER, ["ada", "b@example.com"]);
    });

    await expect(outcome).rejects.toBeInstanceOf(ConflictError);
    expect(await count(db, both("SELECT COUNT(*) AS n FROM users"))).toBe(0);
    expect(await db.query(INSERT_USER, ["ada", "a@example.com"])).toHaveLength(1);
  });

  it("runs a nested transaction as a savepoint", async () => {
    await db.execute(CREATE_ITEMS, []);

    await db.transaction(async (tx) => {
      await tx.execute(INSERT_ITEM, ["kept"]);
      const inner = tx.transaction(async (nested) => {
        await nested.execute(INSERT_ITEM, ["undone"]);
        throw new Error("undo the inner part");
      });
      await expect(inner).rejects.toThrow("undo the inner part");
      await tx.transaction((nested) => nested.execute(INSERT_ITEM, ["also kept"]));
    });

    const names = (await db.query(ITEMS, [])).map((row) => row["name"]);
    expect(names).toEqual(["kept", "also kept"]);
  });

  it("refuses statements on a transaction that has ended", async () => {
    await db.execute(CREATE_ITEMS, []);

    let leaked: Database | undefined;
    await db.transaction(async (tx) => void (leaked = tx));

    await expect(leaked!.query(ITEMS, [])).rejects.toThrow("already ended");
    await expect(leaked!.close()).rejects.toThrow("not one of its transactions");
  });

  it("loses no update among 50 concurrent read-modify-write transactions", async () => {
    await run(db, [
      both("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)"),
      both("INSERT INTO counter (id, value) VALUES (1, 0)"),
    ]);
    const read = both(
      "SELECT value FROM counter WHERE id = 1",
      "SELECT value FROM counter WHERE id = 1 FOR UPDATE",
    );
    const write = both("UPDATE counter SET value = ? WHERE id = 1");

    const increments = Array.from({ length: 50 }, () =>
      db.transaction(async (tx) => {
        const [row] = await tx.query(read, []);
        // Yield between read and write, where interleaving would lose an update.
        await new Promise((resolve) => setTimeout(resolve, 1));
        await tx.execute(write, [Number(row!["value"]) + 1]);
      }),
    );
    await Promise.all(increments);

    expect(await db.query(both("SELECT value FROM counter"), [])).toEqual([{ value: 50 }]);
  });

  it("round-trips every column type through the row codec", async () => {
    const columns: Record<string, ColumnType> = {
      name: "text",
      size: "integer",
      ratio: "real",
      active: "boolean",
      data: "json",
    };
    const types = Object.values(columns);
    await db.execute(
      both(
        "CREATE TABLE typed (name TEXT, size INTEGER, ratio REAL, active INTEGER, data TEXT)",
        "CREATE TABLE typed (name TEXT, size BIGINT, ratio DOUBLE PRECISION, " +
          "active BOOLEAN, data JSONB)",
      ),
      [],
    );
    const insert = both("INSERT INTO typed VALUES (?, ?, ?, ?, ?) RETURNING *");
    const values = [
      { name: "a", size: 2 ** 40, ratio: 0.25, active: true, data: { tags: ["x"], n: 1 } },
      { name: "b", size: -3, ratio: -1.5, active: false, data: ["a", 1, null] },
      { name: "c", size: 0, ratio: 0, active: false, data: "just text" },
      { name: null, size: null, ratio: null, active: null, data: null },
    ];

    for (const value of values) {
      const params = encodeParams(Object.values(value), types, dialect);
      const [returned] = await db.query(insert, params);
      expect(decodeRow(returned!, columns, dialect)).toEqual(value);
    }

    const rows = await db.query(both("SELECT * FROM typed"), []);
    expect(rows.map((row) => decodeRow(row, columns, dialect))).toEqual(values);
  });
});

describe("the sqlite database alone", () => {
  let place: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    place = await testDatabase("sqlite");
    db = await place.open();
    await db.execute(CREATE_ITEMS, []);
  });
  afterEach(() => place.dispose());

  it("holds statements from elsewhere until an open transaction ends", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));

    const transaction = db.transaction(async (tx) => {
      await tx.execute(INSERT_ITEM, ["pending"]);
      entered();
      await gate;
    });
    await inside;

    let seen: number | undefined;
    const outside = count(db).then((n) => (seen = n));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toBeUndefined();

    release();
    await transaction;
    await outside;
    expect(seen).toBe(1);
  });

  it("refuses the database's own handle inside its transaction rather than deadlock", async () => {
    const outcome = db.transaction(async () => {
      await db.query(ITEMS, []);
    });

    await expect(outcome).rejects.toThrow("use the transaction's handle");
    expect(await count(db)).toBe(0);
  });

  it("waits for another connection's write lock instead of failing busy", async () => {
    const other = await place.open();

    const slow = db.transaction(async (tx) => {
      await tx.execute(INSERT_ITEM, ["first"]);
      await new Promise((resolve) => setTimeout(resolve, 150));
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await other.execute(INSERT_ITEM, ["second"]);
    await slow;

    const names = (await db.query(ITEMS, [])).map((row) => row["name"]);
    expect(names).toEqual(["first", "second"]);
  });

  it("refuses objects as parameters rather than binding them by name", async () => {
    await expect(db.execute(INSERT_ITEM, [{ name: "x" }])).rejects.toThrow(TypeError);
  });
});

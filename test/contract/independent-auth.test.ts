import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { isDeepStrictEqual } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  FAULTS,
  parseFaults,
  startIndependentAuth,
  type Fault,
  type RunningAuth,
} from "../fixtures/independent-auth/server.js";

const SERVER_FILE = "test/fixtures/independent-auth/server.ts";
const JSON_TYPE = /^application\/json; charset=utf-8$/;
const PROBLEM_TYPE = /^application\/problem\+json; charset=utf-8$/;
// Well-formed label by label, 311 characters in all.
const LONG_EMAIL = `${"a".repeat(64)}@${`${"b".repeat(60)}.`.repeat(4)}io`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, typed loosely because the tests check its shape themselves. */
  body: any;
  text: string;
}

interface SendOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

interface NewUser {
  username: string;
  email: string;
  password: string;
}

let serial = 0;

function newUser(overrides: Partial<NewUser> = {}): NewUser {
  serial += 1;
  const username = `user_${serial}`;
  const email = `${username}@example.com`;
  return { username, email, password: `secret ${serial}!`, ...overrides };
}

function api(base: string) {
  const send = async (method: string, path: string, options: SendOptions = {}) => {
    const headers = { ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }

    const res = await fetch(new URL(path, base), { method, headers, body });
    const text = await res.text();
    const parsed: unknown = /json/.test(res.headers.get("content-type") ?? "")
      ? JSON.parse(text)
      : undefined;
    return { status: res.status, headers: res.headers, body: parsed, text } as Answer;
  };

  const client = {
    send,
    register: (body: unknown) => send("POST", "/users", { body }),
    login: (body: unknown) => send("POST", "/sessions", { body }),
    me: (headers: Record<string, string> = {}) => send("GET", "/users/me", { headers }),

    async signIn(user: NewUser): Promise<string> {
      const res = await client.login({ username: user.username, password: user.password });
      return String(res.body?.accessToken);
    },
  };
  return client;
}

type Api = ReturnType<typeof api>;

function pointers(res: Answer): string[] {
  const errors: Array<{ pointer: string }> = res.body?.errors ?? [];
  return errors.map((error) => error.pointer).sort();
}

function forge(token: string, claims: object): string {
  const [header, , signature] = token.split(".");
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

function unsigned(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

describe("the independent auth service, without faults", () => {
  let running: RunningAuth;
  let client: Api;

  beforeAll(async () => {
    running = await startIndependentAuth({ port: 0 });
    client = api(running.url);
  });

  afterAll(async () => {
    await running.close();
  });

  describe("register", () => {
    it("creates the user: 201, JSON, a Location and no password", async () => {
      const user = newUser();

      const res = await client.register(user);

      expect(res.status).toBe(201);
      expect(res.headers.get("content-type")).toMatch(JSON_TYPE);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        username: user.username,
        email: user.email,
        createdAt: expect.any(String),
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      expect(res.headers.get("location")).toBe(`/users/${res.body.id}`);
      expect(res.text).not.toContain(user.password);
    });

    it("answers 400 listing each missing field", async () => {
      const res = await client.register({});

      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
      expect(res.body).toMatchObject({ type: "about:blank", title: "Bad Request", status: 400 });
      expect(pointers(res)).toEqual(["/email", "/password", "/username"]);
      for (const error of res.body.errors) {
        expect(error).toMatchObject({ in: "body", message: expect.any(String) });
      }
    });

    it.each([
      ["a short username", { username: "ab" }, "/username"],
      ["a long username", { username: "a".repeat(33) }, "/username"],
      ["a username with a space", { username: "ada lovelace" }, "/username"],
      ["a username that is a number", { username: 42 }, "/username"],
      ["an email without a domain", { email: "not-an-email" }, "/email"],
      ["a well-formed email over 254 characters", { email: LONG_EMAIL }, "/email"],
      ["a password of 7 characters", { password: "1234567" }, "/password"],
      ["a password of 129 characters", { password: "p".repeat(129) }, "/password"],
      ["a password of 4 emoji (8 UTF-16 units)", { password: "😀😀😀😀" }, "/password"],
      ["an unknown property", { role: "admin" }, "/role"],
      ["a client-chosen id", { id: "3f1c8e9a-2b7d-4c55-9a0e-6d1f2b3c4d5e" }, "/id"],
      ["a client-chosen createdAt", { createdAt: "2026-01-01T12:00:00Z" }, "/createdAt"],
    ])("answers 400 for %s", async (_name, change, pointer) => {
      const res = await client.register({ ...newUser(), ...change });

      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
      expect(pointers(res)).toEqual([pointer]);
    });

    it.each([
      ["the shortest username and password", { username: "abc", password: "12345678" }],
      ["the longest username", { username: "a_.-".repeat(8) }],
      ["the longest password", { password: "p".repeat(128) }],
      ["a password of 8 emoji", { password: "😀".repeat(8) }],
      ["an email with a plus and subdomains", { email: "ada+test@mail.example.co.uk" }],
    ])("accepts %s", async (_name, change) => {
      const res = await client.register({ ...newUser(), ...change });

      expect(res.status).toBe(201);
    });

    it.each([
      ["malformed JSON", "{\"username\":"],
      ["a JSON array", "[]"],
      ["an empty body", ""],
    ])("answers 400 to %s", async (_name, text) => {
      const res = await client.send("POST", "/users", {
        body: text,
        headers: { "content-type": "application/json" },
      });

      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
      expect(pointers(res)).toEqual([""]);
    });

    it("answers 415 to a body that is not JSON", async () => {
      const res = await client.send("POST", "/users", {
        body: "username=ada",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });

      expect(res.status).toBe(415);
      expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
    });

    it("answers 409 for a taken username", async () => {
      const user = newUser();
      expect((await client.register(user)).status).toBe(201);

      const again = await client.register({ ...newUser(), username: user.username });

      expect(again.status).toBe(409);
      expect(again.headers.get("content-type")).toMatch(PROBLEM_TYPE);
      expect(again.body).toMatchObject({ title: "Conflict", status: 409 });
      expect(again.body.detail).toContain("username");
    });

    it("answers 409 for a taken email in another letter case", async () => {
      const user = newUser();
      expect((await client.register(user)).status).toBe(201);

      const again = await client.register({ ...newUser(), email: user.email.toUpperCase() });

      expect(again.status).toBe(409);
      expect(again.headers.get("content-type")).toMatch(PROBLEM_TYPE);
      expect(again.body.detail).toContain("email");
    });

    it("lets one of 20 concurrent registrations of a username through", async () => {
      const { username } = newUser();
      const attempts = Array.from({ length: 20 }, () => client.register(newUser({ username })));

      const statuses = (await Promise.all(attempts)).map((res) => res.status).sort();

      expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    });
  });

  describe("sign-in", () => {
    it("exchanges the password for a bearer token", async () => {
      const user = newUser();
      await client.register(user);

      const res = await client.login({ username: user.username, password: user.password });

      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(JSON_TYPE);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        tokenType: "Bearer",
        expiresIn: 3600,
      });
    });

    it("answers a wrong password and an unknown user alike", async () => {
      const user = newUser();
      await client.register(user);

      const wrong = await client.login({ username: user.username, password: "wrong password" });
      const unknown = await client.login({ username: "nobody_here", password: user.password });

      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
      }
      expect(unknown.body).toEqual(wrong.body);
    });

    it("answers 400 to credentials without a password", async () => {
      const res = await client.login({ username: "ada" });

      expect(res.status).toBe(400);
      expect(pointers(res)).toEqual(["/password"]);
    });
  });

  describe("the current user", () => {
    it("answers the token's user without the password", async () => {
      const user = newUser();
      const created = await client.register(user);
      const token = await client.signIn(user);

      const res = await client.me({ authorization: `Bearer ${token}` });

      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(JSON_TYPE);
      expect(res.body).toEqual(created.body);
      expect(res.text).not.toContain(user.password);
    });

    it("answers 401 with WWW-Authenticate without a token", async () => {
      const res = await client.me();

      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="auth"');
    });

    it.each([
      ["a token with a swapped payload", (token: string, other: string) =>
        `Bearer ${forge(token, { sub: other, exp: 4102444800 })}`],
      ["an unsigned token", (_token: string, other: string) =>
        `Bearer ${unsigned({ sub: other, exp: 4102444800 })}`],
      ["a token under another scheme", (token: string) => `Token ${token}`],
      ["a token that is not a JWT", () => "Bearer not-a-token"],
    ])("answers 401 to %s", async (_name, authorization) => {
      const [user, other] = [newUser(), newUser()];
      await client.register(user);
      const { body: victim } = await client.register(other);
      const token = await client.signIn(user);

      const res = await client.me({ authorization: authorization(token, victim.id) });

      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="auth"/);
    });
  });

  describe("routing", () => {
    it.each(["/", "/nope", "/users/", "/users/3f1c8e9a-2b7d-4c55-9a0e-6d1f2b3c4d5e"])(
      "answers 404 with a problem for %s",
      async (path) => {
        const res = await client.send("GET", path);

        expect(res.status).toBe(404);
        expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
        expect(res.body).toMatchObject({ title: "Not Found", status: 404 });
      },
    );

    it.each([
      ["GET", "/users", "POST"],
      ["DELETE", "/users", "POST"],
      ["GET", "/sessions", "POST"],
      ["POST", "/users/me", "GET"],
      ["PUT", "/users/me", "GET"],
    ])("answers %s %s with 405 and Allow: %s", async (method, path, allow) => {
      const res = await client.send(method, path);

      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect(res.headers.get("content-type")).toMatch(PROBLEM_TYPE);
    });
  });
});

const ALL_FIELDS = ["/email", "/password", "/username"];

type Probe = (client: Api) => Promise<boolean>;

/** One behaviour of the spec each; a fault must break exactly the probes it names. */
const PROBES: ReadonlyArray<[string, Probe]> = [
  ["register answers 201 with a Location", async (client) => {
    const res = await client.register(newUser());
    return res.status === 201 && res.headers.get("location") === `/users/${res.body.id}`;
  }],
  ["register hides the password", async (client) => {
    const user = newUser();
    const res = await client.register(user);
    return res.status < 300 && !("password" in res.body) && !res.text.includes(user.password);
  }],
  ["register requires every field", async (client) => {
    const res = await client.register({});
    return res.status === 400 && isDeepStrictEqual(pointers(res), ALL_FIELDS);
  }],
  ["register checks each value", async (client) => {
    const res = await client.register({ username: "a b", email: "nope", password: "short" });
    return res.status === 400 && isDeepStrictEqual(pointers(res), ALL_FIELDS);
  }],
  ["register refuses a taken username", async (client) => {
    const user = newUser();
    await client.register(user);
    return (await client.register(newUser({ username: user.username }))).status === 409;
  }],
  ["register refuses a taken email in any case", async (client) => {
    const user = newUser();
    await client.register(user);
    const email = user.email.toUpperCase();
    return (await client.register(newUser({ email }))).status === 409;
  }],
  ["sign-in answers a bearer token", async (client) => {
    const user = newUser();
    await client.register(user);
    const res = await client.login({ username: user.username, password: user.password });
    return res.status === 200 && res.body.tokenType === "Bearer" && res.body.expiresIn > 0;
  }],
  ["sign-in answers a wrong password like an unknown user", async (client) => {
    const user = newUser();
    await client.register(user);
    const wrong = await client.login({ username: user.username, password: "wrong password" });
    const unknown = await client.login({ username: "nobody_here", password: "whatever1" });
    return wrong.status === 401 && isDeepStrictEqual(wrong.body, unknown.body) &&
      wrong.headers.has("www-authenticate") && unknown.headers.has("www-authenticate");
  }],
  ["/users/me answers the token's user", async (client) => {
    const user = newUser();
    const { body: created } = await client.register(user);
    const res = await client.me({ authorization: `Bearer ${await client.signIn(user)}` });
    const { id, createdAt } = created;
    const expected = { id, username: user.username, email: user.email, createdAt };
    return res.status === 200 && isDeepStrictEqual(res.body, expected);
  }],
  ["/users/me refuses a request without a token", async (client) => {
    await client.register(newUser());
    const res = await client.me();
    return res.status === 401 && res.headers.has("www-authenticate");
  }],
  ["/users/me refuses a forged token", async (client) => {
    const { body: victim } = await client.register(newUser());
    const res = await client.me({ authorization: `Bearer ${unsigned({ sub: victim.id })}` });
    return res.status === 401 && res.headers.has("www-authenticate");
  }],
  ["unknown paths answer 404", async (client) => {
    return (await client.send("GET", "/nope")).status === 404;
  }],
  ["other methods answer 405 with Allow", async (client) => {
    const res = await client.send("DELETE", "/users");
    return res.status === 405 && res.headers.get("allow") === "POST";
  }],
];

const BROKEN_BY: Record<Fault, string[]> = {
  "leak-password": ["register hides the password"],
  "no-duplicate-check": [
    "register refuses a taken username",
    "register refuses a taken email in any case",
  ],
  "wrong-status": ["register answers 201 with a Location"],
  "skip-auth": [
    "/users/me refuses a request without a token",
    "/users/me refuses a forged token",
  ],
  "no-validation": ["register requires every field"],
};

async function brokenProbes(faults: Fault[]): Promise<string[]> {
  const running = await startIndependentAuth({ port: 0, faults });
  try {
    const client = api(running.url);
    const broken: string[] = [];
    for (const [name, probe] of PROBES) {
      // A probe that throws, say on a body of the wrong shape, found a break too.
      const passed = await probe(client).catch(() => false);
      if (!passed) broken.push(name);
    }
    return broken;
  } finally {
    await running.close();
  }
}

describe("planted faults", () => {
  it("leaves every probe passing when none is planted", async () => {
    expect(await brokenProbes([])).toEqual([]);
  });

  it.each(FAULTS)("%s breaks exactly the behaviour it names", async (fault) => {
    expect(await brokenProbes([fault])).toEqual(BROKEN_BY[fault]);
  });

  it("combines", async () => {
    const broken = await brokenProbes(["wrong-status", "leak-password"]);

    const expected = [...BROKEN_BY["wrong-status"], ...BROKEN_BY["leak-password"]];
    expect(broken.sort()).toEqual(expected.sort());
  });

  it("leak-password sends the submitted password in the 201 body", async () => {
    const running = await startIndependentAuth({ faults: ["leak-password"] });
    const user = newUser();

    const res = await api(running.url).register(user);
    await running.close();

    expect(res.status).toBe(201);
    expect(res.body.password).toBe(user.password);
  });

  it("refuses an unknown fault name", async () => {
    expect(() => parseFaults("wrong-status, nope")).toThrow(/unknown fault nope/);
    await expect(startIndependentAuth({ faults: ["nope" as Fault] })).rejects.toThrow(/nope/);
  });
});

describe("run directly", () => {
  function run(env: Record<string, string>) {
    return spawn(process.execPath, ["--import", "tsx", SERVER_FILE], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  it("prints its URL and plants the faults named in FAULTS", async () => {
    const child = run({ PORT: "0", FAULTS: "wrong-status" });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
      expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const res = await api(line).register(newUser());

      expect(res.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("stops with a message for an unknown fault", async () => {
    const child = run({ PORT: "0", FAULTS: "bogus" });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));

    const [code] = (await once(child, "exit")) as [number];

    expect(code).toBe(1);
    expect(stderr).toContain("unknown fault bogus");
  });
});

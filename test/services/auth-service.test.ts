import { randomBytes } from "node:crypto";

import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { call, DIALECTS, startGenerated, type RunningService } from "../support/generated-service.js";

const SECRET = "test-secret-for-the-auth-service-0123456789";
process.env.JWT_SECRET = SECRET;

function unique(prefix: string): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

function newUser(overrides: Record<string, string> = {}) {
  const name = unique("u");
  return { username: name, email: `${name}@example.com`, password: "correct horse battery", ...overrides };
}

async function sign(claims: Record<string, unknown>, secret = SECRET, expiresIn = "1h") {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

describe.each(DIALECTS)("the auth service on %s", (dialect) => {
  let service: RunningService;
  const seen: string[] = [];
  const api = async (method: string, target: string, options = {}) => {
    const res = await call(service.url, method, target, options);
    seen.push(res.text);
    return res;
  };
  const register = (body: unknown) => api("POST", "/users", { body });
  const login = (body: unknown) => api("POST", "/sessions", { body });
  const me = (headers: Record<string, string>) => api("GET", "/users/me", { headers });

  beforeAll(async () => {
    service = await startGenerated("auth", dialect);
  });

  afterAll(async () => {
    await service.stop();
  });

  describe("register", () => {
    it("creates the user: 201, its id, no password, a Location", async () => {
      const user = newUser();
      const res = await register(user);

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        username: user.username,
        email: user.email,
        createdAt: expect.any(String),
      });
      expect(res.headers.get("location")).toBe(`/users/${res.body!.id}`);
    });

    it("stores the password as a scrypt hash", async () => {
      const user = newUser();
      await register(user);

      const [row] = await service.sql("SELECT password FROM users WHERE username = ?",
        [user.username]);
      expect(row!.password).toMatch(/^scrypt\$/);
      expect(row!.password).not.toContain(user.password);
    });

    it("answers 400 listing each missing field", async () => {
      const res = await register({});
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
      const missing = res.body!.errors.map((e: { pointer: string }) => e.pointer).sort();
      expect(missing).toEqual(["/email", "/password", "/username"]);
    });

    it("answers 400 for an invalid email and a short password", async () => {
      const res = await register(newUser({ email: "not-an-email", password: "short" }));
      expect(res.status).toBe(400);
      const where = res.body!.errors.map((e: { pointer: string }) => e.pointer).sort();
      expect(where).toEqual(["/email", "/password"]);
    });

    it("refuses a client-chosen id", async () => {
      const res = await register({ ...newUser(), id: "11111111-1111-1111-1111-111111111111" });
      expect(res.status).toBe(400);
    });

    it("answers 409 for a taken username", async () => {
      const user = newUser();
      expect((await register(user)).status).toBe(201);
      const again = await register({ ...newUser(), username: user.username });
      expect(again.status).toBe(409);
      expect(again.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(again.body!.detail).toBe("The username is already taken.");
    });

    it("answers 409 for a taken email in another letter case", async () => {
      const user = newUser();
      expect((await register(user)).status).toBe(201);
      const again = await register({ ...newUser(), email: user.email.toUpperCase() });
      expect(again.status).toBe(409);
      expect(again.body!.detail).toBe("The email is already taken.");
    });

    it("gives exactly one 201 among 200 concurrent registrations of one username", async () => {
      const username = unique("race");
      const attempts = Array.from({ length: 200 }, (_, i) => ({
        username,
        email: `${username}-${i}@example.com`,
        password: "correct horse battery",
      }));

      const statuses = (await Promise.all(attempts.map(register))).map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    });

    it("stores SQL metacharacters literally", async () => {
      const email = `o'brien+x%_=1/${randomBytes(2).toString("hex")}@example.com`;
      const password = "'); DROP TABLE users; --";
      const user = newUser({ email, password });

      const res = await register(user);
      expect(res.status).toBe(201);
      expect(res.body!.email).toBe(email);
      expect((await login({ username: user.username, password })).status).toBe(200);
    });
  });

  describe("login and the current user", () => {
    it("exchanges the password for a token that opens /users/me", async () => {
      const user = newUser();
      const { body: created } = await register(user);

      const session = await login({ username: user.username, password: user.password });
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({ tokenType: "Bearer", expiresIn: 3600 });

      const res = await me({ authorization: `Bearer ${session.body!.accessToken}` });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created);
    });

    it("answers a wrong password and an unknown user alike", async () => {
      const user = newUser();
      await register(user);

      const wrong = await login({ username: user.username, password: "wrong password" });
      const unknown = await login({ username: unique("nobody"), password: "whatever" });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(unknown.body!.detail).toBe(wrong.body!.detail);
    });

    it("answers 401 with WWW-Authenticate without a token", async () => {
      const res = await me({});
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    });

    it.each([
      ["signed with another key", () => sign({ sub: "x" }, "another-secret-0123456789abcdef")],
      ["expired", () => sign({ sub: "x" }, SECRET, "-1m")],
      ["with alg none", async () => {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
        return `${part({ alg: "none", typ: "JWT" })}.${part({ sub: "x" })}.`;
      }],
    ])("answers 401 to a token %s", async (_name, make) => {
      const res = await me({ authorization: `Bearer ${await make()}` });
      expect(res.status).toBe(401);
    });

    it("answers 401 to a valid token in the wrong header", async () => {
      const user = newUser();
      await register(user);
      const { body } = await login({ username: user.username, password: user.password });

      expect((await me({ "x-access-token": body!.accessToken })).status).toBe(401);
      expect((await me({ authorization: `Token ${body!.accessToken}` })).status).toBe(401);
    });

    it("answers 401 to a valid token for a user that does not exist", async () => {
      const res = await me({ authorization: `Bearer ${await sign({ sub: "no-such-user" })}` });
      expect(res.status).toBe(401);
    });
  });

  it("never sends a password or its hash in any response", async () => {
    const rows = await service.sql("SELECT password FROM users");
    expect(seen.length).toBeGreaterThan(200);
    for (const text of seen) {
      expect(text).not.toContain("correct horse battery");
      for (const row of rows.slice(0, 20)) expect(text).not.toContain(String(row.password));
    }
  });
});

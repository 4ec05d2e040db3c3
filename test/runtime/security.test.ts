import request from "supertest";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../runtime/create-app.js";
import type { Principal } from "../../runtime/route.js";
import { securedApp, securedService, signHs256 } from "./security-support.js";
import { captureLogger, route } from "./support.js";

const KEY = "k-3f9a7c1e5b";

afterEach(() => {
  vi.unstubAllEnvs();
});

const apiKeys = (_scheme: string, key: string): Principal | undefined =>
  key === KEY ? { scheme: "", subject: "ci", scopes: [], claims: {} } : undefined;

function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

describe("scopes", () => {
  it("forbids a valid token that lacks a required scope, naming it", async () => {
    const token = await signHs256({ sub: "ada", scope: "pets:read" });

    const res = await request(securedApp().app).get("/scoped").auth(token, { type: "bearer" });

    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Forbidden",
      status: 403,
      detail: "The credentials lack the required scopes: pets:write.",
      missingScopes: ["pets:write"],
    });
    expect(res.headers["www-authenticate"]).toBe(
      'Bearer realm="zoo", error="insufficient_scope", scope="pets:write"',
    );
  });

  it("admits a token that has every required scope", async () => {
    const token = await signHs256({ sub: "ada", scope: "pets:write admin pets:read" });

    const res = await request(securedApp().app).get("/scoped").auth(token, { type: "bearer" });

    expect(res.status).toBe(200);
    expect(res.body.principal).toMatchObject({ scheme: "oauth", subject: "ada" });
  });

  it("reads scopes from an scp array", async () => {
    const token = await signHs256({ sub: "ada", scp: ["pets:read", "pets:write"] });

    const res = await request(securedApp().app).get("/scoped").auth(token, { type: "bearer" });

    expect(res.status).toBe(200);
  });
});

describe("API keys", () => {
  it("reads the key from its header", async () => {
    const { app } = securedApp({ security: { apiKeys } });

    const res = await request(app).get("/header-key").set("X-API-Key", KEY);

    expect(res.status).toBe(200);
    expect(res.body.principal).toEqual({
      scheme: "headerKey",
      subject: "ci",
      scopes: [],
      claims: {},
    });
  });

  it("reads the key from the query", async () => {
    const { app } = securedApp({ security: { apiKeys } });

    const res = await request(app).get(`/query-key?api_key=${KEY}`);

    expect(res.status).toBe(200);
    expect(res.body.principal.scheme).toBe("queryKey");
  });

  it("reads the key from its cookie", async () => {
    const { app } = securedApp({ security: { apiKeys } });

    const res = await request(app).get("/cookie-key").set("Cookie", `theme=dark; session=${KEY}`);

    expect(res.status).toBe(200);
    expect(res.body.principal.scheme).toBe("cookieKey");
  });

  it("rejects an unknown key with a challenge naming where keys go", async () => {
    const { app } = securedApp({ security: { apiKeys } });

    const res = await request(app).get("/cookie-key").set("Cookie", "session=guess");

    expect(res.status).toBe(401);
    const challenge = 'ApiKey realm="zoo", in="cookie", name="session"';
    expect(res.headers["www-authenticate"]).toBe(challenge);
  });

  it("does not take a key from the wrong place", async () => {
    const { app } = securedApp({ security: { apiKeys } });

    const res = await request(app).get(`/header-key?X-API-Key=${KEY}`);

    expect(res.status).toBe(401);
  });

  describe("from API_KEYS", () => {
    it("admits a listed key with its id as the subject", async () => {
      vi.stubEnv("API_KEYS", `ci:${KEY}, ops:other-key:with-colon`);
      const { app } = securedApp();

      const first = await request(app).get("/header-key").set("X-API-Key", KEY);
      const second = await request(app)
        .get("/header-key")
        .set("X-API-Key", "other-key:with-colon");

      expect(first.body.principal.subject).toBe("ci");
      expect(second.body.principal.subject).toBe("ops");
    });

    it("rejects a key that is only a prefix of a listed one", async () => {
      vi.stubEnv("API_KEYS", `ci:${KEY}`);

      const res = await request(securedApp().app)
        .get("/header-key")
        .set("X-API-Key", KEY.slice(0, 4));

      expect(res.status).toBe(401);
    });

    it("refuses to start with a malformed entry without echoing it", () => {
      vi.stubEnv("API_KEYS", `ci:${KEY},${KEY}`);

      expect(() => securedApp()).toThrow("API_KEYS: entry 2 is not of the form id:secret");
    });
  });
});

describe("basic authentication", () => {
  it("admits a user from BASIC_AUTH_USERS", async () => {
    vi.stubEnv("BASIC_AUTH_USERS", "ada:lovelace:1815,grace:hopper");

    const res = await request(securedApp().app)
      .get("/basic")
      .set("Authorization", basicHeader("ada", "lovelace:1815"));

    expect(res.status).toBe(200);
    expect(res.body.principal).toEqual({
      scheme: "basic",
      subject: "ada",
      scopes: [],
      claims: {},
    });
  });

  it("rejects another user's password", async () => {
    vi.stubEnv("BASIC_AUTH_USERS", "ada:lovelace,grace:hopper");

    const res = await request(securedApp().app)
      .get("/basic")
      .set("Authorization", basicHeader("ada", "hopper"));

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Basic realm="zoo", charset="UTF-8"');
  });

  it("asks a custom verifier", async () => {
    const basic = async (user: string, password: string) =>
      user === "svc" && password === "pw"
        ? { scheme: "", subject: "svc", scopes: ["admin"], claims: {} }
        : undefined;

    const res = await request(securedApp({ security: { basic } }).app)
      .get("/basic")
      .set("Authorization", basicHeader("svc", "pw"));

    expect(res.body.principal).toEqual({
      scheme: "basic",
      subject: "svc",
      scopes: ["admin"],
      claims: {},
    });
  });

  it("rejects a malformed header", async () => {
    vi.stubEnv("BASIC_AUTH_USERS", "ada:lovelace");

    const res = await request(securedApp().app).get("/basic").set("Authorization", "Basic ???");

    expect(res.status).toBe(401);
  });
});

describe("alternatives", () => {
  it("admits either an API key or a bearer token", async () => {
    const { app } = securedApp({ security: { apiKeys } });
    const token = await signHs256({ sub: "ada" });

    const byKey = await request(app).get("/key-or-bearer").set("X-API-Key", KEY);
    const byToken = await request(app).get("/key-or-bearer").auth(token, { type: "bearer" });

    expect(byKey.body.principal.scheme).toBe("headerKey");
    expect(byToken.body.principal.scheme).toBe("bearer");
  });

  it("challenges with every scheme when neither is sent", async () => {
    const { app } = securedApp({ security: { apiKeys } });

    const res = await request(app).get("/key-or-bearer");

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe(
      'ApiKey realm="zoo", in="header", name="X-API-Key", Bearer realm="zoo"',
    );
  });

  it("requires every scheme of one alternative", async () => {
    const { app } = securedApp({ security: { apiKeys } });
    const token = await signHs256({ sub: "ada" });

    const keyOnly = await request(app).get("/key-and-bearer").set("X-API-Key", KEY);
    const both = await request(app)
      .get("/key-and-bearer")
      .set("X-API-Key", KEY)
      .auth(token, { type: "bearer" });

    expect(keyOnly.status).toBe(401);
    expect(both.status).toBe(200);
    expect(both.body.principal.scheme).toBe("headerKey");
  });

  it("admits anonymous requests where an empty alternative allows them", async () => {
    const res = await request(securedApp().app).get("/optional");

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ principal: null });
  });

  it("still hands over the principal where anonymous access is allowed", async () => {
    const token = await signHs256({ sub: "ada" });

    const res = await request(securedApp().app).get("/optional").auth(token, { type: "bearer" });

    expect(res.body.principal.subject).toBe("ada");
  });

  it("rejects a bad token even where anonymous access is allowed", async () => {
    const token = await signHs256({ sub: "ada" }, "another-secret-that-is-long-enough-too");

    const res = await request(securedApp().app).get("/optional").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
  });
});

describe("order of checks", () => {
  it("answers 401 before looking at an invalid body", async () => {
    const res = await request(securedApp().app).post("/pets").send({ name: 7 });

    expect(res.status).toBe(401);
  });

  it("answers 400 for the same body once authenticated", async () => {
    const token = await signHs256({ sub: "ada" });

    const res = await request(securedApp().app)
      .post("/pets")
      .auth(token, { type: "bearer" })
      .send({ name: 7 });

    expect(res.status).toBe(400);
  });

  it("leaves routes without security open", async () => {
    const service = { name: "zoo", version: "1", routes: [route({ path: "/open" })] };
    const app = createApp(service, { logger: captureLogger().logger });

    const res = await request(app).get("/open");

    expect(res.status).toBe(200);
  });
});

describe("configuration", () => {
  it("refuses to start when a route names an undeclared scheme", () => {
    const service = securedService();
    service.routes[0]!.security = [{ missing: [] }];

    expect(() => createApp(service, { logger: captureLogger().logger })).toThrow(
      'The operation "bearer" requires the undeclared security scheme "missing"',
    );
  });

  it("warns once about API-key routes nobody can satisfy", async () => {
    const { app, lines } = securedApp();

    const res = await request(app).get("/header-key").set("X-API-Key", KEY);

    expect(res.status).toBe(401);
    const warnings = lines.filter((line) => String(line["msg"]).includes("no API keys"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!["schemes"]).toEqual(["headerKey", "queryKey", "cookieKey"]);
  });

  it("reads nothing for scheme kinds no route uses", () => {
    vi.stubEnv("API_KEYS", "malformed");
    const service = securedService();
    service.routes = service.routes.filter((definition) => definition.path === "/bearer");

    expect(() => createApp(service, { logger: captureLogger().logger })).not.toThrow();
  });
});

describe("secrets stay out of the logs", () => {
  it("logs neither tokens, keys nor passwords", async () => {
    vi.stubEnv("BASIC_AUTH_USERS", "ada:pa55-w0rd-9x");
    const { app, lines } = securedApp({ security: { apiKeys } });
    const good = await signHs256({ sub: "ada" });
    const bad = await signHs256({ sub: "ada" }, "another-secret-that-is-long-enough-too");

    await request(app).get("/bearer").auth(good, { type: "bearer" });
    await request(app).get("/bearer").auth(bad, { type: "bearer" });
    await request(app).get("/header-key").set("X-API-Key", KEY);
    await request(app).get(`/query-key?api_key=${KEY}`);
    await request(app).get("/cookie-key").set("Cookie", `session=${KEY}`);
    await request(app).get("/basic").set("Authorization", basicHeader("ada", "pa55-w0rd-9x"));

    const text = lines.map((line) => JSON.stringify(line)).join("\n");
    expect(lines.filter((line) => line["msg"] === "request")).toHaveLength(6);
    expect(lines.some((line) => line["msg"] === "bearer token rejected")).toBe(true);
    for (const secret of [good, bad, good.split(".")[2]!, KEY, "pa55-w0rd-9x"]) {
      expect(text).not.toContain(secret);
    }
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { issueToken } from "../../runtime/issue-token.js";
import { securedApp, SECRET, signHs256, unsignedToken } from "./security-support.js";

const PROBLEM_JSON = "application/problem+json; charset=utf-8";

describe("bearer tokens with a shared secret", () => {
  it("hands the token's principal to the handler", async () => {
    const token = await signHs256({ sub: "ada", scope: "pets:read", tenant: "t1" });

    const res = await request(securedApp().app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(200);
    expect(res.body.principal).toMatchObject({
      scheme: "bearer",
      subject: "ada",
      scopes: ["pets:read"],
      claims: { sub: "ada", scope: "pets:read", tenant: "t1" },
    });
  });

  it("asks for a token when none is sent", async () => {
    const res = await request(securedApp().app).get("/bearer");

    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toBe(PROBLEM_JSON);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="zoo"');
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Unauthorized",
      status: 401,
      detail: "This operation requires authentication.",
    });
  });

  it("rejects a token signed with another secret", async () => {
    const token = await signHs256({ sub: "ada" }, "another-secret-that-is-long-enough-too");

    const res = await request(securedApp().app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="zoo", error="invalid_token"');
    expect(res.body.detail).toBe("The credentials sent were not accepted.");
  });

  it("rejects an expired token", async () => {
    const token = await signHs256({ sub: "ada" }, SECRET, Math.floor(Date.now() / 1000) - 60);

    const res = await request(securedApp().app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain('error="invalid_token"');
  });

  it("rejects a token that is not valid yet", async () => {
    const notBefore = Math.floor(Date.now() / 1000) + 600;
    const token = await new SignJWT({ sub: "ada", nbf: notBefore })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(SECRET));

    const res = await request(securedApp().app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
  });

  it("rejects an unsigned token", async () => {
    const token = unsignedToken({ sub: "ada", exp: Math.floor(Date.now() / 1000) + 60 });

    const res = await request(securedApp().app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain('error="invalid_token"');
  });

  it("rejects a token without a subject", async () => {
    const token = await signHs256({ scope: "pets:read" });

    const res = await request(securedApp().app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
  });

  it("ignores a token in another header", async () => {
    const token = await signHs256({ sub: "ada" });

    const res = await request(securedApp().app).get("/bearer").set("X-Token", token);

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="zoo"');
  });

  it("ignores a token under another authorization scheme", async () => {
    const token = await signHs256({ sub: "ada" });

    const res = await request(securedApp().app)
      .get("/bearer")
      .set("Authorization", `Token ${token}`);

    expect(res.status).toBe(401);
  });

  it("ignores a token in the query", async () => {
    const token = await signHs256({ sub: "ada" });

    const res = await request(securedApp().app).get(`/bearer?access_token=${token}`);

    expect(res.status).toBe(401);
  });

  it("reads the scheme name case-insensitively", async () => {
    const token = await signHs256({ sub: "ada" });

    const res = await request(securedApp().app)
      .get("/bearer")
      .set("Authorization", `bearer ${token}`);

    expect(res.status).toBe(200);
  });

  it("checks the issuer and audience when configured", async () => {
    const jwt = { secret: SECRET, issuer: "https://id.example", audience: "zoo" };
    const { app } = securedApp({ security: { jwt } });
    const right = await signHs256({ sub: "ada", iss: "https://id.example", aud: "zoo" });
    const wrong = await signHs256({ sub: "ada", iss: "https://evil.example", aud: "zoo" });

    const accepted = await request(app).get("/bearer").auth(right, { type: "bearer" });
    const refused = await request(app).get("/bearer").auth(wrong, { type: "bearer" });

    expect(accepted.status).toBe(200);
    expect(refused.status).toBe(401);
  });
});

describe("bearer tokens with a public key", () => {
  it("accepts RS256 tokens signed by the matching private key", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const { app } = securedApp({ security: { jwt: { publicKey: await exportSPKI(publicKey) } } });
    const token = await new SignJWT({ sub: "grace", scp: ["pets:read"] })
      .setProtectedHeader({ alg: "RS256" })
      .setExpirationTime("5m")
      .sign(privateKey);

    const res = await request(app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(200);
    expect(res.body.principal).toMatchObject({ subject: "grace", scopes: ["pets:read"] });
  });

  it("rejects an HS256 token keyed with the public key text", async () => {
    const { publicKey } = await generateKeyPair("RS256", { extractable: true });
    const pem = await exportSPKI(publicKey);
    const { app } = securedApp({ security: { jwt: { publicKey: pem } } });
    const forged = await signHs256({ sub: "mallory" }, pem);

    const res = await request(app).get("/bearer").auth(forged, { type: "bearer" });

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain('error="invalid_token"');
  });

  it("refuses to start with an algorithm that does not suit a public key", async () => {
    const { publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwt = { publicKey: await exportSPKI(publicKey), algorithm: "HS256" };

    expect(() => securedApp({ security: { jwt } })).toThrow(/"HS256" cannot be used/);
  });

  it("refuses to start with a malformed public key", () => {
    const jwt = { publicKey: "not a key" };

    expect(() => securedApp({ security: { jwt } })).toThrow(/not a PEM-encoded public key/);
  });

  it("refuses to start with two key sources", () => {
    const jwt = { secret: SECRET, jwksUrl: "https://id.example/jwks" };

    expect(() => securedApp({ security: { jwt } })).toThrow(/only one JWT key/);
  });
});

describe("bearer tokens checked against a remote key set", () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
    const body = JSON.stringify({ keys: [jwk] });

    server = createServer((_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("accepts ES256 tokens whose key the set holds", async () => {
    const { app } = securedApp({ security: { jwt: { jwksUrl } } });
    const token = await new SignJWT({ sub: "linus" })
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setExpirationTime("5m")
      .sign(privateKey);

    const res = await request(app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(200);
    expect(res.body.principal.subject).toBe("linus");
  });

  it("rejects tokens signed by a key the set lacks", async () => {
    const { app } = securedApp({ security: { jwt: { jwksUrl } } });
    const stranger = await generateKeyPair("ES256");
    const token = await new SignJWT({ sub: "linus" })
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setExpirationTime("5m")
      .sign(stranger.privateKey);

    const res = await request(app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
  });

  it("rejects HS256 tokens", async () => {
    const { app } = securedApp({ security: { jwt: { jwksUrl } } });

    const res = await request(app)
      .get("/bearer")
      .auth(await signHs256({ sub: "linus" }), { type: "bearer" });

    expect(res.status).toBe(401);
  });

  it("answers 401 and warns when the key set cannot be fetched", async () => {
    const { app, lines } = securedApp({
      security: { jwt: { jwksUrl: "http://127.0.0.1:1/jwks.json" } },
    });
    const token = await new SignJWT({ sub: "linus" })
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setExpirationTime("5m")
      .sign(privateKey);

    const res = await request(app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
    expect(lines.some((line) => line["msg"] === "bearer token could not be verified")).toBe(true);
  });
});

describe("bearer tokens configured from the environment", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads JWT_SECRET", async () => {
    vi.stubEnv("JWT_SECRET", "env-secret-that-is-long-enough-for-hs256");
    const { app } = securedApp({ security: { jwt: undefined } });
    const token = await signHs256({ sub: "ada" }, "env-secret-that-is-long-enough-for-hs256");

    const res = await request(app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(200);
  });

  it("answers 401 and warns once when no key is configured", async () => {
    const { app, lines } = securedApp({ security: { jwt: {} } });
    const token = await signHs256({ sub: "ada" });

    const res = await request(app).get("/bearer").auth(token, { type: "bearer" });
    await request(app).get("/bearer").auth(token, { type: "bearer" });

    expect(res.status).toBe(401);
    const warnings = lines.filter((line) => String(line["msg"]).includes("no JWT key"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, schemes: ["bearer", "oauth"] });
  });
});

describe("issueToken", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("issues tokens the service accepts", async () => {
    const payload = { sub: "ada", scope: "pets:read pets:write" };
    const token = await issueToken(payload, { secret: SECRET });

    const res = await request(securedApp().app).get("/scoped").auth(token, { type: "bearer" });

    expect(res.status).toBe(200);
    expect(res.body.principal.scopes).toEqual(["pets:read", "pets:write"]);
  });

  it("signs with JWT_SECRET and expires after the given lifetime", async () => {
    vi.stubEnv("JWT_SECRET", SECRET);
    const before = Math.floor(Date.now() / 1000);

    const token = await issueToken({ sub: "ada" }, { expiresIn: 60 });

    const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(header.alg).toBe("HS256");
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  it("adds the configured issuer and audience", async () => {
    vi.stubEnv("JWT_ISSUER", "https://id.example");
    vi.stubEnv("JWT_AUDIENCE", "zoo");
    const jwt = { secret: SECRET, issuer: "https://id.example", audience: "zoo" };

    const token = await issueToken({ sub: "ada" }, { secret: SECRET });
    const res = await request(securedApp({ security: { jwt } }).app)
      .get("/bearer")
      .auth(token, { type: "bearer" });

    expect(res.status).toBe(200);
    expect(res.body.principal.claims).toMatchObject({ iss: "https://id.example", aud: "zoo" });
  });

  it("throws without a secret", async () => {
    vi.stubEnv("JWT_SECRET", "");

    await expect(issueToken({ sub: "ada" })).rejects.toThrow(/set JWT_SECRET/);
  });
});

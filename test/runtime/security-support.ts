/**
 * Secured services for runtime tests: one route per security layout, each
 * echoing the principal it was admitted with.
 */
import { SignJWT, type JWTPayload } from "jose";
import { createApp, type CreateAppOptions } from "../../runtime/create-app.js";
import type {
  SecurityRequirement,
  SecuritySchemeDefinition,
  ServiceDefinition,
} from "../../runtime/route.js";
import { captureLogger, compile, route } from "./support.js";

export const SECRET = "a-test-secret-that-is-long-enough-for-hs256";

export const SCHEMES: Record<string, SecuritySchemeDefinition> = {
  bearer: { type: "http", scheme: "bearer" },
  oauth: { type: "oauth2" },
  basic: { type: "http", scheme: "basic" },
  headerKey: { type: "apiKey", in: "header", name: "X-API-Key" },
  queryKey: { type: "apiKey", in: "query", name: "api_key" },
  cookieKey: { type: "apiKey", in: "cookie", name: "session" },
};

const echoPrincipal = route({
  path: "/x",
  handler: async (_input, context) => ({
    status: 200,
    body: { principal: context.principal ?? null },
  }),
});

/** The security layouts under test, by path. */
const LAYOUTS: Record<string, SecurityRequirement[]> = {
  "/bearer": [{ bearer: [] }],
  "/scoped": [{ oauth: ["pets:read", "pets:write"] }],
  "/basic": [{ basic: [] }],
  "/header-key": [{ headerKey: [] }],
  "/query-key": [{ queryKey: [] }],
  "/cookie-key": [{ cookieKey: [] }],
  "/key-or-bearer": [{ headerKey: [] }, { bearer: [] }],
  "/key-and-bearer": [{ headerKey: [], bearer: [] }],
  "/optional": [{ bearer: [] }, {}],
};

const petBody = compile(
  { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
  { coerce: false },
);

export function securedService(): ServiceDefinition {
  const routes = Object.entries(LAYOUTS).map(([path, security]) => ({
    ...echoPrincipal,
    operationId: path.slice(1),
    path,
    security,
  }));
  const createPet = {
    ...echoPrincipal,
    operationId: "createPet",
    method: "post" as const,
    path: "/pets",
    security: [{ bearer: [] }],
    body: { required: true, media: { "application/json": petBody } },
  };
  return { name: "zoo", version: "1", routes: [...routes, createPet], securitySchemes: SCHEMES };
}

export function securedApp(options: CreateAppOptions = {}) {
  const log = captureLogger();
  const app = createApp(securedService(), {
    logger: log.logger,
    ...options,
    security: { jwt: { secret: SECRET }, ...options.security },
  });
  return { app, lines: log.lines };
}

export function signHs256(
  payload: JWTPayload,
  secret = SECRET,
  expiresIn: number | string = "1h",
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** An unsigned token, as an attacker would write one by hand. */
export function unsignedToken(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "none", typ: "JWT" })}.${encode(payload)}.`;
}

// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Operation security: each route lists alternatives, any one of which
 * admits a request, and each alternative names schemes that must all pass
 * with the scopes it asks for. Scheme types map to one of three checks
 * (bearer JWTs, API keys, basic credentials) through a table.
 */
import type { Request } from "express";
import type { Logger } from "pino";
import { apiKeyOf, apiKeysFromEnv, type ApiKeyVerifier } from "./api-key.js";
import { basicCredentialsOf, basicUsersFromEnv, type BasicVerifier } from "./basic-auth.js";
import {
  bearerTokenOf,
  createJwtVerifier,
  jwtOptionsFromEnv,
  type JwtOptions,
  type JwtVerifier,
} from "./jwt.js";
import { HttpProblem } from "./problem.js";
import type {
  Principal,
  RouteDefinition,
  SecurityRequirement,
  SecuritySchemeDefinition,
  ServiceDefinition,
} from "./route.js";

export interface SecurityOptions {
  /**
   * Verification of bearer, oauth2 and openIdConnect tokens. When given,
   * the JWT_* environment variables are not read.
   */
  jwt?: JwtOptions;
  /** Resolves API keys; defaults to the API_KEYS environment variable. */
  apiKeys?: ApiKeyVerifier;
  /** Resolves basic credentials; defaults to the BASIC_AUTH_USERS environment variable. */
  basic?: BasicVerifier;
}

/**
 * Admits a request or throws a 401 or 403 problem. Resolves to the
 * principal of the alternative that passed, or undefined when the request
 * was admitted anonymously.
 */
export type RequestGuard = (req: Request) => Promise<Principal | undefined>;

/** The guard of a route; undefined for open routes. */
export type RouteSecurity = (route: RouteDefinition) => RequestGuard | undefined;

type Credential =
  | { outcome: "absent" }
  | { outcome: "rejected" }
  | { outcome: "accepted"; principal: Principal };

interface SchemeCheck {
  verify(req: Request): Promise<Credential>;
  /** For WWW-Authenticate; `rejected` when credentials were sent and refused. */
  challenge(rejected: boolean): string;
  /** RFC 6750 asks a 403 for missing token scopes to carry a challenge too. */
  bearer: boolean;
}

type SchemeKind = "bearer" | "basic" | "apiKey";

interface Verifiers {
  jwt?: JwtVerifier;
  apiKeys?: ApiKeyVerifier;
  basic?: BasicVerifier;
}

interface SchemeContext {
  name: string;
  definition: SecuritySchemeDefinition;
  verifiers: Verifiers;
  realm: string;
}

const ABSENT: Credential = { outcome: "absent" };
const REJECTED: Credential = { outcome: "rejected" };

const SCHEME_CHECKS: Record<SchemeKind, (context: SchemeContext) => SchemeCheck> = {
  bearer: ({ name, verifiers, realm }) => ({
    bearer: true,
    async verify(req) {
      const token = bearerTokenOf(req);
      if (token === undefined) return ABSENT;
      if (token === null || verifiers.jwt === undefined) return REJECTED;
      return accepted(await verifiers.jwt(token, name), name);
    },
    challenge: (rejected) =>
      rejected ? `Bearer ${realm}, error="invalid_token"` : `Bearer ${realm}`,
  }),
  apiKey: ({ name, definition, verifiers, realm }) => ({
    bearer: false,
    async verify(req) {
      const key = apiKeyOf(req, definition);
      if (key === undefined) return ABSENT;
      if (verifiers.apiKeys === undefined) return REJECTED;
      return accepted(await verifiers.apiKeys(name, key), name);
    },
    challenge: () =>
      `ApiKey ${realm}, in="${definition.in ?? "header"}", name=${quote(definition.name ?? "")}`,
  }),
  basic: ({ name, verifiers, realm }) => ({
    bearer: false,
    async verify(req) {
      const credentials = basicCredentialsOf(req);
      if (credentials === undefined) return ABSENT;
      if (credentials === null || verifiers.basic === undefined) return REJECTED;
      return accepted(await verifiers.basic(credentials.user, credentials.password), name);
    },
    challenge: () => `Basic ${realm}, charset="UTF-8"`,
  }),
};

/** What a scheme without a check (say, http digest) offers: nothing passes. */
function unsupportedCheck({ definition, realm }: SchemeContext): SchemeCheck {
  const scheme = definition.scheme ?? definition.type;
  return { bearer: false, verify: async () => ABSENT, challenge: () => `${scheme} ${realm}` };
}

const UNSATISFIABLE: Record<SchemeKind, string> = {
  bearer: "no JWT key is configured (JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL)",
  apiKey: "no API keys are configured (API_KEYS or security.apiKeys)",
  basic: "no users are configured (BASIC_AUTH_USERS or security.basic)",
};

/**
 * Builds the checks of every scheme the routes use. Configuration is read
 * only for the kinds in use; a route naming an undeclared scheme, or a
 * contradictory key configuration, throws here rather than per request.
 */
export function createSecurity(
  service: ServiceDefinition,
  options: SecurityOptions,
  logger: Logger,
): RouteSecurity {
  const schemes = usedSchemes(service);
  const kinds = new Set([...schemes.values()].map(kindOf));
  const verifiers = buildVerifiers(kinds, options, logger);
  warnUnsatisfiable(schemes, verifiers, logger);

  const realm = `realm=${quote(service.name)}`;
  const checks = new Map<string, SchemeCheck>();
  for (const [name, definition] of schemes) {
    const kind = kindOf(definition);
    const context = { name, definition, verifiers, realm };
    const check = kind === undefined ? unsupportedCheck(context) : SCHEME_CHECKS[kind](context);
    checks.set(name, check);
  }

  return (route) => guardFor(route.security ?? [], checks, realm);
}

function usedSchemes(service: ServiceDefinition): Map<string, SecuritySchemeDefinition> {
  const declared = service.securitySchemes ?? {};
  const used = new Map<string, SecuritySchemeDefinition>();

  for (const route of service.routes) {
    for (const name of (route.security ?? []).flatMap(Object.keys)) {
      const definition = Object.hasOwn(declared, name) ? declared[name] : undefined;
      if (definition === undefined) {
        throw new Error(
          `The operation "${route.operationId}" requires the undeclared security scheme "${name}"`,
        );
      }
      used.set(name, definition);
    }
  }
  return used;
}

function kindOf(definition: SecuritySchemeDefinition): SchemeKind | undefined {
  if (definition.type === "oauth2" || definition.type === "openIdConnect") return "bearer";
  if (definition.type === "apiKey") return "apiKey";

  const scheme = definition.scheme?.toLowerCase();
  return scheme === "bearer" || scheme === "basic" ? scheme : undefined;
}

function buildVerifiers(
  kinds: ReadonlySet<SchemeKind | undefined>,
  options: SecurityOptions,
  logger: Logger,
): Verifiers {
  const verifiers: Verifiers = {};
  if (kinds.has("bearer")) {
    const jwt = createJwtVerifier(options.jwt ?? jwtOptionsFromEnv(), logger);
    if (jwt !== undefined) verifiers.jwt = jwt;
  }

  const apiKeys = kinds.has("apiKey") ? (options.apiKeys ?? apiKeysFromEnv()) : undefined;
  if (apiKeys !== undefined) verifiers.apiKeys = apiKeys;

  const basic = kinds.has("basic") ? (options.basic ?? basicUsersFromEnv()) : undefined;
  if (basic !== undefined) verifiers.basic = basic;
  return verifiers;
}

/** Such routes still answer 401, never 500; the operator hears of it once, at start. */
function warnUnsatisfiable(
  schemes: ReadonlyMap<string, SecuritySchemeDefinition>,
  verifiers: Verifiers,
  logger: Logger,
): void {
  const configured: Record<SchemeKind, boolean> = {
    bearer: verifiers.jwt !== undefined,
    apiKey: verifiers.apiKeys !== undefined,
    basic: verifiers.basic !== undefined,
  };

  for (const kind of Object.keys(UNSATISFIABLE) as SchemeKind[]) {
    const names = [...schemes].filter(([, definition]) => kindOf(definition) === kind);
    if (names.length === 0 || configured[kind]) continue;

    const message = `secured routes cannot be satisfied: ${UNSATISFIABLE[kind]}`;
    logger.warn({ schemes: names.map(([name]) => name) }, message);
  }

  const unsupported = [...schemes].filter(([, definition]) => kindOf(definition) === undefined);
  if (unsupported.length > 0) {
    const schemeNames = unsupported.map(([name]) => name);
    logger.warn({ schemes: schemeNames }, "security schemes of unsupported types never pass");
  }
}

function accepted(principal: Principal | undefined, scheme: string): Credential {
  // The principal names the scheme that accepted it, whatever a verifier put there.
  if (principal === undefined) return REJECTED;
  return { outcome: "accepted", principal: { ...principal, scheme } };
}

interface MissingScopes {
  scheme: string;
  scopes: string[];
}

type Evaluation =
  | { result: "passed"; principal: Principal }
  | { result: "forbidden"; missing: MissingScopes[] }
  | { result: "failed" };

/**
 * Alternatives with schemes are tried first, so that a request with valid
 * credentials gets its principal even where anonymous access is allowed too.
 * Credentials that were sent and refused are answered with 401 even there:
 * quietly treating a client with a bad token as anonymous hides its fault.
 */
function guardFor(
  alternatives: readonly SecurityRequirement[],
  checks: ReadonlyMap<string, SchemeCheck>,
  realm: string,
): RequestGuard | undefined {
  if (alternatives.length === 0) return undefined;

  const anonymous = alternatives.some((alternative) => Object.keys(alternative).length === 0);
  const secured = alternatives.filter((alternative) => Object.keys(alternative).length > 0);

  return async (req) => {
    const credentials = new Map<string, Credential>();
    const verify = async (name: string): Promise<Credential> => {
      const known = credentials.get(name) ?? (await checks.get(name)!.verify(req));
      credentials.set(name, known);
      return known;
    };

    let forbidden: MissingScopes[] | undefined;
    for (const alternative of secured) {
      const evaluation = await evaluate(alternative, verify);
      if (evaluation.result === "passed") return evaluation.principal;
      if (evaluation.result === "forbidden") forbidden ??= evaluation.missing;
    }

    const refused = [...credentials.values()].some(({ outcome }) => outcome === "rejected");
    if (anonymous && !refused) return undefined;
    if (forbidden !== undefined) throw forbiddenProblem(forbidden, checks, realm);
    throw unauthorizedProblem(secured, credentials, checks, refused);
  };
}

/** Stops at the first scheme whose credentials fail; scopes are collected across all. */
async function evaluate(
  alternative: SecurityRequirement,
  verify: (name: string) => Promise<Credential>,
): Promise<Evaluation> {
  const principals: Principal[] = [];
  const missing: MissingScopes[] = [];

  for (const [scheme, required] of Object.entries(alternative)) {
    const credential = await verify(scheme);
    if (credential.outcome !== "accepted") return { result: "failed" };

    const { principal } = credential;
    principals.push(principal);
    const lacking = required.filter((scope) => !principal.scopes.includes(scope));
    if (lacking.length > 0) missing.push({ scheme, scopes: lacking });
  }

  if (missing.length > 0) return { result: "forbidden", missing };
  return { result: "passed", principal: principals[0]! };
}

function unauthorizedProblem(
  alternatives: readonly SecurityRequirement[],
  credentials: ReadonlyMap<string, Credential>,
  checks: ReadonlyMap<string, SchemeCheck>,
  refused: boolean,
): HttpProblem {
  const names = new Set(alternatives.flatMap(Object.keys));
  const challenges = [...names].map((name) => {
    const rejected = credentials.get(name)?.outcome === "rejected";
    return checks.get(name)!.challenge(rejected);
  });

  const detail = refused
    ? "The credentials sent were not accepted."
    : "This operation requires authentication.";
  const headers = { "WWW-Authenticate": [...new Set(challenges)].join(", ") };
  return new HttpProblem({ status: 401, detail, headers });
}

function forbiddenProblem(
  missing: readonly MissingScopes[],
  checks: ReadonlyMap<string, SchemeCheck>,
  realm: string,
): HttpProblem {
  const scopes = [...new Set(missing.flatMap((entry) => entry.scopes))];
  const detail = `The credentials lack the required scopes: ${scopes.join(", ")}.`;

  const bearer = missing.filter((entry) => checks.get(entry.scheme)!.bearer);
  const bearerScopes = [...new Set(bearer.flatMap((entry) => entry.scopes))].join(" ");
  const headers: Record<string, string> =
    bearer.length === 0
      ? {}
      : {
          "WWW-Authenticate":
            `Bearer ${realm}, error="insufficient_scope", scope=${quote(bearerScopes)}`,
        };
  return new HttpProblem({ status: 403, detail, headers, extensions: { missingScopes: scopes } });
}

/** An RFC 9110 quoted-string; characters a header cannot carry are dropped. */
function quote(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, "");
  return `"${printable.replace(/["\\]/g, "\\$&")}"`;
}

// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Bearer tokens (RFC 6750) as JWTs, verified with jose against one
 * configured key source. The accepted algorithms follow from the key, so a
 * token cannot choose how it is checked: no "none", and no HMAC token
 * checked against a public key that an attacker can read.
 */
import { createPublicKey } from "node:crypto";
import type { Request } from "express";
import {
  createRemoteJWKSet,
  errors,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import type { Logger } from "pino";
import type { Principal } from "./route.js";

export interface JwtOptions {
  /** Shared secret for HS256, HS384 and HS512. */
  secret?: string;
  /** SPKI public key in PEM, checked with `algorithm`. */
  publicKey?: string;
  /** URL of a JSON Web Key Set holding the public keys. */
  jwksUrl?: string;
  /**
   * With a public key the only algorithm accepted (default RS256); with a
   * secret or a key set it narrows the accepted ones to this one.
   */
  algorithm?: string;
  /** Required `iss`. */
  issuer?: string;
  /** Required `aud`: the token must name at least one of these. */
  audience?: string | string[];
  /** Leeway for `exp` and `nbf`, in seconds; default 5. */
  clockToleranceSeconds?: number;
}

/** Checks a token; resolves to the principal, or undefined when it is rejected. */
export type JwtVerifier = (token: string, scheme: string) => Promise<Principal | undefined>;

const HMAC_ALGORITHMS = ["HS256", "HS384", "HS512"];
const ASYMMETRIC_ALGORITHMS = [
  "RS256", "RS384", "RS512",
  "PS256", "PS384", "PS512",
  "ES256", "ES384", "ES512",
  "EdDSA", "Ed25519",
];

type VerificationKey = Uint8Array | CryptoKey | JWTVerifyGetKey;

interface KeySource {
  key: VerificationKey | Promise<CryptoKey>;
  algorithms: string[];
}

/** JWT_* variables as options; empty variables count as unset. */
export function jwtOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): JwtOptions {
  const read = (name: string) => (env[name] === "" ? undefined : env[name]);
  const audience = read("JWT_AUDIENCE")
    ?.split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

  return dropUndefined({
    secret: read("JWT_SECRET"),
    publicKey: read("JWT_PUBLIC_KEY"),
    jwksUrl: read("JWT_JWKS_URL"),
    algorithm: read("JWT_ALGORITHM"),
    issuer: read("JWT_ISSUER"),
    audience,
  });
}

/**
 * A verifier for the configured key, or undefined when none is configured.
 * Throws when the configuration is contradictory, so a service does not
 * start with an authentication it cannot perform.
 */
export function createJwtVerifier(options: JwtOptions, logger: Logger): JwtVerifier | undefined {
  const source = keySource(options, logger);
  if (source === undefined) return undefined;

  const verifyOptions = {
    algorithms: source.algorithms,
    clockTolerance: options.clockToleranceSeconds ?? 5,
    requiredClaims: ["sub"],
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
  };

  return async (token, scheme) => {
    try {
      const key = await source.key;
      const { payload } =
        typeof key === "function"
          ? await jwtVerify(token, key, verifyOptions)
          : await jwtVerify(token, key, verifyOptions);
      return principalOf(payload, scheme);
    } catch (error) {
      logRejection(logger, scheme, error);
      return undefined;
    }
  };
}

function keySource(options: JwtOptions, logger: Logger): KeySource | undefined {
  const given = [options.secret, options.publicKey, options.jwksUrl].filter(
    (value) => value !== undefined,
  );
  if (given.length === 0) return undefined;
  if (given.length > 1) {
    throw new Error("Configure only one JWT key: a secret, a public key or a JWKS URL");
  }

  if (options.secret !== undefined) return secretSource(options.secret, options.algorithm, logger);
  if (options.publicKey !== undefined) {
    return publicKeySource(options.publicKey, options.algorithm, logger);
  }
  return keySetSource(options.jwksUrl!, options.algorithm);
}

function secretSource(secret: string, algorithm: string | undefined, logger: Logger): KeySource {
  const key = new TextEncoder().encode(secret);
  // RFC 7518 asks for a key at least as long as the hash; shorter ones can be guessed.
  if (key.length < 32) logger.warn("the JWT secret is shorter than 32 bytes");

  return { key, algorithms: pinned(algorithm, HMAC_ALGORITHMS, HMAC_ALGORITHMS, "a secret") };
}

function publicKeySource(pem: string, algorithm: string | undefined, logger: Logger): KeySource {
  try {
    createPublicKey(pem);
  } catch {
    throw new Error("The JWT public key is not a PEM-encoded public key");
  }

  const algorithms = pinned(algorithm, ["RS256"], ASYMMETRIC_ALGORITHMS, "a public key");
  const key = importSPKI(pem, algorithms[0]!);
  // Logged now rather than on the first request; requests then fail closed.
  key.catch((error: unknown) => {
    logger.error({ algorithm: algorithms[0], reason: describe(error) },
      "the JWT public key does not suit its algorithm");
  });
  return { key, algorithms };
}

function keySetSource(url: string, algorithm: string | undefined): KeySource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("The JWKS URL is not a valid URL");
  }

  const algorithms = pinned(
    algorithm,
    ASYMMETRIC_ALGORITHMS,
    ASYMMETRIC_ALGORITHMS,
    "a key set",
  );
  return { key: createRemoteJWKSet(parsed), algorithms };
}

function pinned(
  algorithm: string | undefined,
  defaults: string[],
  allowed: string[],
  keyKind: string,
): string[] {
  if (algorithm === undefined) return defaults;
  if (!allowed.includes(algorithm)) {
    throw new Error(
      `The JWT algorithm "${algorithm}" cannot be used with ${keyKind}; ` +
        `use one of ${allowed.join(", ")}`,
    );
  }
  return [algorithm];
}

function principalOf(payload: JWTPayload, scheme: string): Principal | undefined {
  if (typeof payload.sub !== "string" || payload.sub === "") return undefined;
  return { scheme, subject: payload.sub, scopes: scopesOf(payload), claims: { ...payload } };
}

/** `scope` is space-separated (RFC 8693); `scp` is an array, or a string in some issuers. */
export function scopesOf(payload: JWTPayload): string[] {
  const claim = payload["scope"] ?? payload["scp"];
  if (typeof claim === "string") return claim.split(/\s+/).filter((scope) => scope !== "");
  if (Array.isArray(claim)) return claim.filter((scope) => typeof scope === "string");
  return [];
}

/**
 * The token of an `Authorization: Bearer` header: undefined when the header
 * is absent or uses another scheme, null when it is Bearer but malformed.
 */
export function bearerTokenOf(req: Request): string | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !/^Bearer(?: |$)/i.test(header)) return undefined;

  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match === null ? null : match[1]!;
}

/**
 * A bad token is the client's affair and logged at debug; anything else
 * (an unreachable key set, an unusable key) is the operator's. Only codes
 * and messages are logged: jose's never contain the token.
 */
function logRejection(logger: Logger, scheme: string, error: unknown): void {
  if (error instanceof errors.JOSEError) {
    logger.debug({ scheme, reason: error.code }, "bearer token rejected");
    return;
  }
  logger.warn({ scheme, reason: describe(error) }, "bearer token could not be verified");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined),
  ) as T;
}

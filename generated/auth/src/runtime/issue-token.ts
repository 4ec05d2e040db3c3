// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Tokens a service issues itself, for example from a login operation,
 * signed so that its own bearer routes accept them.
 */
import { SignJWT } from "jose";
import { jwtOptionsFromEnv } from "./jwt.js";

export interface TokenPayload {
  sub: string;
  /** Space-separated scopes. */
  scope?: string;
  [claim: string]: unknown;
}

export interface IssueTokenOptions {
  /** Lifetime in seconds; default 3600. */
  expiresIn?: number;
  /** Defaults to the JWT_SECRET environment variable. */
  secret?: string;
}

/**
 * Signs the payload with HS256, adding `iat` and `exp`. JWT_ISSUER and
 * JWT_AUDIENCE are added as `iss` and `aud` unless the payload has them, so
 * a service that checks them accepts its own tokens.
 */
export async function issueToken(
  payload: TokenPayload,
  options: IssueTokenOptions = {},
): Promise<string> {
  const secret = options.secret ?? process.env["JWT_SECRET"];
  if (secret === undefined || secret === "") {
    throw new Error("issueToken needs a signing secret: set JWT_SECRET or pass options.secret");
  }

  const expiresIn = options.expiresIn ?? 3600;
  if (!Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new Error(`issueToken: expiresIn must be a positive number of seconds: ${expiresIn}`);
  }

  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...defaultClaims(), ...payload })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + Math.ceil(expiresIn))
    .sign(new TextEncoder().encode(secret));
}

function defaultClaims(): Record<string, unknown> {
  const { issuer, audience } = jwtOptionsFromEnv();
  const claims: Record<string, unknown> = {};

  if (issuer !== undefined) claims["iss"] = issuer;
  if (Array.isArray(audience) && audience.length > 0) {
    claims["aud"] = audience.length === 1 ? audience[0] : audience;
  }
  return claims;
}

// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * HTTP Basic authentication (RFC 7617).
 */
import type { Request } from "express";
import { matchSecret, parseCredentialTable } from "./credential-table.js";
import type { Principal } from "./route.js";

/** Resolves a user name and password to a principal; undefined rejects them. */
export type BasicVerifier = (
  user: string,
  password: string,
) => Promise<Principal | undefined> | Principal | undefined;

export interface BasicCredentials {
  user: string;
  password: string;
}

const BASIC_HEADER = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/**
 * The credentials of an `Authorization: Basic` header: undefined when the
 * header uses another scheme, null when it is Basic but malformed.
 */
export function basicCredentialsOf(req: Request): BasicCredentials | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !/^Basic(?: |$)/i.test(header)) return undefined;

  const match = BASIC_HEADER.exec(header);
  if (match === null) return null;

  const text = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon <= 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * The default verifier: BASIC_AUTH_USERS holds "user:password" pairs
 * separated by commas. Undefined when none are set.
 */
export function basicUsersFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): BasicVerifier | undefined {
  const text = env["BASIC_AUTH_USERS"] ?? "";
  if (text.trim() === "") return undefined;

  const entries = parseCredentialTable(text, "BASIC_AUTH_USERS");
  return (user, password) => {
    const entry = matchSecret(entries, password, user);
    // The security layer names the scheme on every principal it accepts.
    return entry && { scheme: "", subject: entry.id, scopes: [], claims: {} };
  };
}

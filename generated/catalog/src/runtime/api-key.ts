// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * API keys sent in a header, the query or a cookie, as the scheme says.
 */
import type { Request } from "express";
import { matchSecret, parseCredentialTable } from "./credential-table.js";
import type { Principal, SecuritySchemeDefinition } from "./route.js";
import {
  cookiePairs,
  decodeForm,
  decodePercent,
  queryPairs,
  rawQueryOf,
} from "./url-text.js";

/** Resolves a key to whoever holds it; undefined rejects the key. */
export type ApiKeyVerifier = (
  scheme: string,
  key: string,
) => Promise<Principal | undefined> | Principal | undefined;

/** The key a request carries where the scheme puts it, if any. */
export function apiKeyOf(req: Request, definition: SecuritySchemeDefinition): string | undefined {
  const name = definition.name ?? "";
  const key = KEY_READERS[definition.in ?? "header"](req, name);
  return key === "" ? undefined : key;
}

const KEY_READERS: Record<
  NonNullable<SecuritySchemeDefinition["in"]>,
  (req: Request, name: string) => string | undefined
> = {
  header: (req, name) => {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  },
  query: (req, name) => {
    const pair = queryPairs(rawQueryOf(req.originalUrl)).find(([key]) => key === name);
    return pair === undefined ? undefined : decodeForm(pair[1]);
  },
  cookie: (req, name) => {
    const pair = cookiePairs(req.headers.cookie).find(([key]) => key === name);
    return pair === undefined ? undefined : decodePercent(pair[1]);
  },
};

/**
 * The default verifier: API_KEYS holds "id:key" pairs separated by commas,
 * and the principal's subject is the id. Undefined when none are set.
 */
export function apiKeysFromEnv(env: NodeJS.ProcessEnv = process.env): ApiKeyVerifier | undefined {
  const text = env["API_KEYS"] ?? "";
  if (text.trim() === "") return undefined;

  const entries = parseCredentialTable(text, "API_KEYS");
  return (scheme, key) => {
    const entry = matchSecret(entries, key);
    return entry && { scheme, subject: entry.id, scopes: [], claims: {} };
  };
}

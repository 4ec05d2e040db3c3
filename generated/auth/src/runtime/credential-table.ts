// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Fixed credentials from the environment ("id:secret,id:secret"), looked up
 * without letting response timing reveal how much of a secret was right.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export interface CredentialEntry {
  id: string;
  secret: string;
}

/**
 * Parses "id:secret" pairs separated by commas; the secret is everything
 * after the first colon. Errors name the variable and the entry's position,
 * never its text, which holds a secret.
 */
export function parseCredentialTable(text: string, variable: string): CredentialEntry[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry, index) => {
      const colon = entry.indexOf(":");
      const id = entry.slice(0, colon).trim();
      const secret = entry.slice(colon + 1);
      if (colon === -1 || id === "" || secret === "") {
        throw new Error(`${variable}: entry ${index + 1} is not of the form id:secret`);
      }
      return { id, secret };
    });
}

/**
 * Hashing first makes the compared buffers equally long, so timingSafeEqual
 * applies to secrets of any length; every entry is compared, so the time
 * taken does not depend on which one matched.
 */
export function matchSecret(
  entries: readonly CredentialEntry[],
  secret: string,
  id?: string,
): CredentialEntry | undefined {
  const offered = digest(secret);
  let found: CredentialEntry | undefined;

  for (const entry of entries) {
    const same = timingSafeEqual(digest(entry.secret), offered);
    if (same && (id === undefined || id === entry.id) && found === undefined) found = entry;
  }
  return found;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

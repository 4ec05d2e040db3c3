// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Values a stored resource keeps unique (usernames, emails, skus) must differ
 * between cases and between runs, or every case after the first would meet
 * a 409. Each character is replaced by a random one of the same class, which
 * keeps the length and, for the usual patterns, the match.
 */
import { randomInt } from "node:crypto";

const CLASSES: Array<[RegExp, string]> = [
  [/[0-9]/, "0123456789"],
  [/[A-Z]/, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
  [/[a-z]/, "abcdefghijklmnopqrstuvwxyz"],
];

export function reshape(value: string): string {
  const at = value.indexOf("@");
  const [local, domain] = at > 0 ? [value.slice(0, at), value.slice(at)] : [value, ""];
  const changed = [...local].map((char) => {
    const found = CLASSES.find(([pattern]) => pattern.test(char));
    return found ? found[1][randomInt(found[1].length)]! : char;
  });
  return changed.join("") + domain;
}

/** A copy of `body` with the string at each pointer reshaped. */
export function withUniqueValues(body: unknown, pointers: readonly string[]): unknown {
  if (typeof body !== "object" || body === null || pointers.length === 0) return body;

  const copy = structuredClone(body) as Record<string, unknown>;
  for (const pointer of pointers) {
    const key = pointer.slice(1).replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof copy[key] === "string") copy[key] = reshape(copy[key] as string);
  }
  return copy;
}

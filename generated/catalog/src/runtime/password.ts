// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Password hashes with scrypt, encoded with their parameters so they can be
 * raised later without breaking stored hashes:
 * `scrypt$<N>$<r>$<p>$<salt, base64>$<hash, base64>`.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

interface Cost {
  N: number;
  r: number;
  p: number;
}

const COST: Cost = { N: 16384, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Bounds on what a stored hash may ask for, so a forged one cannot exhaust memory. */
const MAX_MEMORY_BYTES = 64 * 1024 * 1024;
const MAX_PARALLELISM = 16;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

interface Parsed {
  cost: Cost;
  salt: Buffer;
  hash: Buffer;
}

export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(plain, salt, KEY_BYTES, COST);

  const { N, r, p } = COST;
  return ["scrypt", N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/**
 * True when `plain` matches. A missing or malformed hash costs as much as a
 * real check, so a login for an unknown user takes as long as a wrong one.
 */
export async function verifyPassword(
  plain: string,
  encoded: string | null | undefined,
): Promise<boolean> {
  const parsed = typeof encoded === "string" ? parse(encoded) : undefined;
  if (parsed === undefined) return dummyVerify(plain);

  const hash = await derive(plain, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(hash, parsed.hash);
}

/** As long as a real verification, and always false. */
export async function dummyVerify(plain: string): Promise<false> {
  const hash = await derive(plain, randomBytes(SALT_BYTES), KEY_BYTES, COST);
  timingSafeEqual(hash, Buffer.alloc(KEY_BYTES));
  return false;
}

export function isPasswordHash(text: unknown): boolean {
  return typeof text === "string" && parse(text) !== undefined;
}

function parse(encoded: string): Parsed | undefined {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;

  const [N, r, p] = parts.slice(1, 4).map((part) => (/^[1-9]\d{0,9}$/.test(part) ? +part : 0));
  const cost = { N: N!, r: r!, p: p! };
  if (!affordable(cost)) return undefined;

  const [salt, hash] = parts.slice(4).map(decodeBase64);
  if (salt === undefined || hash === undefined) return undefined;
  if (salt.length < 8 || hash.length < 16 || hash.length > 128) return undefined;

  return { cost, salt, hash };
}

function affordable({ N, r, p }: Cost): boolean {
  if (r < 1 || p < 1 || p > MAX_PARALLELISM || 128 * N * r > MAX_MEMORY_BYTES) return false;

  return N > 1 && (N & (N - 1)) === 0;
}

function decodeBase64(text: string | undefined): Buffer | undefined {
  return text !== undefined && BASE64.test(text) ? Buffer.from(text, "base64") : undefined;
}

/** Passwords are compared after NFKC, so the same characters typed differently match. */
function derive(plain: string, salt: Buffer, length: number, cost: Cost): Promise<Buffer> {
  const maxmem = 2 * 128 * cost.N * cost.r + 1024 * 1024;

  return new Promise((resolve, reject) => {
    scrypt(plain.normalize("NFKC"), salt, length, { ...cost, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

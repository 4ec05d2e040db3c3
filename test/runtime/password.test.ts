import { describe, expect, it } from "vitest";
import {
  dummyVerify,
  hashPassword,
  isPasswordHash,
  verifyPassword,
} from "../../runtime/password.js";

async function millisecondsOf(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function medianOf(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await millisecondsOf(work));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

describe("password hashes", () => {
  it("encode scrypt's parameters, a 16-byte salt and the hash", async () => {
    const encoded = await hashPassword("correct horse");

    const [scheme, n, r, p, salt, hash] = encoded.split("$");
    expect([scheme, n, r, p]).toEqual(["scrypt", "16384", "8", "1"]);
    expect(Buffer.from(salt!, "base64")).toHaveLength(16);
    expect(Buffer.from(hash!, "base64")).toHaveLength(32);
    expect(isPasswordHash(encoded)).toBe(true);
  });

  it("salt every hash anew", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("verify the right password and refuse a wrong one", async () => {
    const encoded = await hashPassword("s3cret ✓");

    expect(await verifyPassword("s3cret ✓", encoded)).toBe(true);
    expect(await verifyPassword("s3cret", encoded)).toBe(false);
    expect(await verifyPassword("", encoded)).toBe(false);
  });

  it("match the same characters however they were composed", async () => {
    const encoded = await hashPassword("caf\u00e9");

    expect(await verifyPassword("cafe\u0301", encoded)).toBe(true);
  });

  it.each([
    "",
    "plain text",
    "scrypt$16384$8$1$c2FsdA==",
    "bcrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==",
    "scrypt$16383$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==",
    "scrypt$1048576$64$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==",
    "scrypt$16384$8$99$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==",
    "scrypt$016384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==",
    "scrypt$16384$8$1$!!notbase64!!$aGFzaGhhc2hoYXNoaGFzaA==",
    "scrypt$16384$8$1$c2FsdHNhbHRzYWx0$c2hvcnQ=",
  ])("refuse the malformed hash %j without throwing", async (encoded) => {
    expect(isPasswordHash(encoded)).toBe(false);
    expect(await verifyPassword("anything", encoded)).toBe(false);
  });

  it("refuse a missing hash, as for an unknown user", async () => {
    expect(await verifyPassword("anything", undefined)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await dummyVerify("anything")).toBe(false);
    expect(isPasswordHash(42)).toBe(false);
  });

  it("take as long for an unknown user as for a wrong password", async () => {
    const encoded = await hashPassword("right");
    await verifyPassword("warm up", encoded);

    const wrong = await medianOf(7, () => verifyPassword("wrong", encoded));
    const unknown = await medianOf(7, () => verifyPassword("wrong", undefined));
    const malformed = await medianOf(7, () => verifyPassword("wrong", "not a hash"));

    expect(unknown / wrong).toBeGreaterThan(0.6);
    expect(unknown / wrong).toBeLessThan(1.6);
    expect(malformed / wrong).toBeGreaterThan(0.6);
    expect(malformed / wrong).toBeLessThan(1.6);
  });
});

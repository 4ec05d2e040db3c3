import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  FillFileError,
  parseFillFile,
  renderFillFile,
  withContractHash,
} from "../../compiler/fill/fill-file.js";
import { AUTH_FILLS } from "./support.js";

const HASH_A = "a".repeat(64);
const HASH_B = "0123456789abcdef".repeat(4);
const SOURCE = '// A handler.\nimport type { Context } from "../operations.js";\n\n' +
  "export async function loginUser() {\n  return { status: 200 };\n}\n";

describe("renderFillFile and parseFillFile", () => {
  it("round-trip a model's fill", () => {
    const text = renderFillFile(SOURCE, HASH_A,
      { kind: "model", model: "gpt-4o-mini", attempts: 2 });

    expect(text.split("\n")[0]).toBe(
      `// spec2svc-fill contract=${HASH_A} source=model model=gpt-4o-mini attempts=2`);
    expect(text.slice(text.indexOf("\n") + 1)).toBe(SOURCE);
    expect(parseFillFile(text, "f.ts", "loginUser")).toEqual({
      operationId: "loginUser",
      file: "f.ts",
      contractHash: HASH_A,
      source: { kind: "model", model: "gpt-4o-mini", attempts: 2 },
      text,
    });
  });

  it("round-trip a person's fill", () => {
    const text = renderFillFile(SOURCE, HASH_B, { kind: "hand" });
    expect(text.split("\n")[0]).toBe(`// spec2svc-fill contract=${HASH_B} source=hand`);
    expect(parseFillFile(text, "f.ts", "loginUser")).toMatchObject({
      contractHash: HASH_B,
      source: { kind: "hand" },
    });
  });

  it("keep model names that have spaces or slashes", () => {
    const model = "meta-llama/Llama 3.1 70B";
    const text = renderFillFile(SOURCE, HASH_A, { kind: "model", model, attempts: 1 });
    expect(parseFillFile(text, "f.ts", "x").source).toEqual({ kind: "model", model,
      attempts: 1 });
  });

  it("replace a header the source already has", () => {
    const first = renderFillFile(SOURCE, HASH_A, { kind: "hand" });
    const second = renderFillFile(first, HASH_B, { kind: "model", model: "m", attempts: 3 });
    expect(second.match(/spec2svc-fill/g)).toHaveLength(1);
    expect(second.endsWith(SOURCE)).toBe(true);
  });

  it("read a file without a header as an unchecked hand-written fill", () => {
    expect(parseFillFile(SOURCE, "f.ts", "loginUser")).toEqual({
      operationId: "loginUser",
      file: "f.ts",
      source: { kind: "hand" },
      text: SOURCE,
    });
  });

  it.each(["loginUser", "getCurrentUser"])("read the auth example's %s fill as a person's",
    (id) => {
      const file = path.join(AUTH_FILLS, `${id}.ts`);
      const fill = parseFillFile(readFileSync(file, "utf8"), file, id);
      expect(fill.source).toEqual({ kind: "hand" });
      expect(fill.contractHash).toMatch(/^[0-9a-f]{64}$/);
    });

  it.each([
    ["no contract", "// spec2svc-fill source=hand\n"],
    ["a short hash", "// spec2svc-fill contract=abc source=hand\n"],
    ["an unknown source", `// spec2svc-fill contract=${HASH_A} source=robot\n`],
    ["a model without attempts", `// spec2svc-fill contract=${HASH_A} source=model model=m\n`],
    ["a field without a value", `// spec2svc-fill contract=${HASH_A} source=hand junk\n`],
  ])("refuse a header with %s, naming the file", (_label, text) => {
    expect(() => parseFillFile(text + SOURCE, "specs/x.fills/a.ts", "a"))
      .toThrow(FillFileError);
    expect(() => parseFillFile(text + SOURCE, "specs/x.fills/a.ts", "a"))
      .toThrow(/^specs\/x\.fills\/a\.ts:1: /);
  });
});

describe("withContractHash", () => {
  it("rewrites only the hash, keeping everything else byte for byte", () => {
    const text = renderFillFile(SOURCE, HASH_A, { kind: "model", model: "m", attempts: 2 });
    const updated = withContractHash(text, HASH_B);

    expect(updated).toBe(text.replace(HASH_A, HASH_B));
    expect(parseFillFile(updated, "f.ts", "x")).toMatchObject({ contractHash: HASH_B,
      source: { kind: "model", model: "m", attempts: 2 } });
  });

  it("keeps CRLF line endings and a missing final newline", () => {
    const text = `// spec2svc-fill contract=${HASH_A} source=hand\r\nconst a = 1;\r\nvoid a;`;
    expect(withContractHash(text, HASH_B))
      .toBe(`// spec2svc-fill contract=${HASH_B} source=hand\r\nconst a = 1;\r\nvoid a;`);
  });

  it("gives a file without a header a hand-written one, above the untouched text", () => {
    const updated = withContractHash(SOURCE, HASH_B);
    expect(updated).toBe(`// spec2svc-fill contract=${HASH_B} source=hand\n${SOURCE}`);
  });

  it("refuses what is not a sha256", () => {
    expect(() => withContractHash(SOURCE, "not-a-hash")).toThrow(/sha256/);
  });
});

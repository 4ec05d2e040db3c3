import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const runtime = path.resolve(import.meta.dirname, "../../runtime");
const ALLOWED_PACKAGES = ["better-sqlite3", "express", "jose", "pg", "pino"];

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(runtime, file), "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
}

describe("the runtime stands alone", () => {
  const files = readdirSync(runtime).filter((f) => f.endsWith(".ts"));

  it.each(files)("%s imports only its siblings, node: modules and its packages", (file) => {
    for (const specifier of importsOf(file)) {
      const sibling = /^\.\/[\w-]+\.js$/.test(specifier);
      const builtin = specifier.startsWith("node:");
      expect(sibling || builtin || ALLOWED_PACKAGES.includes(specifier), specifier).toBe(true);
    }
  });
});

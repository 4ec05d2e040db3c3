import { createHash } from "node:crypto";
import path from "node:path";
import type { SourceFile } from "./source-files.js";

/**
 * sha256 over every file's path, relative to the entry's folder so moving the whole tree
 * keeps the hash, and its content digest, in path order.
 */
export function hashSources(entry: string, files: ReadonlyMap<string, SourceFile>): string {
  const root = path.dirname(entry);
  const lines = [...files.values()]
    .map((file) => `${path.relative(root, file.path).split(path.sep).join("/")}\0${file.digest}`)
    .sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

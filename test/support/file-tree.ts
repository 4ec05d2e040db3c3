import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Every file under `root`, by relative path, with its bytes as hex-free text. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      // Running a service's own tests in place leaves a cache that is not output.
      if (entry.isDirectory() && entry.name === "node_modules") continue;
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join("/"), readFileSync(full, "latin1"));
    }
  };
  walk(root);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

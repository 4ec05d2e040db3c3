import path from "node:path";
import { joinPointer, type Diagnostic } from "../diagnostics.js";
import { locateInFile } from "./locate.js";
import { isObject, pointerTokens, refOf, resolveRefTarget, type RefTarget } from "./refs.js";
import type { SourceSet } from "./source-files.js";

/** Where resolving a `$ref` stopped: under `found` (a pointer) there is no `token`. */
interface Miss {
  file: string;
  found: string[];
  token: string;
}

const MAX_HOPS = 64;

/**
 * Every `$ref` whose target does not exist, in any source file, each located where it is
 * written. Checked on the sources rather than left to the bundler, which reports a broken
 * reference once per path that reaches it and only in terms of the bundled document.
 */
export function findDanglingRefs(sources: SourceSet): Diagnostic[] {
  const problems: Diagnostic[] = [];

  for (const [file, value] of sources.values) {
    forEachRef(value, (ref, tokens) => {
      const target = resolveRefTarget(file, ref);
      if (!target || !isPointerFragment(target.fragment)) return;
      const outcome = resolveTarget(sources.values, target, { hops: MAX_HOPS });
      if (!outcome || !("miss" in outcome)) return;
      const location = locateInFile(sources.documents, file, joinPointer("", ...tokens, "$ref"));
      const message = `dangling $ref "${ref}": ${describeMiss(outcome.miss, file)}`;
      problems.push({ code: "ref-dangling", severity: "error", message, location });
    });
  }

  return problems;
}

/** Plain-name fragments (`#foo`, 3.1 anchors) are left to the bundler. */
function isPointerFragment(fragment: string): boolean {
  return fragment === "" || fragment === "#" || fragment.startsWith("#/");
}

function forEachRef(value: unknown, visit: (ref: string, tokens: string[]) => void): void {
  const seen = new Set<object>();
  const tokens: string[] = [];

  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    const ref = refOf(node);
    if (ref !== undefined) visit(ref, tokens);
    for (const [key, child] of Object.entries(node)) {
      tokens.push(key);
      walk(child);
      tokens.pop();
    }
  };

  walk(value);
}

type Outcome = { file: string; value: unknown } | { miss: Miss };

/**
 * Walks the target like json-schema-ref-parser does, following `$ref`s met on the way.
 * Undefined means the walk left the sources (a remote reference), so it cannot be judged.
 */
function resolveTarget(
  values: ReadonlyMap<string, unknown>,
  target: RefTarget,
  budget: { hops: number },
): Outcome | undefined {
  const tokens = pointerTokens(target.fragment);
  let file = target.file;
  let current = values.get(file);

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let child = childOf(current, token);
    const ref = refOf(current);
    if (child === undefined && ref !== undefined && budget.hops-- > 0) {
      const next = resolveRefTarget(file, ref);
      const outcome = next && resolveTarget(values, next, budget);
      if (!outcome || "miss" in outcome) return outcome;
      ({ file, value: current } = outcome);
      child = childOf(current, token);
    }
    // Described in the reference's own terms, even when the walk went through another $ref.
    const found = tokens.slice(0, i);
    if (child === undefined) return { miss: { file: target.file, found, token } };
    current = child;
  }

  return { file, value: current };
}

function childOf(value: unknown, token: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(token) ? value[Number(token)] : undefined;
  return isObject(value) && Object.hasOwn(value, token) ? value[token] : undefined;
}

function describeMiss(miss: Miss, fromFile: string): string {
  const file =
    miss.file === fromFile
      ? path.basename(miss.file)
      : path.relative(path.dirname(fromFile), miss.file).split(path.sep).join("/");
  const where = miss.found.length > 0 ? `#${joinPointer("", ...miss.found)} in ` : "";
  return `${where}${file} has no "${miss.token}"`;
}

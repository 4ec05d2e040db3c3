import { isObject, isRemoteRef } from "./refs.js";
import { forEachSpecObject } from "./spec-walk.js";

/**
 * json-schema-ref-parser treats every `{ "$ref": ... }` as a reference, even inside example
 * values (GitHub's SCIM examples hold `"$ref": "https://..."` as data), and would try to fetch
 * it. Nothing is fetched at build time, so such keys are renamed while bundling and restored
 * afterwards; a semantic rule reports those that sit where a real reference is expected.
 */
const HIDDEN_REF = "\u0000$ref";

/** Renames remote `$ref` keys in place and returns how many it renamed. */
export function hideRemoteRefs(value: unknown): number {
  let count = 0;
  forEachObject(value, (node) => {
    if (typeof node.$ref === "string" && isRemoteRef(node.$ref)) {
      renameKey(node, "$ref", HIDDEN_REF);
      count++;
    }
  });
  return count;
}

export function restoreRemoteRefs(value: unknown): void {
  forEachObject(value, (node) => {
    if (Object.hasOwn(node, HIDDEN_REF)) renameKey(node, HIDDEN_REF, "$ref");
  });
}

function forEachObject(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  const seen = new Set<object>();
  const stack = [value];

  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null || seen.has(node)) continue;
    seen.add(node);
    if (isObject(node)) visit(node);
    for (const child of Object.values(node)) stack.push(child);
  }
}

/** Renames a key where it stands, so the order of keys (and of any output) is unchanged. */
function renameKey(node: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(node);
  for (const [key] of entries) delete node[key];
  for (const [key, value] of entries) node[key === from ? to : key] = value;
}

export interface RemoteRef {
  pointer: string;
  ref: string;
}

/** Remote `$ref`s where a reference is expected, leaving out example and default values. */
export function findRemoteRefs(doc: unknown): RemoteRef[] {
  const found: RemoteRef[] = [];
  forEachSpecObject(doc, (node, pointer) => {
    if (typeof node.$ref === "string" && isRemoteRef(node.$ref)) {
      found.push({ pointer, ref: node.$ref });
    }
  });
  return found;
}

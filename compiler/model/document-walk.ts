/** Reading the bundled document: JSON pointers and internal references. */

import { joinPointer, splitPointer } from "../diagnostics.js";
import { isObject } from "./schema-dialect.js";

export type Node = { [key: string]: unknown };

export interface Resolved {
  node: Node;
  pointer: string;
}

export function getByPointer(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const token of splitPointer(pointer)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else return undefined;
  }
  return current;
}

/**
 * Follows `$ref` chains of non-schema objects (parameters, responses, ...)
 * and returns the object with the pointer it was found at.
 */
export function resolveRef(
  document: unknown,
  node: unknown,
  pointer: string,
  fail: (message: string, pointer: string) => never,
): Resolved {
  const seen = new Set<string>();
  let current = node;
  let at = pointer;

  while (isObject(current) && typeof current.$ref === "string") {
    const target = current.$ref;
    if (!target.startsWith("#")) fail(`reference '${target}' was not bundled`, at);
    if (seen.has(target)) fail(`reference '${target}' refers to itself`, at);
    seen.add(target);
    current = getByPointer(document, target);
    if (current === undefined) fail(`reference '${target}' points nowhere`, joinPointer(at, "$ref"));
    at = target.slice(1);
  }

  if (!isObject(current)) fail("expected an object", at);
  return { node: current, pointer: at };
}

import path from "node:path";
import { fileURLToPath } from "node:url";
import { joinPointer, splitPointer } from "../diagnostics.js";

export type JsonObject = Record<string, unknown>;

/** Where a `$ref` written in `fromFile` points: a file and a fragment ("" or "#/..."). */
export interface RefTarget {
  file: string;
  fragment: string;
}

/** A value found in a document, with the pointer it was found at. */
export interface Resolved {
  value: unknown;
  pointer: string;
}

const MAX_REF_HOPS = 64;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function refOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.$ref === "string" ? value.$ref : undefined;
}

/** True for references that name a scheme (https:, urn:, ...), which are never fetched. */
export function isRemoteRef(ref: string): boolean {
  return /^[a-z][a-z\d+.-]*:/i.test(ref) && !ref.startsWith("file:");
}

export function resolveRefTarget(fromFile: string, ref: string): RefTarget | undefined {
  if (isRemoteRef(ref)) return undefined;

  const hash = ref.indexOf("#");
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? "" : ref.slice(hash);
  if (filePart === "") return { file: fromFile, fragment };

  const file = filePart.startsWith("file:")
    ? fileURLToPath(filePart)
    : path.resolve(path.dirname(fromFile), decodeUriPath(filePart));
  return { file, fragment };
}

function decodeUriPath(uriPath: string): string {
  try {
    return decodeURI(uriPath);
  } catch {
    return uriPath;
  }
}

/**
 * The tokens of a pointer. "#/..." is a URI fragment as written in a `$ref`, so it is
 * percent-decoded; "/..." is a plain pointer, whose keys may hold a literal "%".
 */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "" || pointer.startsWith("#")) return splitPointer(pointer);
  return pointer
    .split("/")
    .slice(1)
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The value at `pointer`, following internal `$ref`s met on the way (not at the end). */
export function resolvePointer(doc: unknown, pointer: string): Resolved | undefined {
  let current: Resolved = { value: doc, pointer: "" };
  let hops = 0;

  for (const token of pointerTokens(pointer)) {
    let child = childOf(current.value, token);
    while (child === undefined && refOf(current.value)?.startsWith("#") && hops++ < MAX_REF_HOPS) {
      const target = resolvePointer(doc, refOf(current.value)!);
      if (!target) return undefined;
      current = target;
      child = childOf(current.value, token);
    }
    if (child === undefined) return undefined;
    current = { value: child, pointer: joinPointer(current.pointer, token) };
  }

  return current;
}

/** Follows a chain of internal `$ref`s to the value they name. */
export function resolveRefs(doc: unknown, found: Resolved): Resolved | undefined {
  let current: Resolved | undefined = found;
  for (let hops = 0; current && hops < MAX_REF_HOPS; hops++) {
    const ref = refOf(current.value);
    if (ref === undefined) return current;
    if (!ref.startsWith("#")) return undefined;
    current = resolvePointer(doc, ref);
  }
  return undefined;
}

function childOf(value: unknown, token: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(token) ? value[Number(token)] : undefined;
  if (isObject(value) && Object.hasOwn(value, token)) return value[token];
  return undefined;
}

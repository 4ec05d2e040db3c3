import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { joinPointer, type SpecLocation } from "../diagnostics.js";
import { pointerTokens, refOf, resolvePointer, resolveRefTarget } from "./refs.js";
import { textPositions, type TextPositions } from "./text-position.js";

/** The raw text of one source file, as `locate` needs it. */
export interface SourceText {
  path: string;
  format: "json" | "yaml" | "text";
  text: string;
}

/** Source files parsed a second time, with positions, on first use only. */
export interface TextDocuments {
  has(file: string): boolean;
  get(file: string): TextDocument | undefined;
}

interface TextDocument {
  doc: Document.Parsed | undefined;
  positions: TextPositions;
}

/** A place in a file: the node there and the key that named it, if any. */
interface Cursor {
  file: string;
  tokens: string[];
  node: unknown;
  offset: number;
}

interface Walk {
  cursor: Cursor;
  complete: boolean;
}

/** Bounds `$ref` hops per lookup, which also stops reference cycles. */
interface Budget {
  hops: number;
}

const MAX_HOPS = 64;

export function createTextDocuments(files: ReadonlyMap<string, SourceText>): TextDocuments {
  const cache = new Map<string, TextDocument>();

  return {
    has: (file) => files.has(file),
    get(file) {
      const cached = cache.get(file);
      if (cached) return cached;

      const source = files.get(file);
      if (!source) return undefined;

      const parsed = { doc: parseForPositions(source), positions: textPositions(source.text) };
      cache.set(file, parsed);
      return parsed;
    },
  };
}

function parseForPositions(source: SourceText): Document.Parsed | undefined {
  if (source.format === "text") return undefined;
  // JSON is YAML, so one walker serves both; errors are ignored: the file already parsed.
  const options = { merge: true, uniqueKeys: false, logLevel: "silent" } as const;
  return parseDocument(source.text, options);
}

/** Locates a pointer written against one file, following `$ref`s only where it must. */
export function locateInFile(docs: TextDocuments, file: string, pointer: string): SpecLocation {
  const { cursor } = walk(docs, file, pointerTokens(pointer), { hops: MAX_HOPS });
  return toLocation(docs, cursor);
}

/**
 * Maps pointers in the bundled document to source files. The walk goes through the entry
 * file's text and follows a `$ref` when the next token is not there. A pointer that ends on
 * a `$ref` which bundling replaced by its target is followed to that target.
 */
export function createLocator(
  docs: TextDocuments,
  entry: string,
  bundled?: unknown,
): (pointer: string) => SpecLocation {
  return (pointer) => {
    const budget = { hops: MAX_HOPS };
    let { cursor, complete } = walk(docs, entry, pointerTokens(pointer), budget);

    if (complete && bundled !== undefined && !isRefIn(bundled, pointer)) {
      let next = followRef(docs, cursor, budget);
      while (next) {
        cursor = next;
        next = followRef(docs, cursor, budget);
      }
    }

    return toLocation(docs, cursor);
  };
}

function isRefIn(bundled: unknown, pointer: string): boolean {
  return refOf(resolvePointer(bundled, pointer)?.value) !== undefined;
}

function walk(docs: TextDocuments, file: string, tokens: string[], budget: Budget): Walk {
  let cursor = rootCursor(docs, file);

  for (let i = 0; i < tokens.length; ) {
    const child = childCursor(docs, cursor, tokens[i]!);
    if (child) {
      cursor = child;
      i++;
      continue;
    }

    const target = followRef(docs, cursor, budget);
    if (!target) return { cursor, complete: false };
    cursor = target;
  }

  return { cursor, complete: true };
}

/** The cursor at the target of the `$ref` under `cursor`, if that target exists. */
function followRef(docs: TextDocuments, cursor: Cursor, budget: Budget): Cursor | undefined {
  const ref = refString(docs, cursor);
  if (ref === undefined || budget.hops-- <= 0) return undefined;

  const target = resolveRefTarget(cursor.file, ref);
  if (!target || !docs.has(target.file)) return undefined;

  const found = walk(docs, target.file, pointerTokens(target.fragment), budget);
  return found.complete ? found.cursor : undefined;
}

function rootCursor(docs: TextDocuments, file: string): Cursor {
  const contents = docs.get(file)?.doc?.contents ?? null;
  return { file, tokens: [], node: contents, offset: rangeStart(contents) ?? 0 };
}

function childCursor(docs: TextDocuments, cursor: Cursor, token: string): Cursor | undefined {
  const node = unalias(docs, cursor);
  const tokens = [...cursor.tokens, token];

  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token);
    if (!pair) return undefined;
    const offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? cursor.offset;
    return { file: cursor.file, tokens, node: pair.value, offset };
  }

  if (isSeq(node) && /^\d+$/.test(token)) {
    const item = node.items[Number(token)];
    if (item === undefined) return undefined;
    return { file: cursor.file, tokens, node: item, offset: rangeStart(item) ?? cursor.offset };
  }

  return undefined;
}

function refString(docs: TextDocuments, cursor: Cursor): string | undefined {
  const node = unalias(docs, cursor);
  if (!isMap(node)) return undefined;
  const value = node.get("$ref", true);
  return isScalar(value) && typeof value.value === "string" ? value.value : undefined;
}

function unalias(docs: TextDocuments, cursor: Cursor): unknown {
  const doc = docs.get(cursor.file)?.doc;
  return doc && isAlias(cursor.node) ? cursor.node.resolve(doc) : cursor.node;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}

function toLocation(docs: TextDocuments, cursor: Cursor): SpecLocation {
  const positions = docs.get(cursor.file)?.positions;
  const { line, column } = positions?.at(cursor.offset) ?? { line: 1, column: 1 };
  return { file: cursor.file, pointer: joinPointer("", ...cursor.tokens), line, column };
}

/** The `$ref` string written at `pointer` in `file`, if there is one. */
export function sourceRefAt(
  docs: TextDocuments,
  file: string,
  pointer: string,
): string | undefined {
  const found = walk(docs, file, pointerTokens(pointer), { hops: 0 });
  return found.complete ? refString(docs, found.cursor) : undefined;
}

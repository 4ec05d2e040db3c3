import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Diagnostic } from "../diagnostics.js";
import { joinPointer, SpecError } from "../diagnostics.js";
import { createTextDocuments, locateInFile, type TextDocuments } from "./locate.js";
import { formatOf, parseSource, type SourceFormat } from "./parse-source.js";
import { isObject, resolveRefTarget } from "./refs.js";

export interface SourceFile {
  /** Absolute path. */
  path: string;
  format: SourceFormat;
  /** The text without a byte order mark; source positions are computed from it. */
  text: string;
  /** sha256 of the bytes on disk. */
  digest: string;
}

export interface SourceSet {
  entry: string;
  files: ReadonlyMap<string, SourceFile>;
  /**
   * Parsed values by path. The bundler takes them over and rewrites them in place, so
   * nothing else may rely on them after bundling.
   */
  values: Map<string, unknown>;
  /** The same files, parsed again with positions when something must be located. */
  documents: TextDocuments;
}

/** The first place a file was referenced from, to blame when it cannot be read. */
interface Referrer {
  file: string;
  pointer: string;
  ref: string;
}

interface Pending {
  file: string;
  referrer?: Referrer;
}

const READ_CONCURRENCY = 16;

/**
 * Reads the entry file and every file it reaches through relative `$ref`s. Syntax errors
 * and unreadable files are all collected into one SpecError.
 */
export async function readSourceFiles(entry: string): Promise<SourceSet> {
  const files = new Map<string, SourceFile>();
  const documents = createTextDocuments(files);
  const values = new Map<string, unknown>();
  const problems: Diagnostic[] = [];
  const queued = new Set([entry]);
  const queue: Pending[] = [{ file: entry }];

  const readOne = async (pending: Pending): Promise<void> => {
    const loaded = await loadFile(pending, files, documents);
    if ("problem" in loaded) {
      problems.push(loaded.problem);
      return;
    }
    values.set(pending.file, loaded.value);
    for (const next of fileRefs(pending.file, loaded.value)) {
      if (queued.has(next.file)) continue;
      queued.add(next.file);
      queue.push(next);
    }
  };

  await drain(queue, readOne);

  if (problems.length > 0) throw new SpecError(problems.sort(byPosition));
  return { entry, files, values, documents };
}

/** Runs `work` on every queued item, including items queued while it runs, a few at once. */
async function drain(queue: Pending[], work: (p: Pending) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  while (queue.length > 0 || running.size > 0) {
    while (queue.length > 0 && running.size < READ_CONCURRENCY) {
      const task: Promise<void> = work(queue.shift()!).finally(() => running.delete(task));
      running.add(task);
    }
    await Promise.race(running);
  }
}

async function loadFile(
  pending: Pending,
  files: Map<string, SourceFile>,
  documents: TextDocuments,
): Promise<{ value: unknown } | { problem: Diagnostic }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(pending.file);
  } catch (error) {
    return { problem: unreadable(pending, error as NodeJS.ErrnoException, documents) };
  }

  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const format = formatOf(pending.file);
  const digest = createHash("sha256").update(bytes).digest("hex");
  files.set(pending.file, { path: pending.file, format, text, digest });

  const parsed = parseSource(text, format);
  if ("value" in parsed) return parsed;

  const { code, message, line, column } = parsed.problem;
  const location = { file: pending.file, pointer: "", line, column };
  return { problem: { code, severity: "error", message, location } };
}

function unreadable(
  pending: Pending,
  error: NodeJS.ErrnoException,
  documents: TextDocuments,
): Diagnostic {
  const reason = error.code === "ENOENT" ? "file not found" : error.message;
  const { referrer } = pending;
  if (!referrer) {
    const message = `cannot read the spec: ${reason}`;
    const location = { file: pending.file, pointer: "" };
    return { code: "file-unreadable", severity: "error", message, location };
  }

  const message = `$ref "${referrer.ref}" cannot be resolved: ${reason} (${pending.file})`;
  const location = locateInFile(documents, referrer.file, referrer.pointer);
  return { code: "ref-file-missing", severity: "error", message, location };
}

/** Every other file `value` (parsed from `file`) references, with where it is named. */
function fileRefs(file: string, value: unknown): Pending[] {
  const found: Pending[] = [];
  const seen = new Set<object>();
  const tokens: string[] = [];

  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    // YAML aliases share objects; visiting each once keeps anchor-heavy files linear.
    seen.add(node);

    if (isObject(node) && typeof node.$ref === "string") {
      const target = resolveRefTarget(file, node.$ref);
      if (target && target.file !== file) {
        const referrer = { file, pointer: joinPointer("", ...tokens, "$ref"), ref: node.$ref };
        found.push({ file: target.file, referrer });
      }
    }

    for (const [key, child] of Object.entries(node)) {
      tokens.push(key);
      visit(child);
      tokens.pop();
    }
  };

  visit(value);
  return found;
}

/** Files are read in parallel; problems are listed in a stable order regardless. */
function byPosition(a: Diagnostic, b: Diagnostic): number {
  const la = a.location;
  const lb = b.location;
  if (la?.file !== lb?.file) return String(la?.file) < String(lb?.file) ? -1 : 1;
  return (la?.line ?? 0) - (lb?.line ?? 0) || (la?.column ?? 0) - (lb?.column ?? 0);
}

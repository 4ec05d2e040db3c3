import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { textPositions } from "./text-position.js";

export type SourceFormat = "json" | "yaml" | "text";

export interface SyntaxProblem {
  code: "json-syntax" | "yaml-syntax";
  message: string;
  line: number;
  column: number;
}

export type ParseOutcome = { value: unknown } | { problem: SyntaxProblem };

/** Files a `$ref` can bring in verbatim, as a string, the way json-schema-ref-parser does. */
const TEXT_EXTENSIONS = new Set([".md", ".markdown", ".txt", ".html", ".htm", ".xml", ".csv"]);

/**
 * Aliases are kept as shared objects, so a small anchor-heavy file could expand hugely if
 * walked naively; the cap stops documents built to do that.
 */
const YAML_OPTIONS = { maxAliasCount: 10_000, merge: true, logLevel: "error" } as const;

export function formatOf(file: string): SourceFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".json") return "json";
  if (TEXT_EXTENSIONS.has(extension)) return "text";
  return "yaml";
}

export function parseSource(text: string, format: SourceFormat): ParseOutcome {
  if (format === "text") return { value: text };
  if (format === "json") return parseJson(text);
  return parseYamlText(text);
}

function parseJson(text: string): ParseOutcome {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? text.length);
    const { line, column } = textPositions(text).at(offset);
    return { problem: { code: "json-syntax", message: jsonMessage(message), line, column } };
  }
}

/** V8 appends the position and sometimes the whole input; the location says that already. */
function jsonMessage(message: string): string {
  return message
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/, ".*" is not valid JSON$/s, "");
}

function parseYamlText(text: string): ParseOutcome {
  try {
    return { value: parseYaml(text, YAML_OPTIONS) };
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const position = error.linePos?.[0] ?? textPositions(text).at(error.pos[0]);
    const line = position.line;
    const column = "col" in position ? position.col : position.column;
    return { problem: { code: "yaml-syntax", message: yamlMessage(error.message), line, column } };
  }
}

/** Pretty YAML errors repeat the position and quote the source; keep the first sentence. */
function yamlMessage(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

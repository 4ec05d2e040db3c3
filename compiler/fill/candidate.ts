/**
 * A model's reply becomes a handler file in two steps: the body is taken out
 * of the reply (refusing replies of the wrong shape), then put into the fixed
 * file the hole's contract describes.
 */

import { ts } from "ts-morph";

import { RUNTIME_HELPERS } from "./contract-helpers.js";
import { recordTypeNames } from "./contract-types.js";
import type { HoleContract, Rejection } from "./fill-types.js";
import { signatureTypes } from "./prompt.js";

const FENCE = /^[ \t]*```[ \t]*([^\n`]*)\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;
const TYPESCRIPT_FENCES = new Set(["", "ts", "typescript"]);

/** Where the body sits when it is parsed on its own: inside a function like the handler. */
const WRAPPER_START = "async function __hole(input: any, context: any) {\n";

export function extractBody(reply: string, id?: string): { body: string } | Rejection {
  const blocks = [...reply.matchAll(FENCE)];
  if (blocks.length === 0) return shape("the answer has no ```ts fenced block");
  if (blocks.length > 1) {
    return shape(`the answer has ${blocks.length} fenced blocks; send exactly one`);
  }

  const [block] = blocks;
  const language = block![1]!.trim().toLowerCase();
  if (!TYPESCRIPT_FENCES.has(language)) {
    return shape(`the fenced block is marked \`${language}\`; mark it \`ts\``);
  }

  const outside = (reply.slice(0, block!.index) + reply.slice(block!.index! + block![0].length))
    .trim();
  if (outside !== "") {
    return shape(`the answer has text outside the fenced block: "${preview(outside)}"`);
  }

  const body = block![2]!.replace(/\s+$/, "");
  if (body.trim() === "") return shape("the fenced block is empty");
  return wrapperProblem(body, id) ?? syntaxProblem(body) ?? { body };
}

export function isRejection(value: { body: string } | Rejection): value is Rejection {
  return "rule" in value;
}

function shape(message: string): Rejection {
  return { rule: "shape", message };
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/** A whole file or a whole function was sent where only the statements of the body belong. */
function wrapperProblem(body: string, id: string | undefined): Rejection | undefined {
  const source = ts.createSourceFile("body.ts", body, ts.ScriptTarget.ES2022, true);

  for (const statement of source.statements) {
    const line = lineOf(source, statement);
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) {
      return shape(`line ${line}: an import; the imports are fixed, send only the body`);
    }
    if (isExport(statement)) {
      return shape(`line ${line}: an export; send only the body of the function`);
    }
    if (isHandlerWrapper(statement, id, source.statements.length)) {
      return shape(`line ${line}: the whole function; send only the statements of its body`);
    }
  }
  return undefined;
}

function isExport(statement: ts.Statement): boolean {
  if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return true;
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  return modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

/** Without the hole's name, a body that is one async function with parameters is a wrapper. */
function isHandlerWrapper(statement: ts.Statement, id: string | undefined, count: number) {
  if (!ts.isFunctionDeclaration(statement)) return false;
  if (id !== undefined) return statement.name?.text === id;

  const isAsync = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  return count === 1 && isAsync === true && statement.parameters.length > 0;
}

function syntaxProblem(body: string): Rejection | undefined {
  const { diagnostics } = ts.transpileModule(wrap(body), {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const first = diagnostics?.[0];
  if (!first) return undefined;

  const text = ts.flattenDiagnosticMessageText(first.messageText, " ");
  if (first.file === undefined || first.start === undefined) {
    return { rule: "parse", message: text };
  }
  const line = first.file.getLineAndCharacterOfPosition(first.start).line;
  return { rule: "parse", message: `line ${Math.max(line, 1)}: ${text}` };
}

function wrap(body: string): string {
  return `${WRAPPER_START}${body}\n}\n`;
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** The complete handler file: fixed imports (those the body uses), the signature, the body. */
export function assembleHandler(contract: HoleContract, body: string): string {
  const used = identifiersIn(body);
  const { input, result } = signatureTypes(contract);
  const helpers = RUNTIME_HELPERS.filter((name) => used.has(name));
  const records = recordTypeNames(contract.types).filter((name) => used.has(name));

  const lines = [
    `// The hole ${contract.id} (${contract.method} ${contract.path}), filled to its contract.`,
    ...(helpers.length > 0
      ? [`import { ${helpers.join(", ")} } from "../runtime/index.js";`]
      : []),
    `import type { Context, ${input}, ${result} } from "../operations.js";`,
    ...(records.length > 0
      ? [`import type { ${records.join(", ")} } from "../repositories.js";`]
      : []),
    ...(used.has("S") ? ['import type * as S from "../schemas.js";'] : []),
    "",
    docComment(contract),
    functionHead(contract.id, input, result),
    indentBody(body),
    "}",
  ];
  return `${lines.join("\n")}\n`;
}

function functionHead(id: string, input: string, result: string): string {
  const oneLine = `export async function ${id}(input: ${input}, context: Context): ` +
    `Promise<${result}> {`;
  if (oneLine.length < 100) return oneLine;
  return `export async function ${id}(\n  input: ${input},\n  context: Context,\n): ` +
    `Promise<${result}> {`;
}

function docComment(contract: HoleContract): string {
  const parts = [contract.summary, `${contract.method} ${contract.path}`, contract.description]
    .filter((p): p is string => p !== undefined && p.trim() !== "")
    .map((p) => p.trim().replace(/\*\//g, "*\\/"));
  const lines = parts.join("\n\n").split("\n").map((l) => ` *${l ? ` ${l}` : ""}`);
  return `/**\n${lines.join("\n")}\n */`;
}

/** Names the body refers to, from its syntax tree, so words inside strings import nothing. */
function identifiersIn(body: string): Set<string> {
  const source = ts.createSourceFile("body.ts", wrap(body), ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/**
 * Re-indents the body to two spaces, leaving lines that start inside a
 * template literal as they are, since their whitespace is part of a value.
 */
function indentBody(body: string): string {
  const lines = body.split("\n");
  const literal = literalLines(body);
  const indents = lines
    .filter((line, i) => !literal.has(i) && line.trim() !== "")
    .map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;

  return lines.map((line, i) => {
    if (literal.has(i)) return line;
    if (line.trim() === "") return "";
    return `  ${line.slice(common)}`;
  }).join("\n");
}

function literalLines(body: string): Set<number> {
  const source = ts.createSourceFile("body.ts", wrap(body), ts.ScriptTarget.ES2022, true);
  const inside = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      // The wrapper adds one line before the body: wrapped line n is body line n - 1.
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.end).line;
      for (let line = start + 1; line <= end; line += 1) inside.add(line - 1);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return inside;
}

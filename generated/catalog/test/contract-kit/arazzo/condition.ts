// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * The small boolean language of Arazzo `simple` criteria, also used for
 * JSONPath filters: literals, operands, comparisons, `!`, `&&`, `||` and
 * parentheses. Operands are opaque here; the caller says how to read them,
 * so the same parser serves `$response.body#/id` and `@.price`.
 *
 * Comparisons are loose, as the specification asks: strings compare
 * without regard to letter case, and a number equals a string holding the
 * same number.
 */

export type ConditionNode =
  | { kind: "or" | "and"; left: ConditionNode; right: ConditionNode }
  | { kind: "not"; operand: ConditionNode }
  | { kind: "compare"; op: CompareOp; left: ConditionNode; right: ConditionNode }
  | { kind: "literal"; value: unknown }
  | { kind: "operand"; text: string }
  | { kind: "call"; name: string; args: ConditionNode[] };

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface ConditionSyntax {
  /** Characters that may start an operand, e.g. `$` or `$@`. */
  operandStart: string;
  /** Double quotes are JSONPath's; Arazzo literals use single quotes only. */
  doubleQuotes?: boolean;
  /** Function names allowed, e.g. JSONPath's `length`. */
  functions?: string[];
}

/** A read operand: `present` is false when it named nothing. */
export interface Operand {
  value: unknown;
  present: boolean;
  /** For JSONPath: every node the operand selected. */
  nodes?: unknown[];
}

export interface ConditionReader {
  operand(text: string): Operand;
  call?(name: string, args: Operand[]): Operand;
}

export class ConditionError extends Error {
  constructor(
    readonly condition: string,
    message: string,
  ) {
    super(message);
    this.name = "ConditionError";
  }
}

type Token =
  | { type: "op"; text: string; at: number }
  | { type: "literal"; value: unknown; at: number }
  | { type: "operand"; text: string; at: number }
  | { type: "name"; text: string; at: number };

const OPERATORS = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "(", ")", ","];
const STOP = new Set([" ", "\t", "\n", "\r", "(", ")", "!", "=", "<", ">", "&", "|", ","]);

export function parseCondition(condition: string, syntax: ConditionSyntax): ConditionNode {
  const tokens = tokenize(condition, syntax);
  const parser = new Parser(condition, tokens, syntax);
  const node = parser.or();
  parser.expectEnd();
  return node;
}

function tokenize(condition: string, syntax: ConditionSyntax): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < condition.length) {
    const ch = condition[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const token = readToken(condition, i, syntax);
    tokens.push(token.token);
    i = token.end;
  }
  return tokens;
}

function readToken(text: string, at: number, syntax: ConditionSyntax) {
  const ch = text[at]!;
  const op = OPERATORS.find((o) => text.startsWith(o, at));
  if (op) return { token: { type: "op", text: op, at } as Token, end: at + op.length };

  if (ch === "'" || (ch === '"' && syntax.doubleQuotes)) return readString(text, at, ch);

  const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
  if (number) {
    return { token: { type: "literal", value: Number(number[0]), at } as Token,
      end: at + number[0].length };
  }

  if (syntax.operandStart.includes(ch)) {
    const end = operandEnd(text, at);
    return { token: { type: "operand", text: text.slice(at, end), at } as Token, end };
  }

  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
  if (word) return { token: wordToken(word[0], at), end: at + word[0].length };
  throw new ConditionError(text, `unexpected "${ch}" at column ${at + 1}`);
}

function wordToken(word: string, at: number): Token {
  const literals: Record<string, unknown> = { true: true, false: false, null: null };
  return Object.hasOwn(literals, word)
    ? { type: "literal", value: literals[word], at }
    : { type: "name", text: word, at };
}

function readString(text: string, at: number, quote: string) {
  let value = "";
  let i = at + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote && text[i + 1] === quote) {
      value += quote;
      i += 2;
    } else if (ch === quote) {
      return { token: { type: "literal", value, at } as Token, end: i + 1 };
    } else if (ch === "\\" && quote === '"' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  throw new ConditionError(text, `unterminated string at column ${at + 1}`);
}

/** An operand runs to the next operator or space outside brackets and quotes. */
function operandEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === "[") {
      depth++;
    } else if (ch === "]") {
      depth--;
    } else if (depth === 0 && STOP.has(ch)) {
      break;
    }
  }
  return i;
}

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly syntax: ConditionSyntax,
  ) {}

  or(): ConditionNode {
    let left = this.and();
    while (this.takeOp("||")) left = { kind: "or", left, right: this.and() };
    return left;
  }

  and(): ConditionNode {
    let left = this.comparison();
    while (this.takeOp("&&")) left = { kind: "and", left, right: this.comparison() };
    return left;
  }

  comparison(): ConditionNode {
    const left = this.unary();
    const next = this.peek();
    if (next?.type !== "op" || !isCompareOp(next.text)) return left;

    this.index++;
    const right = this.unary();
    const after = this.peek();
    if (after?.type === "op" && isCompareOp(after.text)) {
      this.fail(after, "comparisons cannot be chained; use && between them");
    }
    return { kind: "compare", op: next.text, left, right };
  }

  /** `!` binds tighter than comparisons, as in most languages. */
  unary(): ConditionNode {
    if (this.takeOp("!")) return { kind: "not", operand: this.unary() };
    return this.primary();
  }

  primary(): ConditionNode {
    const token = this.tokens[this.index++];
    if (!token) return this.fail(undefined, "the condition ends too early");
    if (token.type === "literal") return { kind: "literal", value: token.value };
    if (token.type === "operand") return { kind: "operand", text: token.text };
    if (token.type === "name") return this.call(token);

    if (token.text !== "(") return this.fail(token, `unexpected "${token.text}"`);
    const inner = this.or();
    if (!this.takeOp(")")) this.fail(this.peek(), 'a ")" is missing');
    return inner;
  }

  call(token: Extract<Token, { type: "name" }>): ConditionNode {
    if (!this.syntax.functions?.includes(token.text) || !this.takeOp("(")) {
      return this.fail(token, `unknown word "${token.text}"; strings need single quotes`);
    }
    const args: ConditionNode[] = [];
    if (!this.takeOp(")")) {
      do args.push(this.or());
      while (this.takeOp(","));
      if (!this.takeOp(")")) this.fail(this.peek(), 'a ")" is missing');
    }
    return { kind: "call", name: token.text, args };
  }

  expectEnd(): void {
    const token = this.peek();
    if (token) this.fail(token, `unexpected "${tokenText(token)}"`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private takeOp(text: string): boolean {
    const token = this.peek();
    if (token?.type !== "op" || token.text !== text) return false;
    this.index++;
    return true;
  }

  private fail(token: Token | undefined, why: string): never {
    const where = token ? ` at column ${token.at + 1}` : "";
    throw new ConditionError(this.text, `${why}${where}`);
  }
}

function tokenText(token: Token): string {
  return token.type === "literal" ? JSON.stringify(token.value) : token.text;
}

function isCompareOp(text: string): text is CompareOp {
  return ["==", "!=", "<", "<=", ">", ">="].includes(text);
}

/** Evaluates a parsed condition; `truthy` decides what a bare operand means. */
export function evaluateCondition(
  node: ConditionNode,
  reader: ConditionReader,
  truthy: (operand: Operand) => boolean,
): boolean {
  const recurse = (n: ConditionNode) => evaluateCondition(n, reader, truthy);
  switch (node.kind) {
    case "or":
      return recurse(node.left) || recurse(node.right);
    case "and":
      return recurse(node.left) && recurse(node.right);
    case "not":
      return !recurse(node.operand);
    case "compare":
      return compare(node.op, read(node.left, reader, truthy), read(node.right, reader, truthy));
    default:
      return truthy(read(node, reader, truthy));
  }
}

function read(
  node: ConditionNode,
  reader: ConditionReader,
  truthy: (operand: Operand) => boolean,
): Operand {
  switch (node.kind) {
    case "literal":
      return { value: node.value, present: true };
    case "operand":
      return reader.operand(node.text);
    case "call":
      return callFunction(node, reader, truthy);
    default:
      return { value: evaluateCondition(node, reader, truthy), present: true };
  }
}

function callFunction(
  node: Extract<ConditionNode, { kind: "call" }>,
  reader: ConditionReader,
  truthy: (operand: Operand) => boolean,
): Operand {
  if (!reader.call) throw new ConditionError(node.name, `functions are not supported here`);
  return reader.call(node.name, node.args.map((arg) => read(arg, reader, truthy)));
}

export function compare(op: CompareOp, left: Operand, right: Operand): boolean {
  const a = left.present ? left.value : null;
  const b = right.present ? right.value : null;
  if (op === "==") return looseEquals(a, b);
  if (op === "!=") return !looseEquals(a, b);

  const order = looseOrder(a, b);
  if (order === undefined) return false;
  if (op === "<") return order < 0;
  if (op === "<=") return order <= 0;
  if (op === ">") return order > 0;
  return order >= 0;
}

export function looseEquals(a: unknown, b: unknown): boolean {
  a ??= null;
  b ??= null;
  if (a === null || b === null) return a === b;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === "number" || typeof b === "number") {
    const [x, y] = [asNumber(a), asNumber(b)];
    return x !== undefined && x === y;
  }
  if (typeof a === "boolean" || typeof b === "boolean") {
    return String(a).toLowerCase() === String(b).toLowerCase();
  }
  return canonical(a) === canonical(b);
}

/** Negative, zero or positive; undefined when the two cannot be ordered. */
export function looseOrder(a: unknown, b: unknown): number | undefined {
  const [x, y] = [asNumber(a), asNumber(b)];
  if (x !== undefined && y !== undefined) return x - y;
  if (typeof a === "string" && typeof b === "string") {
    const [p, q] = [a.toLowerCase(), b.toLowerCase()];
    return p < q ? -1 : p > q ? 1 : 0;
  }
  return undefined;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

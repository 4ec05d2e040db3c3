// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * A small JSONPath for `jsonpath` criteria: `$`, `.name`, `['name']`,
 * `[0]`, `[-1]`, `[1:3]`, `[*]`, `..name`, filters such as
 * `[?(@.price > 10 && @.tag == 'x')]` with the functions `length()`,
 * `count()` and `value()`. Anything else is refused by name rather than
 * guessed at.
 *
 * A condition is a query, optionally compared with a literal or another
 * query: `$.items[0].id == 'a'`, `$.items.length > 0`. A bare query holds
 * when it selects at least one node, as RFC 9535 filters do. `.length` on
 * an array or string that has no such member is its size, as in the
 * original JSONPath; `length(@)` is the RFC 9535 way to say it.
 */

import {
  ConditionError,
  evaluateCondition,
  parseCondition,
  type ConditionReader,
  type ConditionSyntax,
  type Operand,
} from "./condition.js";

export class JsonPathError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "JsonPathError";
  }
}

const SYNTAX: ConditionSyntax = {
  operandStart: "$@",
  doubleQuotes: true,
  functions: ["length", "count", "value"],
};

/** True when `condition` holds for the document `root`. */
export function testJsonPath(condition: string, root: unknown): boolean {
  const node = parseCondition(condition, SYNTAX);
  return evaluateCondition(node, reader(root, root), (operand) => operand.present);
}

/** Every node `path` selects from `root`. */
export function queryJsonPath(path: string, root: unknown, current: unknown = root): unknown[] {
  const start = path[0];
  if (start !== "$" && start !== "@") {
    throw new JsonPathError(path, `"${path}" must start with $ or @`);
  }
  let nodes = [start === "$" ? root : current];
  let i = 1;
  while (i < path.length) {
    const segment = readSegment(path, i);
    nodes = nodes.flatMap((node) => segment.apply(node, root));
    i = segment.end;
  }
  return nodes;
}

interface Segment {
  end: number;
  apply(node: unknown, root: unknown): unknown[];
}

function readSegment(path: string, at: number): Segment {
  if (path.startsWith("..", at)) return descendantSegment(path, at);
  if (path[at] === ".") {
    const name = /^[^.[\]]+/.exec(path.slice(at + 1))?.[0];
    if (!name) throw new JsonPathError(path, `a name is missing at column ${at + 2} of "${path}"`);
    return { end: at + 1 + name.length, apply: (node) => childNamed(node, name) };
  }
  if (path[at] === "[") return bracketSegment(path, at);
  throw new JsonPathError(path, `unexpected "${path[at]}" at column ${at + 1} of "${path}"`);
}

function descendantSegment(path: string, at: number): Segment {
  const inner = path[at + 2] === "[" ? bracketSegment(path, at + 2) : readSegment(path, at + 1);
  return {
    end: inner.end,
    apply: (node, root) => descendants(node).flatMap((d) => inner.apply(d, root)),
  };
}

function childNamed(node: unknown, name: string): unknown[] {
  if (name === "*") return children(node);
  if (isObject(node)) return Object.hasOwn(node, name) ? [node[name]] : [];
  if (name === "length" && (Array.isArray(node) || typeof node === "string")) return [node.length];
  return [];
}

function bracketSegment(path: string, at: number): Segment {
  const close = matchingBracket(path, at);
  const body = path.slice(at + 1, close).trim();
  if (body.startsWith("?")) return { end: close + 1, apply: filterSelector(body.slice(1)) };

  const selectors = splitTopLevel(body).map((s) => selector(path, s.trim()));
  return {
    end: close + 1,
    apply: (node, root) => selectors.flatMap((select) => select(node, root)),
  };
}

function selector(path: string, text: string): (node: unknown, root: unknown) => unknown[] {
  if (text === "*") return (node) => children(node);
  if (/^-?\d+$/.test(text)) return (node) => indexed(node, Number(text));
  if (/^'.*'$|^".*"$/s.test(text)) return (node) => childNamed(node, unquote(text));

  const slice = /^(-?\d+)?:(-?\d+)?$/.exec(text);
  if (slice) {
    return (node) => (Array.isArray(node) ? sliced(node, slice[1], slice[2]) : []);
  }
  throw new JsonPathError(path, `the selector "[${text}]" is not supported in "${path}"`);
}

function filterSelector(text: string): (node: unknown, root: unknown) => unknown[] {
  const condition = parseCondition(text.trim(), SYNTAX);
  return (node, root) =>
    children(node).filter((child) =>
      evaluateCondition(condition, reader(root, child), (operand) => operand.present),
    );
}

function reader(root: unknown, current: unknown): ConditionReader {
  return {
    operand(text: string): Operand {
      const nodes = queryJsonPath(text, root, current);
      const value = nodes.length === 1 ? nodes[0] : nodes;
      return { value, present: nodes.length > 0, nodes };
    },
    call: callFunction,
  };
}

function callFunction(name: string, args: Operand[]): Operand {
  const [arg] = args;
  if (args.length !== 1 || !arg) {
    throw new ConditionError(name, `${name}() takes exactly one argument`);
  }
  if (name === "count") return { value: arg.nodes?.length ?? 1, present: true };
  if (name === "value") return arg.nodes && arg.nodes.length !== 1 ? absent() : arg;

  const value = arg.nodes && arg.nodes.length !== 1 ? undefined : arg.value;
  if (typeof value === "string" || Array.isArray(value)) {
    return { value: value.length, present: true };
  }
  if (isObject(value)) return { value: Object.keys(value).length, present: true };
  return absent();
}

function absent(): Operand {
  return { value: null, present: false };
}

function children(node: unknown): unknown[] {
  if (Array.isArray(node)) return node;
  return isObject(node) ? Object.values(node) : [];
}

function descendants(node: unknown): unknown[] {
  return [node, ...children(node).flatMap(descendants)];
}

function indexed(node: unknown, index: number): unknown[] {
  if (!Array.isArray(node)) return [];
  const i = index < 0 ? node.length + index : index;
  return i >= 0 && i < node.length ? [node[i]] : [];
}

function sliced(node: unknown[], start?: string, end?: string): unknown[] {
  const from = start === undefined ? 0 : Number(start);
  return node.slice(from, end === undefined ? undefined : Number(end));
}

function matchingBracket(path: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < path.length; i++) {
    const ch = path[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === "[") {
      depth++;
    } else if (ch === "]" && --depth === 0) {
      return i;
    }
  }
  throw new JsonPathError(path, `a "]" is missing in "${path}"`);
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === ",") {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, "$1");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

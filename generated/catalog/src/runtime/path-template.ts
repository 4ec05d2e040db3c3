// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * OpenAPI path templates ("/users/{id}"): their Express 5 (path-to-regexp v8)
 * spelling, a matcher for the still-encoded parameter text, and the order in
 * which overlapping templates must be tried.
 */
import { setOwn } from "./set-own.js";

export type TemplateToken = { text: string } | { param: string };

const IDENTIFIER = /^[$_\p{ID_Start}][$\u200c\u200d\p{ID_Continue}]*$/u;
const PATH_TO_REGEXP_SPECIAL = /[{}()[\]+?!:*\\]/g;
const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

export function parseTemplate(template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let rest = template;

  while (rest !== "") {
    const open = rest.indexOf("{");
    if (open === -1) {
      tokens.push({ text: rest });
      break;
    }

    const close = rest.indexOf("}", open);
    if (close === -1 || close === open + 1) {
      throw new Error(`Path template "${template}" has an unclosed or empty "{"`);
    }
    if (open > 0) tokens.push({ text: rest.slice(0, open) });
    tokens.push({ param: rest.slice(open + 1, close) });
    rest = rest.slice(close + 1);
  }
  return tokens;
}

/** "/users/{user-id}/a+b" becomes '/users/:"user-id"/a\+b'. */
export function toExpressPath(template: string): string {
  return parseTemplate(template)
    .map((token) => ("text" in token ? escapeLiteral(token.text) : paramName(token.param)))
    .join("");
}

function escapeLiteral(text: string): string {
  return text.replace(PATH_TO_REGEXP_SPECIAL, "\\$&");
}

function paramName(name: string): string {
  if (IDENTIFIER.test(name)) return `:${name}`;
  return `:"${name.replace(/["\\]/g, "\\$&")}"`;
}

/**
 * Express hands out decoded parameters, which is too late to split
 * "a%2Cb,c" on its commas, so the runtime re-reads the raw text. The
 * expression follows Express's defaults: case-insensitive, optional trailing
 * slash.
 */
export function rawParamMatcher(
  template: string,
): (path: string) => Record<string, string> | undefined {
  const tokens = parseTemplate(template.length > 1 ? template.replace(/\/+$/, "") : template);
  const names = tokens.flatMap((token) => ("param" in token ? [token.param] : []));
  const source = tokens
    .map((token) => ("text" in token ? token.text.replace(REGEXP_SPECIAL, "\\$&") : "([^/]+)"))
    .join("");
  const pattern = new RegExp(`^${source}/?$`, "i");

  return (path) => {
    const match = pattern.exec(path);
    if (!match) return undefined;

    const values: Record<string, string> = {};
    names.forEach((name, index) => setOwn(values, name, match[index + 1] ?? ""));
    return values;
  };
}

/** Literal segments first (0), then text mixed with parameters (1), then bare parameters (2). */
function segmentRank(segment: string): number {
  if (!segment.includes("{")) return 0;
  return /^\{[^}]*\}$/.test(segment) ? 2 : 1;
}

function literalLength(segment: string): number {
  return segment.replace(/\{[^}]*\}/g, "").length;
}

/**
 * Orders templates so that a concrete path is tried before a templated one
 * that also matches it ("/users/me" before "/users/{id}"), as OpenAPI asks.
 * Segments compare left to right; the order is total, so the result does
 * not depend on the order the templates came in.
 */
export function compareTemplates(a: string, b: string): number {
  const left = a.split("/");
  const right = b.split("/");

  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = compareSegments(left[i] ?? "", right[i] ?? "");
    if (order !== 0) return order;
  }
  if (left.length !== right.length) return left.length - right.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareSegments(a: string, b: string): number {
  const byRank = segmentRank(a) - segmentRank(b);
  if (byRank !== 0) return byRank;
  return literalLength(b) - literalLength(a);
}

export function sortTemplates<T>(items: readonly T[], template: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareTemplates(template(a), template(b)));
}

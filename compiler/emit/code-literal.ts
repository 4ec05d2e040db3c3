/**
 * Prints plain data as a TypeScript expression, with stable key order.
 * `code(...)` marks a value that is an expression to print as is.
 */

const CODE = Symbol("code");

export interface Code {
  [CODE]: string;
}

export function code(expression: string): Code {
  return { [CODE]: expression };
}

export function literal(value: unknown, indent = ""): string {
  if (isCode(value)) return value[CODE];
  if (Array.isArray(value)) return arrayLiteral(value, indent);
  if (typeof value === "object" && value !== null) {
    return objectLiteral(value as Record<string, unknown>, indent);
  }
  return JSON.stringify(value) ?? "undefined";
}

function isCode(value: unknown): value is Code {
  return typeof value === "object" && value !== null && CODE in value;
}

function arrayLiteral(values: unknown[], indent: string): string {
  if (values.length === 0) return "[]";

  const inner = `${indent}  `;
  const flat = `[${values.map((v) => literal(v, inner)).join(", ")}]`;
  if (flat.length + indent.length < 80 && !flat.includes("\n")) return flat;
  return `[\n${values.map((v) => `${inner}${literal(v, inner)},\n`).join("")}${indent}]`;
}

function objectLiteral(value: Record<string, unknown>, indent: string): string {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length === 0) return "{}";

  const inner = `${indent}  `;
  const entries = keys.map((k) => `${key(k)}: ${literal(value[k], inner)}`);
  const flat = `{ ${entries.join(", ")} }`;
  if (flat.length + indent.length < 80 && !flat.includes("\n")) return flat;
  return `{\n${entries.map((e) => `${inner}${e},\n`).join("")}${indent}}`;
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

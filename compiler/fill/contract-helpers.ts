/**
 * What a hole's body may call. The runtime helpers are a fixed table rather
 * than read from the runtime's sources: the table is what fills are allowed
 * to depend on, and a test keeps it in step with `runtime/index.ts`.
 */

import { recordTypeName, repositoryKey } from "../emit/emit-repositories.js";
import { filterColumns } from "../emit/table-sql.js";
import { TypeNames } from "../emit/type-names.js";
import type {
  ColumnModel,
  OperationModel,
  ResourceModel,
  ServiceModel,
} from "../model/service-model.js";

/** The runtime functions a fill may import, in the order the prompt lists them. */
export const RUNTIME_HELPERS = [
  "HttpProblem",
  "hashPassword",
  "verifyPassword",
  "dummyVerify",
  "issueToken",
] as const;

export type RuntimeHelper = (typeof RUNTIME_HELPERS)[number];

const RUNTIME_TABLE = [
  '// from "../runtime/index.js"',
  "class HttpProblem extends Error { constructor(init: { status: number; title?: string; " +
    "detail?: string; type?: string; extensions?: Record<string, unknown>; " +
    "headers?: Record<string, string> }) }",
  "  // throw it to answer with an RFC 9457 problem document of that status",
  "function hashPassword(plain: string): Promise<string>;",
  "function verifyPassword(plain: string, encoded: string | null | undefined): Promise<boolean>;",
  "function dummyVerify(plain: string): Promise<false>;",
  "  // as slow as verifyPassword and always false: use it when there is no stored hash",
  "function issueToken(payload: { sub: string; scope?: string; [claim: string]: unknown }, " +
    "options?: { expiresIn?: number }): Promise<string>;",
  "  // an HS256 JWT this service's bearer routes accept; expiresIn in seconds, default 3600",
];

const CONTEXT_TABLE = [
  "// context: Context",
  "context.principal?: { scheme: string; subject: string; scopes: string[]; " +
    "claims: Record<string, unknown> }",
  "context.log: a pino Logger; context.signal: AbortSignal (the request was aborted)",
];

export function contractHelpers(model: ServiceModel, op: OperationModel): string {
  const names = new TypeNames(model.schemas);
  const repositories = model.resources.map((r) => repositoryMethods(r, names));

  return [
    RUNTIME_TABLE.join("\n"),
    [...CONTEXT_TABLE, securityLine(op)].join("\n"),
    ...repositories,
  ].join("\n\n");
}

function securityLine(op: OperationModel): string {
  if (op.security.length === 0) {
    return "This operation is open: context.principal is undefined.";
  }

  const alternatives = op.security.map((requirement) => Object.entries(requirement)
    .map(([scheme, scopes]) => (scopes.length > 0 ? `${scheme} (${scopes.join(" ")})` : scheme))
    .join(" + "));
  return `Secured by ${alternatives.join(" or ")}: the runtime checked the credentials ` +
    "before the handler runs, and context.principal is set (subject: the token's sub).";
}

function repositoryMethods(resource: ResourceModel, names: TypeNames): string {
  const record = recordTypeName(resource, names);
  const create = `S.${names.get(resource.name, "request")}`;
  const id = resource.columns.find((c) => c.property === resource.id)?.type === "integer"
    ? "number"
    : "string";
  const filters = filterColumns(resource).map((c) => filterName(resource, c)).join(", ");

  return [
    `context.repositories.${repositoryKey(resource)}: Repository<${record}, ${create}>`,
    `  insert(values: ${create}): Promise<${record}>`,
    `    // ${insertNote(resource)}; a duplicate unique value answers 409 by itself`,
    `  get(id: ${id}): Promise<${record} | undefined>`,
    `  findOne(filter: Partial<${record}>): Promise<${record} | undefined>`,
    `  list(options?: { filter?: Partial<${record}>; limit?: number; offset?: number; ` +
      `after?: ${id} }): Promise<{ items: ${record}[]; nextCursor?: string }>`,
    `    // filters compare for equality on: ${filters || "nothing"}`,
    `  update(id: ${id}, patch: Partial<${create}>): Promise<${record} | undefined>`,
    `  replace(id: ${id}, values: ${create}): Promise<${record} | undefined>`,
    `  delete(id: ${id}): Promise<boolean>`,
  ].join("\n");
}

function filterName(resource: ResourceModel, column: ColumnModel): string {
  const ignoreCase = resource.unique.some((u) =>
    u.ignoreCase && u.columns.includes(column.column));
  return ignoreCase ? `${column.property} (ignoring case)` : column.property;
}

function insertNote(resource: ResourceModel): string {
  const generated = resource.columns.filter((c) => c.generated).map((c) => c.property);
  const passwords = resource.columns.filter((c) => c.password).map((c) => c.property);
  const notes = [
    generated.length > 0 ? `sets ${generated.join(", ")}` : undefined,
    passwords.length > 0 ? `hashes ${passwords.join(", ")}` : undefined,
  ].filter((n): n is string => n !== undefined);
  return notes.length > 0 ? notes.join("; ") : "stores the values as given";
}

/**
 * Where a step's operation lives. The runner needs only the method and the
 * path template of each operationId, so any OpenAPI document, or anything
 * else that knows them, can supply a lookup.
 */

export interface OperationRef {
  method: string;
  /** An OpenAPI path template such as `/users/{id}`. */
  path: string;
}

export type OperationLookup = (operationId: string) => OperationRef | undefined;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** A lookup over the `paths` of a parsed OpenAPI 3.x document. */
export function operationLookup(openapi: unknown): OperationLookup {
  const table = new Map<string, OperationRef>();
  const paths = field(openapi, "paths");
  for (const [path, item] of Object.entries((paths ?? {}) as object)) {
    for (const method of METHODS) {
      const operationId = field(field(item, method), "operationId");
      if (typeof operationId === "string") table.set(operationId, { method, path });
    }
  }
  return (operationId) => table.get(operationId);
}

/** The method and path a `#/paths/~1users/post` pointer names. */
export function operationFromPointer(pointer: string): OperationRef | undefined {
  const tokens = pointer
    .replace(/^#/, "")
    .split("/")
    .slice(1)
    .map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~"));
  const [root, path, method] = tokens;
  if (tokens.length !== 3 || root !== "paths" || !path || !METHODS.includes(method ?? "")) {
    return undefined;
  }
  return { method: method!, path };
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as Record<string, unknown>)[key];
}

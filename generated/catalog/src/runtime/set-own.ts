// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Keys from requests and responses are data: assigning "__proto__" through
 * `target[key] = value` would replace the prototype instead.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

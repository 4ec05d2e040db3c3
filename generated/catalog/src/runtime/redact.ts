// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Removes writeOnly properties from a response body before it leaves, by
 * walking the value alongside a `RedactionShape`.
 */
import type { RedactionShape } from "./route.js";
import { setOwn } from "./set-own.js";

interface Walk {
  shapes: Readonly<Record<string, RedactionShape>>;
  /** Objects on the current path, to refuse cyclic data instead of recursing forever. */
  ancestors: WeakSet<object>;
}

/**
 * Returns a redacted copy of `value`; the input is never modified. Refs that
 * lead back to themselves without descending into the value are expanded
 * once, so circular shapes terminate.
 */
export function redact(
  value: unknown,
  shape: RedactionShape,
  shapes: Readonly<Record<string, RedactionShape>> = {},
): unknown {
  return apply(value, shape, { shapes, ancestors: new WeakSet() }, new Set());
}

function apply(
  value: unknown,
  shape: RedactionShape,
  walk: Walk,
  expanding: Set<string>,
): unknown {
  if (!isContainer(value)) return value;

  let result: unknown = value;
  const target = shape.ref === undefined ? undefined : walk.shapes[shape.ref];
  if (shape.ref !== undefined && target !== undefined && !expanding.has(shape.ref)) {
    result = apply(result, target, walk, new Set(expanding).add(shape.ref));
  }

  for (const member of shape.any ?? []) result = apply(result, member, walk, expanding);

  return descend(result, shape, walk);
}

/** Objects and arrays; values with toJSON (Date) serialize on their own terms. */
function isContainer(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  return typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

function descend(value: unknown, shape: RedactionShape, walk: Walk): unknown {
  if (!isContainer(value)) return value;
  if (walk.ancestors.has(value)) throw new TypeError("Cannot redact a circular value");

  walk.ancestors.add(value);
  try {
    if (Array.isArray(value)) return redactItems(value, shape, walk);
    return redactObject(value, shape, walk);
  } finally {
    walk.ancestors.delete(value);
  }
}

function redactItems(items: unknown[], shape: RedactionShape, walk: Walk): unknown[] {
  const itemShape = shape.items;
  if (itemShape === undefined) return [...items];
  return items.map((item) => apply(item, itemShape, walk, new Set()));
}

function redactObject(object: object, shape: RedactionShape, walk: Walk): Record<string, unknown> {
  const dropped = new Set(shape.drop ?? []);
  const properties = shape.properties ?? {};
  const result: Record<string, unknown> = {};

  for (const [key, child] of Object.entries(object)) {
    if (dropped.has(key)) continue;

    const childShape = Object.hasOwn(properties, key) ? properties[key] : shape.additional;
    const redacted = childShape === undefined ? child : apply(child, childShape, walk, new Set());
    setOwn(result, key, redacted);
  }
  return result;
}

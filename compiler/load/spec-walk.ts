import { joinPointer } from "../diagnostics.js";
import { isObject, type JsonObject } from "./refs.js";

/** Keys whose values are data, not spec: nothing inside them is a schema or a reference. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);

/** Maps whose keys are names chosen by the author, so a key `example` there is just a name. */
const NAME_MAPS = new Set([
  "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "schemas",
  "responses", "parameters", "headers", "securitySchemes", "securityDefinitions",
  "requestBodies", "links", "callbacks", "paths", "webhooks", "pathItems", "content",
  "encoding", "variables", "scopes",
]);

/**
 * Visits every object of the document that is spec rather than data: example, default and
 * enum values and `x-` extensions are skipped, except for references to Example Objects.
 * Knowing only key names, it is a heuristic, but one that holds for the meta-schemas' shapes.
 */
export function forEachSpecObject(
  doc: unknown,
  visit: (node: JsonObject, pointer: string) => void,
): void {
  const seen = new Set<object>();

  const walk = (node: unknown, pointer: string, keysAreNames: boolean): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    // YAML aliases share objects; each is visited once, where it is first met.
    seen.add(node);

    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, joinPointer(pointer, i), false));
      return;
    }

    const object = node as JsonObject;
    if (!keysAreNames) visit(object, pointer);
    for (const [key, child] of Object.entries(object)) {
      const childPointer = joinPointer(pointer, key);
      if (keysAreNames) walk(child, childPointer, false);
      else if (key === "examples" && isObject(child)) walkExampleRefs(child, childPointer, walk);
      else if (!key.startsWith("x-") && !DATA_KEYS.has(key)) {
        walk(child, childPointer, NAME_MAPS.has(key) && isObject(child));
      }
    }
  };

  walk(doc, "", false);
}

/** In a map of Example Objects only the references are spec; each `value` is data. */
function walkExampleRefs(
  examples: JsonObject,
  pointer: string,
  walk: (node: unknown, pointer: string, keysAreNames: boolean) => void,
): void {
  for (const [name, example] of Object.entries(examples)) {
    if (isObject(example) && "$ref" in example) walk(example, joinPointer(pointer, name), false);
  }
}

import { joinPointer } from "../diagnostics.js";
import type { Finding } from "./finding.js";
import { isObject, type JsonObject } from "./refs.js";
import { forEachSpecObject } from "./spec-walk.js";

/**
 * Finds what swagger2openapi changes when told to patch: things Swagger 2.0's meta-schema
 * lets through but OpenAPI 3.0 cannot say. Each becomes a warning, so patching is never silent.
 */
export function findSwagger2Patches(doc: JsonObject): Finding[] {
  const found: Finding[] = [];
  const warn = (message: string, pointer: string): void => {
    found.push({ code: "converted-with-patch", severity: "warning", message, pointer });
  };

  forEachSpecObject(doc, (node, pointer) => {
    if (Array.isArray(node.type)) {
      const message =
        `type ${JSON.stringify(node.type)} is a list, which OpenAPI 3.0 cannot express: ` +
        `converted to one type with nullable or a oneOf`;
      warn(message, joinPointer(pointer, "type"));
    }
    const isParameterOrHeader = "in" in node || /\/headers\/[^/]+$/.test(pointer);
    if (node.collectionFormat !== undefined && node.type !== "array" && isParameterOrHeader) {
      const message = "collectionFormat applies only to arrays: dropped";
      warn(message, joinPointer(pointer, "collectionFormat"));
    }
    if (node.type === "oauth2" && node.name !== undefined && "flow" in node) {
      warn("an oauth2 security scheme has no 'name': dropped", joinPointer(pointer, "name"));
    }
    if (isObject(node.headers) && "description" in node) statusCodeHeaders(node, pointer, warn);
  });

  return found;
}

function statusCodeHeaders(
  response: JsonObject,
  pointer: string,
  warn: (message: string, pointer: string) => void,
): void {
  for (const name of Object.keys(response.headers as JsonObject)) {
    if (name.toLowerCase() !== "status code") continue;
    warn(`"${name}" is not a response header: dropped`, joinPointer(pointer, "headers", name));
  }
}

import { joinPointer } from "../diagnostics.js";
import type { SpecVersion } from "./loaded-spec.js";
import { isObject, resolveRefs, type JsonObject } from "./refs.js";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export interface PathItemSite {
  kind: "path" | "webhook";
  /** The path template, or the webhook's name. */
  key: string;
  /** Where the key is: `/paths/<key>`. */
  keyPointer: string;
  /** Where the path item's content is, after following a `$ref`. */
  pointer: string;
  item: JsonObject;
}

export interface OperationSite {
  pathItem: PathItemSite;
  method: string;
  pointer: string;
  operation: JsonObject;
}

export interface ParameterSite {
  /** The list entry, which may be a `$ref`. */
  entryPointer: string;
  /** The parameter itself, after following `$ref`s. */
  pointer: string;
  parameter: JsonObject;
}

/** Path items under `paths` and, for 3.1, `webhooks`. */
export function pathItems(doc: JsonObject, version: SpecVersion): PathItemSite[] {
  const sections: Array<[PathItemSite["kind"], string]> = [["path", "paths"]];
  if (version === "3.1") sections.push(["webhook", "webhooks"]);

  return sections.flatMap(([kind, section]) => {
    const items = doc[section];
    if (!isObject(items)) return [];
    return Object.entries(items).flatMap(([key, value]) => {
      if (key.startsWith("x-")) return [];
      const keyPointer = joinPointer("", section, key);
      const found = resolveRefs(doc, { value, pointer: keyPointer });
      if (!found || !isObject(found.value)) return [];
      return [{ kind, key, keyPointer, pointer: found.pointer, item: found.value }];
    });
  });
}

export function operationsOf(pathItem: PathItemSite): OperationSite[] {
  return HTTP_METHODS.flatMap((method) => {
    const operation = pathItem.item[method];
    if (!isObject(operation)) return [];
    return [{ pathItem, method, pointer: joinPointer(pathItem.pointer, method), operation }];
  });
}

/** The parameters listed at `listPointer`, each resolved to its definition. */
export function parametersAt(
  doc: JsonObject,
  list: unknown,
  listPointer: string,
): ParameterSite[] {
  if (!Array.isArray(list)) return [];

  return list.flatMap((value, index) => {
    const entryPointer = joinPointer(listPointer, index);
    const found = resolveRefs(doc, { value, pointer: entryPointer });
    if (!found || !isObject(found.value)) return [];
    return [{ entryPointer, pointer: found.pointer, parameter: found.value }];
  });
}

export function pathItemParameters(doc: JsonObject, site: PathItemSite): ParameterSite[] {
  return parametersAt(doc, site.item.parameters, joinPointer(site.pointer, "parameters"));
}

export function operationParameters(doc: JsonObject, site: OperationSite): ParameterSite[] {
  return parametersAt(doc, site.operation.parameters, joinPointer(site.pointer, "parameters"));
}

/** Names in a path template: `/pets/{petId}` has `petId`. */
export function templateNames(template: string): string[] {
  return [...template.matchAll(/\{([^{}/]+)\}/g)].map((m) => m[1]!);
}

export function describeOperation(site: OperationSite): string {
  return `${site.method.toUpperCase()} ${site.pathItem.key}`;
}

import { joinPointer } from "../diagnostics.js";
import { finding, type Finding } from "./finding.js";
import type { SpecVersion } from "./loaded-spec.js";
import {
  describeOperation,
  operationParameters,
  operationsOf,
  pathItemParameters,
  pathItems,
  templateNames,
  type OperationSite,
  type ParameterSite,
  type PathItemSite,
} from "./operations.js";
import { isObject, type JsonObject } from "./refs.js";
import { findRemoteRefs } from "./remote-refs.js";

/** What every rule sees: the bundled document before any conversion, so 2.0 and 3.x alike. */
interface RuleContext {
  doc: JsonObject;
  pathItems: PathItemSite[];
  operations: OperationSite[];
}

type Rule = (ctx: RuleContext) => Finding[];

const RESPONSE_CODE = /^(default|[1-5]\d\d|[1-5]XX)$/;

/** Rules the meta-schemas cannot express. Each returns every problem it finds. */
const RULES: Rule[] = [
  uniqueOperationIds,
  templateParamsDeclared,
  pathParamsRequired,
  declaredPathParamsInTemplate,
  noDuplicateParameters,
  validResponseCodes,
  distinctPathTemplates,
  noRemoteRefs,
];

export function checkSemantics(doc: JsonObject, version: SpecVersion): Finding[] {
  const items = pathItems(doc, version);
  const ctx = { doc, pathItems: items, operations: items.flatMap(operationsOf) };
  return unique(RULES.flatMap((rule) => rule(ctx)));
}

function uniqueOperationIds(ctx: RuleContext): Finding[] {
  const first = new Map<string, OperationSite>();

  return ctx.operations.flatMap((site) => {
    const id = site.operation.operationId;
    if (typeof id !== "string") return [];
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, site);
      return [];
    }
    const message =
      `operationId "${id}" of ${describeOperation(site)} is already used by ` +
      `${describeOperation(earlier)} (#${earlier.pointer})`;
    return [finding("duplicate-operation-id", message, joinPointer(site.pointer, "operationId"))];
  });
}

function templateParamsDeclared(ctx: RuleContext): Finding[] {
  return pathOperations(ctx).flatMap((site) => {
    const declared = new Set(effectivePathParams(ctx, site).map((p) => p.parameter.name));
    return templateNames(site.pathItem.key)
      .filter((name) => !declared.has(name))
      .map((name) => {
        const message =
          `path parameter {${name}} of ${describeOperation(site)} is not declared: ` +
          `add a parameter with name "${name}" and in: path`;
        return finding("path-param-undeclared", message, site.pointer);
      });
  });
}

function pathParamsRequired(ctx: RuleContext): Finding[] {
  return allParameterLists(ctx)
    .flat()
    .filter((p) => p.parameter.in === "path" && p.parameter.required !== true)
    .map((p) => {
      const message = `path parameter "${String(p.parameter.name)}" must have required: true`;
      const pointer = "required" in p.parameter ? joinPointer(p.pointer, "required") : p.pointer;
      return finding("path-param-not-required", message, pointer);
    });
}

function declaredPathParamsInTemplate(ctx: RuleContext): Finding[] {
  return ctx.pathItems
    .filter((item) => item.kind === "path")
    .flatMap((item) => {
      const names = new Set(templateNames(item.key));
      const lists = [pathItemParameters(ctx.doc, item)];
      for (const site of operationsOf(item)) lists.push(operationParameters(ctx.doc, site));
      return lists
        .flat()
        .filter((p) => p.parameter.in === "path" && !names.has(String(p.parameter.name)))
        .map((p) => {
          const name = String(p.parameter.name);
          const message = `path parameter "${name}" does not appear in "${item.key}"`;
          return finding("path-param-not-in-template", message, p.entryPointer);
        });
    });
}

function noDuplicateParameters(ctx: RuleContext): Finding[] {
  return allParameterLists(ctx).flatMap((list) => {
    const first = new Map<string, ParameterSite>();
    return list.flatMap((p) => {
      const key = parameterKey(p);
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, p);
        return [];
      }
      const { name, in: location } = p.parameter;
      const message =
        `duplicate parameter "${String(name)}" in ${String(location)}: ` +
        `already listed at #${earlier.entryPointer}`;
      return [finding("duplicate-parameter", message, p.entryPointer)];
    });
  });
}

function validResponseCodes(ctx: RuleContext): Finding[] {
  return ctx.operations.flatMap((site) => {
    const responses = site.operation.responses;
    if (!isObject(responses)) return [];
    return Object.keys(responses)
      .filter((code) => !code.startsWith("x-") && !RESPONSE_CODE.test(code))
      .map((code) => {
        const message =
          `"${code}" is not a response code: use "default", a status from 100 to 599, ` +
          `or a range 1XX to 5XX`;
        return finding("response-code", message, joinPointer(site.pointer, "responses", code));
      });
  });
}

/**
 * Templates that differ only in parameter names match the same requests. When
 * they share a method no server can tell the operations apart: an error. When
 * their methods differ each request still reaches one operation: a warning.
 */
function distinctPathTemplates(ctx: RuleContext): Finding[] {
  const first = new Map<string, PathItemSite>();

  return ctx.pathItems
    .filter((item) => item.kind === "path")
    .flatMap((item) => {
      const shape = item.key.replace(/\{[^{}/]+\}/g, "{}");
      const earlier = first.get(shape);
      if (!earlier) {
        first.set(shape, item);
        return [];
      }

      const shared = methodsOf(ctx, item).filter((m) => methodsOf(ctx, earlier).includes(m));
      const base = `"${item.key}" matches the same requests as "${earlier.key}"`;
      if (shared.length > 0) {
        const message = `${base} and both define ${shared.join(", ").toUpperCase()}: ` +
          "path templates may not differ only in parameter names";
        return [finding("path-template-conflict", message, item.keyPointer)];
      }
      const message = `${base}; their methods differ, so each request still reaches one ` +
        "operation, but the templates should be merged";
      return [{ ...finding("path-template-alias", message, item.keyPointer),
        severity: "warning" as const }];
    });
}

function methodsOf(ctx: RuleContext, item: PathItemSite): string[] {
  return ctx.operations.filter((site) => site.pathItem === item).map((site) => site.method);
}

function noRemoteRefs(ctx: RuleContext): Finding[] {
  return findRemoteRefs(ctx.doc).map(({ pointer, ref }) => {
    const message = `$ref "${ref}" is remote: only local files are read when building`;
    return finding("ref-remote", message, joinPointer(pointer, "$ref"));
  });
}

function pathOperations(ctx: RuleContext): OperationSite[] {
  return ctx.operations.filter((site) => site.pathItem.kind === "path");
}

/** Path-level parameters apply unless the operation lists one with the same name and in. */
function effectivePathParams(ctx: RuleContext, site: OperationSite): ParameterSite[] {
  const own = operationParameters(ctx.doc, site);
  const overridden = new Set(own.map(parameterKey));
  const inherited = pathItemParameters(ctx.doc, site.pathItem).filter(
    (p) => !overridden.has(parameterKey(p)),
  );
  return [...own, ...inherited].filter((p) => p.parameter.in === "path");
}

/** Every parameter list once: each path item's own, and each operation's. */
function allParameterLists(ctx: RuleContext): ParameterSite[][] {
  return [
    ...ctx.pathItems.map((item) => pathItemParameters(ctx.doc, item)),
    ...ctx.operations.map((site) => operationParameters(ctx.doc, site)),
  ];
}

/** Header names are case-insensitive in HTTP, so `X-Id` and `x-id` are the same header. */
function parameterKey(p: ParameterSite): string {
  const name = String(p.parameter.name);
  const location = String(p.parameter.in);
  return `${location}:${location === "header" ? name.toLowerCase() : name}`;
}

/** A shared parameter (one `$ref`, many users) is reported once, at its definition. */
function unique(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.code} ${f.pointer}`;
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()];
}

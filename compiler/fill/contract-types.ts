/**
 * The TypeScript a hole's body can see: its input and result types as
 * `src/operations.ts` declares them, the repository record types, and the
 * schema types those reach. Only referenced types are shown, so the prompt
 * stays small for services with many schemas.
 */

import { ts } from "ts-morph";

import {
  emitOperationTypes,
  inputTypeName,
  resultTypeName,
} from "../emit/emit-operation-types.js";
import { recordTypeName, repositoryKey } from "../emit/emit-repositories.js";
import { propertyKey, schemaToType, type Direction } from "../emit/schema-to-type.js";
import { SourcePrinter } from "../emit/source-printer.js";
import { TypeNames } from "../emit/type-names.js";
import type {
  NamedSchema,
  OperationModel,
  ResourceModel,
  ServiceModel,
} from "../model/service-model.js";

/** How many references deep schema types are expanded; deeper ones are only named. */
export const MAX_TYPE_DEPTH = 4;

interface SchemaType {
  schema: NamedSchema;
  direction: Direction;
}

const OPERATIONS_HEADING = '// from "../operations.js"';
const REPOSITORIES_HEADING = '// from "../repositories.js"';
const SCHEMAS_HEADING = '// from "../schemas.js", imported as S';

let printer: SourcePrinter | undefined;

export function contractTypes(model: ServiceModel, op: OperationModel): string {
  const names = new TypeNames(model.schemas);
  const operationTypes = operationDeclarations(model, op, names);
  const records = model.resources.map((r) => recordDeclaration(r, names));
  const repositories = repositoriesDeclaration(model, names);

  const roots = [...operationTypes, ...records, repositories ?? ""].join("\n");
  const schemaTypes = schemaDeclarations(model.schemas, names, roots);

  const sections = [
    [OPERATIONS_HEADING, context(model), ...operationTypes],
    records.length > 0 ? [REPOSITORIES_HEADING, ...records, repositories!] : [],
    schemaTypes.length > 0 ? [SCHEMAS_HEADING, ...schemaTypes] : [],
  ];
  return sections.filter((s) => s.length > 0).map((s) => s.join("\n")).join("\n\n");
}

function context(model: ServiceModel): string {
  return model.resources.length > 0
    ? "type Context = HandlerContext<Repositories>;"
    : "type Context = HandlerContext<Record<string, never>>;";
}

/** Printed by the real emitter, so the contract shows what the handler compiles against. */
function operationDeclarations(model: ServiceModel, op: OperationModel, names: TypeNames) {
  printer ??= new SourcePrinter();
  const file = emitOperationTypes({ ...model, operations: [op] }, names, printer);
  const source = ts.createSourceFile("operations.ts", file.content, ts.ScriptTarget.ES2022);

  return [inputTypeName(op), resultTypeName(op)].map((name) => {
    const alias = source.statements.find((s): s is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(s) && s.name.text === name);
    if (!alias) throw new Error(`operation types have no declaration of ${name}`);
    const type = alias.type.getText(source);
    return `type ${name} =${type.startsWith("|") ? "\n  " : " "}${type};`;
  });
}

function recordDeclaration(resource: ResourceModel, names: TypeNames): string {
  const print = { direction: "response" as const,
    reference: (name: string) => `S.${names.get(name, "response")}` };
  const members = resource.columns.map((c) => {
    const optional = c.required || c.generated ? "" : "?";
    return `${propertyKey(c.property)}${optional}: ${schemaToType(c.schema, print)};`;
  });
  return `type ${recordTypeName(resource, names)} = { ${members.join(" ")} };`;
}

function repositoriesDeclaration(model: ServiceModel, names: TypeNames): string | undefined {
  if (model.resources.length === 0) return undefined;

  const members = model.resources.map((r) =>
    `${repositoryKey(r)}: Repository<${recordTypeName(r, names)}, ` +
      `S.${names.get(r.name, "request")}>;`);
  return `interface Repositories { ${members.join(" ")} }`;
}

/** Breadth first from the roots, so the nearest types are kept when the depth cap cuts. */
function schemaDeclarations(schemas: NamedSchema[], names: TypeNames, roots: string): string[] {
  const byTypeName = typeNameIndex(schemas, names);
  const shown = new Map<string, string>();
  const cut = new Set<string>();
  let frontier = referencedTypes(roots);

  for (let depth = 1; frontier.length > 0; depth += 1) {
    const next: string[] = [];
    for (const typeName of frontier) {
      const found = byTypeName.get(typeName);
      if (!found || shown.has(typeName)) continue;
      if (depth > MAX_TYPE_DEPTH) {
        cut.add(typeName);
        continue;
      }

      const declaration = schemaDeclaration(typeName, found, names);
      shown.set(typeName, declaration);
      next.push(...referencedTypes(declaration));
    }
    frontier = next;
  }

  const lines = [...shown.keys()].sort().map((name) => `  ${shown.get(name)!}`);
  if (cut.size > 0) lines.push(`  // deeper types not shown: ${[...cut].sort().join(", ")}`);
  return lines.length > 0 ? ["namespace S {", ...lines, "}"] : [];
}

function typeNameIndex(schemas: NamedSchema[], names: TypeNames): Map<string, SchemaType> {
  const index = new Map<string, SchemaType>();
  for (const schema of schemas) {
    index.set(names.get(schema.name, "response"), { schema, direction: "response" });
    if (names.hasRequestVariant(schema.name)) {
      index.set(names.get(schema.name, "request"), { schema, direction: "request" });
    }
  }
  return index;
}

function schemaDeclaration(typeName: string, found: SchemaType, names: TypeNames): string {
  const type = schemaToType(found.schema.schema, {
    direction: found.direction,
    reference: (name, direction) => `S.${names.get(name, direction)}`,
  });
  return `type ${typeName} = ${type};`;
}

function referencedTypes(text: string): string[] {
  const found = [...text.matchAll(/\bS\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!);
  return [...new Set(found)];
}

/** The record types a contract's types declare, which a fill may import from repositories.js. */
export function recordTypeNames(types: string): string[] {
  const start = types.indexOf(REPOSITORIES_HEADING);
  if (start < 0) return [];

  const section = types.slice(start).split("\n\n")[0]!;
  return [...section.matchAll(/^type ([A-Za-z_$][\w$]*) =/gm)].map((m) => m[1]!);
}

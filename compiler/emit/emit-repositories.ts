/**
 * `src/repositories.ts` and `src/migrations.ts`: for each resource, its
 * record type, its table definition with compiled SQL, and the migrations
 * that create the table.
 */

import type { ResourceModel, ServiceModel } from "../model/service-model.js";
import { literal } from "./code-literal.js";
import { propertyKey, schemaToType } from "./schema-to-type.js";
import type { OutputFile, SourcePrinter } from "./source-printer.js";
import { filterColumns, tableMigrations, tableStatements } from "./table-sql.js";
import type { TypeNames } from "./type-names.js";

export function repositoryKey(resource: ResourceModel): string {
  return resource.table.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function recordTypeName(resource: ResourceModel, names: TypeNames): string {
  return `${names.get(resource.name, "response")}Record`;
}

export function emitRepositories(
  model: ServiceModel,
  names: TypeNames,
  printer: SourcePrinter,
): OutputFile[] {
  const statements: string[] = [
    'import type { Database } from "./runtime/database.js";',
    'import { Repository, type TableDefinition } from "./runtime/repository.js";',
    'import type * as S from "./schemas.js";',
  ];

  for (const resource of model.resources) {
    statements.push("", recordType(resource, names), "", tableDefinition(resource));
  }

  const members = model.resources.map((r) =>
    `  ${repositoryKey(r)}: Repository<${recordTypeName(r, names)}, ` +
      `S.${names.get(r.name, "request")}>;`);
  const made = model.resources.map((r) =>
    `    ${repositoryKey(r)}: new Repository(database, ${tableConstant(r)}),`);
  statements.push(
    "",
    `export interface Repositories {\n${members.join("\n")}\n}`,
    "",
    "export function createRepositories(database: Database): Repositories {\n" +
      `  return {\n${made.join("\n")}\n  };\n}`,
  );

  return [
    printer.print("src/repositories.ts", statements),
    printer.print("src/migrations.ts", [
      'import type { Migration } from "./runtime/route.js";',
      "",
      "/** Forward-only: applied once each, in this order, and recorded in the database. */",
      `export const migrations: Migration[] = ${literal(model.resources.flatMap(tableMigrations))};`,
    ]),
  ];
}

function tableConstant(resource: ResourceModel): string {
  return `${repositoryKey(resource)}Table`;
}

function recordType(resource: ResourceModel, names: TypeNames): string {
  const printer = { direction: "response" as const,
    reference: (name: string) => `S.${names.get(name, "response")}` };
  const members = resource.columns.map((c) => {
    const optional = c.required || c.generated ? "" : "?";
    return `  ${propertyKey(c.property)}${optional}: ${schemaToType(c.schema, printer)};`;
  });
  return `/** A stored ${resource.name}: every column, write-only ones included. */\n` +
    `export type ${recordTypeName(resource, names)} = {\n${members.join("\n")}\n};`;
}

function tableDefinition(resource: ResourceModel): string {
  const definition = {
    table: resource.table,
    id: resource.id,
    columns: resource.columns.map((c) => ({
      property: c.property,
      column: c.column,
      type: c.type,
      password: c.password || undefined,
      generated: c.generated,
      default: c.default,
      nullable: isNullable(c.schema) || undefined,
    })),
    filters: filterColumns(resource).map((c) => c.property),
    statements: tableStatements(resource),
  };
  return `const ${tableConstant(resource)}: TableDefinition = ${literal(definition)};`;
}

function isNullable(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false;
  const type = (schema as { type?: unknown }).type;
  return Array.isArray(type) && type.includes("null");
}

/** `src/schemas.ts`: one exported type per named schema. */

import { StructureKind, type TypeAliasDeclarationStructure } from "ts-morph";

import type { NamedSchema } from "../model/service-model.js";
import { schemaToType, type Direction } from "./schema-to-type.js";
import { docText, type OutputFile, type SourcePrinter } from "./source-printer.js";
import type { TypeNames } from "./type-names.js";

export function emitSchemaTypes(
  schemas: NamedSchema[],
  names: TypeNames,
  printer: SourcePrinter,
): OutputFile {
  const aliases: TypeAliasDeclarationStructure[] = [];

  for (const schema of schemas) {
    aliases.push(alias(schema, names, "response"));
    if (names.hasRequestVariant(schema.name)) aliases.push(alias(schema, names, "request"));
  }

  aliases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const statements = aliases.length > 0 ? aliases : ["export {};"];
  return printer.print("src/schemas.ts", statements);
}

function alias(
  schema: NamedSchema,
  names: TypeNames,
  direction: Direction,
): TypeAliasDeclarationStructure {
  const type = schemaToType(schema.schema, {
    direction,
    reference: (name, dir) => names.get(name, dir),
  });
  const description = typeof schema.schema === "object"
    ? docText(String(schema.schema.description ?? schema.schema.title ?? ""))
    : undefined;
  const side = direction === "request" ? "As sent in requests." : undefined;
  const docs = [description, side].filter((d): d is string => d !== undefined).join("\n\n");

  return {
    kind: StructureKind.TypeAlias,
    name: names.get(schema.name, direction),
    isExported: true,
    type,
    docs: docs === "" ? [] : [docs],
  };
}

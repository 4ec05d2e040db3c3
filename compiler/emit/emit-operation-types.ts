/**
 * `src/operations.ts`: for each operation, the type of its validated input
 * and the union of the responses the spec documents.
 */

import type {
  MediaModel,
  OperationModel,
  ParameterLocation,
  ResponseModel,
  ServiceModel,
} from "../model/service-model.js";
import { bodyKind } from "./request-schemas.js";
import { propertyKey, schemaToType, type Direction } from "./schema-to-type.js";
import { docText, type OutputFile, type SourcePrinter } from "./source-printer.js";
import type { TypeNames } from "./type-names.js";

const LOCATIONS: ParameterLocation[] = ["path", "query", "header", "cookie"];
const RANGES = ["1XX", "2XX", "3XX", "4XX", "5XX"];

export function inputTypeName(op: OperationModel): string {
  return `${capitalise(op.id)}Input`;
}

export function resultTypeName(op: OperationModel): string {
  return `${capitalise(op.id)}Result`;
}

function capitalise(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

export function emitOperationTypes(
  model: ServiceModel,
  names: TypeNames,
  printer: SourcePrinter,
): OutputFile {
  const types = (direction: Direction) => ({
    direction,
    reference: (name: string, dir: Direction) => `S.${names.get(name, dir)}`,
  });
  const statements: string[] = [
    'import type { HandlerContext } from "./runtime/route.js";',
    ...(model.resources.length > 0
      ? ['import type { Repositories } from "./repositories.js";']
      : []),
    'import type * as S from "./schemas.js";',
    "",
    "/** What every handler receives besides its input. */",
    model.resources.length > 0
      ? "export type Context = HandlerContext<Repositories>;"
      : "export type Context = HandlerContext<Record<string, never>>;",
    "",
    ...RANGES.map((range) => statusRange(range)),
  ];

  for (const op of model.operations) {
    statements.push(inputType(op, (s) => schemaToType(s, types("request"))));
    statements.push(resultType(op, (s) => schemaToType(s, types("response"))));
  }

  return printer.print("src/operations.ts", statements);
}

type Print = (schema: MediaModel["schema"]) => string;

function statusRange(range: string): string {
  const first = Number(range[0]) * 100;
  const codes = Array.from({ length: 100 }, (_, i) => first + i);
  return `export type Status${range} = ${codes.join(" | ")};`;
}

function inputType(op: OperationModel, print: Print): string {
  const parts = LOCATIONS.map((location) => {
    const params = op.parameters.filter((p) => p.in === location);
    if (params.length === 0) return `  ${location}: Record<string, never>;`;
    const members = params.map((p) => {
      const doc = p.description ? `/** ${oneLine(p.description)} */ ` : "";
      return `${doc}${propertyKey(p.name)}${p.required ? "" : "?"}: ${print(p.schema)};`;
    });
    return `  ${location}: { ${members.join(" ")} };`;
  });

  const docs = operationDocs(op);
  const base = `{\n${parts.join("\n")}\n}`;
  const body = bodyVariants(op, print);
  return `${docs}export type ${inputTypeName(op)} = ${base}${body ? ` & (${body})` : ""};`;
}

function bodyVariants(op: OperationModel, print: Print): string | undefined {
  if (!op.body) return undefined;

  const variants = op.body.media
    .filter((media) => bodyKind(media.type) !== undefined)
    .map((media) => {
      const type = bodyKind(media.type) === "text" ? "string" : print(media.schema);
      return `{ contentType: ${JSON.stringify(media.type)}; body: ${type} }`;
    });
  if (!op.body.required || variants.length === 0) {
    variants.push("{ contentType?: undefined; body?: undefined }");
  }
  return variants.join(" | ");
}

function resultType(op: OperationModel, print: Print): string {
  const variants = op.responses.flatMap((response) => responseVariants(response, print));
  const union = variants.length > 0 ? variants.map((v) => `\n  | ${v}`).join("") : " never";
  return `export type ${resultTypeName(op)} =${union};`;
}

function responseVariants(response: ResponseModel, print: Print): string[] {
  const status = statusType(response.status);
  const headers = headersType(response, print);

  if (response.media.length === 0) {
    return [`{ status: ${status}; body?: undefined${headers} }`];
  }

  return response.media.map((media, index) => {
    const body = bodyKind(media.type) === "text" ? "string" : print(media.schema);
    const isDefault = index === 0 && bodyKind(media.type) === "json";
    const contentType = `contentType${isDefault ? "?" : ""}: ${JSON.stringify(media.type)}`;
    return `{ status: ${status}; ${contentType}; body: ${body}${headers} }`;
  });
}

function statusType(status: string): string {
  if (status === "DEFAULT") return "number";
  if (RANGES.includes(status)) return `Status${status}`;
  return status;
}

function headersType(response: ResponseModel, print: Print): string {
  if (response.headers.length === 0) return "";

  const members = response.headers.map(
    (h) => `${propertyKey(h.name)}${h.required ? "" : "?"}: ${print(h.schema)};`,
  );
  const optional = response.headers.every((h) => !h.required) ? "?" : "";
  return `; headers${optional}: { ${members.join(" ")} [name: string]: unknown }`;
}

function operationDocs(op: OperationModel): string {
  const lines = [
    docText(op.summary),
    `${op.method.toUpperCase()} ${op.path}`,
    docText(op.description),
    op.deprecated ? "@deprecated" : undefined,
  ].filter((l): l is string => l !== undefined);
  const body = lines.join("\n\n").split("\n").map((l) => ` *${l ? ` ${l}` : ""}`).join("\n");
  return `/**\n${body}\n */\n`;
}

export { operationDocs };

function oneLine(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();
}

/**
 * Finds the resources a spec stores and the operations that are plain CRUD
 * on them. Inference reads the shape of paths and bodies; the `x-spec2svc-`
 * extensions declare what inference cannot settle. An operation that is not
 * plain stays a hole: compiling a guess would be worse than asking.
 */

import { getByPointer } from "./document-walk.js";
import { isObject } from "./schema-dialect.js";
import { defName } from "./schema-walk.js";
import type {
  ColumnModel,
  ColumnType,
  CrudAction,
  CrudModel,
  JsonSchema,
  NamedSchema,
  OperationModel,
  PageModel,
  ResourceModel,
  ResponseModel,
  UniqueModel,
} from "./service-model.js";

export const EXTENSION = "x-spec2svc";

type Schema = { [keyword: string]: unknown };

interface ResourceContext {
  document: Record<string, unknown>;
  schemas: NamedSchema[];
  warn(code: string, message: string, pointer: string): void;
}

interface Candidate {
  schema: NamedSchema;
  collection: string;
  pointer: string;
}

export function findResources(
  ctx: ResourceContext,
  operations: OperationModel[],
): { resources: ResourceModel[]; operations: OperationModel[] } {
  const candidates = resourceCandidates(ctx, operations);
  const resources: ResourceModel[] = [];
  const collections = new Map<string, string>();

  for (const candidate of candidates) {
    const resource = buildResource(ctx, candidate, operations);
    if (!resource) continue;
    resources.push(resource);
    collections.set(candidate.collection, resource.name);
  }

  const byName = new Map(resources.map((r) => [r.name, r]));
  const compiled = operations.map((op) => {
    const name = collections.get(collectionOf(op.path));
    const resource = name ? byName.get(name) : undefined;
    const crud = resource && !optedOut(ctx, op) ? crudOf(ctx, op, resource) : undefined;
    return crud ? { ...op, crud } : op;
  });
  return { resources: resources.sort((a, b) => (a.name < b.name ? -1 : 1)), operations: compiled };
}

/** Schemas stored through a collection: declared, or created by a POST that returns them. */
function resourceCandidates(ctx: ResourceContext, operations: OperationModel[]): Candidate[] {
  const found = new Map<string, Candidate[]>();
  const add = (candidate: Candidate) => {
    const list = found.get(candidate.schema.name) ?? [];
    if (!list.some((c) => c.collection === candidate.collection)) list.push(candidate);
    found.set(candidate.schema.name, list);
  };

  for (const op of operations) {
    if (op.method !== "post" || isItemPath(op.path) || optedOut(ctx, op)) continue;
    const stored = bodyRef(op);
    const success = successResponse(op);
    if (!stored || !success || refOf(jsonSchema(success)) !== stored) continue;
    const schema = ctx.schemas.find((s) => s.name === stored);
    if (schema) add({ schema, collection: op.path, pointer: op.pointer });
  }

  return [...found.values()].flatMap((list) => {
    const declared = declaration(ctx, list[0]!.schema);
    const chosen = typeof declared.path === "string"
      ? list.filter((c) => c.collection === declared.path)
      : list;
    if (chosen.length === 1) return chosen;
    ctx.warn("resource-ambiguous", `schema '${list[0]!.schema.name}' is created under ` +
      `${list.map((c) => c.collection).join(" and ")}; say which one stores it with ` +
      `${EXTENSION}-resource: { path: ... }`, list[0]!.schema.pointer);
    return [];
  });
}

function buildResource(
  ctx: ResourceContext,
  candidate: Candidate,
  operations: OperationModel[],
): ResourceModel | undefined {
  const { schema } = candidate;
  const declared = declaration(ctx, schema);
  const body = schema.schema;
  const skip = (reason: string) => {
    ctx.warn("resource-not-compiled", `'${schema.name}' is not stored: ${reason}; its ` +
      "operations stay holes", schema.pointer);
    return undefined;
  };

  if (!isPlainObjectSchema(body)) return skip("it is not a plain object schema");
  const id = idProperty(declared, body, operations, candidate.collection);
  if (!id) return skip(`no id property (declare one with ${EXTENSION}-resource: { id: ... })`);

  const columns = buildColumns(ctx, schema, body, id);
  const unfillable = columns.find((c) => isReadOnly(c.schema) && c.required && !c.generated &&
    c.default === undefined);
  if (unfillable) return skip(`nothing can set the read-only property '${unfillable.property}'`);

  const table = typeof declared.table === "string" ? declared.table : tableName(schema.name);
  return {
    name: schema.name,
    table,
    id,
    columns,
    unique: uniqueConstraints(ctx, schema, declared, table, columns),
    indexes: indexes(ctx, schema, table, columns),
    pointer: schema.pointer,
  };
}

function declaration(ctx: ResourceContext, schema: NamedSchema): Schema {
  const raw = getByPointer(ctx.document, schema.pointer);
  const value = isObject(raw) ? raw[`${EXTENSION}-resource`] : undefined;
  return isObject(value) ? value : {};
}

function optedOut(ctx: ResourceContext, op: OperationModel): boolean {
  const raw = getByPointer(ctx.document, op.pointer);
  return isObject(raw) && raw[`${EXTENSION}-crud`] === false;
}

function idProperty(
  declared: Schema,
  schema: Schema,
  operations: OperationModel[],
  collection: string,
): string | undefined {
  const properties = schema.properties as Schema;
  if (typeof declared.id === "string") return declared.id in properties ? declared.id : undefined;

  const item = operations.find((op) => collectionOf(op.path) === collection && isItemPath(op.path));
  const param = item ? lastParameter(item.path) : undefined;
  if (param && param in properties) return param;
  return "id" in properties ? "id" : undefined;
}

function buildColumns(
  ctx: ResourceContext,
  schema: NamedSchema,
  body: Schema,
  id: string,
): ColumnModel[] {
  const properties = body.properties as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(body.required) ? body.required.map(String) : []);

  return Object.keys(properties).sort().map((property) => {
    const propertySchema = resolved(ctx, properties[property]!);
    const type = columnType(propertySchema);
    const column: ColumnModel = {
      property,
      column: snakeCase(property),
      type,
      required: required.has(property) || property === id,
      password: isObject(propertySchema) && propertySchema.format === "password",
      schema: properties[property]!,
    };

    const generated = generation(property === id, propertySchema, type);
    if (generated) column.generated = generated;
    if (isObject(propertySchema) && propertySchema.default !== undefined) {
      column.default = propertySchema.default;
    }
    return column;
  });
}

function generation(isId: boolean, schema: JsonSchema, type: ColumnType) {
  if (isId && type === "integer") return "increment" as const;
  if (isId && type === "text" && isReadOnly(schema)) return "uuid" as const;
  if (isReadOnly(schema) && isObject(schema) && schema.format === "date-time") return "now" as const;
  return undefined;
}

const COLUMN_TYPES: Record<string, ColumnType> = {
  string: "text",
  integer: "integer",
  number: "real",
  boolean: "boolean",
};

function columnType(schema: JsonSchema): ColumnType {
  if (!isObject(schema)) return "json";
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
    (t) => t !== "null",
  );
  if (types.length !== 1 || hasComposition(schema)) return "json";
  return COLUMN_TYPES[String(types[0])] ?? "json";
}

function uniqueConstraints(
  ctx: ResourceContext,
  schema: NamedSchema,
  declared: Schema,
  table: string,
  columns: ColumnModel[],
): UniqueModel[] {
  const raw = getByPointer(ctx.document, `${schema.pointer}/properties`);
  const unique: UniqueModel[] = [];

  for (const column of columns) {
    const mark = isObject(raw) && isObject(raw[column.property])
      ? (raw[column.property] as Schema)[`${EXTENSION}-unique`]
      : undefined;
    if (mark === undefined || mark === false) continue;
    unique.push({ name: `${table}_${column.column}_key`, columns: [column.column],
      ignoreCase: mark === "ignore-case" });
  }

  for (const group of Array.isArray(declared.unique) ? declared.unique : []) {
    const names = (Array.isArray(group) ? group : [group]).map(String);
    const cols = names.map((n) => columns.find((c) => c.property === n)?.column);
    if (cols.some((c) => c === undefined)) {
      ctx.warn("resource-unique-unknown", `unique ${JSON.stringify(names)} names an unknown ` +
        "property", schema.pointer);
      continue;
    }
    unique.push({ name: `${table}_${cols.join("_")}_key`, columns: cols as string[],
      ignoreCase: false });
  }
  return unique;
}

function indexes(ctx: ResourceContext, schema: NamedSchema, table: string, columns: ColumnModel[]) {
  const raw = getByPointer(ctx.document, `${schema.pointer}/properties`);
  return columns
    .filter((c) => isObject(raw) && isObject(raw[c.property]) &&
      (raw[c.property] as Schema)[`${EXTENSION}-index`] === true)
    .map((c) => ({ name: `${table}_${c.column}_idx`, columns: [c.column] }));
}

/** Which CRUD action an operation is, if it is a plain one on `resource`. */
function crudOf(
  ctx: ResourceContext,
  op: OperationModel,
  resource: ResourceModel,
): CrudModel | undefined {
  const item = isItemPath(op.path);
  const success = successResponse(op);
  if (!success) return undefined;
  const status = Number(success.status);
  const returns = refOf(jsonSchema(success));
  const takes = bodyRef(op);
  const idParameter = item ? lastParameter(op.path) : undefined;
  const make = (action: CrudAction, extra: Partial<CrudModel> = {}): CrudModel | undefined => {
    if (!onlyKnownParameters(op, idParameter, extra.page)) return undefined;
    return { action, resource: resource.name, status, ...(idParameter ? { idParameter } : {}),
      ...extra };
  };

  const table: Array<[boolean, CrudAction]> = [
    [!item && op.method === "post" && takes === resource.name && returns === resource.name,
      "create"],
    [item && op.method === "get" && returns === resource.name, "read"],
    [item && op.method === "put" && takes === resource.name &&
      (returns === resource.name || status === 204), "replace"],
    [item && op.method === "patch" && takes !== undefined &&
      (takes === resource.name || isChangesOf(ctx, takes, resource)) &&
      (returns === resource.name || status === 204), "patch"],
    [item && op.method === "delete" && !op.body && (status === 204 || returns === undefined),
      "delete"],
  ];
  const action = table.find(([matches]) => matches)?.[1];
  // A write whose body may be left out is not plain: what would it store?
  const needsBody = action === "create" || action === "replace" || action === "patch";
  if (action && needsBody && op.body?.required !== true) return undefined;
  if (action) return make(action);

  if (!item && op.method === "get") {
    const page = pageOf(ctx, op, success, resource);
    if (page) return make("list", { page });
  }
  return undefined;
}

/** A schema of some of the resource's writable properties: the body of a patch. */
function isChangesOf(ctx: ResourceContext, name: string, resource: ResourceModel): boolean {
  const schema = ctx.schemas.find((s) => s.name === name)?.schema;
  if (!isPlainObjectSchema(schema) || Array.isArray(schema.required) && schema.required.length) {
    return false;
  }
  const writable = resource.columns.filter((c) => !c.generated && !isReadOnly(c.schema));
  return Object.keys(schema.properties as Schema).every((p) =>
    writable.some((c) => c.property === p));
}

const LIMIT = ["limit", "pageSize", "page_size", "per_page", "perPage"];
const OFFSET = ["offset", "skip"];
const CURSOR = ["cursor", "after", "pageToken", "page_token", "starting_after"];
const NEXT = ["nextCursor", "next_cursor", "next", "nextPageToken", "next_page_token"];

function pageOf(
  ctx: ResourceContext,
  op: OperationModel,
  success: ResponseModel,
  resource: ResourceModel,
) {
  const written = jsonSchema(success);
  if (written === undefined) return undefined;
  const schema = resolved(ctx, written);
  const page: PageModel = { shape: "array", filters: {} };

  if (isArrayOf(schema, resource.name)) {
    page.shape = "array";
  } else if (isObject(schema) && isObject(schema.properties)) {
    const properties = schema.properties as Record<string, JsonSchema>;
    const items = Object.keys(properties).find((p) => isArrayOf(properties[p]!, resource.name));
    if (!items) return undefined;
    page.shape = "object";
    page.itemsProperty = items;
    const next = Object.keys(properties).find((p) => NEXT.includes(p));
    if (next) page.nextCursorProperty = next;
  } else {
    return undefined;
  }

  for (const param of op.parameters.filter((p) => p.in === "query")) {
    if (LIMIT.includes(param.name)) page.limitParameter = param.name;
    else if (OFFSET.includes(param.name)) page.offsetParameter = param.name;
    else if (CURSOR.includes(param.name)) page.cursorParameter = param.name;
    else {
      const column = resource.columns.find((c) => c.property === param.name);
      if (column && column.type !== "json" && !column.password) {
        page.filters[param.name] = column.property;
      }
    }
  }
  return page;
}

/** A compiled handler must understand every parameter the operation takes. */
function onlyKnownParameters(op: OperationModel, id: string | undefined, page?: PageModel) {
  const known = new Set([id, page?.limitParameter, page?.offsetParameter, page?.cursorParameter,
    ...Object.keys(page?.filters ?? {})]);
  return op.parameters.every((p) => known.has(p.name) || (p.in !== "path" && p.in !== "query"));
}

function successResponse(op: OperationModel): ResponseModel | undefined {
  return op.responses.find((r) => /^2\d\d$/.test(r.status));
}

function jsonSchema(response: ResponseModel): JsonSchema | undefined {
  return response.media.find((m) => m.type === "application/json")?.schema;
}

function bodyRef(op: OperationModel): string | undefined {
  const media = op.body?.media.find((m) => m.type === "application/json");
  return media ? refOf(media.schema) : undefined;
}

function refOf(schema: JsonSchema | undefined): string | undefined {
  if (!isObject(schema) || typeof schema.$ref !== "string") return undefined;
  return Object.keys(schema).length === 1 ? defName(schema.$ref) : undefined;
}

function isArrayOf(schema: JsonSchema, name: string): boolean {
  return isObject(schema) && schema.type === "array" && refOf(schema.items as JsonSchema) === name;
}

function resolved(ctx: ResourceContext, schema: JsonSchema): JsonSchema {
  const name = refOf(schema);
  return name ? ctx.schemas.find((s) => s.name === name)?.schema ?? schema : schema;
}

function isPlainObjectSchema(schema: JsonSchema | undefined): schema is Schema {
  return isObject(schema) && isObject(schema.properties) && !hasComposition(schema) &&
    schema.$ref === undefined;
}

function hasComposition(schema: Schema): boolean {
  return ["allOf", "oneOf", "anyOf", "not", "if"].some((k) => k in schema);
}

function isReadOnly(schema: JsonSchema): boolean {
  return isObject(schema) && schema.readOnly === true;
}

export function isItemPath(path: string): boolean {
  return /\/\{[^}/]+\}$/.test(path);
}

export function collectionOf(path: string): string {
  return isItemPath(path) ? path.replace(/\/\{[^}/]+\}$/, "") : path;
}

function lastParameter(path: string): string | undefined {
  return path.match(/\{([^}/]+)\}$/)?.[1];
}

export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toLowerCase();
}

function tableName(schemaName: string): string {
  const base = snakeCase(schemaName);
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(base)) return `${base}es`;
  return `${base}s`;
}

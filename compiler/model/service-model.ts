/**
 * The typed intermediate model every emitter reads. It is plain data: no
 * class instances, no references back into the raw document, so it can be
 * hashed and cached piece by piece.
 */

import type { Diagnostic } from "../diagnostics.js";

/** JSON Schema 2020-12, with every `$ref` of the form `#/$defs/<schema name>`. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

export type ParameterLocation = "path" | "query" | "header" | "cookie";

export type ValueShape = "primitive" | "array" | "object";

export interface NamedSchema {
  /** Unique key used in `#/$defs/<name>` references. */
  name: string;
  /** A valid, unique TypeScript identifier for the schema's type. */
  typeName: string;
  /** Where the schema was declared in the spec. */
  pointer: string;
  schema: JsonSchema;
}

export interface ParameterModel {
  name: string;
  in: ParameterLocation;
  required: boolean;
  style: string;
  explode: boolean;
  shape: ValueShape;
  properties?: string[];
  description?: string;
  schema: JsonSchema;
  pointer: string;
}

export interface MediaModel {
  /** Lower-case media type without parameters, e.g. "application/json". */
  type: string;
  schema?: JsonSchema;
  /** Named examples; a single `example` is stored under "default". */
  examples: Record<string, unknown>;
}

export interface RequestBodyModel {
  required: boolean;
  description?: string;
  media: MediaModel[];
  pointer: string;
}

export interface HeaderModel {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface ResponseModel {
  /** "200", "4XX" or "default". */
  status: string;
  description: string;
  headers: HeaderModel[];
  media: MediaModel[];
  pointer: string;
}

/** One alternative of a security requirement: all its schemes must pass. */
export type SecurityRequirement = Record<string, string[]>;

export interface OperationModel {
  /** A valid, unique TypeScript identifier, also the handler's file name. */
  id: string;
  /** The operationId as written, or the one derived from method and path. */
  operationId: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  parameters: ParameterModel[];
  body?: RequestBodyModel;
  responses: ResponseModel[];
  /** Empty when the operation is open; undefined entries are not possible. */
  security: SecurityRequirement[];
  /** Set when the operation is plain CRUD on a resource and is compiled, not a hole. */
  crud?: CrudModel;
  /** Business rules in plain language, from `x-spec2svc-rules`; they guide a fill. */
  rules?: string[];
  pointer: string;
}

export type CrudAction = "create" | "read" | "list" | "replace" | "patch" | "delete";

export interface CrudModel {
  action: CrudAction;
  /** The resource's schema name. */
  resource: string;
  /** The path parameter that carries the id, for item operations. */
  idParameter?: string;
  /** The documented success status the compiled handler answers with. */
  status: number;
  /** For lists: how the page is shaped, and which query parameters drive it. */
  page?: PageModel;
}

export interface PageModel {
  /** "array": the body is the list; "object": the list is `itemsProperty` of an object. */
  shape: "array" | "object";
  itemsProperty?: string;
  /** Property of the page object that carries the cursor of the next page. */
  nextCursorProperty?: string;
  limitParameter?: string;
  offsetParameter?: string;
  cursorParameter?: string;
  /** Query parameters that filter by equality, parameter name to property. */
  filters: Record<string, string>;
}

export type ColumnType = "text" | "integer" | "real" | "boolean" | "json";

export interface ColumnModel {
  property: string;
  column: string;
  type: ColumnType;
  /** Required in the stored record. */
  required: boolean;
  /** `format: password`: stored as a scrypt hash, compared with verifyPassword. */
  password: boolean;
  /** How the value is made when a create request cannot carry it. */
  generated?: "uuid" | "increment" | "now";
  /** A default from the schema, used when a create request leaves it out. */
  default?: unknown;
  schema: JsonSchema;
}

export interface UniqueModel {
  name: string;
  columns: string[];
  /** Compared in lower case (emails, say). */
  ignoreCase: boolean;
}

export interface ResourceModel {
  /** The schema name of what is stored. */
  name: string;
  table: string;
  /** The property that identifies a record. */
  id: string;
  columns: ColumnModel[];
  unique: UniqueModel[];
  indexes: Array<{ name: string; columns: string[] }>;
  pointer: string;
}

export interface SecuritySchemeModel {
  name: string;
  type: string;
  /** The scheme object as written, minus extensions. */
  definition: Record<string, unknown>;
}

export interface ServiceModel {
  /** Short name used for the output folder and package, e.g. "auth". */
  name: string;
  title: string;
  version: string;
  description?: string;
  /** Path prefix taken from the first server URL ("" for none). */
  basePath: string;
  schemas: NamedSchema[];
  operations: OperationModel[];
  securitySchemes: SecuritySchemeModel[];
  resources: ResourceModel[];
  /** Formats the spec uses that have no validator; accepted as any string. */
  unknownFormats: string[];
  warnings: Diagnostic[];
}

// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * The contract between generated services and the runtime: a generated
 * service describes each operation as a `RouteDefinition` and the runtime
 * turns the table into an Express application.
 */

export type HttpMethod =
  | "get"
  | "put"
  | "post"
  | "delete"
  | "options"
  | "head"
  | "patch"
  | "trace";

export type ParameterLocation = "path" | "query" | "header" | "cookie";

/** How a parameter's text is split before its schema coerces it. */
export type ValueShape = "primitive" | "array" | "object";

export type ParameterStyle =
  | "simple"
  | "label"
  | "matrix"
  | "form"
  | "spaceDelimited"
  | "pipeDelimited"
  | "deepObject";

export interface ParameterDefinition {
  name: string;
  in: ParameterLocation;
  required: boolean;
  style: ParameterStyle;
  explode: boolean;
  shape: ValueShape;
  /** For object shapes with explode: the property names the schema declares. */
  properties?: string[];
}

/** A validation failure, as data; rendered into problem documents at the edge. */
export interface ValidationIssue {
  in: ParameterLocation | "body";
  /** Parameter name, for parameters. */
  name?: string;
  /** JSON pointer inside the value (the body, or an object parameter). */
  pointer: string;
  keyword: string;
  message: string;
}

/**
 * An ajv standalone validator. It validates `{ path, query, header, cookie }`
 * (params) or the body, and may coerce and fill defaults in place.
 */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** The part of an ajv `ErrorObject` the runtime reads. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

export interface RequestBodyDefinition {
  required: boolean;
  /**
   * Media type (lower case, no parameters) to the body's validator. Keys may
   * be ranges such as "text/*"; an exact key wins over a range. An
   * undefined validator marks a media type the runtime cannot read yet: such
   * requests get 415. Form bodies arrive as objects of strings, so their
   * validators must coerce.
   */
  media: Record<string, CompiledValidator | undefined>;
}

/**
 * What a handler receives. Parameters are keyed by their declared names
 * (header names keep the spelling of the spec), after the params validator
 * has coerced them.
 */
export interface OperationInput {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  cookie: Record<string, unknown>;
  body?: unknown;
  /** The media type the body arrived as. */
  contentType?: string;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  /** Header values are sent as text; undefined ones are left out. */
  headers?: Record<string, unknown>;
  /** Media type of the body; defaults to application/json. */
  contentType?: string;
}

/** Who made an authenticated request, as established by a security scheme. */
export interface Principal {
  /** The security scheme that accepted the credentials. */
  scheme: string;
  /** The token's `sub`, the API key's id, or the basic-auth user name. */
  subject: string;
  /** Granted scopes: the token's `scope` (space-separated) or `scp` claim. */
  scopes: string[];
  /** Every claim of a token; empty for API keys and basic auth. */
  claims: Record<string, unknown>;
}

/**
 * What a handler may use besides its input. `Repositories` is the generated
 * service's own table of repositories.
 */
export interface HandlerContext<Repositories = unknown> {
  operationId: string;
  log: import("pino").Logger;
  signal: AbortSignal;
  /** Set when the operation is secured and the request was authenticated. */
  principal?: Principal;
  repositories: Repositories;
}

export type Handler = (input: any, context: HandlerContext<any>) => Promise<HandlerResult>;

/** One alternative of an operation's security: every named scheme must pass. */
export type SecurityRequirement = Record<string, string[]>;

/** A security scheme as the spec declares it, reduced to what the runtime checks. */
export interface SecuritySchemeDefinition {
  type: "http" | "apiKey" | "oauth2" | "openIdConnect";
  /** For type "http": "bearer" or "basic". */
  scheme?: string;
  /** For type "apiKey": where the key is sent and under which name. */
  in?: "header" | "query" | "cookie";
  name?: string;
}

/** A SQL statement written once per dialect, with positional parameters. */
export interface Statement {
  /** With `?` placeholders. */
  sqlite: string;
  /** With `$1`, `$2`, ... placeholders. */
  postgres: string;
}

/** A forward-only schema change; applied once, in order, and recorded. */
export interface Migration {
  id: string;
  statements: Statement[];
}

/**
 * Properties to drop from a response: writeOnly data never leaves. Shapes of
 * named schemas live in one table and are reached by `ref`, so circular
 * schemas stay finite.
 */
export interface RedactionShape {
  ref?: string;
  /** Union members (oneOf, anyOf, allOf): each is applied to the value. */
  any?: RedactionShape[];
  drop?: string[];
  properties?: Record<string, RedactionShape>;
  items?: RedactionShape;
  additional?: RedactionShape;
}

export interface RouteDefinition {
  operationId: string;
  method: HttpMethod;
  /** The OpenAPI path template, e.g. "/users/{id}". */
  path: string;
  parameters: ParameterDefinition[];
  validateParams: CompiledValidator;
  body?: RequestBodyDefinition;
  /** Status code ("200", "4XX", "default") to the redaction of its JSON body. */
  redactions?: Record<string, RedactionShape>;
  /** Alternatives, any one of which admits the request; absent or empty: open. */
  security?: SecurityRequirement[];
  handler: Handler;
}

export interface ServiceDefinition {
  name: string;
  version: string;
  routes: RouteDefinition[];
  /** Named redaction shapes that `RedactionShape.ref` points into. */
  redactionShapes?: Record<string, RedactionShape>;
  securitySchemes?: Record<string, SecuritySchemeDefinition>;
  /** The service's tables, created and changed in this order. */
  migrations?: Migration[];
  /** Unique constraint name to the properties it covers, for 409 details. */
  uniqueFields?: Record<string, string[]>;
  /** Builds the repositories handlers receive in their context. */
  repositories?: (database: import("./database.js").Database) => unknown;
}

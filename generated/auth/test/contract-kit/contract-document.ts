// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * What the compiler derives from a spec for its contract tests: operations
 * with their documented responses, the named schemas those refer to, and
 * the test cases. Plain JSON, so a generated service ships it as a file.
 */

export type Schema = Record<string, unknown> | boolean;

export interface ContractParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  style: string;
  explode: boolean;
  schema: Schema;
}

export interface DocumentedResponse {
  /** Media type to schema (undefined: any body). */
  media: Record<string, Schema | undefined>;
  headers: Record<string, { required: boolean; schema: Schema }>;
}

export interface ContractOperation {
  operationId: string;
  method: string;
  /** The full path template, base path included. */
  path: string;
  parameters: ContractParameter[];
  body?: { required: boolean; media: Record<string, Schema | undefined> };
  /** Status ("201", "4XX", "default") to what may come back. */
  responses: Record<string, DocumentedResponse>;
  /** Alternatives of scheme names; empty: open. */
  security: Array<Record<string, string[]>>;
}

export interface CaseInput {
  /** Body pointers of values the service keeps unique; varied on every run. */
  unique?: string[];
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, string>;
  cookie?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

/** Creates a record first and puts its id into a path parameter of the case. */
export interface CaseSetup {
  operationId: string;
  input: CaseInput;
  /** JSON pointer of the id in the created record's body. */
  idPointer: string;
  /** The path parameter that receives the id; none when the case only needs the record. */
  parameter?: string;
}

export type Credentials = "valid" | "none" | "invalid";

export interface ContractCase {
  /** Stable, readable name: "<operationId>: <what it checks>". */
  name: string;
  kind: "example" | "negative" | "security";
  operationId: string;
  input: CaseInput;
  credentials: Credentials;
  setup?: CaseSetup;
  /**
   * Body values copied from the setup's request: a second record with the same
   * unique values, in capitals where the comparison ignores case.
   */
  sameAsSetup?: Array<{ pointer: string; upper: boolean }>;
  /** An exact status, or a class: "2xx", "4xx". */
  expect: number | "2xx" | "4xx";
}

export interface ContractDocument {
  service: string;
  defs: Record<string, Schema>;
  operations: ContractOperation[];
  securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
  cases: ContractCase[];
  /** Unknown formats, accepted as any value when checking responses. */
  formats: string[];
}

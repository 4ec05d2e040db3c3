// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** The parts of an operation that property runs read, independent of the compiler's model. */

import type { ContractRequest } from "../exchange.js";
import type { JsonSchema } from "./schema-tools.js";

export type ParameterPlace = "path" | "query" | "header" | "cookie";

export interface PropertyParameter {
  name: string;
  in: ParameterPlace;
  required: boolean;
  /** Undefined when the parameter has no schema: any text. */
  schema?: JsonSchema;
  /** OpenAPI style; defaults to "simple" in path and header, "form" in query and cookie. */
  style?: string;
  /** Defaults to true for "form" style, false otherwise. */
  explode?: boolean;
}

export interface PropertyBody {
  mediaType: string;
  schema: JsonSchema | undefined;
  required: boolean;
}

export interface PropertyResponse {
  /** Media type (or range) to schema; undefined when the content is not described. */
  mediaTypes: Record<string, JsonSchema | undefined>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface PropertyOperation {
  operationId: string;
  method: string;
  /** The OpenAPI path template, e.g. "/pets/{petId}". */
  path: string;
  parameters: PropertyParameter[];
  body?: PropertyBody;
  /** By status code, range ("4XX") or "default". */
  responses: Record<string, PropertyResponse>;
  /** The operation's security alternatives; empty means public, undefined unknown. */
  security?: SecurityRequirement[];
}

/** A generated request and what went into it, for the report of a failure. */
export interface GeneratedRequest {
  request: ContractRequest;
  /** One line per deliberate deviation, e.g. 'query "limit": maximum at "" (above 100)'. */
  inputs: string[];
}

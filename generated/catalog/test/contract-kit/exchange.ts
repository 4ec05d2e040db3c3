// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * The contract kit's vocabulary: a request sent to the service under test,
 * the response it gave, and a failure that names the rule it broke. The kit
 * is copied into every generated service's tests and also runs from the CLI
 * against any URL, so it imports nothing from the compiler.
 */

export interface ContractRequest {
  method: string;
  /** Path with parameters filled in and the query string appended. */
  path: string;
  headers: Record<string, string>;
  /** A JSON value, or text sent as it is. */
  body?: unknown;
}

export interface ContractResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON when the response was JSON, else the text. */
  body: unknown;
  text: string;
}

/** Where requests go: an in-process app or a live URL. */
export interface Target {
  send(request: ContractRequest): Promise<ContractResponse>;
}

export interface Failure {
  /** The rule broken, e.g. "status-undocumented", "response-schema", "success-criteria". */
  rule: string;
  message: string;
  request?: ContractRequest;
  response?: ContractResponse;
}

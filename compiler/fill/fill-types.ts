/**
 * The vocabulary of filling holes: what a hole asks for (its contract), what
 * a stored fill records, and how a candidate is judged.
 */

/** Everything the model needs to write one hole, and nothing more. */
export interface HoleContract {
  operationId: string;
  /** The handler's identifier and file name (`src/handlers/<id>.ts`). */
  id: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  /** Natural-language business rules from the spec's `x-spec2svc-rules` extension. */
  rules: string[];
  /** `export async function <id>(input: <Input>, context: Context): Promise<<Result>>` */
  signature: string;
  /** TypeScript declarations the body may use: input, result, record and repository types. */
  types: string;
  /** What the body may call: runtime helpers and repository methods, with their types. */
  helpers: string;
  /** Request/response examples and Arazzo steps that use the operation, as short text. */
  examples: string[];
  /** sha256 of everything above, in a stable form. */
  hash: string;
}

export type FillSource =
  | { kind: "hand" }
  | { kind: "model"; model: string; attempts: number };

/** A fill as stored in `specs/<name>.fills/<operationId>.ts`. */
export interface StoredFill {
  operationId: string;
  file: string;
  /** The contract hash recorded in the header; undefined when the file has no header. */
  contractHash?: string;
  source: FillSource;
  /** The file's full text, header included. */
  text: string;
}

/** One reason a candidate was refused, named by the rule it broke. */
export interface Rejection {
  /** "parse", "shape", "policy:<rule>", "typecheck", "contract", "timeout", "memory". */
  rule: string;
  message: string;
}

export interface Verdict {
  accepted: boolean;
  rejections: Rejection[];
}

// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * The parts of an Arazzo 1.0 document the runner reads. Field names follow
 * the specification so a document parsed from YAML can be used as it is.
 */

export interface ArazzoDocument {
  arazzo: string;
  info: { title: string; version: string; summary?: string; description?: string };
  sourceDescriptions: SourceDescription[];
  workflows: Workflow[];
  components?: Components;
}

export interface SourceDescription {
  name: string;
  url: string;
  type?: "openapi" | "arazzo";
}

export interface Components {
  inputs?: Record<string, unknown>;
  parameters?: Record<string, Parameter>;
  successActions?: Record<string, SuccessAction>;
  failureActions?: Record<string, FailureAction>;
}

export interface Workflow {
  workflowId: string;
  summary?: string;
  description?: string;
  /** A JSON Schema 2020-12 object describing the workflow's inputs. */
  inputs?: unknown;
  dependsOn?: string[];
  steps: Step[];
  successActions?: Array<SuccessAction | Reusable>;
  failureActions?: Array<FailureAction | Reusable>;
  outputs?: Record<string, string>;
  parameters?: Array<Parameter | Reusable>;
}

export interface Step {
  stepId: string;
  description?: string;
  operationId?: string;
  operationPath?: string;
  workflowId?: string;
  parameters?: Array<Parameter | Reusable>;
  requestBody?: RequestBody;
  successCriteria?: Criterion[];
  onSuccess?: Array<SuccessAction | Reusable>;
  onFailure?: Array<FailureAction | Reusable>;
  outputs?: Record<string, string>;
}

export type ParameterLocation = "path" | "query" | "header" | "cookie";

export interface Parameter {
  name: string;
  in?: ParameterLocation;
  value: unknown;
}

/** A pointer into `components`, e.g. `$components.parameters.page`. */
export interface Reusable {
  reference: string;
  value?: unknown;
}

export interface RequestBody {
  contentType?: string;
  payload?: unknown;
  replacements?: PayloadReplacement[];
}

export interface PayloadReplacement {
  target: string;
  value: unknown;
}

export type CriterionKind = "simple" | "regex" | "jsonpath" | "xpath";

export interface CriterionExpressionType {
  type: "jsonpath" | "xpath";
  version: string;
}

export interface Criterion {
  condition: string;
  context?: string;
  type?: CriterionKind | CriterionExpressionType;
}

export interface SuccessAction {
  name: string;
  type: "end" | "goto";
  workflowId?: string;
  stepId?: string;
  criteria?: Criterion[];
}

export interface FailureAction {
  name: string;
  type: "end" | "goto" | "retry";
  workflowId?: string;
  stepId?: string;
  retryAfter?: number;
  retryLimit?: number;
  criteria?: Criterion[];
}

export function isReusable(value: object): value is Reusable {
  return "reference" in value;
}

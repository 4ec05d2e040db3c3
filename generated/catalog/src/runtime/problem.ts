// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * RFC 9457 problem details: every error the runtime answers with is one of
 * these, so clients parse a single error format.
 */
import { STATUS_CODES } from "node:http";
import type { Response } from "express";

export const PROBLEM_MEDIA_TYPE = "application/problem+json";

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export interface ProblemInit {
  status: number;
  /** Defaults to the status phrase, as RFC 9457 asks for "about:blank". */
  title?: string;
  detail?: string;
  type?: string;
  instance?: string;
  /** Extension members such as `errors`; they cannot replace the core members. */
  extensions?: Record<string, unknown>;
  /** Response headers that belong to the problem, such as Allow on a 405. */
  headers?: Record<string, string>;
  cause?: unknown;
}

const CORE_MEMBERS = new Set(["type", "title", "status", "detail", "instance"]);

export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    const title = init.title ?? STATUS_CODES[init.status] ?? "Error";
    super(init.detail ?? title, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "HttpProblem";
    this.status = init.status;
    this.title = title;
    this.type = init.type ?? "about:blank";
    this.detail = init.detail;
    this.instance = init.instance;
    this.extensions = init.extensions ?? {};
    this.headers = init.headers ?? {};
  }

  toJSON(): ProblemDocument {
    const document: ProblemDocument = { type: this.type, title: this.title, status: this.status };
    if (this.detail !== undefined) document.detail = this.detail;
    if (this.instance !== undefined) document.instance = this.instance;

    for (const [name, value] of Object.entries(this.extensions)) {
      if (!CORE_MEMBERS.has(name)) document[name] = value;
    }
    return document;
  }
}

export function isHttpProblem(value: unknown): value is HttpProblem {
  return value instanceof HttpProblem;
}

export function sendProblem(res: Response, problem: HttpProblem): void {
  res.status(problem.status);
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);

  res.setHeader("Content-Type", `${PROBLEM_MEDIA_TYPE}; charset=utf-8`);
  res.send(JSON.stringify(problem));
}

/** What a handler hole throws until someone writes the handler. */
export function notImplemented(operationId: string): never {
  throw new HttpProblem({
    status: 501,
    detail: `The operation "${operationId}" is not implemented yet.`,
    extensions: { operationId },
  });
}

/**
 * Every failure leaves as a problem document: the runtime's own problems,
 * Express's and body-parser's 4xx errors, and anything else as an opaque 500
 * whose cause stays in the log.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { OPERATION_ID_LOCAL } from "./access-log.js";
import { ConflictError } from "./database.js";
import { HttpProblem, sendProblem } from "./problem.js";
import type { HttpMethod } from "./route.js";

/** The fields http-errors puts on Express's and body-parser's errors. */
interface ClientError extends Error {
  type?: string;
  expose?: boolean;
  limit?: number;
  charset?: string;
  encoding?: string;
}

/** Details for body-parser's error types, worded for the client. */
const CLIENT_ERROR_DETAILS: Record<string, (error: ClientError) => string> = {
  "entity.too.large": (error) =>
    `The request body is larger than the limit of ${error.limit} bytes.`,
  "entity.parse.failed": () => "The request body could not be parsed.",
  "entity.verify.failed": () => "The request body was rejected.",
  "charset.unsupported": (error) => `The charset "${error.charset}" is not supported.`,
  "encoding.unsupported": (error) => `The content encoding "${error.encoding}" is not supported.`,
  "request.aborted": () => "The request was aborted before its body was complete.",
  "request.size.invalid": () => "The request body length does not match its Content-Length.",
  "stream.encoding.set": () => "The request stream could not be read.",
};

/**
 * `uniqueFields` maps a unique constraint's name to the properties it covers,
 * so a conflict can say which value is taken without naming tables.
 */
export function errorHandler(
  logger: Logger,
  uniqueFields: Readonly<Record<string, readonly string[]>> = {},
): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next) => {
    const problem = toProblem(error, uniqueFields);
    // Problems are answers someone chose; anything else is a fault to look into.
    if (!(error instanceof HttpProblem) && problem.status >= 500) {
      const operationId = res.locals[OPERATION_ID_LOCAL];
      const path = req.originalUrl.split("?")[0];
      logger.error({ err: error, method: req.method, path, operationId }, "request failed");
    }

    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, problem);
  };
}

export function toProblem(
  error: unknown,
  uniqueFields: Readonly<Record<string, readonly string[]>> = {},
): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof ConflictError) return conflict(uniqueFields[error.constraint]);

  const status = clientStatus(error);
  if (status !== undefined) return clientProblem(error as ClientError, status);

  return new HttpProblem({
    status: 500,
    detail: "The server could not complete the request.",
  });
}

function clientStatus(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;

  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === "number" ? status : statusCode;
  return typeof code === "number" && code >= 400 && code <= 499 ? code : undefined;
}

function clientProblem(error: ClientError, status: number): HttpProblem {
  const describe = error.type === undefined ? undefined : CLIENT_ERROR_DETAILS[error.type];
  const fallback = error instanceof URIError ? MALFORMED_PATH : exposed(error);
  const detail = describe?.(error) ?? fallback;
  return new HttpProblem({ status, ...(detail === undefined ? {} : { detail }) });
}

/** A write broke a unique constraint: what the client sent is already taken. */
function conflict(fields: readonly string[] | undefined): HttpProblem {
  if (fields === undefined || fields.length === 0) {
    return new HttpProblem({
      status: 409,
      detail: "A value that must be unique is already taken by another record.",
    });
  }

  const names = fields.join(" and ");
  const verb = fields.length === 1 ? "is" : "are";
  return new HttpProblem({
    status: 409,
    detail: `The ${names} ${verb} already taken.`,
    extensions: { conflicts: [...fields] },
  });
}

const MALFORMED_PATH = "The request path contains malformed percent-encoding.";

function exposed(error: ClientError): string | undefined {
  return error.expose === true ? error.message : undefined;
}

export const notFound: RequestHandler = (req, res) => {
  const path = req.originalUrl.split("?")[0];
  const detail = `No operation matches ${req.method} ${path}.`;
  sendProblem(res, new HttpProblem({ status: 404, detail }));
};

/** Answers methods a known path does not have, with the ones it does in Allow. */
export function methodNotAllowed(methods: readonly HttpMethod[]): RequestHandler {
  const allowed = new Set(methods.map((method) => method.toUpperCase()));
  // Express answers HEAD with the GET handler.
  if (allowed.has("GET")) allowed.add("HEAD");
  const allow = [...allowed].sort().join(", ");

  return (req, res) => {
    const detail = `${req.method} is not allowed here; use ${allow}.`;
    sendProblem(res, new HttpProblem({ status: 405, detail, headers: { Allow: allow } }));
  };
}

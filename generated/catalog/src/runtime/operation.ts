// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * The Express handler for one operation: admit the request, read and
 * validate it, call the generated handler, send what it returns.
 */
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { OPERATION_ID_LOCAL } from "./access-log.js";
import { decodeBody, hasBody, negotiateBody, type BodyMedia } from "./body.js";
import { parseParameters, type RawParameters } from "./parameters.js";
import { rawParamMatcher } from "./path-template.js";
import { sendResult, type Redactions } from "./respond.js";
import type {
  HandlerContext,
  OperationInput,
  Principal,
  RedactionShape,
  RequestBodyDefinition,
  RouteDefinition,
  ValidationIssue,
} from "./route.js";
import type { RouteSecurity } from "./security.js";
import { rawQueryOf } from "./url-text.js";
import { bodyIssues, parameterIssues, validationProblem } from "./validation.js";

export interface OperationOptions {
  logger: Logger;
  readBody: (req: Request, res: Response) => Promise<Buffer | undefined>;
  redactionShapes: Readonly<Record<string, RedactionShape>>;
  /** The service's repositories, handed to every handler. */
  repositories: unknown;
  security: RouteSecurity;
}

interface ReceivedBody {
  media: BodyMedia;
  value: unknown;
}

export function operationHandler(
  route: RouteDefinition,
  options: OperationOptions,
): RequestHandler {
  const rawPath = rawParamMatcher(route.path);
  const redactions: Redactions = { byStatus: route.redactions, shapes: options.redactionShapes };
  const guard = options.security(route);

  return async (req, res) => {
    res.locals[OPERATION_ID_LOCAL] = route.operationId;

    // Before the body is read: who may not call the operation learns nothing about its input.
    const principal = guard === undefined ? undefined : await guard(req);

    const body =
      route.body && hasBody(req) ? await receiveBody(route.body, req, res, options) : undefined;
    const raw: RawParameters = {
      // Express matched req.path by the same rules, so the raw matcher always succeeds here.
      path: rawPath(req.path) ?? {},
      query: rawQueryOf(req.originalUrl),
      headers: req.headers,
    };
    const input = validateInput(route, raw, body);

    const context = handlerContext(route, res, options, principal);
    const result = await route.handler(input, context);
    sendResult(res, result, redactions);
  };
}

async function receiveBody(
  definition: RequestBodyDefinition,
  req: Request,
  res: Response,
  options: OperationOptions,
): Promise<ReceivedBody | undefined> {
  const media = negotiateBody(definition, req.headers["content-type"]);
  const bytes = await options.readBody(req, res);
  return bytes === undefined ? undefined : { media, value: decodeBody(media, bytes) };
}

/** Collects the faults of every part before answering, so one 400 lists them all. */
function validateInput(
  route: RouteDefinition,
  raw: RawParameters,
  body: ReceivedBody | undefined,
): OperationInput {
  const { values, issues } = parseParameters(route.parameters, raw);
  const valid = route.validateParams(values);
  const malformed = new Set(issues.map((issue) => `${issue.in}:${issue.name}`));
  const schemaIssues = valid ? [] : parameterIssues(route.validateParams.errors);

  const all = [
    ...issues,
    // A parameter that could not be read is also missing; saying so twice helps nobody.
    ...schemaIssues.filter((issue) => !malformed.has(`${issue.in}:${issue.name}`)),
    ...checkBody(route.body, body),
  ];
  if (all.length > 0) throw validationProblem(all);

  if (body === undefined) return values;
  return { ...values, body: body.value, contentType: body.media.mediaType };
}

function checkBody(
  definition: RequestBodyDefinition | undefined,
  body: ReceivedBody | undefined,
): ValidationIssue[] {
  if (body === undefined) {
    if (!definition?.required) return [];
    return [{ in: "body", pointer: "", keyword: "required", message: "must have a request body" }];
  }

  const { validator } = body.media;
  return validator(body.value) ? [] : bodyIssues(validator.errors);
}

function handlerContext(
  route: RouteDefinition,
  res: Response,
  options: OperationOptions,
  principal: Principal | undefined,
): HandlerContext {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });

  return {
    operationId: route.operationId,
    log: options.logger.child({ operationId: route.operationId }),
    signal: controller.signal,
    ...(principal === undefined ? {} : { principal }),
    repositories: options.repositories,
  };
}

// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * One log line per request, written when the response is done (or the
 * client went away), with what an operator greps for first.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";

/** Route handlers put the operation here so the access log can name it. */
export const OPERATION_ID_LOCAL = "operationId";

export function accessLog(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();

    res.once("close", () => {
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          method: req.method,
          // The query can carry secrets; the path alone identifies the request.
          path: req.originalUrl.split("?")[0],
          status: res.statusCode,
          durationMs: Math.round(elapsed * 1000) / 1000,
          operationId: res.locals[OPERATION_ID_LOCAL],
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        "request",
      );
    });
    next();
  };
}

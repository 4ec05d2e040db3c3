// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Turns a service's route table into an Express 5 application.
 */
import express, { type Express, type RequestHandler } from "express";
import type { Logger } from "pino";
import { accessLog } from "./access-log.js";
import { createBodyReader } from "./body.js";
import { errorHandler, methodNotAllowed, notFound } from "./error-handler.js";
import { createLogger } from "./logger.js";
import { operationHandler, type OperationOptions } from "./operation.js";
import { sortTemplates, toExpressPath } from "./path-template.js";
import type { RouteDefinition, ServiceDefinition } from "./route.js";
import { createSecurity, type SecurityOptions } from "./security.js";

export interface CreateAppOptions {
  logger?: Logger;
  /** Largest accepted body after decompression, in bytes or as "1mb"; default "1mb". */
  bodyLimit?: string | number;
  /** What handlers receive as `context.repositories`. */
  repositories?: unknown;
  /** How credentials are verified; by default from the environment. */
  security?: SecurityOptions;
}

export function createApp(service: ServiceDefinition, options: CreateAppOptions = {}): Express {
  const logger = options.logger ?? createLogger({ name: service.name });
  const operationOptions: OperationOptions = {
    logger,
    readBody: createBodyReader(options.bodyLimit ?? "1mb"),
    redactionShapes: service.redactionShapes ?? {},
    repositories: options.repositories,
    security: createSecurity(service, options.security ?? {}, logger),
  };

  const app = express();
  app.disable("x-powered-by");
  // Parameters are read from the raw URL; Express's parsed query is never used.
  app.set("query parser", false);
  app.use(accessLog(logger));
  app.get("/healthz", healthCheck(service));

  for (const [template, routes] of routesByPath(service.routes)) {
    const route = app.route(toExpressPath(template));
    for (const definition of routes) {
      route[definition.method](operationHandler(definition, operationOptions));
    }
    route.all(methodNotAllowed(routes.map((definition) => definition.method)));
  }

  app.use(notFound);
  app.use(errorHandler(logger, service.uniqueFields));
  return app;
}

function healthCheck(service: ServiceDefinition): RequestHandler {
  const body = { status: "ok", service: service.name, version: service.version };
  return (_req, res) => {
    res.json(body);
  };
}

/**
 * One Express route per path, so a known path answers 405 for a method it
 * lacks rather than falling through to a templated path that has it.
 * Templates differing only in parameter names ("/users/{id}" for GET,
 * "/users/{userId}" for DELETE) are one path; each operation still reads
 * its parameters by its own names.
 */
function routesByPath(routes: readonly RouteDefinition[]): Array<[string, RouteDefinition[]]> {
  const groups = new Map<string, [string, RouteDefinition[]]>();
  for (const route of routes) {
    const key = route.path.replace(/\{[^}]*\}/g, "{}");
    const group = groups.get(key) ?? [route.path, []];
    groups.set(key, [group[0], [...group[1], route]]);
  }
  return sortTemplates([...groups.values()], ([template]) => template);
}

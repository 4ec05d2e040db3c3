// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * The runtime a generated service imports.
 */
export type * from "./route.js";
export { createApp, type CreateAppOptions } from "./create-app.js";
export {
  HttpProblem,
  isHttpProblem,
  notImplemented,
  PROBLEM_MEDIA_TYPE,
  sendProblem,
  type ProblemDocument,
  type ProblemInit,
} from "./problem.js";
export {
  parseParameters,
  type ParameterValues,
  type ParsedParameters,
  type RawParameters,
} from "./parameters.js";
export { bodyIssues, parameterIssues, validationProblem } from "./validation.js";
export { redact } from "./redact.js";
export {
  compareTemplates,
  parseTemplate,
  toExpressPath,
  type TemplateToken,
} from "./path-template.js";
export { createLogger, REDACTED_PATHS, type Logger, type LoggerOptions } from "./logger.js";
export {
  portFrom,
  runService,
  startServer,
  type RunningServer,
  type RunServiceOptions,
  type StartServerOptions,
} from "./server.js";

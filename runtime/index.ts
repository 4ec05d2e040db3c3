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
export {
  createSecurity,
  type RequestGuard,
  type RouteSecurity,
  type SecurityOptions,
} from "./security.js";
export {
  bearerTokenOf,
  createJwtVerifier,
  jwtOptionsFromEnv,
  scopesOf,
  type JwtOptions,
  type JwtVerifier,
} from "./jwt.js";
export { apiKeyOf, apiKeysFromEnv, type ApiKeyVerifier } from "./api-key.js";
export {
  basicCredentialsOf,
  basicUsersFromEnv,
  type BasicCredentials,
  type BasicVerifier,
} from "./basic-auth.js";
export { issueToken, type IssueTokenOptions, type TokenPayload } from "./issue-token.js";
export {
  prepareService,
  type PrepareServiceOptions,
  type PreparedService,
} from "./server.js";
export { ConflictError, type Database, type Dialect, type Row } from "./database.js";
export { openSqliteDatabase, type SqliteDatabaseOptions } from "./sqlite-database.js";
export { openPostgresDatabase, type PostgresDatabaseOptions } from "./postgres-database.js";
export {
  databaseFromEnvironment,
  openDatabase,
  type DatabaseEnvironment,
  type OpenDatabaseOptions,
} from "./open-database.js";
export { migrate, type MigrateOptions } from "./migrate.js";
export { dummyVerify, hashPassword, isPasswordHash, verifyPassword } from "./password.js";
export {
  decodeRow,
  decodeValue,
  encodeParams,
  encodeValue,
  type ColumnType,
} from "./row-codec.js";

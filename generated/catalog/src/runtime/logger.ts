// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * JSON-lines logging with pino. Credentials are censored by path so a
 * handler that logs a request or a payload does not leak them.
 */
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  /** Defaults to the LOG_LEVEL environment variable, then "info". */
  level?: string;
  /** Becomes the `name` field of every line. */
  name?: string;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
}

const SECRET_FIELDS = [
  "password",
  "token",
  "accessToken",
  "refreshToken",
  "secret",
  "clientSecret",
  "apiKey",
  "authorization",
  "cookie",
];

const SECRET_HEADERS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
];

/** fast-redact's "*" spans one level, so fields are censored at the top and one level down. */
export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_HEADERS.map((header) => `req.headers["${header}"]`),
  ...SECRET_HEADERS.map((header) => `res.headers["${header}"]`),
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
];

const LEVELS = new Set([...Object.keys(pino.levels.values), "silent"]);

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env["LOG_LEVEL"] ?? "info";
  if (!LEVELS.has(level)) {
    throw new Error(`Log level "${level}" is not one of ${[...LEVELS].join(", ")}`);
  }

  const settings = {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
    ...(options.name === undefined ? {} : { name: options.name }),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Listening and stopping: a stop lets in-flight requests finish, closes
 * keep-alive connections as they go idle, and cuts whatever is left once the
 * timeout is up. A service with tables gets its database migrated before it
 * listens and closed after it stops.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createApp } from "./create-app.js";
import type { Database } from "./database.js";
import { createLogger } from "./logger.js";
import { migrate } from "./migrate.js";
import { databaseFromEnvironment } from "./open-database.js";
import type { ServiceDefinition } from "./route.js";

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

export interface StartServerOptions {
  port: number;
  host?: string;
  logger?: Logger;
  /** How long in-flight requests get once a stop begins; default 10 seconds. */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting connections and resolves once every connection is gone. */
  close(): Promise<void>;
}

export async function startServer(
  app: RequestListener,
  options: StartServerOptions,
): Promise<RunningServer> {
  const server = createServer();
  const drain = trackResponses(server);
  server.on("request", app);

  await listen(server, options.port, options.host);

  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= shutDown(server, drain, timeoutMs, options.logger));
  return { server, url: urlOf(server.address() as AddressInfo), close };
}

/**
 * Registered before the app so it sees every response before anything is
 * written: once draining, responses carry "Connection: close" and each
 * finished one gives idle keep-alive sockets a chance to close.
 */
function trackResponses(server: Server): () => void {
  const active = new Set<ServerResponse>();
  let draining = false;

  server.on("request", (_req, res: ServerResponse) => {
    active.add(res);
    if (draining) res.setHeader("Connection", "close");
    res.once("close", () => {
      active.delete(res);
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  return () => {
    draining = true;
    for (const res of active) {
      if (!res.headersSent) res.setHeader("Connection", "close");
    }
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function urlOf(address: AddressInfo): string {
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function shutDown(
  server: Server,
  drain: () => void,
  timeoutMs: number,
  logger: Logger | undefined,
): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      logger?.warn({ timeoutMs }, "requests outlived the shutdown timeout; closing them");
      server.closeAllConnections();
    }, timeoutMs);

    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    drain();
    server.closeIdleConnections();
  });
}

export interface RunServiceOptions {
  logger?: Logger;
  shutdownTimeoutMs?: number;
  /**
   * The database instead of the one DATABASE_URL (or DATA_DIR) names; the
   * caller keeps it and closes it.
   */
  database?: Database;
}

/**
 * The entry point of a generated service: migrates its database and builds
 * its repositories when it has any, listens on HOST:PORT (default
 * 0.0.0.0:3000) and exits 0 after a graceful stop on SIGTERM or SIGINT.
 */
export async function runService(
  service: ServiceDefinition,
  options: RunServiceOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ name: service.name });
  const owned = options.database === undefined && needsDatabase(service);
  const database = owned
    ? await databaseFromEnvironment(service.name, { logger })
    : options.database;

  let running: RunningServer;
  try {
    running = await listenWith(service, database, logger, options);
  } catch (error) {
    if (owned) await database?.close();
    throw error;
  }
  if (owned && database) running = closingDatabase(running, database);

  logger.info({ url: running.url, version: service.version }, `listening on ${running.url}`);
  stopOnSignals(running, logger);
  return running;
}

function needsDatabase(service: ServiceDefinition): boolean {
  return service.migrations !== undefined || service.repositories !== undefined;
}

async function listenWith(
  service: ServiceDefinition,
  database: Database | undefined,
  logger: Logger,
  options: RunServiceOptions,
): Promise<RunningServer> {
  const { repositories } = database
    ? await prepareService(service, { database, logger })
    : { repositories: undefined };

  return startServer(createApp(service, { logger, repositories }), {
    port: portFrom(process.env["PORT"]),
    host: process.env["HOST"] ?? "0.0.0.0",
    logger,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
  });
}

/** Requests still running may use the database: it closes once the server has stopped. */
function closingDatabase(running: RunningServer, database: Database): RunningServer {
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= running.close().then(() => database.close()));
  return { ...running, close };
}

export interface PrepareServiceOptions {
  database: Database;
  logger?: Logger;
}

export interface PreparedService {
  /** What `service.repositories` built; undefined when the service has none. */
  repositories: unknown;
}

/** Brings the database up to the service's migrations and builds its repositories. */
export async function prepareService(
  service: ServiceDefinition,
  options: PrepareServiceOptions,
): Promise<PreparedService> {
  const { database, logger } = options;
  await migrate(database, service.name, service.migrations ?? [], { logger });

  return { repositories: service.repositories?.(database) };
}

export function portFrom(text: string | undefined): number {
  if (text === undefined || text === "") return 3000;

  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, not "${text}"`);
  }
  return port;
}

function stopOnSignals(running: RunningServer, logger: Logger): void {
  let stopping = false;

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal during shutdown; exiting now");
      process.exit(1);
    }
    stopping = true;

    logger.info({ signal }, "shutting down");
    running.close().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * The one place the compiler talks to a language model: an OpenAI-compatible
 * Chat Completions endpoint. Retries on 429 and 5xx (honouring Retry-After
 * and retry-after-ms) are the openai client's own; this module adds a limit
 * on calls in flight and turns every failure into one typed error.
 */

import { existsSync, readFileSync } from "node:fs";

import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";

import type { ChatMessage } from "./prompt.js";

export const DEFAULT_MODEL = "gpt-4o-mini";
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_CONCURRENCY = 4;
export const CONFIG_FILE_NAME = "spec2svc.config.json";

export interface ModelClientOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** Per request attempt; a retried call may take longer in all. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and lost connections. */
  maxRetries?: number;
  /** Calls in flight at once; more wait their turn. */
  concurrency?: number;
}

export interface ModelReply {
  text: string;
  promptTokens: number;
  completionTokens: number;
}

export interface ModelClient {
  complete(messages: ChatMessage[]): Promise<ModelReply>;
}

export type ModelErrorKind = "status" | "timeout" | "connection" | "malformed";

export class ModelError extends Error {
  constructor(
    message: string,
    readonly kind: ModelErrorKind,
    /** The HTTP status of the last answer, for kind "status". */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ModelError";
  }
}

export function createModelClient(options: ModelClientOptions): ModelClient {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxRetries = options.maxRetries ?? 3;
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: timeoutMs,
    maxRetries,
  });
  const limit = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const failure = { timeoutMs, attempts: maxRetries + 1, baseURL: client.baseURL };

  return {
    complete: (messages) => limit(async () => {
      const completion = await client.chat.completions
        .create({ model: options.model, messages })
        .catch((error: unknown) => {
          throw modelError(error, failure);
        });
      return readReply(completion);
    }),
  };
}

/** A semaphore: at most `concurrency` runs at once, the rest in the order they came. */
export function createLimiter(concurrency: number) {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a positive integer: ${concurrency}`);
  }
  let active = 0;
  const waiting: Array<() => void> = [];

  return async <T>(run: () => Promise<T>): Promise<T> => {
    // A finished run hands its slot straight to the next waiter, so `active` stays put.
    if (active < concurrency) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));

    try {
      return await run();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

interface FailureContext {
  timeoutMs: number;
  attempts: number;
  baseURL: string;
}

function modelError(error: unknown, context: FailureContext): ModelError {
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelError(`the model did not answer within ${context.timeoutMs} ms ` +
      `(${context.attempts} attempts)`, "timeout", undefined, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new ModelError(`could not reach the model at ${context.baseURL}: ${error.message}`,
      "connection", undefined, { cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) {
    return statusError(error, context);
  }
  if (error instanceof SyntaxError) {
    return new ModelError(`the model's reply is not valid JSON: ${error.message}`, "malformed",
      undefined, { cause: error });
  }
  return new ModelError(`the model call failed: ${String(error)}`, "connection", undefined,
    { cause: error });
}

function statusError(error: APIError, context: FailureContext): ModelError {
  const status = error.status!;
  const retried = status === 408 || status === 409 || status === 429 || status >= 500;
  const tries = retried ? ` after ${context.attempts} attempts` : "";
  return new ModelError(`the model answered ${status}${tries}: ${error.message}`, "status",
    status, { cause: error });
}

/** The openai client passes on whatever JSON came back, so its shape is checked here. */
function readReply(completion: unknown): ModelReply {
  const reply = completion as Partial<OpenAI.Chat.Completions.ChatCompletion> | undefined;
  const choice = Array.isArray(reply?.choices) ? reply.choices[0] : undefined;
  if (!choice) throw new ModelError("the model's reply has no choices", "malformed");

  if (choice.finish_reason === "length") {
    throw new ModelError("the model's reply was cut off at its token limit", "malformed");
  }
  const text = choice.message?.content;
  if (typeof text !== "string" || text.trim() === "") {
    throw new ModelError("the model's reply has no content", "malformed");
  }

  return {
    text,
    promptTokens: reply?.usage?.prompt_tokens ?? 0,
    completionTokens: reply?.usage?.completion_tokens ?? 0,
  };
}

export interface ModelSettings {
  /** Absent when OPENAI_API_KEY is not set: no model can be asked. */
  apiKey?: string;
  baseURL?: string;
  model: string;
  maxAttempts: number;
  concurrency: number;
}

export interface ModelFlags {
  model?: string;
  baseURL?: string;
  maxAttempts?: number;
  concurrency?: number;
}

interface ConfigFile {
  model?: string;
  baseURL?: string;
  maxAttempts?: number;
  concurrency?: number;
}

/**
 * Flags win over the environment, the environment over `spec2svc.config.json`,
 * and that over the defaults. The key comes from the environment only, so it
 * never sits in a file that might be committed.
 */
export function modelSettings(
  env: Record<string, string | undefined>,
  flags: ModelFlags = {},
  configFile?: string,
): ModelSettings {
  const config = configFile === undefined ? {} : readConfig(configFile);
  const apiKey = present(env.OPENAI_API_KEY);
  const baseURL = flags.baseURL ?? present(env.OPENAI_BASE_URL) ?? config.baseURL;

  return {
    ...(apiKey ? { apiKey } : {}),
    ...(baseURL ? { baseURL } : {}),
    model: flags.model ?? present(env.SPEC2SVC_MODEL) ?? config.model ?? DEFAULT_MODEL,
    maxAttempts: flags.maxAttempts ?? config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    concurrency: flags.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY,
  };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** A missing file is no configuration; a malformed one stops the build with its name. */
function readConfig(file: string): ConfigFile {
  if (!existsSync(file)) return {};

  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: expected a JSON object`);
  }

  const config = parsed as Record<string, unknown>;
  return {
    ...configString(config, "model", file),
    ...configString(config, "baseURL", file),
    ...configCount(config, "maxAttempts", file),
    ...configCount(config, "concurrency", file),
  };
}

function configString(config: Record<string, unknown>, key: string, file: string) {
  const value = config[key];
  if (value === undefined) return {};
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`${file}: "${key}" must be a non-empty string`);
  }
  return { [key]: value.trim() };
}

function configCount(config: Record<string, unknown>, key: string, file: string) {
  const value = config[key];
  if (value === undefined) return {};
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`${file}: "${key}" must be a positive integer`);
  }
  return { [key]: value };
}

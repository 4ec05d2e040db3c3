// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * Request bodies: choosing the validator for the Content-Type, reading the
 * bytes within the size limit and decoding them into a value.
 */
import express, { type Request, type Response } from "express";
import { HttpProblem } from "./problem.js";
import type { CompiledValidator, RequestBodyDefinition } from "./route.js";
import { setOwn } from "./set-own.js";

export interface BodyMedia {
  /** Lower case, without parameters. */
  mediaType: string;
  charset: string | undefined;
  validator: CompiledValidator;
  decoder: BodyDecoder;
}

interface BodyDecoder {
  accepts(mediaType: string): boolean;
  /** Formats whose specifications allow nothing but UTF-8. */
  utf8Only: boolean;
  parse(text: string): unknown;
}

const DECODERS: readonly BodyDecoder[] = [
  {
    accepts: (type) => type === "application/json" || type.endsWith("+json"),
    utf8Only: true,
    parse: parseJson,
  },
  {
    accepts: (type) => type === "application/x-www-form-urlencoded",
    utf8Only: true,
    parse: parseForm,
  },
  { accepts: (type) => type.startsWith("text/"), utf8Only: false, parse: (text) => text },
];

/** Whether the request carries body bytes; an explicit zero length does not count. */
export function hasBody(req: Request): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  return Number(req.headers["content-length"] ?? 0) > 0;
}

/** Picks the validator for the request's Content-Type, or throws a 415 problem. */
export function negotiateBody(
  definition: RequestBodyDefinition,
  contentType: string | undefined,
): BodyMedia {
  const accepted = Object.keys(definition.media);
  if (contentType === undefined || contentType.trim() === "") {
    throw unsupportedMediaType("The request has a body but no Content-Type header.", accepted);
  }

  const { mediaType, charset } = parseContentType(contentType);
  const key = matchMediaRange(accepted, mediaType);
  if (key === undefined) {
    throw unsupportedMediaType(`Content-Type "${mediaType}" is not accepted here.`, accepted);
  }

  const validator = definition.media[key];
  const decoder = DECODERS.find((candidate) => candidate.accepts(mediaType));
  if (validator === undefined || decoder === undefined) {
    const detail = `Request bodies of type "${mediaType}" are not supported yet.`;
    throw unsupportedMediaType(detail, accepted);
  }
  return { mediaType, charset, validator, decoder };
}

function unsupportedMediaType(detail: string, accepted: string[]): HttpProblem {
  return new HttpProblem({ status: 415, detail, extensions: { accepted } });
}

export function parseContentType(header: string): { mediaType: string; charset?: string } {
  const [type = "", ...parameters] = header.split(";");
  const mediaType = type.trim().toLowerCase();
  const charset = parameters
    .map((parameter) => /^\s*charset\s*=\s*"?([^"\s]*)"?\s*$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);

  return charset === undefined ? { mediaType } : { mediaType, charset: charset.toLowerCase() };
}

/** An exact key wins over its "type/*" range, which wins over the any-type range. */
function matchMediaRange(keys: string[], mediaType: string): string | undefined {
  const [type] = mediaType.split("/");
  const candidates = [mediaType, `${type}/*`, "*/*"];
  return candidates.find((candidate) => keys.includes(candidate));
}

/** Reads the raw bytes (inflating gzip, deflate, br) or fails with body-parser's 4xx errors. */
export function createBodyReader(limit: string | number) {
  const parser = express.raw({ type: () => true, limit });

  return (req: Request, res: Response): Promise<Buffer | undefined> =>
    new Promise((resolve, reject) => {
      parser(req, res, (error?: unknown) => {
        if (error) reject(error);
        else resolve(Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined);
      });
    });
}

/** Decodes body bytes; throws 415 for unusable charsets and 400 for unreadable text. */
export function decodeBody(media: BodyMedia, bytes: Buffer): unknown {
  const charset = media.charset ?? "utf-8";
  if (media.decoder.utf8Only && charset !== "utf-8" && charset !== "utf8") {
    throw new HttpProblem({
      status: 415,
      detail: `"${media.mediaType}" bodies must be UTF-8, not "${charset}".`,
    });
  }
  return media.decoder.parse(decodeText(bytes, charset));
}

function decodeText(bytes: Buffer, charset: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new HttpProblem({ status: 415, detail: `The charset "${charset}" is not supported.` });
  }

  try {
    return decoder.decode(bytes);
  } catch {
    throw new HttpProblem({ status: 400, detail: `The request body is not valid ${charset}.` });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? `: ${error.message}` : "";
    throw new HttpProblem({ status: 400, detail: `The request body is not valid JSON${reason}` });
  }
}

/** Repeated names become arrays; every value stays a string for the validator to coerce. */
function parseForm(text: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = Object.hasOwn(result, name) ? result[name] : undefined;
    setOwn(result, name, previous === undefined ? value : [previous, value].flat());
  }
  return result;
}

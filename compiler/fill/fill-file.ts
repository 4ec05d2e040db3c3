/**
 * The stored form of a fill: the handler file as it is emitted, under a first
 * line that records which contract it was accepted against and who wrote it:
 *
 *     // spec2svc-fill contract=<sha256> source=model model=<name> attempts=<n>
 *     // spec2svc-fill contract=<sha256> source=hand
 *
 * A file without that line is a person's fill that nothing has checked yet.
 */

import type { FillSource, StoredFill } from "./fill-types.js";

const MARKER = "// spec2svc-fill";
const HEADER = /^\/\/ spec2svc-fill(?=[ \t\r\n]|$)/;

export class FillFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}:1: ${message}`);
    this.name = "FillFileError";
  }
}

export function parseFillFile(text: string, file: string, operationId: string): StoredFill {
  const { header } = splitHeader(text);
  if (header === undefined) return { operationId, file, source: { kind: "hand" }, text };

  const fields = headerFields(header, file);
  return { operationId, file, contractHash: fields.contract, source: fillSource(fields, file),
    text };
}

/** The handler source under a fresh header; a header the source already has is replaced. */
export function renderFillFile(
  handlerSource: string,
  contractHash: string,
  source: FillSource,
): string {
  const { body } = splitHeader(handlerSource);
  return `${headerLine(contractHash, source)}\n${body}`;
}

/**
 * The same file accepted against another contract. Only the hash changes;
 * a file without a header is a person's, so it gains a `source=hand` one.
 */
export function withContractHash(text: string, hash: string): string {
  checkHash(hash);
  const { header } = splitHeader(text);
  if (header === undefined) return `${headerLine(hash, { kind: "hand" })}\n${text}`;

  const updated = header.replace(/(^|\s)contract=\S*/, `$1contract=${hash}`);
  if (updated === header) {
    throw new FillFileError("<fill>", "the spec2svc-fill header has no contract= field");
  }
  return updated + text.slice(header.length);
}

function headerLine(contractHash: string, source: FillSource): string {
  checkHash(contractHash);
  const origin = source.kind === "hand"
    ? "source=hand"
    : `source=model model=${encodeValue(source.model)} attempts=${source.attempts}`;
  return `${MARKER} contract=${contractHash} ${origin}`;
}

/** The header is a first line starting with the marker; its line ending goes with the body. */
function splitHeader(text: string): { header?: string; body: string } {
  if (!HEADER.test(text)) return { body: text };

  const end = text.search(/\r?\n/);
  const header = end < 0 ? text : text.slice(0, end);
  const rest = end < 0 ? "" : text.slice(end).replace(/^\r?\n/, "");
  return { header, body: rest };
}

function headerFields(header: string, file: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const token of header.slice(MARKER.length).trim().split(/\s+/).filter(Boolean)) {
    const match = /^([a-z]+)=(.*)$/.exec(token);
    if (!match) throw new FillFileError(file, `malformed spec2svc-fill header field '${token}'`);
    fields[match[1]!] = match[2]!;
  }

  if (fields.contract === undefined || !/^[0-9a-f]{64}$/.test(fields.contract)) {
    throw new FillFileError(file, "the spec2svc-fill header needs contract=<sha256 in hex>");
  }
  return fields;
}

function fillSource(fields: Record<string, string>, file: string): FillSource {
  if (fields.source === "hand") return { kind: "hand" };
  if (fields.source !== "model") {
    throw new FillFileError(file, `unknown fill source '${fields.source ?? ""}' ` +
      "(expected source=hand or source=model)");
  }

  const attempts = Number(fields.attempts);
  if (fields.model === undefined || !Number.isInteger(attempts) || attempts < 1) {
    throw new FillFileError(file, "a model fill's header needs model=<name> and attempts=<n>");
  }
  return { kind: "model", model: decodeValue(fields.model), attempts };
}

function checkHash(hash: string): void {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a sha256 contract hash: '${hash}'`);
}

/** Model names are kept readable; only what would break the header is escaped. */
function encodeValue(value: string): string {
  return value.replace(/[\s%]/g, (c) => encodeURIComponent(c));
}

function decodeValue(value: string): string {
  return decodeURIComponent(value);
}

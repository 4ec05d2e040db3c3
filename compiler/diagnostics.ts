/**
 * Diagnostics are data: a code, a message and where in the spec they point.
 * They are rendered for people by `formatDiagnostic` and for machines as JSON.
 */

export interface SpecLocation {
  /** Absolute path of the file the pointer is resolved in. */
  file: string;
  /** RFC 6901 JSON pointer into that file ("" is the document root). */
  pointer: string;
  /** 1-based line and column, when the file was parsed from text. */
  line?: number;
  column?: number;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  location?: SpecLocation;
}

/** A build stopped by one or more problems in the spec. */
export class SpecError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "SpecError";
    this.diagnostics = diagnostics;
  }

  get code(): string {
    return this.diagnostics[0]?.code ?? "spec";
  }
}

export function specError(code: string, message: string, location?: SpecLocation): SpecError {
  return new SpecError([{ code, severity: "error", message, ...(location ? { location } : {}) }]);
}

export function formatLocation(location: SpecLocation): string {
  const position = location.line === undefined ? "" : `:${location.line}:${location.column ?? 1}`;
  return `${location.file}${position} at #${location.pointer}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)}: ` : "";
  return `${where}${d.severity} ${d.code}: ${d.message}`;
}

/** Escapes one reference token for use in a JSON pointer. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => `/${escapePointerToken(t)}`).join("");
}

export function splitPointer(pointer: string): string[] {
  if (pointer === "" || pointer === "#") return [];
  const body = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  return body
    .split("/")
    .slice(1)
    .map((t) => decodeFragmentToken(t).replace(/~1/g, "/").replace(/~0/g, "~"));
}

function decodeFragmentToken(token: string): string {
  try {
    return decodeURIComponent(token);
  } catch {
    // A stray "%" is kept as written rather than failing the whole pointer.
    return token;
  }
}

import type { Diagnostic, Severity, SpecLocation } from "../diagnostics.js";

/**
 * A problem found in the bundled document, before it has a file, line and column.
 * Locations are computed only once a problem is known, because locating means
 * parsing source text a second time.
 */
export interface Finding {
  code: string;
  message: string;
  /** JSON pointer into the bundled document. */
  pointer: string;
  severity?: Severity;
}

export function finding(code: string, message: string, pointer: string): Finding {
  return { code, message, pointer };
}

export function toDiagnostic(f: Finding, locate: (pointer: string) => SpecLocation): Diagnostic {
  return {
    code: f.code,
    severity: f.severity ?? "error",
    message: f.message,
    location: locate(f.pointer),
  };
}

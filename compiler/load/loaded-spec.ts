import type { Diagnostic, SpecLocation } from "../diagnostics.js";

export type SpecVersion = "2.0" | "3.0" | "3.1";

/** A parsed, validated and bundled spec, ready to become a model. */
export interface LoadedSpec {
  /** Absolute path of the entry document. */
  file: string;
  /** The version the author wrote; Swagger 2.0 is converted to 3.0 below. */
  sourceVersion: SpecVersion;
  /** The version of `document`: "3.0" or "3.1". */
  version: "3.0" | "3.1";
  /**
   * The OpenAPI 3.x document with every external `$ref` brought inside, and
   * internal `$ref`s kept as references (never dereferenced), so circular
   * schemas stay finite.
   */
  document: Record<string, unknown>;
  /** sha256 over every file the document was read from, in a stable order. */
  sourceHash: string;
  /** Problems that do not stop the build. */
  warnings: Diagnostic[];
  /**
   * Maps a JSON pointer in `document` to the file, line and column it came
   * from. A pointer with no source text (made by conversion) resolves to its
   * deepest ancestor that has one.
   */
  locate(pointer: string): SpecLocation;
}

/**
 * Everything the CLI says goes through a reporter: people get short text,
 * machines get one JSON document with `--json`.
 */

import { formatDiagnostic, type Diagnostic } from "../diagnostics.js";

export interface Reporter {
  /** One line of progress or result. Ignored in JSON mode. */
  info(line: string): void;
  diagnostics(list: Diagnostic[]): void;
  /** Structured result, merged into the final JSON document. */
  result(key: string, value: unknown): void;
  finish(ok: boolean): void;
}

export interface Sink {
  out(text: string): void;
  err(text: string): void;
}

export const processSink: Sink = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Warnings of one kind beyond this many are counted, not listed. */
const LISTED_PER_CODE = 3;

export function textReporter(sink: Sink, verbose = false): Reporter {
  return {
    info: (line) => sink.err(`${line}\n`),
    diagnostics: (list) => {
      const errors = list.filter((d) => d.severity === "error");
      for (const d of errors) sink.err(`${formatDiagnostic(d)}\n`);
      for (const [code, group] of groupByCode(list.filter((d) => d.severity === "warning"))) {
        const shown = verbose ? group : group.slice(0, LISTED_PER_CODE);
        for (const d of shown) sink.err(`${formatDiagnostic(d)}\n`);
        if (shown.length < group.length) {
          sink.err(`  … and ${group.length - shown.length} more ${code} (--verbose lists all)\n`);
        }
      }
    },
    result: () => undefined,
    finish: () => undefined,
  };
}

export function jsonReporter(sink: Sink): Reporter {
  const document: Record<string, unknown> = { diagnostics: [] };
  return {
    info: () => undefined,
    diagnostics: (list) => (document.diagnostics as Diagnostic[]).push(...list),
    result: (key, value) => {
      document[key] = value;
    },
    finish: (ok) => sink.out(`${JSON.stringify({ ok, ...document }, null, 2)}\n`),
  };
}

function groupByCode(list: Diagnostic[]): Map<string, Diagnostic[]> {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of list) groups.set(d.code, [...(groups.get(d.code) ?? []), d]);
  return groups;
}

// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/** Results for people (text) and for CI (JUnit XML). */

import type { ContractRequest, ContractResponse, Failure } from "./exchange.js";

export interface TestResult {
  /** "<suite>: <name>", e.g. "cases: registerUser: body without required \"email\"". */
  suite: string;
  name: string;
  passed: boolean;
  failures: Failure[];
  durationMs: number;
}

const MAX_BODY = 600;

export function describeFailure(failure: Failure): string {
  const lines = [`  broke ${failure.rule}: ${failure.message}`];
  if (failure.request) lines.push(`  request:  ${requestLine(failure.request)}`);
  if (failure.response) lines.push(`  response: ${responseLine(failure.response)}`);
  return lines.join("\n");
}

function requestLine(request: ContractRequest): string {
  const body = request.body === undefined ? "" : ` ${clip(typeof request.body === "string"
    ? request.body : JSON.stringify(request.body))}`;
  return `${request.method.toUpperCase()} ${request.path}${body}`;
}

function responseLine(response: ContractResponse): string {
  return `${response.status} ${response.headers["content-type"] ?? ""} ${clip(response.text)}`;
}

function clip(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…` : text;
}

export function textReport(results: TestResult[]): string {
  const failed = results.filter((r) => !r.passed);
  const blocks = failed.map((r) =>
    [`FAIL ${r.suite} › ${r.name}`, ...r.failures.map(describeFailure)].join("\n"));
  const summary = `${results.length - failed.length} passed, ${failed.length} failed`;
  return [...blocks, summary].join("\n\n");
}

export function junitReport(service: string, results: TestResult[]): string {
  const suites = new Map<string, TestResult[]>();
  for (const r of results) suites.set(r.suite, [...(suites.get(r.suite) ?? []), r]);

  const body = [...suites.entries()].map(([suite, list]) => {
    const failures = list.filter((r) => !r.passed).length;
    const time = list.reduce((t, r) => t + r.durationMs, 0) / 1000;
    const cases = list.map((r) => testCase(suite, r)).join("\n");
    return `  <testsuite name="${xml(`${service} ${suite}`)}" tests="${list.length}" ` +
      `failures="${failures}" time="${time.toFixed(3)}">\n${cases}\n  </testsuite>`;
  });
  const failures = results.filter((r) => !r.passed).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(service)}" ` +
    `tests="${results.length}" failures="${failures}">\n${body.join("\n")}\n</testsuites>\n`;
}

function testCase(suite: string, result: TestResult): string {
  const open = `    <testcase classname="${xml(suite)}" name="${xml(result.name)}" ` +
    `time="${(result.durationMs / 1000).toFixed(3)}"`;
  if (result.passed) return `${open}/>`;
  const message = result.failures.map((f) => `${f.rule}: ${f.message}`).join("; ");
  const detail = result.failures.map(describeFailure).join("\n");
  return `${open}>\n      <failure message="${xml(message)}">${xml(detail)}</failure>\n` +
    "    </testcase>";
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "\ufffd");
}

/** The `spec2svc` command line. */

import path from "node:path";

import { Command } from "commander";

import { writeFile } from "node:fs/promises";

import { junitReport, textReport } from "../../contract/report.js";
import { buildSpec } from "../build.js";
import { testSpec } from "../contract/test-spec.js";
import { SpecError } from "../diagnostics.js";
import { loadSpec } from "../load/load-spec.js";
import { buildModel } from "../model/build-model.js";
import { jsonReporter, processSink, textReporter, type Reporter } from "./reporter.js";

interface CommonOptions {
  json?: boolean;
  verbose?: boolean;
}

function reporterFor(options: CommonOptions): Reporter {
  return options.json ? jsonReporter(processSink) : textReporter(processSink, options.verbose);
}

async function runBuild(specs: string[], options: CommonOptions & { out?: string; name?: string }) {
  const reporter = reporterFor(options);
  if (specs.length > 1 && (options.out || options.name)) {
    reporter.info("--out and --name apply to one spec at a time");
    return finish(reporter, false);
  }

  const results = [];
  for (const spec of specs) {
    const result = await buildSpec(spec, options).catch((error) => failure(reporter, error));
    if (!result) return finish(reporter, false);

    const { compiled, filled, open } = result.handlers;
    reporter.diagnostics(result.warnings);
    reporter.info(`built ${result.model.name}: ${result.model.operations.length} operations ` +
      `(${compiled.length} compiled, ${filled.length} filled, ${open.length} open holes), ` +
      `${result.model.schemas.length} schemas, ${result.files.length} ` +
      `files -> ${path.relative(process.cwd(), result.outDir) || "."} in ${totalSeconds(result.timings)} s`);
    results.push({
      spec: result.spec,
      outDir: result.outDir,
      operations: result.model.operations.length,
      handlers: result.handlers,
      files: result.files.length,
      timingsMs: result.timings,
    });
  }

  reporter.result("builds", results);
  return finish(reporter, true);
}

async function runCheck(spec: string, options: CommonOptions) {
  const reporter = reporterFor(options);
  try {
    const model = buildModel(await loadSpec(spec));
    reporter.diagnostics(model.warnings);
    reporter.info(`${spec}: valid; ${model.operations.length} operations, ` +
      `${model.schemas.length} schemas, ${model.warnings.length} warnings`);
    reporter.result("check", { spec, operations: model.operations.length,
      warnings: model.warnings.length });
    return finish(reporter, true);
  } catch (error) {
    failure(reporter, error);
    return finish(reporter, false);
  }
}

interface TestCommandOptions extends CommonOptions {
  url?: string;
  out?: string;
  reporter: string;
  output?: string;
  bearer?: string;
  apiKey?: string;
  basic?: string;
  filter?: string;
  workflows?: string;
  runs: string;
  seed?: string;
}

async function runTest(spec: string, options: TestCommandOptions) {
  const reporter = reporterFor(options);
  const credentials = {
    ...(options.bearer ? { bearerToken: options.bearer } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.basic ? { basic: splitBasic(options.basic) } : {}),
  };

  let run;
  try {
    const numbers = {
      runs: Number(options.runs),
      ...(options.seed === undefined ? {} : { seed: Number(options.seed) }),
    };
    const { seed: _seed, runs: _runs, ...rest } = options;
    run = await testSpec(spec, { ...rest, ...numbers, credentials });
  } catch (error) {
    failure(reporter, error);
    return finish(reporter, false);
  }

  const failed = run.results.filter((r) => !r.passed);
  if (options.reporter === "junit") {
    const xml = junitReport(run.service, run.results);
    if (options.output) await writeFile(options.output, xml);
    else process.stdout.write(xml);
  }
  reporter.info(textReport(run.results));
  reporter.result("tests", { passed: run.results.length - failed.length, failed: failed.length,
    failures: failed });
  return finish(reporter, failed.length === 0);
}

function splitBasic(text: string) {
  const at = text.indexOf(":");
  return { user: text.slice(0, at), password: text.slice(at + 1) };
}

function failure(reporter: Reporter, error: unknown): undefined {
  if (error instanceof SpecError) {
    reporter.diagnostics(error.diagnostics);
    return undefined;
  }
  throw error;
}

function finish(reporter: Reporter, ok: boolean): void {
  reporter.finish(ok);
  if (!ok) process.exitCode = 1;
}

function totalSeconds(timings: Record<string, number>): string {
  return (Object.values(timings).reduce((a, b) => a + b, 0) / 1000).toFixed(2);
}

export function createProgram(): Command {
  const program = new Command("spec2svc")
    .description("Compile an OpenAPI document into a validating TypeScript service")
    .showHelpAfterError();

  program.command("build")
    .description("compile specs into services")
    .argument("<spec...>", "OpenAPI documents (YAML or JSON)")
    .option("-o, --out <dir>", "output folder (default: generated/<name>)")
    .option("--name <name>", "service name (default: the spec's file name)")
    .option("--json", "print one JSON document for machines")
    .option("--verbose", "list every warning")
    .action(runBuild);

  program.command("check")
    .description("validate a spec and report its problems")
    .argument("<spec>", "OpenAPI document")
    .option("--json", "print one JSON document for machines")
    .option("--verbose", "list every warning")
    .action(runCheck);

  program.command("test")
    .description("run the spec's contract tests in-process, or against a running service")
    .argument("<spec>", "OpenAPI document")
    .option("--url <url>", "test the service running at this URL instead of building one")
    .option("-o, --out <dir>", "where to build the service for in-process runs")
    .option("--reporter <kind>", "text or junit", "text")
    .option("--output <file>", "write the junit report to this file")
    .option("--bearer <token>", "a valid bearer token for secured operations")
    .option("--api-key <key>", "a valid API key for secured operations")
    .option("--basic <user:password>", "valid basic-auth credentials")
    .option("--filter <text>", "only cases whose name contains this text")
    .option("--workflows <file>", "Arazzo workflows to run (default: <spec>.arazzo.yaml)")
    .option("--runs <n>", "property-based runs per operation and property (0: none)", "25")
    .option("--seed <n>", "seed of the property-based runs, to repeat one")
    .option("--json", "print one JSON document for machines")
    .action(runTest);

  return program;
}

await createProgram().parseAsync(process.argv);

/** The `spec2svc` command line. */

import path from "node:path";

import { Command } from "commander";

import { writeFile } from "node:fs/promises";

import { junitReport, textReport } from "../../contract/report.js";
import { buildSpec, type FillSettings } from "../build.js";
import { workflowsFor } from "../contract/workflow-file.js";
import type { FillEvent, FillSummary } from "../fill/fill-holes.js";
import { buildHoleContract } from "../fill/hole-contract.js";
import { CONFIG_FILE_NAME, createModelClient, modelSettings } from "../fill/model-client.js";
import { buildPrompt, promptText } from "../fill/prompt.js";
import { fillsFolder } from "../fill/read-fills.js";
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

interface BuildCommandOptions extends CommonOptions {
  out?: string;
  name?: string;
  model?: string;
  offline?: boolean;
  maxAttempts?: string;
  printPrompt?: string;
}

/** The fill settings of a build: a model client only when a key is set and not offline. */
function fillSettings(options: BuildCommandOptions, reporter: Reporter): FillSettings {
  const settings = modelSettings(process.env, {
    ...(options.model ? { model: options.model } : {}),
    ...(options.maxAttempts ? { maxAttempts: Number(options.maxAttempts) } : {}),
  }, path.resolve(CONFIG_FILE_NAME));
  const online = !options.offline && settings.apiKey !== undefined;

  return {
    ...(online ? { client: createModelClient({ apiKey: settings.apiKey!, model: settings.model,
      concurrency: settings.concurrency,
      ...(settings.baseURL ? { baseURL: settings.baseURL } : {}) }) } : {}),
    modelName: settings.model,
    maxAttempts: settings.maxAttempts,
    concurrency: settings.concurrency,
    report: (event) => reporter.info(describeEvent(event)),
  };
}

function describeEvent(event: FillEvent): string {
  switch (event.kind) {
    case "attempt":
      return `  ${event.operationId}: asking the model (attempt ${event.attempt})`;
    case "rejected":
      return `  ${event.operationId}: attempt ${event.attempt} rejected: ` +
        event.rejections.map((r) => `${r.rule}: ${r.message.split("\n")[0]}`).join("; ");
    case "accepted":
      return `  ${event.operationId}: accepted on attempt ${event.attempt}`;
    case "failed":
      return `  ${event.operationId}: ${event.hand ? "the hand-written fill" : "no candidate"} ` +
        `passed: ${event.rejections.map((r) => `${r.rule}: ${r.message.split("\n")[0]}`)
          .join("; ")}`;
    default:
      return `  ${event.operationId}: ${event.kind}`;
  }
}

function fillLine(summary: FillSummary): string {
  return `holes: ${summary.filled.length} filled, ${summary.reused.length} reused, ` +
    `${summary.reverified.length} re-verified, ${summary.open.length} open, ` +
    `${summary.failed.length} failed; model calls ${summary.modelCalls}, tokens ` +
    `${summary.promptTokens} prompt + ${summary.completionTokens} completion, ` +
    `${(summary.elapsedMs / 1000).toFixed(1)} s`;
}

async function printPrompt(spec: string, operationId: string): Promise<boolean> {
  const model = buildModel(await loadSpec(path.resolve(spec)));
  const op = model.operations.find((o) => o.operationId === operationId || o.id === operationId);
  if (!op) {
    process.stderr.write(`no operation '${operationId}' in ${spec}\n`);
    return false;
  }
  const workflows = workflowsFor(path.resolve(spec));
  process.stdout.write(`${promptText(buildPrompt(buildHoleContract(model, op, workflows)))}\n`);
  return true;
}

async function runBuild(specs: string[], options: BuildCommandOptions) {
  const reporter = reporterFor(options);
  if (options.printPrompt) {
    const printed = await printPrompt(specs[0]!, options.printPrompt)
      .catch((error) => failure(reporter, error) ?? false);
    if (!printed) process.exitCode = 1;
    return;
  }
  if (specs.length > 1 && (options.out || options.name)) {
    reporter.info("--out and --name apply to one spec at a time");
    return finish(reporter, false);
  }

  const results = [];
  for (const spec of specs) {
    const { out, name } = options;
    const result = await buildSpec(spec, { ...(out ? { out } : {}), ...(name ? { name } : {}),
      fill: fillSettings(options, reporter) }).catch((error) => failure(reporter, error));
    if (!result) return finish(reporter, false);

    const { compiled, filled, open } = result.handlers;
    reporter.diagnostics(result.warnings);
    reporter.info(`built ${result.model.name}: ${result.model.operations.length} operations ` +
      `(${compiled.length} compiled, ${filled.length} filled, ${open.length} open holes), ` +
      `${result.model.schemas.length} schemas, ${result.files.length} ` +
      `files -> ${path.relative(process.cwd(), result.outDir) || "."} in ${totalSeconds(result.timings)} s`);
    if (result.fillSummary) reporter.info(fillLine(result.fillSummary));
    if (result.handlers.open.length > 0) {
      reporter.info(`open holes (answering 501): ${result.handlers.open.join(", ")}; fill them by ` +
        "setting OPENAI_API_KEY (and OPENAI_BASE_URL for other endpoints) or by writing " +
        `${path.relative(process.cwd(), fillsFolder(result.spec))}/<operationId>.ts`);
    }
    results.push({
      fill: result.fillSummary,
      spec: result.spec,
      outDir: result.outDir,
      operations: result.model.operations.length,
      handlers: result.handlers,
      files: result.files.length,
      timingsMs: result.timings,
    });
  }

  reporter.result("builds", results);
  const failed = results.some((r) => (r.fill?.failed.length ?? 0) > 0);
  return finish(reporter, !failed);
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
    .option("--model <name>", "the model that fills holes (default from spec2svc.config.json)")
    .option("--offline", "never call a model; open holes stay 501")
    .option("--max-attempts <n>", "candidates asked per hole before giving up")
    .option("--print-prompt <operationId>", "print the prompt for one hole and stop")
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

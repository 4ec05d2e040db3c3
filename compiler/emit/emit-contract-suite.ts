/**
 * The service's own contract tests: the contract derived from the spec, a
 * copy of the contract kit that runs it, and a vitest file that starts the
 * service in-process and runs every case. `npm test` in the output runs them.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { buildContract } from "../contract/build-contract.js";
import type { WorkflowSource } from "../../contract/run-workflows.js";
import type { ServiceModel } from "../model/service-model.js";
import type { OutputFile, SourcePrinter } from "./source-printer.js";

const KIT = fileURLToPath(new URL("../../contract/", import.meta.url));
const KIT_HEADER = "// Copied from the spec2svc contract kit. Do not edit: rebuild to update.";

export function emitContractSuite(
  model: ServiceModel,
  printer: SourcePrinter,
  workflows?: WorkflowSource,
): OutputFile[] {
  return [
    { path: "test/contract.json", content: `${JSON.stringify(buildContract(model), null, 2)}\n` },
    ...(workflows ? [{ path: "test/workflows.arazzo.yaml", content: workflows.text }] : []),
    printer.print("test/contract.test.ts", [
      'import { readFileSync } from "node:fs";',
      "",
      'import { afterAll, beforeAll, describe, expect, it } from "vitest";',
      "",
      'import { buildApp } from "../src/app.js";',
      'import * as runtime from "../src/runtime/index.js";',
      "import {",
      "  caseContext,",
      "  credentialProvider,",
      "  describeFailure,",
      "  parseArazzo,",
      "  runPropertySuite,",
      "  runWorkflows,",
      "  runCase,",
      "  startLocalService,",
      "  type CaseContext,",
      "  type ContractDocument,",
      "  type LocalService,",
      '} from "./contract-kit/index.js";',
      "",
      "const contract = JSON.parse(",
      '  readFileSync(new URL("./contract.json", import.meta.url), "utf8"),',
      ") as ContractDocument;",
      "",
      "let service: LocalService;",
      "let context: CaseContext;",
      "",
      "beforeAll(async () => {\n" +
        "  service = await startLocalService(runtime, buildApp);\n" +
        "  context = caseContext(contract, service.target,\n" +
        "    credentialProvider(contract, service.credentials));\n});",
      "",
      "afterAll(async () => {\n  await service.stop();\n});",
      "",
      `describe(${JSON.stringify(`${model.name} contract`)}, () => {\n` +
        "  it.each(contract.cases.map((c) => [c.name, c] as const))(\"%s\", async (_name, c) => {\n" +
        "    const result = await runCase(context, c);\n" +
        "    expect(result.failures.map(describeFailure)).toEqual([]);\n" +
        "  });\n});",
      ...(workflows ? workflowTests() : []),
      "",
      "/** CONTRACT_RUNS sets the property-based runs per operation; CONTRACT_SEED repeats a run. */",
      'describe("generated requests", () => {\n' +
        '  it("never answer 5xx, and valid ones get documented responses", async () => {\n' +
        "    const results = await runPropertySuite(contract, service.target, service.credentials, {\n" +
        '      runs: Number(process.env.CONTRACT_RUNS ?? "25"),\n' +
        "      ...(process.env.CONTRACT_SEED ? { seed: Number(process.env.CONTRACT_SEED) } : {}),\n" +
        "    });\n" +
        "    const failures = results.flatMap((r) => r.failures.map(describeFailure));\n" +
        "    expect(failures).toEqual([]);\n" +
        "  }, 120_000);\n});",
    ]),
    ...kitFiles(),
  ];
}

function workflowTests(): string[] {
  return [
    "",
    'const workflowFile = new URL("./workflows.arazzo.yaml", import.meta.url);',
    'const workflows = { file: workflowFile.pathname, text: readFileSync(workflowFile, "utf8") };',
    "const workflowIds = parseArazzo(workflows.text, workflows.file).document.workflows",
    "  .map((w) => w.workflowId);",
    "",
    'describe("workflows", () => {\n' +
      '  it.each(workflowIds)("%s", async (workflowId) => {\n' +
      "    const [result] = await runWorkflows(workflows, contract, service.target,\n" +
      "      service.credentials, workflowId);\n" +
      "    expect(result!.failures.map(describeFailure)).toEqual([]);\n" +
      "  });\n});",
  ];
}

function kitFiles(dir = ""): OutputFile[] {
  return readdirSync(path.join(KIT, dir), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) return kitFiles(relative);
      if (!entry.name.endsWith(".ts")) return [];
      const content = readFileSync(path.join(KIT, relative), "utf8");
      return [{ path: `test/contract-kit/${relative}`, content: `${KIT_HEADER}\n${content}` }];
    });
}

/**
 * The files that make the output a standalone npm project: the manifest,
 * the TypeScript settings, the service entry points and a copy of the
 * runtime library.
 */

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { ServiceModel } from "../model/service-model.js";
import { literal } from "./code-literal.js";
import type { OutputFile, SourcePrinter } from "./source-printer.js";

const ROOT = new URL("../../", import.meta.url);
const RUNTIME_HEADER = "// Copied from the spec2svc runtime library. Do not edit: rebuild to update.";
const RUNTIME_DEPENDENCIES = [
  "ajv",
  "ajv-formats",
  "better-sqlite3",
  "express",
  "jose",
  "pg",
  "pino",
  "tsx",
];
const RUNTIME_DEV_DEPENDENCIES = [
  "@types/better-sqlite3",
  "@types/express",
  "@types/node",
  "@types/pg",
  "fast-check",
  "typescript",
];

export function emitProject(model: ServiceModel, printer: SourcePrinter): OutputFile[] {
  return [
    { path: "package.json", content: json(packageManifest(model)) },
    { path: "tsconfig.json", content: json(typescriptSettings()) },
    { path: "README.md", content: readme(model) },
    serviceModule(model, printer),
    appModule(model, printer),
    printer.print("src/server.ts", [
      'import { runService } from "./runtime/index.js";',
      'import { service } from "./service.js";',
      "",
      "await runService(service);",
    ]),
    ...runtimeFiles(),
  ];
}

function serviceModule(model: ServiceModel, printer: SourcePrinter): OutputFile {
  const stored = model.resources.length > 0;
  const members = [
    `name: ${JSON.stringify(model.name)}`,
    `version: ${JSON.stringify(model.version)}`,
    "routes",
    "redactionShapes",
    `securitySchemes: ${literal(securitySchemes(model))}`,
    ...(stored
      ? [`uniqueFields: ${literal(uniqueFields(model))}`, "migrations",
        "repositories: createRepositories"]
      : []),
  ];

  return printer.print("src/service.ts", [
    'import type { ServiceDefinition } from "./runtime/route.js";',
    ...(stored ? ['import { migrations } from "./migrations.js";'] : []),
    'import { redactionShapes } from "./redactions.js";',
    ...(stored ? ['import { createRepositories } from "./repositories.js";'] : []),
    'import { routes } from "./routes.js";',
    "",
    `export const service: ServiceDefinition = {\n${members.map((m) => `  ${m},`).join("\n")}\n};`,
  ]);
}

function appModule(model: ServiceModel, printer: SourcePrinter): OutputFile {
  if (model.resources.length === 0) {
    return printer.print("src/app.ts", [
      'import { createApp, type CreateAppOptions } from "./runtime/index.js";',
      'import { service } from "./service.js";',
      "",
      "/** The Express application, without a listening server: for tests and embedding. */",
      "export async function buildApp(options: CreateAppOptions = {}) {\n" +
        "  return createApp(service, options);\n}",
    ]);
  }

  return printer.print("src/app.ts", [
    "import {",
    "  createApp,",
    "  databaseFromEnvironment,",
    "  prepareService,",
    "  type CreateAppOptions,",
    "  type Database,",
    '} from "./runtime/index.js";',
    'import { service } from "./service.js";',
    "",
    "export interface BuildOptions extends CreateAppOptions {",
    "  /** Defaults to DATABASE_URL, or a SQLite file under DATA_DIR. */",
    "  database?: Database;",
    "}",
    "",
    "/** The Express application with its database migrated, without a listening server. */",
    "export async function buildApp(options: BuildOptions = {}) {\n" +
      "  const database = options.database ?? (await databaseFromEnvironment(service.name));\n" +
      "  const { repositories } = await prepareService(service, { database });\n" +
      "  return createApp(service, { ...options, repositories });\n}",
  ]);
}

function uniqueFields(model: ServiceModel): Record<string, string[]> {
  return Object.fromEntries(model.resources.flatMap((resource) =>
    resource.unique.map((u) => [u.name, u.columns.map((column) =>
      resource.columns.find((c) => c.column === column)!.property)])));
}

/** What the runtime checks of each scheme; descriptions and URLs stay in the spec. */
function securitySchemes(model: ServiceModel): Record<string, unknown> {
  return Object.fromEntries(model.securitySchemes.map((s) => {
    const d = s.definition;
    const scheme = typeof d.scheme === "string" ? d.scheme.toLowerCase() : undefined;
    return [s.name, { type: s.type, scheme, in: d.in, name: d.name }];
  }));
}

function packageManifest(model: ServiceModel): Record<string, unknown> {
  const own = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const pick = (names: string[], from: Record<string, string>) =>
    Object.fromEntries(names.map((name) => [name, from[name] ?? "*"]));

  return {
    name: `${model.name.replace(/[^a-z0-9-]/g, "-")}-service`,
    version: model.version.replace(/[^0-9A-Za-z.+-]/g, "-"),
    private: true,
    description: `${model.title || model.name}, compiled by spec2svc`,
    type: "module",
    engines: { node: ">=20" },
    scripts: {
      start: "tsx src/server.ts",
      test: "vitest run",
      typecheck: "tsc --noEmit -p .",
    },
    dependencies: pick(RUNTIME_DEPENDENCIES, own.dependencies),
    devDependencies: pick(RUNTIME_DEV_DEPENDENCIES, { ...own.dependencies,
      ...own.devDependencies }),
  };
}

function typescriptSettings(): Record<string, unknown> {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
    },
    include: ["src", "test"],
  };
}

function readme(model: ServiceModel): string {
  return [
    `# ${model.title || model.name}`,
    "",
    "Generated by spec2svc from the service's OpenAPI document. Do not edit these files:",
    "change the spec (or its fills) and build again.",
    "",
    "    npm install && npm start        # listens on PORT (default 3000)",
    "",
    `Operations: ${model.operations.length}. Health: \`GET /healthz\`.`,
    "",
  ].join("\n");
}

/** The runtime library is copied in so the output needs nothing from this repository. */
function runtimeFiles(): OutputFile[] {
  const folder = new URL("runtime/", ROOT);
  return readdirSync(fileURLToPath(folder))
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => ({
      path: `src/runtime/${name}`,
      content: `${RUNTIME_HEADER}\n${readFileSync(new URL(name, folder), "utf8")}`,
    }));
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

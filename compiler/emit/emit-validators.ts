/**
 * Compiles the request schemas with ajv ahead of time into standalone
 * modules, so a service starts without compiling a single schema. Two
 * modules: one coerces text to the declared types (parameters, form bodies)
 * and one does not (JSON and text bodies).
 */

import { createRequire } from "node:module";

import type { Ajv2020 as Ajv2020Type, Options } from "ajv/dist/2020.js";

import { SpecError } from "../diagnostics.js";
import type { ServiceModel } from "../model/service-model.js";
import { definitionsSchema, type ValidatorSchema } from "./request-schemas.js";
import { GENERATED_HEADER, type OutputFile } from "./source-printer.js";

// ajv and ajv-formats are CommonJS; their default exports are reached this way.
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as typeof Ajv2020Type;
const addFormats = require("ajv-formats").default as (ajv: Ajv2020Type) => void;
const standaloneCode = require("ajv/dist/standalone").default as (
  ajv: Ajv2020Type,
  refs: Record<string, string>,
) => string;

export interface ValidatorModule {
  /** Path of the module relative to the output folder, without extension. */
  path: string;
  coerce: boolean;
}

export const VALIDATOR_MODULES: ValidatorModule[] = [
  { path: "src/validators/coercing", coerce: true },
  { path: "src/validators/exact", coerce: false },
];

export function validatorModuleFor(schema: { coerce: boolean }): ValidatorModule {
  return VALIDATOR_MODULES.find((m) => m.coerce === schema.coerce)!;
}

export interface ValidatorContext {
  locate(pointer: string): SpecError["diagnostics"][number]["location"];
}

export function emitValidators(
  model: ServiceModel,
  schemas: ValidatorSchema[],
  ctx: ValidatorContext,
): OutputFile[] {
  return VALIDATOR_MODULES.flatMap((module) => {
    const own = schemas.filter((s) => s.coerce === module.coerce);
    const code = compileModule(model, own, module.coerce, ctx);
    return [
      { path: `${module.path}.js`, content: javascriptModule(code) },
      { path: `${module.path}.d.ts`, content: declarations(module, own) },
    ];
  });
}

function compileModule(
  model: ServiceModel,
  schemas: ValidatorSchema[],
  coerce: boolean,
  ctx: ValidatorContext,
): string {
  const ajv = createAjv(model, coerce);
  const definitions = definitionsSchema(model);
  checkDefinitions(ajv, model, definitions.$defs as Record<string, unknown>, ctx);
  ajv.addSchema(definitions);

  const refs: Record<string, string> = {};
  for (const schema of schemas) {
    try {
      ajv.addSchema({ ...(schema.schema as object), $id: schema.$id });
      ajv.getSchema(schema.$id);
    } catch (error) {
      throw uncompilable((error as Error).message, schema.pointer, ctx);
    }
    refs[schema.exportName] = schema.$id;
  }

  if (Object.keys(refs).length === 0) return "export {};";
  return standaloneCode(ajv, refs);
}

/** Each named schema is checked on its own, so a fault is reported where it is written. */
function checkDefinitions(
  ajv: Ajv2020Type,
  model: ServiceModel,
  defs: Record<string, unknown>,
  ctx: ValidatorContext,
): void {
  for (const named of model.schemas) {
    const valid = ajv.validateSchema(defs[named.name] as object);
    if (!valid) {
      throw uncompilable(ajv.errorsText(ajv.errors, { dataVar: "schema" }), named.pointer, ctx);
    }
  }
}

function uncompilable(message: string, pointer: string, ctx: ValidatorContext): SpecError {
  return new SpecError([{
    code: "schema-uncompilable",
    severity: "error",
    message: `ajv cannot compile this schema: ${message}`,
    location: ctx.locate(pointer)!,
  }]);
}

function createAjv(model: ServiceModel, coerce: boolean): Ajv2020Type {
  const options: Options = {
    code: { source: true, esm: true },
    allErrors: true,
    allowUnionTypes: true,
    // Every keyword has been checked while converting the spec; what strict
    // mode adds beyond that (defaults inside oneOf, say) is advice, not error.
    strict: false,
    validateFormats: true,
    unicodeRegExp: false,
    inlineRefs: false,
    useDefaults: coerce,
    logger: false,
  };
  if (coerce) options.coerceTypes = "array";

  const ajv = new Ajv2020(options);
  addFormats(ajv);
  for (const format of model.unknownFormats) ajv.addFormat(format, true);
  return ajv;
}

/** ajv's ESM output still calls `require` for its runtime helpers. */
function javascriptModule(code: string): string {
  return [
    GENERATED_HEADER,
    "// Request validators compiled ahead of time by ajv.",
    'import { createRequire } from "node:module";',
    "const require = createRequire(import.meta.url);",
    code.replace(/^"use strict";/, ""),
    "",
  ].join("\n");
}

function declarations(module: ValidatorModule, schemas: ValidatorSchema[]): string {
  const depth = module.path.split("/").length - 2;
  const runtime = `${"../".repeat(depth)}runtime/route.js`;
  const lines = [
    GENERATED_HEADER,
    `import type { CompiledValidator } from "${depth === 0 ? "./" : ""}${runtime}";`,
    "",
    ...schemas.map((s) => `export declare const ${s.exportName}: CompiledValidator;`),
    "",
  ];
  return lines.join("\n");
}

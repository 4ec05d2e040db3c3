// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Workflow inputs. Inputs a caller does not give are made up from the
 * workflow's `inputs` schema, different on every run, so a workflow that
 * registers a user can run again against the same database. Every made-up
 * string carries the run's suffix; a seed makes the suffix reproducible.
 */

import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";

import type { Ajv2020 as Ajv2020Type, ValidateFunction } from "ajv/dist/2020.js";

import { samplePattern } from "./pattern-sample.js";

// ajv and ajv-formats are CommonJS; their default exports are reached this way.
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as typeof Ajv2020Type;
const addFormats = require("ajv-formats").default as (ajv: Ajv2020Type) => void;

export interface InputOptions {
  /** Makes generated values reproducible; without it each call differs. */
  seed?: string;
  /** The document that `$ref`s such as `#/components/inputs/x` point into. */
  root?: unknown;
}

type Schema = Record<string, unknown>;

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid workflow inputs:\n  ${problems.join("\n  ")}`);
    this.name = "InputError";
  }
}

/** Eight hex digits derived from the seed, or random without one. */
export function runSuffix(seed?: string): string {
  const source = seed ?? randomBytes(16).toString("hex");
  return createHash("sha256").update(source).digest("hex").slice(0, 8);
}

/** Fills in every input `given` lacks, then checks all against the schema. */
export function prepareInputs(
  schema: unknown,
  given: Record<string, unknown> = {},
  options: InputOptions = {},
): Record<string, unknown> {
  if (schema === undefined) return { ...given };

  const resolved = derefSchema(schema, options.root);
  const generated = generateMissing(resolved, given, runSuffix(options.seed));
  const inputs = { ...generated, ...given };
  checkInputs(schema, resolved, inputs);
  return inputs;
}

/** A value for every property the schema declares. */
export function generateInputs(schema: unknown, options: InputOptions = {}) {
  return prepareInputs(schema, {}, options);
}

function generateMissing(schema: Schema, given: Record<string, unknown>, suffix: string) {
  const properties = asSchema(schema.properties) ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (!Object.hasOwn(given, name)) out[name] = generate(asSchema(property) ?? {}, name, suffix);
  }
  return out;
}

/** A value for `schema`; `name` makes values of different fields differ. */
export function generate(schema: Schema, name: string, suffix: string): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("default" in schema) return schema.default;

  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return generate({ ...without(schema, "oneOf", "anyOf"), ...asSchema(alternatives[0]) }, name,
      suffix);
  }
  if (Array.isArray(schema.allOf)) return generate(mergeAll(schema), name, suffix);
  return generateByType(schema, name, suffix);
}

function generateByType(schema: Schema, name: string, suffix: string): unknown {
  switch (typeOf(schema)) {
    case "object":
      return generateMissing(schema, {}, suffix);
    case "array":
      return generateArray(schema, name, suffix);
    case "integer":
      return generateNumber(schema, name, suffix, true);
    case "number":
      return generateNumber(schema, name, suffix, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return generateString(schema, name, suffix);
  }
}

function typeOf(schema: Schema): string {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return (type.find((t) => t !== "null") ?? "null") as string;
  if (schema.properties) return "object";
  return schema.items ? "array" : "string";
}

function generateArray(schema: Schema, name: string, suffix: string): unknown[] {
  const count = Math.min(numberOr(schema.minItems, 1), numberOr(schema.maxItems, Infinity));
  const items = asSchema(schema.items) ?? {};
  return Array.from({ length: count }, (_, i) => generate(items, `${name}${i}`, suffix));
}

function generateNumber(schema: Schema, name: string, suffix: string, integer: boolean) {
  const step = integer ? 1 : 0.001;
  let low = Math.max(numberOr(schema.minimum, -Infinity),
    numberOr(schema.exclusiveMinimum, -Infinity) + step);
  let high = Math.min(numberOr(schema.maximum, Infinity),
    numberOr(schema.exclusiveMaximum, Infinity) - step);
  if (low === -Infinity) low = high === Infinity || high >= 1 ? 1 : high - 1_000_000;
  if (high === Infinity) high = low + 1_000_000;

  const unit = typeof schema.multipleOf === "number" ? schema.multipleOf : 1;
  const [first, last] = [Math.ceil(low / unit), Math.floor(high / unit)];
  if (first > last) return integer ? Math.ceil(low) : (low + high) / 2;
  return (first + (hashNumber(`${suffix}/${name}`) % (last - first + 1))) * unit;
}

function generateString(schema: Schema, name: string, suffix: string): string {
  const bounds = { min: numberOr(schema.minLength, 0), max: numberOr(schema.maxLength, Infinity) };
  const byFormat = formatted(schema.format, name, suffix, bounds.max);
  if (byFormat !== undefined) return byFormat;

  const pattern = typeof schema.pattern === "string" ? schema.pattern : undefined;
  const found = candidates(name)
    .map(([prefix, separator]) => fit(prefix, separator, suffix, bounds))
    .find((text) => pattern === undefined || new RegExp(pattern, "u").test(text));
  if (found !== undefined) return found;

  const sampled = pattern === undefined ? undefined
    : samplePattern(pattern, `${suffix}${slug(name)}`, { minLength: bounds.min,
      maxLength: bounds.max });
  if (sampled !== undefined) return sampled;
  throw new InputError([`cannot make up a value for "${name}" matching ${pattern}`]);
}

function candidates(name: string): Array<[string, string]> {
  const base = slug(name);
  const plain = base.replace(/[^a-z0-9]/g, "");
  return [[base, "-"], [base, "_"], [base, ""], [plain, ""], [base.toUpperCase(), "_"], ["", ""]];
}

interface Bounds {
  min: number;
  max: number;
}

/** Keeps the suffix whole, since it is what makes the value unique. */
function fit(prefix: string, separator: string, suffix: string, bounds: Bounds): string {
  let text = prefix === "" ? suffix : `${prefix}${separator}${suffix}`;
  if (text.length > bounds.max) {
    const room = bounds.max - suffix.length - separator.length;
    text = room > 0
      ? `${prefix.slice(0, room)}${separator}${suffix}`
      : suffix.slice(0, bounds.max);
  }
  if (text.length < bounds.min) {
    const repeats = Math.ceil((bounds.min - text.length) / suffix.length);
    text = `${text}${suffix.repeat(repeats)}`.slice(0, bounds.min);
  }
  return text;
}

function formatted(format: unknown, name: string, suffix: string, max: number) {
  const token = `${slug(name) || "x"}-${suffix}`;
  const now = new Date().toISOString();
  switch (format) {
    case "email":
    case "idn-email":
      return `${fit(slug(name), "-", suffix, { min: 1, max: Math.min(64, max - 12) })}` +
        "@example.com";
    case "uuid":
      return uuidFrom(`${suffix}/${name}`);
    case "date-time":
      return now;
    case "date":
      return now.slice(0, 10);
    case "time":
      return now.slice(11);
    case "uri":
    case "url":
    case "iri":
      return `https://example.com/${token}`;
    case "uri-reference":
    case "iri-reference":
      return `/${token}`;
    case "hostname":
    case "idn-hostname":
      return `${token}.example.com`;
    case "ipv4":
      return `192.0.2.${hashNumber(token) % 255}`;
    case "ipv6":
      return `2001:db8::${suffix.slice(0, 4)}`;
    default:
      return undefined;
  }
}

function uuidFrom(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}` +
    `${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
}

function hashNumber(text: string): number {
  return parseInt(createHash("sha256").update(text).digest("hex").slice(0, 12), 16);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

function asSchema(value: unknown): Schema | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Schema)
    : undefined;
}

function without(schema: Schema, ...keys: string[]): Schema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !keys.includes(k)));
}

function mergeAll(schema: Schema): Schema {
  const parts = (schema.allOf as unknown[]).map((part) => asSchema(part) ?? {});
  const properties = Object.assign({}, asSchema(schema.properties),
    ...parts.map((p) => asSchema(p.properties) ?? {}));
  return { ...without(schema, "allOf"), ...Object.assign({}, ...parts), properties };
}

/**
 * Inlines `$ref`s that point into `root` (Arazzo inputs refer to
 * `#/components/inputs/...`), so the schema stands alone. Cycles stop at a
 * fixed depth with an empty schema.
 */
export function derefSchema(schema: unknown, root: unknown, depth = 0): Schema {
  const node = asSchema(schema);
  if (!node) return {};
  if (depth > 32) return {};
  if (typeof node.$ref === "string") {
    const target = followRef(node.$ref, root);
    return { ...derefSchema(target, root, depth + 1), ...without(node, "$ref") };
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, derefMember(key, value, root, depth)]),
  );
}

function derefMember(key: string, value: unknown, root: unknown, depth: number): unknown {
  if (key === "const" || key === "enum" || key === "default" || key === "examples") return value;
  if (Array.isArray(value)) return value.map((item) => derefIfSchema(item, root, depth));
  return derefIfSchema(value, root, depth);
}

function derefIfSchema(value: unknown, root: unknown, depth: number): unknown {
  return asSchema(value) ? derefSchema(value, root, depth + 1) : value;
}

function followRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith("#")) throw new InputError([`cannot follow the input $ref "${ref}"`]);
  let node = root;
  for (const raw of ref.slice(2).split("/").filter((t, i, all) => t !== "" || all.length > 1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = asSchema(node)?.[token];
    if (node === undefined) throw new InputError([`the input $ref "${ref}" leads nowhere`]);
  }
  return node;
}

let inputAjv: Ajv2020Type | undefined;
const validators = new WeakMap<object, ValidateFunction>();

function checkInputs(original: unknown, resolved: Schema, inputs: Record<string, unknown>) {
  const validate = validatorFor(original as object, resolved);
  if (validate(inputs)) return;
  const problems = (validate.errors ?? []).map(
    (e) => `${e.instancePath === "" ? "inputs" : `inputs${e.instancePath}`} ${e.message ?? ""}`,
  );
  throw new InputError(problems);
}

function validatorFor(key: object, schema: Schema): ValidateFunction {
  const known = validators.get(key);
  if (known) return known;
  if (!inputAjv) {
    // Input schemas are the document author's; unknown keywords are theirs to use.
    inputAjv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    addFormats(inputAjv);
  }
  const validate = inputAjv.compile(without(schema, "$id", "$schema"));
  validators.set(key, validate);
  return validate;
}

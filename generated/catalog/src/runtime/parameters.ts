// Copied from the spec2svc runtime library. Do not edit: rebuild to update.
/**
 * OpenAPI parameter styles: raw request text in, strings (or arrays and
 * objects of strings) out. Types are left to the params validator, which
 * coerces; absent parameters stay absent so the validator can report the
 * required ones.
 */
import type {
  ParameterDefinition,
  ParameterLocation,
  ParameterStyle,
  ValidationIssue,
} from "./route.js";
import { setOwn } from "./set-own.js";
import { cookiePairs, decodeForm, decodePercent, queryPairs, type RawPair } from "./url-text.js";

export interface ParameterValues {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  cookie: Record<string, unknown>;
}

export interface RawParameters {
  /** Path parameter text by template name, still percent-encoded. */
  path: Record<string, string>;
  /** The query string without "?", still percent-encoded. */
  query: string;
  /** Node's header map, whose names are lower case. */
  headers: Record<string, string | string[] | undefined>;
}

export interface ParsedParameters {
  values: ParameterValues;
  /** Text that cannot be read in the parameter's style at all. */
  issues: ValidationIssue[];
}

type Outcome = { value: unknown } | { malformed: string } | undefined;

interface Source {
  /** The text of a single-valued parameter (path, header). */
  text(name: string): string | undefined;
  /** Every value given for a name (query, cookie), in order. */
  all(name: string): string[];
  pairs: readonly RawPair[];
  decode(text: string): string;
  /** Whether a named parameter of this location owns the key. */
  claimed(key: string): boolean;
}

type Deserializer = (definition: ParameterDefinition, source: Source) => Outcome;

export function parseParameters(
  definitions: readonly ParameterDefinition[],
  raw: RawParameters,
): ParsedParameters {
  const sources = createSources(definitions, raw);
  const values: ParameterValues = { path: {}, query: {}, header: {}, cookie: {} };
  const issues: ValidationIssue[] = [];

  for (const definition of definitions) {
    const outcome = STYLES[definition.style](definition, sources[definition.in]);
    if (outcome === undefined) continue;

    if ("malformed" in outcome) {
      issues.push(styleIssue(definition, outcome.malformed));
    } else {
      setOwn(values[definition.in], definition.name, outcome.value);
    }
  }
  return { values, issues };
}

function styleIssue(definition: ParameterDefinition, message: string): ValidationIssue {
  return { in: definition.in, name: definition.name, pointer: "", keyword: "style", message };
}

function createSources(
  definitions: readonly ParameterDefinition[],
  raw: RawParameters,
): Record<ParameterLocation, Source> {
  const claims = (location: ParameterLocation) => claimedKeys(definitions, location);
  return {
    path: textSource((name) => ownValue(raw.path, name), decodePercent),
    header: textSource((name) => headerText(raw.headers, name), (text) => text.trim()),
    query: pairSource(queryPairs(raw.query), decodeForm, claims("query")),
    cookie: pairSource(
      cookiePairs(headerText(raw.headers, "cookie")),
      decodePercent,
      claims("cookie"),
    ),
  };
}

function textSource(text: (name: string) => string | undefined, decode: Source["decode"]): Source {
  return { text, all: () => [], pairs: [], decode, claimed: () => true };
}

function pairSource(
  pairs: readonly RawPair[],
  decode: Source["decode"],
  claimed: Source["claimed"],
): Source {
  const all = (name: string) => pairs.filter(([key]) => key === name).map(([, value]) => value);
  return { text: (name) => all(name)[0], all, pairs, decode, claimed };
}

function ownValue(record: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

function headerText(headers: RawParameters["headers"], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Keys of named parameters, which an exploded object without a property list skips. */
function claimedKeys(
  definitions: readonly ParameterDefinition[],
  location: ParameterLocation,
): Source["claimed"] {
  const own = definitions.filter((definition) => definition.in === location);
  const names = new Set(own.map((definition) => definition.name));
  const prefixes = own
    .filter((definition) => definition.style === "deepObject")
    .map((definition) => `${definition.name}[`);

  return (key) => names.has(key) || prefixes.some((prefix) => key.startsWith(prefix));
}

/* Styles of single values: path and header. */

interface TextStyle {
  /** What must precede the value, e.g. "." for label. */
  prefix(definition: ParameterDefinition): string;
  separator(definition: ParameterDefinition): string;
}

const TEXT_STYLES = {
  simple: { prefix: () => "", separator: () => "," },
  label: { prefix: () => ".", separator: (d) => (d.explode ? "." : ",") },
  matrix: {
    prefix: (d) => (d.explode && d.shape !== "primitive" ? ";" : `;${d.name}=`),
    separator: (d) => (d.explode ? ";" : ","),
  },
} satisfies Record<string, TextStyle>;

function fromText(style: TextStyle): Deserializer {
  return (definition, source) => {
    const text = source.text(definition.name);
    if (text === undefined) return undefined;

    const prefix = style.prefix(definition);
    const body = stripPrefix(text, prefix);
    if (body === undefined) {
      return { malformed: `must start with "${prefix}" (${definition.style} style)` };
    }

    if (definition.shape === "primitive") return { value: source.decode(body) };
    return fromItems(definition, splitRaw(body, style.separator(definition)), source.decode);
  };
}

/** Matrix style writes an empty value as ";id", without "=". */
function stripPrefix(text: string, prefix: string): string | undefined {
  if (text.startsWith(prefix)) return text.slice(prefix.length);
  if (prefix.startsWith(";") && prefix.endsWith("=") && text === prefix.slice(0, -1)) return "";
  return undefined;
}

/* Styles of name/value pairs: query and cookie. */

function fromPairs(delimiter: "," | " " | "|"): Deserializer {
  return (definition, source) => {
    if (definition.explode || definition.shape === "primitive") {
      return exploded(definition, source);
    }

    const values = source.all(definition.name);
    if (values.length === 0) return undefined;

    const items = values.flatMap((value) => splitValue(value, delimiter, source.decode));
    if (definition.shape === "array") return { value: items };
    return fromItems(definition, items, (text) => text);
  };
}

/** Commas split before decoding ("%2C" is data); spaces and pipes arrive encoded, so after. */
function splitValue(value: string, delimiter: string, decode: Source["decode"]): string[] {
  if (delimiter === ",") return splitRaw(value, ",").map(decode);

  const decoded = decode(value);
  return decoded === "" ? [] : decoded.split(delimiter);
}

function exploded(definition: ParameterDefinition, source: Source): Outcome {
  if (definition.shape === "object") return explodedObject(definition, source);

  const values = source.all(definition.name).map(source.decode);
  if (values.length === 0) return undefined;
  if (definition.shape === "array") return { value: values };
  return { value: values.length === 1 ? values[0] : values };
}

/** Each property is a pair of its own: "?role=admin&firstName=Alex". */
function explodedObject(definition: ParameterDefinition, source: Source): Outcome {
  const declared = definition.properties;
  const belongs = declared
    ? (key: string) => declared.includes(key)
    : (key: string) => !source.claimed(key);

  const entries = source.pairs.filter(([key]) => belongs(key));
  if (entries.length === 0) return undefined;
  return { value: toObject(entries.map(([key, value]) => [key, source.decode(value)])) };
}

/** "?id[role]=admin&id[firstName]=Alex". */
function deepObject(definition: ParameterDefinition, source: Source): Outcome {
  const prefix = `${definition.name}[`;
  const entries = source.pairs
    .filter(([key]) => key.startsWith(prefix) && key.endsWith("]"))
    .map(([key, value]) => [key.slice(prefix.length, -1), source.decode(value)] as const);

  if (entries.length === 0) return undefined;
  return { value: toObject(entries) };
}

/* Shared shaping of split items. */

function splitRaw(text: string, separator: string): string[] {
  return text === "" ? [] : text.split(separator);
}

function fromItems(
  definition: ParameterDefinition,
  rawItems: string[],
  decode: Source["decode"],
): Outcome {
  if (definition.shape === "array") return arrayItems(definition, rawItems, decode);
  if (definition.explode) return keyValueItems(rawItems, decode);
  return alternatingItems(rawItems, decode);
}

function arrayItems(
  definition: ParameterDefinition,
  rawItems: string[],
  decode: Source["decode"],
): Outcome {
  const namedItems = definition.style === "matrix" && definition.explode;
  if (!namedItems) return { value: rawItems.map(decode) };

  const prefix = `${definition.name}=`;
  if (!rawItems.every((item) => item.startsWith(prefix))) {
    return { malformed: `must repeat the name for every item: ";${prefix}…" (matrix style)` };
  }
  return { value: rawItems.map((item) => decode(item.slice(prefix.length))) };
}

/** "role=admin,firstName=Alex". */
function keyValueItems(rawItems: string[], decode: Source["decode"]): Outcome {
  const entries: Array<readonly [string, string]> = [];
  for (const item of rawItems) {
    const equals = item.indexOf("=");
    if (equals === -1) return { malformed: "must list properties as name=value" };
    entries.push([decode(item.slice(0, equals)), decode(item.slice(equals + 1))]);
  }
  return { value: toObject(entries) };
}

/** "role,admin,firstName,Alex". */
function alternatingItems(rawItems: string[], decode: Source["decode"]): Outcome {
  if (rawItems.length % 2 !== 0) {
    return { malformed: "must list property names and values in pairs" };
  }

  const entries: Array<readonly [string, string]> = [];
  for (let i = 0; i < rawItems.length; i += 2) {
    entries.push([decode(rawItems[i] ?? ""), decode(rawItems[i + 1] ?? "")]);
  }
  return { value: toObject(entries) };
}

/** Repeated names collect into an array, as repeated query pairs do. */
function toObject(entries: ReadonlyArray<readonly [string, string]>): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const previous = Object.hasOwn(target, key) ? target[key] : undefined;
    if (previous === undefined) setOwn(target, key, value);
    else setOwn(target, key, Array.isArray(previous) ? [...previous, value] : [previous, value]);
  }
  return target;
}

const STYLES: Record<ParameterStyle, Deserializer> = {
  simple: fromText(TEXT_STYLES.simple),
  label: fromText(TEXT_STYLES.label),
  matrix: fromText(TEXT_STYLES.matrix),
  form: fromPairs(","),
  spaceDelimited: fromPairs(" "),
  pipeDelimited: fromPairs("|"),
  deepObject,
};

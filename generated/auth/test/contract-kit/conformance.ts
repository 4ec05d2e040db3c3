// Copied from the spec2svc contract kit. Do not edit: rebuild to update.
/**
 * Checks a response against the spec: its status must be documented, its
 * media type listed for that status, its body valid against that schema
 * (writeOnly properties must not appear) and its required headers present.
 */
import { createRequire } from "node:module";

import type { Ajv2020 as Ajv2020Type, ValidateFunction } from "ajv/dist/2020.js";

import type { ContractDocument, ContractOperation, Schema } from "./contract-document.js";
import type { ContractRequest, ContractResponse, Failure } from "./exchange.js";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as typeof Ajv2020Type;
const addFormats = require("ajv-formats").default as (ajv: Ajv2020Type) => void;

const DEFS_ID = "https://spec2svc.local/response-defs.json";

export class Conformance {
  private readonly ajv: Ajv2020Type;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: ContractDocument) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true,
      unicodeRegExp: false, logger: false });
    addFormats(this.ajv);
    for (const format of document.formats) this.ajv.addFormat(format, true);

    const defs = Object.fromEntries(
      Object.entries(document.defs).map(([name, schema]) => [name, responseSide(schema, false)]),
    );
    this.ajv.addSchema({ $id: DEFS_ID, $defs: defs });
  }

  check(operation: ContractOperation, request: ContractRequest, response: ContractResponse) {
    const failures: Failure[] = [];
    const fail = (rule: string, message: string) =>
      failures.push({ rule, message, request, response });

    const status = documentedStatus(operation, response.status);
    if (status === undefined) {
      fail("status-undocumented", `${operation.operationId} does not document status ` +
        `${response.status} (documented: ${Object.keys(operation.responses).join(", ")})`);
      return failures;
    }

    const documented = operation.responses[status]!;
    for (const [name, header] of Object.entries(documented.headers)) {
      if (header.required && response.headers[name.toLowerCase()] === undefined) {
        fail("header-missing", `required header ${name} is missing`);
      }
    }

    this.checkBody(operation, status, response, fail);
    return failures;
  }

  private checkBody(
    operation: ContractOperation,
    status: string,
    response: ContractResponse,
    fail: (rule: string, message: string) => void,
  ): void {
    const media = operation.responses[status]!.media;
    const hasBody = response.text !== "";
    if (!hasBody) {
      if (Object.keys(media).length > 0 && response.status !== 204) {
        fail("body-missing", `status ${response.status} documents a body but none was sent`);
      }
      return;
    }

    const type = (response.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    const key = mediaKey(Object.keys(media), type);
    if (key === undefined) {
      fail("media-undocumented", `status ${status} does not document content type '${type}'`);
      return;
    }

    const schema = media[key];
    if (schema === undefined) return;
    const validate = this.validator(`${operation.operationId} ${status} ${key}`, schema);
    if (!validate(response.body)) {
      const errors = (validate.errors ?? []).slice(0, 5)
        .map((e) => `${e.instancePath || "(body)"} ${e.message}`).join("; ");
      fail("response-schema", `the ${status} body does not match its schema: ${errors}`);
    }
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(responseSide(schema, true) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** The documented status key for a status code: exact, its range, or "default". */
export function documentedStatus(operation: ContractOperation, status: number) {
  const keys = [String(status), `${Math.floor(status / 100)}XX`, "default"];
  return keys.find((k) => operation.responses[k] !== undefined);
}

function mediaKey(keys: string[], type: string): string | undefined {
  if (keys.includes(type)) return type;
  const [major] = type.split("/");
  return keys.find((k) => k === `${major}/*` || k === "*/*");
}

const SCHEMA_LISTS = ["allOf", "oneOf", "anyOf", "prefixItems"];
const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "dependentSchemas"];
const SCHEMA_ONE = ["items", "additionalProperties", "not", "if", "then", "else", "contains",
  "propertyNames", "unevaluatedProperties", "unevaluatedItems"];

/**
 * A schema as a response must meet it: writeOnly properties may not appear,
 * and references point into the shared definitions.
 */
export function responseSide(schema: Schema, absoluteRefs: boolean): Schema {
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = { ...schema };

  for (const key of Object.keys(out)) {
    const value = out[key];
    if (SCHEMA_ONE.includes(key)) out[key] = responseSide(value as Schema, absoluteRefs);
    if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((s) => responseSide(s as Schema, absoluteRefs));
    }
    if (SCHEMA_MAPS.includes(key) && typeof value === "object" && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value)
        .map(([k, s]) => [k, responseSide(s as Schema, absoluteRefs)]));
    }
  }
  if (absoluteRefs && typeof out.$ref === "string") out.$ref = `${DEFS_ID}${out.$ref}`;

  const properties = out.properties as Record<string, unknown> | undefined;
  if (properties) {
    const hidden = Object.keys(properties).filter((name) => {
      const property = properties[name];
      return typeof property === "object" && property !== null &&
        (property as Record<string, unknown>).writeOnly === true;
    });
    for (const name of hidden) properties[name] = false;
    if (Array.isArray(out.required)) {
      out.required = out.required.filter((name) => !hidden.includes(String(name)));
    }
  }
  return out;
}

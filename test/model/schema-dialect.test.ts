import { describe, expect, it } from "vitest";

import { convertSchema, type SchemaContext } from "../../compiler/model/schema-dialect.js";

function context(version: "3.0" | "3.1" = "3.0") {
  const warnings: string[] = [];
  const ctx: SchemaContext = {
    version,
    refName: (target) => target.split("/").pop()!,
    warn: (code, _message, pointer) => warnings.push(`${code} ${pointer}`),
    fail: (code, message) => {
      throw new Error(`${code}: ${message}`);
    },
    formats: new Set(),
  };
  return { ctx, warnings };
}

describe("OpenAPI 3.0 schemas become JSON Schema 2020-12", () => {
  const cases: Array<[string, unknown, unknown]> = [
    ["nullable with a type", { type: "string", nullable: true }, { type: ["string", "null"] }],
    [
      "nullable enum takes null",
      { type: "string", enum: ["a"], nullable: true },
      { type: ["string", "null"], enum: ["a", null] },
    ],
    ["nullable without a type accepts anything", { nullable: true }, {}],
    [
      "nullable around a composition",
      { allOf: [{ $ref: "#/components/schemas/A" }], nullable: true },
      { anyOf: [{ allOf: [{ $ref: "#/$defs/A" }] }, { type: "null" }] },
    ],
    [
      "nullable beside a $ref",
      { $ref: "#/components/schemas/A", nullable: true },
      { anyOf: [{ $ref: "#/$defs/A" }, { type: "null" }] },
    ],
    [
      "boolean exclusiveMinimum",
      { type: "number", minimum: 0, exclusiveMinimum: true },
      { type: "number", exclusiveMinimum: 0 },
    ],
    [
      "false exclusiveMaximum is dropped",
      { type: "number", maximum: 9, exclusiveMaximum: false },
      { type: "number", maximum: 9 },
    ],
    ["example becomes examples", { type: "string", example: "x" }, { type: "string", examples: ["x"] }],
    ["extensions are dropped", { type: "string", "x-internal": true, xml: {} }, { type: "string" }],
    ["siblings of $ref are ignored", { $ref: "#/components/schemas/A", description: "d" },
      { $ref: "#/$defs/A" }],
  ];

  it.each(cases)("%s", (_name, given, want) => {
    expect(convertSchema(given, "/s", context().ctx)).toEqual(want);
  });
});

describe("OpenAPI 3.1 schemas", () => {
  it("keeps type arrays and $ref siblings", () => {
    const given = { $ref: "#/components/schemas/A", description: "d" };
    expect(convertSchema(given, "/s", context("3.1").ctx)).toEqual({
      $ref: "#/$defs/A",
      description: "d",
    });
  });

  it("keeps null in type arrays", () => {
    const given = { type: ["string", "null"] };
    expect(convertSchema(given, "/s", context("3.1").ctx)).toEqual({ type: ["string", "null"] });
  });
});

describe("discriminator", () => {
  it("dispatches on the mapping", () => {
    const given = {
      oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
      discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat" } },
    };
    expect(convertSchema(given, "/s", context().ctx)).toEqual({
      required: ["kind"],
      properties: { kind: { enum: ["Dog", "cat"] } },
      allOf: [
        {
          if: { properties: { kind: { const: "Dog" } }, required: ["kind"] },
          then: { $ref: "#/$defs/Dog" },
        },
        {
          if: { properties: { kind: { const: "cat" } }, required: ["kind"] },
          then: { $ref: "#/$defs/Cat" },
        },
      ],
    });
  });

  it("keeps oneOf when a branch is inline", () => {
    const given = {
      oneOf: [{ $ref: "#/components/schemas/Cat" }, { type: "object" }],
      discriminator: { propertyName: "kind" },
    };
    const out = convertSchema(given, "/s", context().ctx) as Record<string, unknown>;
    expect(out.oneOf).toHaveLength(2);
    expect(out.allOf).toBeUndefined();
  });

  it("warns when it has no alternatives to dispatch to", () => {
    const { ctx, warnings } = context();
    convertSchema({ type: "object", discriminator: { propertyName: "kind" } }, "/s", ctx);
    expect(warnings).toEqual(["discriminator-inheritance /s/discriminator"]);
  });
});

describe("problems", () => {
  it("reports keywords that are not JSON Schema", () => {
    const { ctx, warnings } = context();
    convertSchema({ type: "string", collectionFormat: "csv" }, "/s", ctx);
    expect(warnings).toEqual(["schema-keyword-unknown /s/collectionFormat"]);
  });

  it("reports patterns ECMAScript cannot compile", () => {
    const { ctx, warnings } = context();
    const out = convertSchema({ type: "string", pattern: "(?i)abc" }, "/s", ctx);
    expect(out).toEqual({ type: "string" });
    expect(warnings).toEqual(["schema-pattern-unsupported /s/pattern"]);
  });

  it("turns an empty enum into a schema no value passes", () => {
    const { ctx, warnings } = context();
    expect(convertSchema({ type: "string", enum: [] }, "/s", ctx)).toEqual({
      type: "string",
      not: {},
    });
    expect(warnings).toEqual(["schema-enum-empty /s/enum"]);
  });

  it("lists each required property once", () => {
    const { ctx, warnings } = context();
    expect(convertSchema({ required: ["a", "b", "a"] }, "/s", ctx)).toEqual({ required: ["a", "b"] });
    expect(warnings).toEqual(["schema-required-duplicate /s/required"]);
  });

  it("reads a properties map written as a $ref to a shared map", () => {
    const { ctx } = context();
    ctx.resolve = (ref) => (ref === "#/shared" ? { name: { type: "string" } } : undefined);
    const given = { type: "object", properties: { $ref: "#/shared", id: { type: "integer" } } };
    expect(convertSchema(given, "/s", ctx)).toEqual({
      type: "object",
      properties: { id: { type: "integer" }, name: { type: "string" } },
    });
  });

  it("stops at dynamic references, which are not supported yet", () => {
    expect(() => convertSchema({ $dynamicRef: "#node" }, "/s", context("3.1").ctx)).toThrow(
      "schema-keyword-unsupported: '$dynamicRef' is not supported yet",
    );
  });

  it("reads $recursiveRef \"#\" as a reference to the enclosing component", () => {
    const given = { $recursiveAnchor: true, type: "array", items: { $recursiveRef: "#" } };
    expect(convertSchema(given, "/components/schemas/Tree", context("3.1").ctx)).toEqual({
      type: "array",
      items: { $ref: "#/$defs/Tree" },
    });
  });

  it("collects formats", () => {
    const { ctx } = context();
    convertSchema({ type: "object", properties: { t: { type: "integer", format: "unix-time" } } },
      "/s", ctx);
    expect([...ctx.formats]).toEqual(["unix-time"]);
  });
});

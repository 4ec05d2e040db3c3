import { describe, expect, it } from "vitest";

import { generateInputs, InputError, prepareInputs } from "../../contract/arazzo/inputs.js";
import { samplePattern } from "../../contract/arazzo/pattern-sample.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const USER = {
  type: "object",
  required: ["username", "email", "password"],
  properties: {
    username: { type: "string", minLength: 3, maxLength: 32, pattern: "^[a-zA-Z0-9_.-]+$" },
    email: { type: "string", format: "email", maxLength: 254 },
    password: { type: "string", format: "password", minLength: 8, maxLength: 128 },
  },
};

describe("generateInputs", () => {
  it("makes values that satisfy the schema", () => {
    const inputs = generateInputs(USER);
    expect(inputs.username).toMatch(/^[a-zA-Z0-9_.-]{3,32}$/);
    expect(inputs.email).toMatch(/^[^@\s]+@example\.com$/);
    expect((inputs.password as string).length).toBeGreaterThanOrEqual(8);
  });

  it("makes different values on every run", () => {
    const runs = Array.from({ length: 50 }, () => generateInputs(USER));
    for (const field of ["username", "email", "password"]) {
      expect(new Set(runs.map((r) => r[field])).size).toBe(50);
    }
  });

  it("makes the same values for the same seed", () => {
    const seeded = (seed: string) => generateInputs(USER, { seed });
    expect(seeded("s1")).toEqual(seeded("s1"));
    expect(seeded("s1")).not.toEqual(seeded("s2"));
  });

  it.each<[string, object, RegExp]>([
    ["uuid", { format: "uuid" }, UUID],
    ["date-time", { format: "date-time" }, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/],
    ["date", { format: "date" }, /^\d{4}-\d\d-\d\d$/],
    ["uri", { format: "uri" }, /^https:\/\/example\.com\/v-[0-9a-f]{8}$/],
    ["hostname", { format: "hostname" }, /^v-[0-9a-f]{8}\.example\.com$/],
    ["ipv4", { format: "ipv4" }, /^192\.0\.2\.\d{1,3}$/],
    ["short email", { format: "email", maxLength: 16 }, /^.{1,4}@example\.com$/],
    ["maxLength", { maxLength: 5 }, /^.{5}$/],
    ["minLength", { minLength: 20 }, /^.{20}$/],
    ["code pattern", { pattern: "^[A-Z]{3}-\\d{4}$" }, /^[A-Z]{3}-\d{4}$/],
    ["digits only", { pattern: "^\\d+$", maxLength: 6 }, /^\d{1,6}$/],
    ["slug", { pattern: "^[a-z][a-z0-9-]*$" }, /^[a-z][a-z0-9-]*$/],
  ])("respects %s", (_, schema, want) => {
    const property = { type: "string", ...schema };
    const inputs = generateInputs({ type: "object", properties: { v: property } });
    expect(inputs.v).toMatch(want);
  });

  it.each<[object, (n: number) => boolean]>([
    [{ type: "integer", minimum: 5, maximum: 9 }, (n) => Number.isInteger(n) && n >= 5 && n <= 9],
    [{ type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 3 }, (n) => n === 1 || n === 2],
    [{ type: "integer", minimum: 10, multipleOf: 5 }, (n) => n >= 10 && n % 5 === 0],
    [{ type: "integer", maximum: -10 }, (n) => Number.isInteger(n) && n <= -10],
    [{ type: "number", minimum: 0.5, maximum: 0.7 }, (n) => n >= 0.5 && n <= 0.7],
    [{ type: "integer" }, (n) => Number.isInteger(n) && n >= 1],
  ])("keeps %j within bounds", (schema, within) => {
    for (let run = 0; run < 20; run++) {
      const inputs = generateInputs({ type: "object", properties: { n: schema } });
      expect(within(inputs.n as number)).toBe(true);
    }
  });

  it("uses const, enum and default, and fills objects and arrays", () => {
    const inputs = generateInputs({
      type: "object",
      properties: {
        kind: { const: "cat" },
        size: { enum: ["s", "m"] },
        page: { type: "integer", default: 1 },
        flag: { type: "boolean" },
        tags: { type: "array", items: { type: "string" }, minItems: 2 },
        owner: { type: "object", properties: { name: { type: "string" } } },
        either: { oneOf: [{ type: "integer", minimum: 3, maximum: 3 }, { type: "string" }] },
      },
    });
    expect(inputs).toMatchObject({ kind: "cat", size: "s", page: 1, flag: true, either: 3 });
    expect(inputs.tags).toHaveLength(2);
    expect(inputs.owner).toEqual({ name: expect.any(String) });
  });

  it("follows $ref into the document's components", () => {
    const root = { components: { inputs: { user: USER } } };
    const inputs = generateInputs({ $ref: "#/components/inputs/user" }, { root });
    expect(Object.keys(inputs).sort()).toEqual(["email", "password", "username"]);
  });
});

describe("prepareInputs", () => {
  it("keeps given inputs and makes up the rest", () => {
    const inputs = prepareInputs(USER, { username: "grace" });
    expect(inputs.username).toBe("grace");
    expect(inputs.email).toMatch(/@example\.com$/);
  });

  it("refuses given inputs the schema rejects, naming them", () => {
    const run = () => prepareInputs(USER, { username: "a b", email: "nope" });
    expect(run).toThrow(InputError);
    expect(run).toThrow("inputs/username must match pattern");
    expect(run).toThrow('inputs/email must match format "email"');
  });

  it("passes inputs through when the workflow declares none", () => {
    expect(prepareInputs(undefined, { a: 1 })).toEqual({ a: 1 });
  });

  it("says so when it cannot satisfy a pattern", () => {
    const schema = { type: "object", properties: { v: { type: "string", pattern: "^(a|b)$" } } };
    expect(() => generateInputs(schema)).toThrow(
      'cannot make up a value for "v" matching ^(a|b)$',
    );
  });
});

describe("samplePattern", () => {
  it.each<[string, string]>([
    ["^[A-Z]{2}\\d{3}$", "0123456789abcdef"],
    ["^x+y?z*$", "seed"],
    ["^\\w{4,6}\\.txt$", "abcd"],
    ["[^0-9]{3}", "12345"],
  ])("samples %s", (pattern, seed) => {
    expect(samplePattern(pattern, seed)).toMatch(new RegExp(pattern));
  });

  it("gives up on groups and alternation", () => {
    expect(samplePattern("^(ab)+$", "x")).toBeUndefined();
    expect(samplePattern("^a|b$", "x")).toBeUndefined();
  });
});

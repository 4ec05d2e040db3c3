import { describe, expect, it } from "vitest";
import { parseParameters, type RawParameters } from "../../runtime/parameters.js";
import type { ParameterDefinition, ParameterStyle, ValueShape } from "../../runtime/route.js";
import { param } from "./support.js";

interface Case {
  style: ParameterStyle;
  shape: ValueShape;
  explode: boolean;
  given: string;
  want: unknown;
}

function row(
  style: ParameterStyle,
  shape: ValueShape,
  explode: boolean,
  given: string,
  want: unknown,
): Case {
  return { style, shape, explode, given, want };
}

const OBJECT = { role: "admin", firstName: "Alex" };

const PATH_CASES: Case[] = [
  row("simple", "primitive", false, "5", "5"),
  row("simple", "primitive", false, "caf%C3%A9", "café"),
  row("simple", "array", false, "3,4,5", ["3", "4", "5"]),
  row("simple", "array", false, "a%2Cb,c", ["a,b", "c"]),
  row("simple", "object", false, "role,admin,firstName,Alex", OBJECT),
  row("simple", "object", true, "role=admin,firstName=Alex", OBJECT),
  row("label", "primitive", false, ".5", "5"),
  row("label", "array", false, ".3,4,5", ["3", "4", "5"]),
  row("label", "array", true, ".3.4.5", ["3", "4", "5"]),
  row("label", "object", false, ".role,admin,firstName,Alex", OBJECT),
  row("label", "object", true, ".role=admin.firstName=Alex", OBJECT),
  row("matrix", "primitive", false, ";id=5", "5"),
  row("matrix", "primitive", false, ";id", ""),
  row("matrix", "array", false, ";id=3,4,5", ["3", "4", "5"]),
  row("matrix", "array", true, ";id=3;id=4;id=5", ["3", "4", "5"]),
  row("matrix", "object", false, ";id=role,admin,firstName,Alex", OBJECT),
  row("matrix", "object", true, ";role=admin;firstName=Alex", OBJECT),
];

const QUERY_CASES: Case[] = [
  row("form", "primitive", true, "id=5", "5"),
  row("form", "primitive", true, "id=a+b%20c", "a b c"),
  row("form", "primitive", true, "other=1", undefined),
  row("form", "array", true, "id=3&id=4&id=5", ["3", "4", "5"]),
  row("form", "array", false, "id=3,4,5", ["3", "4", "5"]),
  row("form", "array", false, "id=a%2Cb,c", ["a,b", "c"]),
  row("form", "array", false, "id=", []),
  row("form", "object", true, "role=admin&firstName=Alex", OBJECT),
  row("form", "object", false, "id=role,admin,firstName,Alex", OBJECT),
  row("spaceDelimited", "array", false, "id=3%204%205", ["3", "4", "5"]),
  row("spaceDelimited", "array", false, "id=3+4+5", ["3", "4", "5"]),
  row("spaceDelimited", "object", false, "id=role%20admin%20firstName%20Alex", OBJECT),
  row("pipeDelimited", "array", false, "id=3|4|5", ["3", "4", "5"]),
  row("pipeDelimited", "array", false, "id=3%7C4%7C5", ["3", "4", "5"]),
  row("pipeDelimited", "array", true, "id=3&id=4", ["3", "4"]),
  row("deepObject", "object", true, "id[role]=admin&id[firstName]=Alex", OBJECT),
  row("deepObject", "object", true, "id%5Brole%5D=admin&id%5BfirstName%5D=Alex", OBJECT),
];

const HEADER_CASES: Case[] = [
  row("simple", "primitive", false, "5", "5"),
  row("simple", "array", false, "3, 4,5", ["3", "4", "5"]),
  row("simple", "object", false, "role, admin, firstName, Alex", OBJECT),
  row("simple", "object", true, "role=admin, firstName=Alex", OBJECT),
];

const COOKIE_CASES: Case[] = [
  row("form", "primitive", true, "id=5", "5"),
  row("form", "primitive", true, 'other=1; id="5"', "5"),
  row("form", "primitive", true, "id=caf%C3%A9", "café"),
  row("form", "array", true, "id=3; id=4; id=5", ["3", "4", "5"]),
  row("form", "array", false, "id=3,4,5", ["3", "4", "5"]),
  row("form", "object", true, "role=admin; firstName=Alex", OBJECT),
  row("form", "object", false, "id=role,admin,firstName,Alex", OBJECT),
];

function definition(location: ParameterDefinition["in"], c: Case): ParameterDefinition {
  return param(location, "id", { style: c.style, shape: c.shape, explode: c.explode });
}

function raw(overrides: Partial<RawParameters>): RawParameters {
  return { path: {}, query: "", headers: {}, ...overrides };
}

const describeCase = (c: Case) => `${c.style} ${c.shape} explode=${c.explode}: ${c.given}`;

describe("path parameters", () => {
  it.each(PATH_CASES.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    const parsed = parseParameters([definition("path", c)], raw({ path: { id: c.given } }));

    expect(parsed.issues).toEqual([]);
    expect(parsed.values.path["id"]).toEqual(c.want);
  });
});

describe("query parameters", () => {
  it.each(QUERY_CASES.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    const parsed = parseParameters([definition("query", c)], raw({ query: c.given }));

    expect(parsed.issues).toEqual([]);
    expect(parsed.values.query["id"]).toEqual(c.want);
  });
});

describe("header parameters", () => {
  it.each(HEADER_CASES.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    const parsed = parseParameters([definition("header", c)], raw({ headers: { id: c.given } }));

    expect(parsed.issues).toEqual([]);
    expect(parsed.values.header["id"]).toEqual(c.want);
  });
});

describe("cookie parameters", () => {
  it.each(COOKIE_CASES.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    const headers = { cookie: c.given };
    const parsed = parseParameters([definition("cookie", c)], raw({ headers }));

    expect(parsed.issues).toEqual([]);
    expect(parsed.values.cookie["id"]).toEqual(c.want);
  });
});

describe("parameter reading", () => {
  it("matches header names case-insensitively and keeps the declared spelling", () => {
    const parsed = parseParameters(
      [param("header", "X-Request-ID")],
      raw({ headers: { "x-request-id": "abc" } }),
    );

    expect(parsed.values.header).toEqual({ "X-Request-ID": "abc" });
  });

  it("leaves missing parameters absent", () => {
    const parsed = parseParameters(
      [param("query", "limit"), param("header", "X-Trace"), param("cookie", "session")],
      raw({}),
    );

    expect(parsed.values).toEqual({ path: {}, query: {}, header: {}, cookie: {} });
    expect(parsed.issues).toEqual([]);
  });

  it("collects a repeated primitive into an array for the validator to reject", () => {
    const parsed = parseParameters([param("query", "limit")], raw({ query: "limit=1&limit=2" }));

    expect(parsed.values.query["limit"]).toEqual(["1", "2"]);
  });

  it("gives an exploded object without a property list only the unclaimed pairs", () => {
    const definitions = [
      param("query", "filter", { shape: "object" }),
      param("query", "limit"),
      param("query", "sort", { style: "deepObject", shape: "object" }),
    ];
    const query = "limit=5&color=red&sort[by]=name&size=L";
    const parsed = parseParameters(definitions, raw({ query }));

    expect(parsed.values.query).toEqual({
      filter: { color: "red", size: "L" },
      limit: "5",
      sort: { by: "name" },
    });
  });

  it("takes only declared properties into an exploded object", () => {
    const definitions = [param("query", "filter", { shape: "object", properties: ["color"] })];
    const parsed = parseParameters(definitions, raw({ query: "color=red&size=L" }));

    expect(parsed.values.query["filter"]).toEqual({ color: "red" });
  });

  it("keeps __proto__ as an ordinary property", () => {
    const definitions = [param("query", "q", { style: "deepObject", shape: "object" })];
    const parsed = parseParameters(definitions, raw({ query: "q[__proto__]=x&q[a]=1" }));
    const value = parsed.values.query["q"] as Record<string, unknown>;

    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toBe("x");
  });

  it.each([
    ["label", "primitive", false, "5", 'must start with "." (label style)'],
    ["matrix", "primitive", false, "5", 'must start with ";id=" (matrix style)'],
    [
      "matrix",
      "array",
      true,
      ";id=1;other=2",
      'must repeat the name for every item: ";id=…" (matrix style)',
    ],
    ["simple", "object", true, "role", "must list properties as name=value"],
    ["simple", "object", false, "role,admin,x", "must list property names and values in pairs"],
  ] as const)("reports %s %s text %j that breaks the style", (...row) => {
    const [style, shape, explode, given, message] = row;
    const definitions = [param("path", "id", { style, shape, explode })];
    const parsed = parseParameters(definitions, raw({ path: { id: given } }));

    expect(parsed.values.path).toEqual({});
    expect(parsed.issues).toEqual([
      { in: "path", name: "id", pointer: "", keyword: "style", message },
    ]);
  });
});

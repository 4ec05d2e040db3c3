import { describe, expect, it } from "vitest";
import { bodyIssues, parameterIssues, validationProblem } from "../../runtime/validation.js";
import { compile, paramsValidator } from "./support.js";

describe("parameterIssues", () => {
  it("names the parameter from the instance path", () => {
    const validate = paramsValidator({ query: { limit: { type: "integer", maximum: 10 } } });
    validate({ path: {}, query: { limit: "50" }, header: {}, cookie: {} });

    expect(parameterIssues(validate.errors)).toEqual([
      { in: "query", name: "limit", pointer: "", keyword: "maximum", message: "must be <= 10" },
    ]);
  });

  it("names the missing property of a required error", () => {
    const validate = paramsValidator(
      { header: { "X-Api-Version": { type: "string" } } },
      { header: ["X-Api-Version"] },
    );
    validate({ path: {}, query: {}, header: {}, cookie: {} });

    expect(parameterIssues(validate.errors)).toEqual([
      {
        in: "header",
        name: "X-Api-Version",
        pointer: "",
        keyword: "required",
        message: "must have required property 'X-Api-Version'",
      },
    ]);
  });

  it("points inside object parameters and unescapes names", () => {
    const filter = {
      type: "object",
      properties: { min: { type: "integer" } },
      required: ["max/value"],
    };
    const validate = paramsValidator({ query: { "a/b": filter } });
    validate({ path: {}, query: { "a/b": { min: "x" } }, header: {}, cookie: {} });

    expect(parameterIssues(validate.errors)).toEqual([
      {
        in: "query",
        name: "a/b",
        pointer: "/max~1value",
        keyword: "required",
        message: "must have required property 'max/value'",
      },
      { in: "query", name: "a/b", pointer: "/min", keyword: "type", message: "must be integer" },
    ]);
  });

  it("returns nothing for no errors", () => {
    expect(parameterIssues(null)).toEqual([]);
  });
});

describe("bodyIssues", () => {
  it("points into the body and at missing properties", () => {
    const validate = compile(
      {
        type: "object",
        properties: { tags: { type: "array", items: { type: "string" } } },
        required: ["name"],
        additionalProperties: false,
      },
      { coerce: false },
    );
    validate({ tags: ["a", 2], extra: true });

    expect(bodyIssues(validate.errors)).toEqual([
      {
        in: "body",
        pointer: "/name",
        keyword: "required",
        message: "must have required property 'name'",
      },
      {
        in: "body",
        pointer: "/extra",
        keyword: "additionalProperties",
        message: "must NOT have additional properties",
      },
      { in: "body", pointer: "/tags/1", keyword: "type", message: "must be string" },
    ]);
  });

  it("reports the same fault once", () => {
    const error = { instancePath: "/a", keyword: "type", message: "must be string" };

    expect(bodyIssues([error, error])).toHaveLength(1);
  });
});

describe("validationProblem", () => {
  it("counts the problems in the detail and lists them", () => {
    const issues = [
      { in: "query" as const, name: "a", pointer: "", keyword: "type", message: "must be an int" },
      { in: "body" as const, pointer: "/b", keyword: "type", message: "must be string" },
    ];

    expect(validationProblem(issues).toJSON()).toEqual({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "2 problems in the request",
      errors: issues,
    });
    expect(validationProblem(issues.slice(0, 1)).detail).toBe("1 problem in the request");
  });
});

import { describe, expect, it } from "vitest";

import { ConditionError, looseEquals, parseCondition } from "../../contract/arazzo/condition.js";
import {
  checkCriteria,
  CriterionError,
  describeFailure,
  evaluateCriterion,
} from "../../contract/arazzo/criteria.js";
import type { ExpressionContext } from "../../contract/arazzo/expressions.js";
import { queryJsonPath, testJsonPath } from "../../contract/arazzo/jsonpath.js";
import type { Criterion } from "../../contract/arazzo/types.js";

function context(): ExpressionContext {
  return {
    inputs: { username: "Ada", limit: 2 },
    steps: { login: { outputs: { token: "abc" } } },
    response: {
      status: 201,
      headers: { "content-type": "application/json; charset=utf-8", location: "/users/7" },
      body: {
        id: "7",
        username: "ada",
        active: true,
        count: 3,
        ratio: 0.5,
        name: "O'Brien",
        items: [{ id: "a", price: 5 }, { id: "b", price: 15, tag: "sale" }],
        empty: [],
      },
      text: "{}",
    },
  };
}

const simple = (condition: string): Criterion => ({ condition });

describe("simple conditions", () => {
  it.each<[string, boolean]>([
    ["$statusCode == 201", true],
    ["$statusCode==201", true],
    ["$statusCode != 201", false],
    ["$statusCode == '201'", true],
    ["$statusCode >= 200 && $statusCode < 300", true],
    ["$statusCode < 200 || $statusCode >= 300", false],
    ["$statusCode > 201", false],
    ["$statusCode <= 201", true],
    ["!($statusCode == 409)", true],
    ["!$response.body#/active", false],
    ["$response.body#/active", true],
    ["$response.body#/active == true", true],
    ["$response.body#/count > $inputs.limit", true],
    ["$response.body#/ratio == 0.5", true],
    ["$response.body#/ratio < 1e0", true],
    ["$response.body#/count == -3", false],
    ["$response.body#/username == $inputs.username", true],
    ["$response.body#/username == 'ADA'", true],
    ["$response.body#/name == 'o''brien'", true],
    ["$response.body#/username < 'bob'", true],
    ["$response.body#/password == null", true],
    ["$response.body#/password != null", false],
    ["$response.body#/password", false],
    ["$response.body#/id == null", false],
    ["$response.body#/empty == null", false],
    ["$response.header.Location == '/users/7'", true],
    ["$response.header.X-Missing == null", true],
    ["($statusCode == 200 || $statusCode == 201) && $steps.login.outputs.token != null", true],
    ["$statusCode == 201 && ($response.body#/count == 2 || $response.body#/count == 3)", true],
    ["true", true],
    ["false || null", false],
    ["$response.body#/items == $response.body#/items", true],
    ["$response.body#/count < 'abc'", false],
  ])("%s is %s", (condition, want) => {
    expect(evaluateCriterion(simple(condition), context()).passed).toBe(want);
  });

  it("accepts a condition wrapped in braces, as in the specification's examples", () => {
    expect(evaluateCriterion(simple("{$statusCode == 201}"), context()).passed).toBe(true);
  });

  it.each<[string, string]>([
    ["$statusCode ==", "the condition ends too early"],
    ["$statusCode == 201 )", 'unexpected ")"'],
    ["($statusCode == 201", 'a ")" is missing'],
    ["$statusCode == ok", 'unknown word "ok"'],
    ["$statusCode == 'open", "unterminated string"],
    ["1 < $statusCode < 300", "comparisons cannot be chained"],
    ["$statusCode = 201", 'unexpected "="'],
    ["$steps.nope.outputs.x == 1", 'step "nope" has not run'],
    ["$bogus == 1", '"$bogus" is not a runtime expression'],
  ])("%s is an error: %s", (condition, message) => {
    const run = () => evaluateCriterion(simple(condition), context());
    expect(run).toThrow(CriterionError);
    expect(run).toThrow(message);
  });

  it("records the values it read", () => {
    const result = evaluateCriterion(simple("$statusCode == 409"), context());
    expect(result).toEqual({ passed: false, values: { $statusCode: 201 } });
  });
});

describe("regex criteria", () => {
  it.each<[Criterion, boolean]>([
    [{ context: "$statusCode", condition: "^201$", type: "regex" }, true],
    [{ context: "$statusCode", condition: "^2\\d\\d$", type: "regex" }, true],
    [{ context: "$response.header.content-type", condition: "json", type: "regex" }, true],
    [{ context: "$response.body#/username", condition: "^A", type: "regex" }, false],
    [{ context: "$response.body", condition: '"password"', type: "regex" }, false],
    [{ context: "$response.body", condition: '"username":"ada"', type: "regex" }, true],
  ])("%j is %s", (criterion, want) => {
    expect(evaluateCriterion(criterion, context()).passed).toBe(want);
  });

  it("needs a context", () => {
    expect(() => evaluateCriterion({ condition: "x", type: "regex" }, context())).toThrow(
      "a regex criterion needs a context",
    );
  });

  it("reports an invalid pattern", () => {
    const criterion: Criterion = { context: "$statusCode", condition: "(", type: "regex" };
    expect(() => evaluateCriterion(criterion, context())).toThrow(
      "not a valid regular expression",
    );
  });
});

describe("jsonpath criteria", () => {
  const jsonpath = (condition: string): Criterion => ({
    context: "$response.body",
    condition,
    type: { type: "jsonpath", version: "draft-goessner-dispatch-jsonpath-00" },
  });

  it.each<[string, boolean]>([
    ["$.id", true],
    ["$.password", false],
    ["$.id == '7'", true],
    ["$.items.length > 0", true],
    ["$.items.length == 2", true],
    ["$.empty.length > 0", false],
    ["$.items[0].id == 'a'", true],
    ["$.items[-1].id == 'b'", true],
    ["$['items'][1]['tag'] == 'sale'", true],
    ["$.items[?(@.tag)]", true],
    ["$.items[?(@.price > 10)].id == 'b'", true],
    ["$.items[?@.price > 100]", false],
    ["$.items[?(@.price > 1 && @.tag == 'sale')].id == 'b'", true],
    ["$.items[?count(@.tag) > 0].id == 'b'", true],
    ["$[?count(@.id) > 0]", false],
    ["length($.items) == 2", true],
    ["count($.items[*]) == 2", true],
    ["$..price", true],
    ["$.items[0:1].length == 1", false],
    ["$.name == \"o'brien\"", true],
  ])("%s is %s", (condition, want) => {
    expect(evaluateCriterion(jsonpath(condition), context()).passed).toBe(want);
  });

  it("accepts the plain type name too", () => {
    const criterion: Criterion = {
      context: "$response.body",
      condition: "$.id",
      type: "jsonpath",
    };
    expect(evaluateCriterion(criterion, context()).passed).toBe(true);
  });

  it("refuses what it does not support, by name", () => {
    expect(() => evaluateCriterion(jsonpath("$.items[1:2:1]"), context())).toThrow(
      'the selector "[1:2:1]" is not supported',
    );
    expect(() => evaluateCriterion(jsonpath("$[?match(@.id, 'a')]"), context())).toThrow(
      'unknown word "match"',
    );
  });

  it("queries nodes", () => {
    const body = (context().response!.body ?? {}) as object;
    expect(queryJsonPath("$.items[*].id", body)).toEqual(["a", "b"]);
    expect(queryJsonPath("$..id", body)).toEqual(["7", "a", "b"]);
    expect(testJsonPath("$.items[?(@.id == 'A')]", body)).toBe(true);
  });
});

describe("xpath criteria", () => {
  it("are refused", () => {
    const criterion: Criterion = { context: "$response.body", condition: "/a", type: "xpath" };
    expect(() => evaluateCriterion(criterion, context())).toThrow(
      "xpath criteria are not supported",
    );
  });
});

describe("checkCriteria", () => {
  it("lists each false criterion with the values it read", () => {
    const criteria = [simple("$statusCode == 201"), simple("$statusCode == 409")];
    const outcome = checkCriteria(criteria, context());
    expect(outcome.passed).toBe(false);
    expect(outcome.failed).toHaveLength(1);

    const [failed] = outcome.failed;
    expect(describeFailure(failed!.criterion, failed!.values)).toBe(
      'condition "$statusCode == 409" is false ($statusCode = 201)',
    );
  });
});

describe("loose equality", () => {
  it.each<[unknown, unknown, boolean]>([
    ["Ada", "ada", true],
    [1, "1", true],
    [1, "1.0", true],
    [1, "one", false],
    [true, "TRUE", true],
    [null, undefined, true],
    [null, 0, false],
    [{ a: 1, b: [2] }, { b: [2], a: 1 }, true],
    [[1, 2], [2, 1], false],
  ])("%j == %j is %s", (a, b, want) => {
    expect(looseEquals(a, b)).toBe(want);
  });

  it("parses conditions into a tree", () => {
    expect(parseCondition("!$a == true && $b", { operandStart: "$" })).toEqual({
      kind: "and",
      left: {
        kind: "compare",
        op: "==",
        left: { kind: "not", operand: { kind: "operand", text: "$a" } },
        right: { kind: "literal", value: true },
      },
      right: { kind: "operand", text: "$b" },
    });
    expect(() => parseCondition("$a ==", { operandStart: "$" })).toThrow(ConditionError);
  });
});

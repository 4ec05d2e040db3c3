import { describe, expect, it } from "vitest";
import { HttpProblem, notImplemented } from "../../runtime/problem.js";

describe("HttpProblem", () => {
  it("defaults type to about:blank and title to the status phrase", () => {
    const problem = new HttpProblem({ status: 404, detail: "No pet 7" });

    expect(problem.toJSON()).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail: "No pet 7",
    });
    expect(problem.message).toBe("No pet 7");
    expect(problem).toBeInstanceOf(Error);
  });

  it("adds extension members but never lets them replace core members", () => {
    const problem = new HttpProblem({
      status: 409,
      type: "https://example.com/problems/conflict",
      title: "Version conflict",
      extensions: { status: 200, currentVersion: 3 },
    });

    expect(problem.toJSON()).toEqual({
      type: "https://example.com/problems/conflict",
      title: "Version conflict",
      status: 409,
      currentVersion: 3,
    });
  });
});

describe("notImplemented", () => {
  it("throws a 501 naming the operation", () => {
    let thrown: unknown;
    try {
      notImplemented("listPets");
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(HttpProblem);
    expect((thrown as HttpProblem).toJSON()).toEqual({
      type: "about:blank",
      title: "Not Implemented",
      status: 501,
      detail: 'The operation "listPets" is not implemented yet.',
      operationId: "listPets",
    });
  });
});

import { describe, expect, it } from "vitest";
import { toProblem } from "../../runtime/error-handler.js";
import { HttpProblem } from "../../runtime/problem.js";

function clientError(status: number, fields: Record<string, unknown>, message = "boom") {
  return Object.assign(new Error(message), { status, expose: status < 500, ...fields });
}

describe("toProblem", () => {
  it.each([
    [{ type: "entity.parse.failed" }, 400, "The request body could not be parsed."],
    [
      { type: "entity.too.large", limit: 10 },
      413,
      "The request body is larger than the limit of 10 bytes.",
    ],
    [{ type: "charset.unsupported", charset: "ko" }, 415, 'The charset "ko" is not supported.'],
    [
      { type: "encoding.unsupported", encoding: "zz" },
      415,
      'The content encoding "zz" is not supported.',
    ],
    [{ type: "request.aborted" }, 400, "The request was aborted before its body was complete."],
    [{}, 400, "boom"],
  ])("turns body-parser's %j into a %i problem", (fields, status, detail) => {
    const problem = toProblem(clientError(status, fields));

    expect(problem.toJSON()).toMatchObject({ status, detail });
  });

  it("keeps unexposed client error messages to itself", () => {
    const problem = toProblem(clientError(403, { expose: false }, "internal reason"));

    expect(problem.toJSON()).toEqual({ type: "about:blank", title: "Forbidden", status: 403 });
  });

  it.each([
    ["a server-side status", clientError(503, {}, "db down")],
    ["a plain error", new Error("secret detail")],
    ["a thrown string", "secret detail"],
    ["a status-like object that is no Error", { status: 400, message: "secret detail" }],
  ])("answers %s with a generic 500", (_name, error) => {
    expect(toProblem(error).toJSON()).toEqual({
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      detail: "The server could not complete the request.",
    });
  });

  it("passes an HttpProblem through", () => {
    const problem = new HttpProblem({ status: 422, detail: "nope" });

    expect(toProblem(problem)).toBe(problem);
  });
});

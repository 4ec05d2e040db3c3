import { describe, expect, it } from "vitest";

import { ConflictError } from "../../runtime/database.js";
import { toProblem } from "../../runtime/error-handler.js";

describe("a unique constraint broken by a write", () => {
  it("becomes a 409 problem that does not name the table or index", () => {
    const problem = toProblem(new ConflictError("users_email_key"));
    expect(problem.status).toBe(409);
    expect(JSON.stringify(problem.toJSON())).not.toContain("users_email_key");
  });

  it("names the taken properties when the service says which they are", () => {
    const problem = toProblem(new ConflictError("users_email_key"), {
      users_email_key: ["email"],
    });
    expect(problem.toJSON()).toMatchObject({
      status: 409,
      detail: "The email is already taken.",
      conflicts: ["email"],
    });
  });
});

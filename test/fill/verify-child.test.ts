import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { buildContract } from "../../compiler/contract/build-contract.js";
import { casesFor, workflowsUsing } from "../../compiler/fill/verify-child.js";
import { loadSpec } from "../../compiler/load/load-spec.js";
import { buildModel } from "../../compiler/model/build-model.js";
import { REPO_ROOT } from "../support/build-fixture.js";

const ARAZZO = path.join(REPO_ROOT, "specs/auth.arazzo.yaml");

describe("what a candidate is tested with", () => {
  it("takes the workflows that call the operation", () => {
    const source = { file: ARAZZO, text: readFileSync(ARAZZO, "utf8") };

    expect(workflowsUsing(source, "loginUser")).toEqual(["registerLoginAndReadProfile",
      "loginWithWrongPassword", "eachUserSeesThemselves"]);
    expect(workflowsUsing(source, "registerUser")).toHaveLength(4);
  });

  it("leaves out workflows that call an operation still pending", () => {
    const source = { file: ARAZZO, text: readFileSync(ARAZZO, "utf8") };

    expect(workflowsUsing(source, "loginUser", ["getCurrentUser"]))
      .toEqual(["loginWithWrongPassword"]);
  });

  it("takes the operation's cases, after the examples they rely on", async () => {
    const model = buildModel(await loadSpec(path.join(REPO_ROOT, "specs/auth.yaml")));
    const { cases, reported } = casesFor(buildContract(model).cases, "loginUser");

    expect(cases[0]!.name).toBe("registerUser: example 'ada'");
    expect(reported.has("registerUser: example 'ada'")).toBe(false);
    expect(cases.slice(1).every((c) => c.operationId === "loginUser")).toBe(true);
    expect(reported.size).toBe(cases.length - 1);
  });
});

import path from "node:path";

import { describe, expect, it } from "vitest";

import { compileSpec } from "../../compiler/build.js";
import { FIXTURE_SPECS } from "../support/build-fixture.js";

const { model } = await compileSpec(path.join(FIXTURE_SPECS, "inference.yaml"));
const crud = Object.fromEntries(model.operations.map((op) => [op.operationId, op.crud?.action]));

describe("resource inference", () => {
  it("stores a schema that a POST on a collection takes and returns", () => {
    const note = model.resources.find((r) => r.name === "Note")!;
    expect(note).toMatchObject({ table: "notes", id: "id" });
    expect(note.columns.map((c) => [c.property, c.column, c.type, c.generated ?? null])).toEqual([
      ["createdAt", "created_at", "text", "now"],
      ["id", "id", "integer", "increment"],
      ["text", "text", "text", null],
    ]);
  });

  it.each([
    ["createNote", "create"],
    ["getNote", "read"],
  ])("compiles %s as %s", (operationId, action) => {
    expect(crud[operationId]).toBe(action);
  });

  it.each([
    ["searchNotes", "a query parameter it does not understand"],
    ["replaceNote", "a body that may be left out"],
    ["archiveNote", "x-spec2svc-crud: false"],
  ])("leaves %s a hole: %s", (operationId) => {
    expect(crud[operationId]).toBeUndefined();
  });

  it("stores nothing when one schema is created under two collections, and says so", () => {
    expect(model.resources.map((r) => r.name)).toEqual(["Note"]);
    expect(crud.createTag).toBeUndefined();
    const warning = model.warnings.find((w) => w.code === "resource-ambiguous");
    expect(warning?.message).toContain("/drafts and /tags");
  });
});

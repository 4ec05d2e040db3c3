import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

import { loadSpec } from "../../compiler/load/load-spec.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/load");
const fixture = (name: string) => path.join(fixtures, name);

type Json = Record<string, any>;

describe("loading documents", () => {
  it("brings a multi-file document inside, keeping internal references", async () => {
    const spec = await loadSpec(fixture("multi/openapi.yaml"));
    const doc = spec.document as Json;

    expect(spec).toMatchObject({ sourceVersion: "3.0", version: "3.0", warnings: [] });
    expect(doc.components.schemas.Pet.properties.tag).toEqual({ type: "string", maxLength: 10 });
    const listed = doc.paths["/pets"].get.responses["200"].content["application/json"].schema;
    expect(listed.items).toEqual({ $ref: "#/components/schemas/Pet" });
    expect(JSON.stringify(doc)).not.toContain(".yaml");
  });

  it("locates bundled content in the file it came from", async () => {
    const spec = await loadSpec(fixture("multi/openapi.yaml"));

    expect(spec.locate("/paths/~1pets/get/operationId")).toEqual({
      file: fixture("multi/paths/pets.yaml"),
      pointer: "/get/operationId",
      line: 2,
      column: 3,
    });
    expect(spec.locate("/components/schemas/Pet/properties/tag")).toEqual({
      file: fixture("multi/schemas/tag.yaml"),
      pointer: "",
      line: 1,
      column: 1,
    });
  });

  it("keeps a circular schema as a reference, so the document stays finite", async () => {
    const spec = await loadSpec(fixture("circular.yaml"));
    const node = (spec.document as Json).components.schemas.Node;

    expect(node.properties.children.items).toEqual({ $ref: "#/components/schemas/Node" });
    expect(() => JSON.stringify(spec.document)).not.toThrow();
  });

  it("keeps a schema that refers to its own file finite", async () => {
    const spec = await loadSpec(fixture("circular-multi/openapi.yaml"));
    const json = JSON.stringify(spec.document);

    expect(json).not.toContain("node.yaml");
    expect(json.length).toBeLessThan(2000);
  });

  it("loads a 3.1 document that has webhooks and no paths", async () => {
    const spec = await loadSpec(fixture("webhooks-only.yaml"));

    expect(spec).toMatchObject({ sourceVersion: "3.1", version: "3.1" });
    expect((spec.document as Json).webhooks.newPet.post).toBeDefined();
  });
});

describe("Swagger 2.0", () => {
  const load = () => loadSpec(fixture("swagger2.yaml"));

  it("converts to OpenAPI 3.0 with references kept", async () => {
    const spec = await load();
    const doc = spec.document as Json;

    expect(spec).toMatchObject({ sourceVersion: "2.0", version: "3.0" });
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(doc.servers).toEqual([{ url: "https://pets.example.com/v1" }]);
    expect(doc.paths["/pets"].post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Pet",
    });
    expect(doc.paths["/pets"].get.parameters).toEqual([{ $ref: "#/components/parameters/Limit" }]);
  });

  it("records each patch the conversion needed as a located warning", async () => {
    const spec = await load();

    expect(spec.warnings).toHaveLength(1);
    expect(spec.warnings[0]).toMatchObject({ code: "converted-with-patch", severity: "warning" });
    expect(spec.warnings[0]!.location).toEqual({
      file: fixture("swagger2.yaml"),
      pointer: "/definitions/Pet/properties/nickname/type",
      line: 52,
      column: 9,
    });
    expect((spec.document as Json).components.schemas.Pet.properties.nickname).toEqual({
      type: "string",
      nullable: true,
    });
  });

  it("locates converted pointers in the 2.0 source", async () => {
    const spec = await load();
    const at = (pointer: string) => {
      const { pointer: source, line, column } = spec.locate(pointer);
      return { source, line, column };
    };

    expect(at("/components/schemas/Pet")).toEqual({
      source: "/definitions/Pet",
      line: 46,
      column: 3,
    });
    expect(at("/components/parameters/Limit")).toEqual({
      source: "/parameters/Limit",
      line: 41,
      column: 3,
    });
    expect(at("/paths/~1pets/post/parameters/1")).toEqual({
      source: "/paths/~1pets/post/parameters/2",
      line: 34,
      column: 11,
    });
    expect(at("/paths/~1pets/post/requestBody/content/application~1json/schema")).toEqual({
      source: "/paths/~1pets/post/parameters/1/schema",
      line: 32,
      column: 11,
    });
    expect(at("/paths/~1pets/get/responses/200/content/application~1json/schema/items")).toEqual({
      source: "/paths/~1pets/get/responses/200/schema/items",
      line: 21,
      column: 13,
    });
    expect(at("/servers/0")).toEqual({ source: "/host", line: 5, column: 1 });
  });
});

describe("source hash", () => {
  const scratch: string[] = [];
  afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  async function copyOfMulti(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "spec2svc-load-"));
    scratch.push(dir);
    await cp(fixture("multi"), dir, { recursive: true });
    return dir;
  }

  it("depends on every file's content and relative path, not on where the tree is", async () => {
    const original = await loadSpec(fixture("multi/openapi.yaml"));
    const copy = await copyOfMulti();
    const moved = await loadSpec(path.join(copy, "openapi.yaml"));

    expect(moved.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(moved.sourceHash).toBe(original.sourceHash);

    await writeFile(path.join(copy, "schemas/tag.yaml"), "type: string\nmaxLength: 11\n");
    const edited = await loadSpec(path.join(copy, "openapi.yaml"));
    expect(edited.sourceHash).not.toBe(original.sourceHash);
  });
});

import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

import { SpecError, type Diagnostic } from "../../compiler/diagnostics.js";
import { loadSpec } from "../../compiler/load/load-spec.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/load");
const fixture = (name: string) => path.join(fixtures, name);

async function diagnosticsOf(name: string): Promise<Diagnostic[]> {
  const error = await loadSpec(fixture(name)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecError);
  return (error as SpecError).diagnostics;
}

async function onlyDiagnostic(name: string): Promise<Diagnostic> {
  const diagnostics = await diagnosticsOf(name);
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]!;
}

describe("syntax errors name the file, line and column", () => {
  it("reports an unclosed YAML quote", async () => {
    const d = await onlyDiagnostic("broken.yaml");

    expect(d).toMatchObject({ code: "yaml-syntax", severity: "error" });
    expect(d.message).toBe('Missing closing "quote');
    expect(d.location).toEqual({ file: fixture("broken.yaml"), pointer: "", line: 8, column: 34 });
  });

  it("reports a mapping item out of line", async () => {
    const d = await onlyDiagnostic("broken-indent.yaml");

    expect(d.message).toBe("All mapping items must start at the same column");
    expect(d.location).toMatchObject({ file: fixture("broken-indent.yaml"), line: 12, column: 1 });
  });

  it("reports a duplicate YAML key", async () => {
    const d = await onlyDiagnostic("duplicate-key.yaml");

    expect(d.message).toBe("Map keys must be unique");
    expect(d.location).toMatchObject({ file: fixture("duplicate-key.yaml"), line: 11, column: 3 });
  });

  it("reports a trailing comma in JSON", async () => {
    const d = await onlyDiagnostic("broken.json");

    expect(d.code).toBe("json-syntax");
    expect(d.message).toBe("Expected double-quoted property name");
    expect(d.location).toEqual({ file: fixture("broken.json"), pointer: "", line: 6, column: 3 });
  });
});

describe("references that point nowhere", () => {
  it("reports a dangling local $ref where it is written", async () => {
    const d = await onlyDiagnostic("dangling-local.yaml");

    expect(d.code).toBe("ref-dangling");
    expect(d.message).toBe(
      'dangling $ref "#/components/schemas/Pets": ' +
        '#/components/schemas in dangling-local.yaml has no "Pets"',
    );
    expect(d.location).toEqual({
      file: fixture("dangling-local.yaml"),
      pointer: "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
      line: 14,
      column: 17,
    });
  });

  it("reports a $ref to a file that does not exist", async () => {
    const d = await onlyDiagnostic("missing-file.yaml");

    expect(d.code).toBe("ref-file-missing");
    expect(d.message).toBe(
      `$ref "./schemas/missing.yaml" cannot be resolved: file not found ` +
        `(${fixture("schemas/missing.yaml")})`,
    );
    expect(d.location).toEqual({
      file: fixture("missing-file.yaml"),
      pointer: "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
      line: 14,
      column: 17,
    });
  });

  it("reports a dangling $ref inside a referenced file, in that file", async () => {
    const d = await onlyDiagnostic("multi-dangling/openapi.yaml");

    expect(d.message).toBe('dangling $ref "#/Owner": schemas.yaml has no "Owner"');
    expect(d.location).toEqual({
      file: fixture("multi-dangling/schemas.yaml"),
      pointer: "/Pet/properties/owner/$ref",
      line: 5,
      column: 7,
    });
  });

  it("reports a remote $ref where a reference is expected, not in an example", async () => {
    const d = await onlyDiagnostic("remote-refs.yaml");

    expect(d.code).toBe("ref-remote");
    expect(d.message).toContain('"https://schemas.example.com/user.json" is remote');
    expect(d.location).toMatchObject({
      pointer: "/paths/~1users/get/responses/200/content/application~1json/schema/$ref",
      line: 14,
      column: 17,
    });
  });
});

describe("documents the meta-schema rejects", () => {
  it("reports a missing required property at the object that lacks it", async () => {
    const d = await onlyDiagnostic("no-responses.yaml");

    expect(d).toMatchObject({ code: "schema", message: "missing required property 'responses'" });
    expect(d.location).toEqual({
      file: fixture("no-responses.yaml"),
      pointer: "/paths/~1pets/get",
      line: 7,
      column: 5,
    });
  });

  it("reports a value of the wrong type", async () => {
    const d = await onlyDiagnostic("wrong-type.json");

    expect(d).toMatchObject({ code: "schema", message: "must be string, found integer" });
    expect(d.location).toEqual({
      file: fixture("wrong-type.json"),
      pointer: "/info/title",
      line: 4,
      column: 5,
    });
  });

  it("reports an unsupported version at the version field", async () => {
    const d = await onlyDiagnostic("unsupported-version.yaml");

    expect(d.code).toBe("unsupported-version");
    expect(d.message).toMatch(/^unsupported OpenAPI version "3\.2\.0"/);
    expect(d.location).toMatchObject({ pointer: "/openapi", line: 1, column: 1 });
  });
});

describe("semantic rules", () => {
  const file = fixture("semantic-errors.yaml");
  const byCode = async (code: string) =>
    (await diagnosticsOf("semantic-errors.yaml")).filter((d) => d.code === code);

  it("collects every problem into one error, with no schema echo of a rule", async () => {
    const codes = (await diagnosticsOf("semantic-errors.yaml")).map((d) => d.code);

    expect(codes.sort()).toEqual([
      "duplicate-operation-id",
      "duplicate-parameter",
      "path-param-not-in-template",
      "path-param-not-required",
      "path-param-undeclared",
      "path-template-conflict",
      "response-code",
    ]);
  });

  it("rejects a duplicate operationId", async () => {
    const [d] = await byCode("duplicate-operation-id");

    expect(d!.message).toBe(
      'operationId "listPets" of GET /pets/{petId} is already used by GET /pets ' +
        "(#/paths/~1pets/get)",
    );
    expect(d!.location).toEqual({
      file,
      pointer: "/paths/~1pets~1{petId}/get/operationId",
      line: 25,
      column: 7,
    });
  });

  it("rejects a template parameter with no path parameter", async () => {
    const [d] = await byCode("path-param-undeclared");

    expect(d!.message).toBe(
      "path parameter {petId} of GET /pets/{petId} is not declared: " +
        'add a parameter with name "petId" and in: path',
    );
    const pointer = "/paths/~1pets~1{petId}/get";
    expect(d!.location).toEqual({ file, pointer, line: 24, column: 5 });
  });

  it("rejects a path parameter that is not required, at its definition", async () => {
    const [d] = await byCode("path-param-not-required");

    expect(d!.message).toBe('path parameter "id" must have required: true');
    expect(d!.location).toEqual({
      file,
      pointer: "/components/parameters/Id/required",
      line: 59,
      column: 7,
    });
  });

  it("rejects a path parameter missing from the template", async () => {
    const [d] = await byCode("path-param-not-in-template");

    expect(d!.message).toBe('path parameter "shelterId" does not appear in "/owners/{ownerId}"');
    expect(d!.location).toEqual({
      file,
      pointer: "/paths/~1owners~1{ownerId}/get/parameters/1",
      line: 46,
      column: 11,
    });
  });

  it("rejects a parameter listed twice", async () => {
    const [d] = await byCode("duplicate-parameter");

    expect(d!.message).toBe(
      'duplicate parameter "limit" in query: already listed at #/paths/~1pets/get/parameters/0',
    );
    expect(d!.location).toEqual({
      file,
      pointer: "/paths/~1pets/get/parameters/1",
      line: 14,
      column: 11,
    });
  });

  it("rejects a response code that is not a status", async () => {
    const [d] = await byCode("response-code");

    expect(d!.message).toMatch(/^"2000" is not a response code/);
    expect(d!.location).toEqual({
      file,
      pointer: "/paths/~1pets/get/responses/2000",
      line: 21,
      column: 9,
    });
  });

  it("rejects templates that differ only in parameter names", async () => {
    const [d] = await byCode("path-template-conflict");

    expect(d!.message).toBe(
      '"/pets/{id}" matches the same requests as "/pets/{petId}" and both define GET: ' +
        "path templates may not differ only in parameter names",
    );
    expect(d!.location).toEqual({ file, pointer: "/paths/~1pets~1{id}", line: 29, column: 3 });
  });

  it("only warns when such templates share no method", async () => {
    const spec = await loadSpec(fixture("template-alias.yaml"));
    const [d] = spec.warnings.filter((w) => w.code === "path-template-alias");

    expect(d!.message).toContain('"/jobs/{name}" matches the same requests as "/jobs/{id}"');
    expect(d!.location).toMatchObject({ pointer: "/paths/~1jobs~1{name}", line: 12, column: 3 });
  });

  it("checks Swagger 2.0 documents before converting them", async () => {
    const d = await onlyDiagnostic("swagger2-duplicate-param.json");

    expect(d.code).toBe("duplicate-parameter");
    expect(d.location).toEqual({
      file: fixture("swagger2-duplicate-param.json"),
      pointer: "/paths/~1pets/get/parameters/1",
      line: 11,
      column: 11,
    });
  });
});

import { describe, expect, it } from "vitest";

import {
  createLocator,
  createTextDocuments,
  type SourceText,
} from "../../compiler/load/locate.js";

function locator(files: Record<string, string>, bundled?: unknown) {
  const sources = new Map<string, SourceText>(
    Object.entries(files).map(([file, text]) => [
      file,
      { path: file, format: file.endsWith(".json") ? "json" : "yaml", text },
    ]),
  );
  return createLocator(createTextDocuments(sources), Object.keys(files)[0]!, bundled);
}

describe("locate", () => {
  it("finds keys and array items in YAML", () => {
    const locate = locator({
      "/spec/a.yaml": "paths:\n  /pets:\n    get:\n      tags:\n        - pets\n",
    });

    expect(locate("/paths/~1pets/get")).toEqual({
      file: "/spec/a.yaml",
      pointer: "/paths/~1pets/get",
      line: 3,
      column: 5,
    });
    expect(locate("/paths/~1pets/get/tags/0")).toMatchObject({ line: 5, column: 11 });
  });

  it("finds keys in JSON", () => {
    const locate = locator({ "/spec/a.json": '{\n  "info": {\n    "title": "x"\n  }\n}\n' });

    expect(locate("/info/title")).toMatchObject({ pointer: "/info/title", line: 3, column: 5 });
  });

  it("falls back to the deepest ancestor that exists", () => {
    const locate = locator({ "/spec/a.yaml": "info:\n  title: x\n" });

    expect(locate("/info/summary/more")).toEqual({
      file: "/spec/a.yaml",
      pointer: "/info",
      line: 1,
      column: 1,
    });
  });

  it("follows internal and external references when the pointer goes through them", () => {
    const locate = locator({
      "/spec/a.yaml": "a:\n  $ref: '#/b'\nb:\n  $ref: './c.yaml#/deep'\n",
      "/spec/c.yaml": "deep:\n  name: here\n",
    });

    expect(locate("/a/name")).toEqual({
      file: "/spec/c.yaml",
      pointer: "/deep/name",
      line: 2,
      column: 3,
    });
  });

  it("stops at a reference that points nowhere, and at reference cycles", () => {
    const locate = locator({ "/spec/a.yaml": "a:\n  $ref: '#/nope'\nb:\n  $ref: '#/b'\n" });

    expect(locate("/a/x")).toMatchObject({ pointer: "/a", line: 1 });
    expect(locate("/b/x")).toMatchObject({ pointer: "/b", line: 3 });
  });

  it("follows a reference the bundler replaced by its target", () => {
    const files = { "/spec/a.yaml": "s:\n  $ref: './s.yaml'\n", "/spec/s.yaml": "type: string\n" };

    expect(locator(files, { s: { type: "string" } })("/s")).toMatchObject({
      file: "/spec/s.yaml",
      pointer: "",
    });
    expect(locator(files, { s: { $ref: "#/t" } })("/s")).toMatchObject({
      file: "/spec/a.yaml",
      pointer: "/s",
    });
  });

  it("reads plain pointers literally and decodes those written in a $ref", () => {
    const text = "a:\n  $ref: '#/paths/~1pets~1%7Bid%7D'\npaths:\n  /pets/{id}:\n    50%: x\n";
    const locate = locator({ "/spec/a.yaml": text });

    expect(locate("/paths/~1pets~1{id}/50%")).toMatchObject({ line: 5, column: 5 });
    expect(locate("/a/50%")).toMatchObject({ pointer: "/paths/~1pets~1{id}/50%", line: 5 });
  });
});

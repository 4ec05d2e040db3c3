import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { writeOutput } from "../../compiler/write/write-output.js";
import { scratchDir } from "../support/build-fixture.js";
import { readTree } from "../support/file-tree.js";

let root: string;
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("writeOutput", () => {
  it("replaces the whole folder, removing files the new build does not have", async () => {
    root = scratchDir("write");
    const out = path.join(root, "svc");
    await writeOutput(out, [{ path: "a.txt", content: "one" }, { path: "old/b.txt", content: "b" }]);
    await writeOutput(out, [{ path: "a.txt", content: "two" }]);

    expect(readTree(out)).toEqual(new Map([["a.txt", "two"]]));
    expect(await readdir(root)).toEqual(["svc"]);
  });

  it("leaves the previous output untouched when writing fails", async () => {
    root = scratchDir("write");
    const out = path.join(root, "svc");
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, "keep.txt"), "previous");

    // A file and a folder of the same name cannot both be written.
    const clash = [{ path: "x", content: "file" }, { path: "x/y", content: "inside" }];
    await expect(writeOutput(out, clash)).rejects.toThrow();

    expect(readTree(out)).toEqual(new Map([["keep.txt", "previous"]]));
    expect(await readdir(root)).toEqual(["svc"]);
  });
});

import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { buildSpec, compileSpec } from "../../compiler/build.js";
import { SpecError } from "../../compiler/diagnostics.js";
import { FIXTURE_SPECS, REPO_ROOT, scratchDir } from "../support/build-fixture.js";
import { readTree } from "../support/file-tree.js";

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

function scratch(label: string): string {
  const dir = scratchDir(label);
  made.push(dir);
  return dir;
}

describe("builds are reproducible", () => {
  it("two builds of the same spec are byte-identical", async () => {
    const spec = path.join(FIXTURE_SPECS, "zoo.yaml");
    const first = scratch("first");
    const second = scratch("second");

    await buildSpec(spec, { out: first });
    await buildSpec(spec, { out: second });

    const a = readTree(first);
    const b = readTree(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, content] of a) expect(b.get(file), file).toBe(content);
  });

  const specs = readdirSync(path.join(REPO_ROOT, "specs"))
    .filter((f) => /\.ya?ml$/.test(f) && !f.includes(".arazzo."));

  it.each(specs)("committed generated/ matches a fresh build of specs/%s", async (file) => {
    const { model, files } = await compileSpec(path.join(REPO_ROOT, "specs", file));
    const committed = readTree(path.join(REPO_ROOT, "generated", model.name));

    expect([...committed.keys()]).toEqual(files.map((f) => f.path));
    for (const f of files) {
      expect(committed.get(f.path), `${f.path} is stale: run npm run build:examples`)
        .toBe(Buffer.from(f.content).toString("latin1"));
    }
  });
});

describe("a failed build", () => {
  it("leaves the previous output byte-for-byte as it was", async () => {
    const out = scratch("kept");
    await buildSpec(path.join(FIXTURE_SPECS, "zoo.yaml"), { out });
    const before = readTree(out);

    const failing = buildSpec(path.join(FIXTURE_SPECS, "dangling-ref.yaml"), { out });
    await expect(failing).rejects.toBeInstanceOf(SpecError);

    expect(readTree(out)).toEqual(before);
    const siblings = readdirSync(path.dirname(out)).filter((n) => n.includes(path.basename(out)));
    expect(siblings).toEqual([path.basename(out)]);
  });
});

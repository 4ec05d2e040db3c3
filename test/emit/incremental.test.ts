import path from "node:path";

import { describe, expect, it } from "vitest";

import { compileSpec } from "../../compiler/build.js";
import type { EmitCache } from "../../compiler/emit/emit-service.js";
import type { OutputFile } from "../../compiler/emit/source-printer.js";
import { emitService } from "../../compiler/emit/emit-service.js";
import { FIXTURE_SPECS } from "../support/build-fixture.js";

/** A cache that records which parts were computed rather than reused. */
function countingCache(): { cache: EmitCache; made: string[] } {
  const made: string[] = [];
  const cache = new Map<string, OutputFile[]>();
  const set = cache.set.bind(cache);
  cache.set = (key, value) => {
    made.push(key.slice(0, key.indexOf(":")));
    return set(key, value);
  };
  return { cache, made };
}

describe("emitting with a cache", () => {
  it("recomputes only the parts whose inputs changed", async () => {
    const { spec, model } = await compileSpec(path.join(FIXTURE_SPECS, "zoo.yaml"));
    const { cache, made } = countingCache();
    const first = emitService(model, { locate: spec.locate, cache });
    const firstCount = made.length;

    const changed = {
      ...model,
      operations: model.operations.map((op) =>
        op.id === "getPet" ? { ...op, description: "Reads one pet." } : op),
    };
    made.length = 0;
    const second = emitService(changed, { locate: spec.locate, cache });

    expect(firstCount).toBe(7 + model.operations.length);
    expect(made.sort()).toEqual(["contract", "hole", "operations", "routes"]);
    const differs = second.filter((f, i) => f.content !== first[i]!.content).map((f) => f.path);
    expect(differs.sort()).toEqual(["spec2svc.manifest.json", "src/handlers/getPet.ts",
      "src/operations.ts"]);
  });
});

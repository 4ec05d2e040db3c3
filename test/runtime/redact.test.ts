import { describe, expect, it } from "vitest";
import { redact } from "../../runtime/redact.js";
import type { RedactionShape } from "../../runtime/route.js";

describe("redact", () => {
  it("drops listed properties and leaves the input untouched", () => {
    const user = { id: 1, name: "Ada", password: "s3cret" };

    expect(redact(user, { drop: ["password"] })).toEqual({ id: 1, name: "Ada" });
    expect(user).toEqual({ id: 1, name: "Ada", password: "s3cret" });
  });

  it("follows properties, items and additional properties", () => {
    const shape: RedactionShape = {
      properties: { owner: { drop: ["pin"] } },
      additional: { drop: ["key"] },
      items: { drop: ["never"] },
    };
    const value = { owner: { pin: 1, name: "o" }, extra: { key: 2, kept: 3 } };

    expect(redact(value, shape)).toEqual({ owner: { name: "o" }, extra: { kept: 3 } });
  });

  it("applies a shape to every array item", () => {
    expect(redact([{ a: 1, s: 2 }, { s: 3 }], { items: { drop: ["s"] } })).toEqual([{ a: 1 }, {}]);
  });

  it("applies every union member", () => {
    const shape: RedactionShape = { any: [{ drop: ["cardNumber"] }, { drop: ["iban"] }] };

    expect(redact({ cardNumber: "4111", iban: "DE00", kind: "x" }, shape)).toEqual({ kind: "x" });
  });

  it("walks a recursive shape through the named table", () => {
    const shapes: Record<string, RedactionShape> = {
      Node: { drop: ["secret"], properties: { children: { items: { ref: "Node" } } } },
    };
    const tree = {
      secret: 1,
      name: "root",
      children: [
        { secret: 2, name: "leaf", children: [{ secret: 3, name: "deep", children: [] }] },
      ],
    };

    expect(redact(tree, { ref: "Node" }, shapes)).toEqual({
      name: "root",
      children: [{ name: "leaf", children: [{ name: "deep", children: [] }] }],
    });
  });

  it("terminates on refs that cycle without descending", () => {
    const shapes: Record<string, RedactionShape> = {
      A: { any: [{ ref: "B" }], drop: ["a"] },
      B: { ref: "A", drop: ["b"] },
      Self: { ref: "Self" },
    };

    expect(redact({ a: 1, b: 2, c: 3 }, { ref: "A" }, shapes)).toEqual({ c: 3 });
    expect(redact({ c: 3 }, { ref: "Self" }, shapes)).toEqual({ c: 3 });
  });

  it("ignores refs missing from the table", () => {
    expect(redact({ a: 1 }, { ref: "Nowhere", drop: ["a"] })).toEqual({});
  });

  it.each([null, 42, "text", true, undefined])("returns %j unchanged", (value) => {
    expect(redact(value, { drop: ["x"], items: { drop: ["x"] } })).toBe(value);
  });

  it("leaves the shape's mismatches alone", () => {
    expect(redact([1, 2], { drop: ["x"], properties: { y: { drop: ["z"] } } })).toEqual([1, 2]);
    expect(redact({ items: 1 }, { items: { drop: ["x"] } })).toEqual({ items: 1 });
  });

  it("refuses cyclic data instead of recursing forever", () => {
    const loop: Record<string, unknown> = { name: "loop" };
    loop["self"] = loop;

    expect(() => redact(loop, { additional: { drop: ["x"] } })).toThrow("circular");
  });
});

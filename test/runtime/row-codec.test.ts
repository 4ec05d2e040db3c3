import { describe, expect, it } from "vitest";
import {
  decodeRow,
  decodeValue,
  encodeParams,
  encodeValue,
  type ColumnType,
} from "../../runtime/row-codec.js";

describe("encodeValue", () => {
  it.each([
    [true, "boolean", "sqlite", 1],
    [false, "boolean", "sqlite", 0],
    [true, "boolean", "postgres", true],
    [{ a: [1] }, "json", "sqlite", '{"a":[1]}'],
    [[1, 2], "json", "postgres", "[1,2]"],
    ["text", "json", "postgres", '"text"'],
    [42, "integer", "postgres", 42],
    ["x", "text", "sqlite", "x"],
    [undefined, "json", "sqlite", null],
    [null, "boolean", "postgres", null],
  ] as const)("encodes %j as a %s for %s", (value, type, dialect, expected) => {
    expect(encodeValue(value, type, dialect)).toEqual(expected);
  });

  it("encodes parameters by position, leaving untyped ones alone", () => {
    const types: ColumnType[] = ["boolean", "json"];

    expect(encodeParams([true, { a: 1 }, true], types, "sqlite")).toEqual([1, '{"a":1}', true]);
  });
});

describe("decodeValue", () => {
  it.each([
    [1, "boolean", "sqlite", true],
    [0, "boolean", "sqlite", false],
    [false, "boolean", "postgres", false],
    ['{"a":1}', "json", "sqlite", { a: 1 }],
    [{ a: 1 }, "json", "postgres", { a: 1 }],
    ["12", "integer", "postgres", 12],
    ["-7", "integer", "postgres", -7],
    ["9007199254740993", "integer", "postgres", "9007199254740993"],
    [12n, "integer", "sqlite", 12],
    ["1.5", "real", "postgres", 1.5],
    [null, "json", "sqlite", null],
  ] as const)("decodes %s from a %s column of %s", (value, type, dialect, expected) => {
    expect(decodeValue(value, type, dialect)).toEqual(expected);
  });

  it("decodes the named columns of a row and keeps the rest as data", () => {
    const row = JSON.parse('{"id": "3", "done": 1, "extra": "kept", "__proto__": "data"}');
    const columns: Record<string, ColumnType> = { id: "integer", done: "boolean" };

    const decoded = decodeRow(row, columns, "sqlite");

    expect(decoded).toMatchObject({ id: 3, done: true, extra: "kept" });
    expect(Object.getOwnPropertyDescriptor(decoded, "__proto__")?.value).toBe("data");
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  });
});

import { describe, expect, it } from "vitest";
import { decodeError, encodeError, formDataToObject, getPath } from "./field-errors";

const entries = (pairs: [string, string][]) => pairs as [string, FormDataEntryValue][];

describe("formDataToObject: posted fields in dot notation to nested values", () => {
  it("builds nested objects and arrays, and the yearly maps", () => {
    expect(
      formDataToObject(
        entries([
          ["name", "OTE"],
          ["costs.0.amount", "1 000"],
          ["costs.0.yearly.y2026", "500"],
          ["costs.1.amount", "2 000"],
          ["implementers.0.organisationId", "3"],
        ]),
      ),
    ).toEqual({ name: "OTE", costs: [{ amount: "1 000", yearly: { y2026: "500" } }, { amount: "2 000" }], implementers: [{ organisationId: "3" }] });
  });

  it("never writes to a prototype: __proto__, constructor and prototype in any position are dropped", () => {
    const out = formDataToObject(
      entries([
        ["__proto__.polluted", "yes"],
        ["a.__proto__.polluted", "yes"],
        ["constructor.prototype.polluted", "yes"],
        ["costs.0.constructor", "x"],
        ["ok", "1"],
      ]),
    );
    expect(out).toEqual({ ok: "1" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("drops control fields, empty path parts, files, non-numeric indexes into a list and indexes over 500", () => {
    const file = new File(["x"], "a.txt");
    const out = formDataToObject([
      ["_intent", "save"],
      ["a..b", "1"],
      ["", "1"],
      ["upload", file],
      ["rows.0.x", "ok"],
      ["rows.foo", "bad"],
      ["rows.501.x", "too far"],
    ] as [string, FormDataEntryValue][]);
    expect(out).toEqual({ rows: [{ x: "ok" }] });
  });

  it("a later scalar does not turn into an object, and an object path over a scalar replaces it", () => {
    expect(
      formDataToObject(
        entries([
          ["a", "1"],
          ["a.b", "2"],
        ]),
      ),
    ).toEqual({ a: { b: "2" } });
    expect(
      formDataToObject(
        entries([
          ["a.b", "2"],
          ["a", "1"],
        ]),
      ),
    ).toEqual({ a: "1" });
  });
});

describe("field errors as one string", () => {
  it("round-trips a key with parameters, and a key alone", () => {
    expect(decodeError(encodeError("error.split.sum", { expectedCents: 100, actualCents: 90 }))).toEqual({
      key: "error.split.sum",
      params: { expectedCents: 100, actualCents: 90 },
    });
    expect(decodeError(encodeError("error.required"))).toEqual({ key: "error.required" });
    expect(decodeError("error.x|{not json")).toEqual({ key: "error.x" });
  });
  it("getPath reads a dot path and stops at a scalar", () => {
    expect(getPath({ a: [{ b: 1 }] }, "a.0.b")).toBe(1);
    expect(getPath({ a: 1 }, "a.b.c")).toBeUndefined();
  });
});

/** Unit tests of reading a year range from a URL and of the years a table shows for it. */
import { describe, expect, it } from "vitest";
import { displayYears, inYearRange, parseYearRange } from "./year-range";

describe("parseYearRange", () => {
  it("reads two years", () => {
    expect(parseYearRange("2026", "2029")).toEqual({ from: 2026, to: 2029, problems: [] });
    expect(parseYearRange(" 2026 ", "2026")).toEqual({ from: 2026, to: 2026, problems: [] });
  });

  it("treats missing or empty values as no limit", () => {
    expect(parseYearRange(null, undefined)).toEqual({ from: null, to: null, problems: [] });
    expect(parseYearRange("", "2027")).toEqual({ from: null, to: 2027, problems: [] });
  });

  it("reports values that are not years and leaves them out", () => {
    const r = parseYearRange("abc", "2028");
    expect(r.from).toBeNull();
    expect(r.to).toBe(2028);
    expect(r.problems).toEqual([{ field: "from", code: "notYear", value: "abc" }]);
    expect(parseYearRange("2026.5", null).problems[0]).toMatchObject({ code: "notYear" });
    expect(parseYearRange("-2026", null).problems[0]).toMatchObject({ code: "notYear" });
    expect(parseYearRange("20265", null).problems[0]).toMatchObject({ code: "notYear" });
  });

  it("reports years out of range", () => {
    expect(parseYearRange("1899", "2201").problems.map((p) => [p.field, p.code])).toEqual([
      ["from", "outOfRange"],
      ["to", "outOfRange"],
    ]);
  });

  it("reports a reversed range and leaves it out whole", () => {
    expect(parseYearRange("2029", "2026")).toEqual({ from: null, to: null, problems: [{ field: "to", code: "reversed", from: 2029, to: 2026 }] });
  });

  it("shortens a very long bad value in the report", () => {
    const p = parseYearRange("x".repeat(500), null).problems[0]!;
    expect(p.code === "notYear" && p.value.length).toBe(40);
  });
});

describe("inYearRange and displayYears", () => {
  it("open ends are unlimited", () => {
    expect(inYearRange(1950, { from: null, to: null })).toBe(true);
    expect(inYearRange(2025, { from: 2026, to: null })).toBe(false);
    expect(inYearRange(2030, { from: null, to: 2029 })).toBe(false);
  });

  it("shows every year of an explicit range, also those without data", () => {
    expect(displayYears([2027], { from: 2026, to: 2029 })).toEqual([2026, 2027, 2028, 2029]);
  });

  it("otherwise shows the years with data, gaps filled", () => {
    expect(displayYears([2029, 2025, 2027], { from: null, to: null })).toEqual([2025, 2026, 2027, 2028, 2029]);
    expect(displayYears([2025, 2027, 2029], { from: 2026, to: null })).toEqual([2027, 2028, 2029]);
    expect(displayYears([], { from: null, to: null })).toEqual([]);
  });

  it("does not fill a very wide range", () => {
    expect(displayYears([2026, 2027], { from: 1900, to: 2200 })).toEqual([2026, 2027]);
  });
});

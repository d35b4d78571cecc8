/** Unit tests of days: parsing and formatting calendar days, day counts per year, Helsinki's today. */
import { describe, expect, it } from "vitest";
import { daysInclusive, daysPerYear, formatDay, formatInstant, formatPeriod, isDay, isLeapYear, parseDay, yearOf, yearsOf } from "./days";
import { currentYear, todayInHelsinki } from "./clock";

describe("parseDay", () => {
  it.each([
    ["1.4.2026", "2026-04-01"],
    ["01.04.2026", "2026-04-01"],
    ["30.3.2028", "2028-03-30"],
    ["2026-04-01", "2026-04-01"],
    [" 31.12.2026 ", "2026-12-31"],
    ["29.2.2028", "2028-02-29"],
    ["2028-02-29", "2028-02-29"],
    ["29.2.2000", "2000-02-29"],
  ])("reads %j as %s", (input, day) => {
    expect(parseDay(input)).toBe(day);
  });

  it.each([
    "31.2.2026",
    "29.2.2027",
    "2027-02-29",
    "29.2.2100",
    "31.4.2026",
    "0.1.2026",
    "1.13.2026",
    "1.0.2026",
    "2026-4-1",
    "1.4.26",
    "1/4/2026",
    "2026-04-01T00:00:00Z",
    "",
    "abc",
  ])("refuses %j", (input) => {
    expect(parseDay(input)).toBeNull();
  });
});

describe("isDay and leap years", () => {
  it("knows the Gregorian leap years", () => {
    expect([2024, 2028, 2000, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2026, 2027, 1900, 2100].map(isLeapYear)).toEqual([false, false, false, false]);
  });

  it("accepts only real days in range", () => {
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2026-02-29")).toBe(false);
    expect(isDay("2026-06-31")).toBe(false);
    expect(isDay("1899-12-31")).toBe(false);
    expect(isDay("2026-00-10")).toBe(false);
  });
});

describe("formatDay", () => {
  it("writes Finnish dates without leading zeros", () => {
    expect(formatDay("2026-04-01")).toBe("1.4.2026");
    expect(formatDay("2028-03-30")).toBe("30.3.2028");
    expect(formatDay("2026-12-31")).toBe("31.12.2026");
    expect(formatPeriod("2026-04-01", "2028-03-30")).toBe("1.4.2026–30.3.2028");
  });

  it("round-trips through parseDay", () => {
    for (const day of ["2026-04-01", "2028-02-29", "2027-12-31", "2000-01-01"]) expect(parseDay(formatDay(day))).toBe(day);
  });

  it("leaves what is not a day as it is", () => {
    expect(formatDay("soon")).toBe("soon");
  });
});

describe("daysInclusive", () => {
  it("counts both end days", () => {
    expect(daysInclusive("2026-04-01", "2026-04-01")).toBe(1);
    expect(daysInclusive("2026-04-01", "2026-04-02")).toBe(2);
    expect(daysInclusive("2026-04-01", "2026-12-31")).toBe(275);
    expect(daysInclusive("2026-01-01", "2026-12-31")).toBe(365);
    expect(daysInclusive("2028-01-01", "2028-12-31")).toBe(366);
    expect(daysInclusive("2028-01-01", "2028-03-30")).toBe(90);
    expect(daysInclusive("2026-04-01", "2028-03-30")).toBe(730);
  });

  it("is not thrown off by daylight-saving changes", () => {
    // Finland moves its clocks on the last Sundays of March and October.
    expect(daysInclusive("2026-03-28", "2026-03-30")).toBe(3);
    expect(daysInclusive("2026-10-24", "2026-10-26")).toBe(3);
  });
});

describe("daysPerYear", () => {
  it("splits SUMMIT's period 1.4.2026–30.3.2028 over its calendar years", () => {
    expect(daysPerYear("2026-04-01", "2028-03-30")).toEqual([
      { year: 2026, days: 275 },
      { year: 2027, days: 365 },
      { year: 2028, days: 90 },
    ]);
  });

  it("counts 366 days in leap years, 29 February included", () => {
    expect(daysPerYear("2027-01-01", "2028-12-31")).toEqual([
      { year: 2027, days: 365 },
      { year: 2028, days: 366 },
    ]);
    expect(daysPerYear("2028-02-28", "2028-03-01")).toEqual([{ year: 2028, days: 3 }]);
    expect(daysPerYear("2027-02-28", "2027-03-01")).toEqual([{ year: 2027, days: 2 }]);
    expect(daysPerYear("2099-12-31", "2101-01-01")).toEqual([
      { year: 2099, days: 1 },
      { year: 2100, days: 365 },
      { year: 2101, days: 1 },
    ]);
  });

  it("gives a one-day period one day", () => {
    expect(daysPerYear("2026-12-31", "2026-12-31")).toEqual([{ year: 2026, days: 1 }]);
  });

  it("gives a period over New Year a day on each side", () => {
    expect(daysPerYear("2026-12-31", "2027-01-01")).toEqual([
      { year: 2026, days: 1 },
      { year: 2027, days: 1 },
    ]);
  });

  it("sums to the period's days over many years", () => {
    const years = daysPerYear("2025-05-01", "2031-04-30");
    expect(years.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031]);
    expect(years.map((y) => y.days)).toEqual([245, 365, 365, 366, 365, 365, 120]);
    expect(years.reduce((a, y) => a + y.days, 0)).toBe(daysInclusive("2025-05-01", "2031-04-30"));
  });

  it("refuses a period that ends before it starts", () => {
    expect(() => daysPerYear("2028-03-30", "2026-04-01")).toThrow(RangeError);
  });

  it("names the years of a period", () => {
    expect(yearsOf("2026-04-01", "2028-03-30")).toEqual([2026, 2027, 2028]);
    expect(yearsOf("2026-04-01", "2026-04-01")).toEqual([2026]);
    expect(yearOf("2029-12-31")).toBe(2029);
  });
});

describe("todayInHelsinki", () => {
  it("is already New Year's Day in Helsinki at 22.30 UTC on 31 December (UTC+2 in winter)", () => {
    expect(todayInHelsinki(new Date("2026-12-31T22:30:00Z"))).toBe("2027-01-01");
    expect(currentYear(new Date("2026-12-31T22:30:00Z"))).toBe(2027);
  });

  it("turns the day at 21.00 UTC in summer (UTC+3)", () => {
    expect(todayInHelsinki(new Date("2026-06-30T21:30:00Z"))).toBe("2026-07-01");
    expect(todayInHelsinki(new Date("2026-06-30T20:59:59Z"))).toBe("2026-06-30");
  });

  it("is still the old year just before Helsinki midnight", () => {
    expect(todayInHelsinki(new Date("2026-12-31T21:59:59Z"))).toBe("2026-12-31");
    expect(currentYear(new Date("2026-12-31T21:59:59Z"))).toBe(2026);
    expect(todayInHelsinki(new Date("2026-12-31T22:00:00Z"))).toBe("2027-01-01");
  });

  it("gives a day for now", () => {
    expect(isDay(todayInHelsinki())).toBe(true);
  });
});

describe("formatInstant", () => {
  it("shows an instant in Helsinki time", () => {
    expect(formatInstant("2026-11-23T13:42:00Z")).toBe("23.11.2026 15.42");
    expect(formatInstant("2026-06-30T21:05:00Z")).toBe("1.7.2026 00.05");
  });
});

/** Unit tests of money: parsing what people type, fi-FI formatting, basis points and rate rounding. */
import { describe, expect, it } from "vitest";
import {
  MAX_CENTS,
  applyRate,
  assertCents,
  formatBasisPoints,
  formatInteger,
  formatMoney,
  formatShare,
  moneyInputValue,
  parseMoney,
  parsePercent,
  percentInputValue,
  shareOf,
  sumCents,
} from "./money";

const NBSP = "\u00a0";
const NNBSP = "\u202f";
const MINUS = "\u2212";

const ok = (value: number) => ({ ok: true, value });
const err = (error: string) => ({ ok: false, error });

describe("parseMoney", () => {
  it.each([
    ["104 000", 10_400_000],
    ["20 719,18 €", 2_071_918],
    ["20 719,18€", 2_071_918],
    ["1234.5", 123_450],
    ["1234,5", 123_450],
    ["0,01", 1],
    ["0.01", 1],
    ["0", 0],
    ["7", 700],
    ["1 234 567,89", 123_456_789],
    ["  55 000  ", 5_500_000],
    ["1234 EUR", 123_400],
    ["5 euroa", 500],
    ["1 euro", 100],
    ["100 000 000 000", MAX_CENTS],
  ])("reads %j as %d cents", (input, cents) => {
    expect(parseMoney(input)).toEqual(ok(cents));
  });

  it("accepts no-break and narrow no-break spaces as thousands separators", () => {
    expect(parseMoney(`104${NBSP}000`)).toEqual(ok(10_400_000));
    expect(parseMoney(`1${NNBSP}234${NNBSP}567,89`)).toEqual(ok(123_456_789));
    expect(parseMoney(`20${NBSP}719,18${NBSP}€`)).toEqual(ok(2_071_918));
    expect(parseMoney(`1${NBSP}234${NNBSP}567 000`)).toEqual(ok(123_456_700_000));
  });

  it("reads back whatever formatMoney writes", () => {
    for (const cents of [0, 1, 99, 100, 2_071_918, 2_750_000, 10_400_000, 123_456_789, MAX_CENTS]) {
      expect(parseMoney(formatMoney(cents))).toEqual(ok(cents));
      expect(parseMoney(formatMoney(cents, { cents: "always" }))).toEqual(ok(cents));
    }
  });

  it.each([
    ["12,3,4", "invalid"],
    ["abc", "invalid"],
    ["12a", "invalid"],
    ["1.234,5", "invalid"],
    [",5", "invalid"],
    ["€", "empty"],
    ["1 23", "invalid"],
    ["1 2345", "invalid"],
    ["1234 567", "invalid"],
    ["12  345", "invalid"],
    ["-5", "negative"],
    [`${MINUS}5`, "negative"],
    ["- 1 000,50", "negative"],
    ["1,234", "tooManyDecimals"],
    ["0,001", "tooManyDecimals"],
    ["1 000,005", "tooManyDecimals"],
    ["", "empty"],
    ["   ", "empty"],
    ["100 000 000 000,01", "tooLarge"],
    ["999999999999999", "tooLarge"],
  ])("refuses %j (%s)", (input, error) => {
    expect(parseMoney(input)).toEqual(err(error));
  });

  it("takes minus zero as zero (not a negative amount)", () => {
    expect(parseMoney("-0")).toEqual(ok(0));
  });

  it("always gives integer cents", () => {
    // 0.29 * 100 is 28.999999999999996 in floating point; the parser must not go through floats.
    for (const s of ["0,29", "0,57", "1,15", "4,35", "9,07", "1 000,10"]) {
      const r = parseMoney(s);
      expect(r.ok && Number.isSafeInteger(r.value)).toBe(true);
    }
    expect(parseMoney("0,29")).toEqual(ok(29));
    expect(parseMoney("1,15")).toEqual(ok(115));
  });
});

describe("formatMoney", () => {
  it("writes whole euros without decimals, with a no-break space as grouping and before €", () => {
    expect(formatMoney(10_400_000)).toBe(`104${NBSP}000${NBSP}€`);
    expect(formatMoney(2_750_000)).toBe(`27${NBSP}500${NBSP}€`);
    expect(formatMoney(0)).toBe(`0${NBSP}€`);
    expect(formatMoney(100)).toBe(`1${NBSP}€`);
  });

  it("writes cents when there are any", () => {
    expect(formatMoney(2_071_918)).toBe(`20${NBSP}719,18${NBSP}€`);
    expect(formatMoney(678_082)).toBe(`6${NBSP}780,82${NBSP}€`);
    expect(formatMoney(5)).toBe(`0,05${NBSP}€`);
    expect(formatMoney(150)).toBe(`1,50${NBSP}€`);
  });

  it('keeps the decimals with cents: "always"', () => {
    expect(formatMoney(10_400_000, { cents: "always" })).toBe(`104${NBSP}000,00${NBSP}€`);
    expect(formatMoney(0, { cents: "always" })).toBe(`0,00${NBSP}€`);
    expect(formatMoney(2_071_918, { cents: "always" })).toBe(`20${NBSP}719,18${NBSP}€`);
  });

  it("writes negative amounts with the minus sign U+2212", () => {
    expect(formatMoney(-150)).toBe(`${MINUS}1,50${NBSP}€`);
    expect(formatMoney(-10_400_000)).toBe(`${MINUS}104${NBSP}000${NBSP}€`);
    expect(formatMoney(-1, { cents: "always" })).toBe(`${MINUS}0,01${NBSP}€`);
    expect(formatMoney(-150)).not.toContain("-");
  });

  it("refuses anything that is not integer cents", () => {
    expect(() => formatMoney(1.5)).toThrow(TypeError);
    expect(() => formatMoney(Number.NaN)).toThrow(TypeError);
    expect(() => formatMoney(2 ** 53)).toThrow(TypeError);
  });
});

describe("moneyInputValue", () => {
  it("gives a value in Finnish form that parses back to the same cents", () => {
    for (const cents of [0, 1, 5, 99, 100, 150, 2_071_918, 10_400_000, 123_456_789_012, MAX_CENTS]) {
      const s = moneyInputValue(cents);
      expect(s).not.toMatch(/[\u00a0\u202f]/); // plain spaces only: easy to edit and to type again
      expect(parseMoney(s)).toEqual(ok(cents));
    }
  });

  it("groups thousands with spaces and always writes the cents with a decimal comma", () => {
    expect(moneyInputValue(2_071_918)).toBe("20 719,18");
    expect(moneyInputValue(40_320_000)).toBe("403 200,00");
    expect(moneyInputValue(5)).toBe("0,05");
    expect(moneyInputValue(150)).toBe("1,50");
    // the forms people type are all read back
    for (const typed of ["403 200,00", "403 200", "403200,00", "403200", "403 200 €"]) expect(parseMoney(typed), typed).toEqual(ok(40_320_000));
  });

  it("is empty for no value", () => {
    expect(moneyInputValue(null)).toBe("");
    expect(moneyInputValue(undefined)).toBe("");
  });
});

describe("sumCents and assertCents", () => {
  it("adds integer cents", () => {
    expect(sumCents([])).toBe(0);
    expect(sumCents([2_071_918, 2_750_000, 678_082])).toBe(5_500_000);
  });

  it("refuses fractions of a cent", () => {
    expect(() => sumCents([1, 0.5])).toThrow(TypeError);
    expect(() => assertCents(0.1 + 0.2)).toThrow(TypeError);
    expect(() => assertCents(42)).not.toThrow();
  });
});

describe("parsePercent", () => {
  it.each([
    ["20", 2000],
    ["20 %", 2000],
    ["20%", 2000],
    [`20${NBSP}%`, 2000],
    ["12,5", 1250],
    ["12.5", 1250],
    ["12,55", 1255],
    ["0", 0],
    ["0,01", 1],
    ["100", 10_000],
    ["100,00", 10_000],
    [" 40 % ", 4000],
  ])("reads %j as %d bp", (input, bp) => {
    expect(parsePercent(input)).toEqual(ok(bp));
  });

  it.each([
    ["", "empty"],
    ["%", "empty"],
    ["-1", "negative"],
    [`${MINUS}20`, "negative"],
    ["12,555", "tooManyDecimals"],
    ["100,01", "tooLarge"],
    ["101", "tooLarge"],
    ["abc", "invalid"],
    ["12,5,0", "invalid"],
    ["1000", "invalid"],
  ])("refuses %j (%s)", (input, error) => {
    expect(parsePercent(input)).toEqual(err(error));
  });

  it("round-trips through percentInputValue", () => {
    for (const bp of [0, 1, 10, 99, 1250, 1255, 2000, 4000, 8264, 10_000]) {
      expect(parsePercent(percentInputValue(bp))).toEqual(ok(bp));
    }
    expect(percentInputValue(2000)).toBe("20");
    expect(percentInputValue(1250)).toBe("12,5");
    expect(percentInputValue(8264)).toBe("82,64");
    expect(percentInputValue(null)).toBe("");
  });
});

describe("formatBasisPoints and shares", () => {
  it("writes fi-FI percentages with at most one decimal", () => {
    expect(formatBasisPoints(2000)).toBe(`20${NBSP}%`);
    expect(formatBasisPoints(8000)).toBe(`80${NBSP}%`);
    expect(formatBasisPoints(8264)).toBe(`82,6${NBSP}%`);
    expect(formatBasisPoints(1250)).toBe(`12,5${NBSP}%`);
    expect(formatBasisPoints(10_000)).toBe(`100${NBSP}%`);
    expect(formatBasisPoints(0)).toBe(`0${NBSP}%`);
  });

  it("gives shares as fractions, none of nothing", () => {
    expect(shareOf(10_400_000, 52_000_000)).toBe(0.2);
    expect(shareOf(1, 0)).toBeNull();
    expect(formatShare(shareOf(100, 121))).toBe(`82,6${NBSP}%`);
    expect(formatShare(null)).toBe("–");
  });

  it("formats integers with fi-FI grouping", () => {
    expect(formatInteger(1720)).toBe(`1${NBSP}720`);
    expect(formatInteger(375)).toBe("375");
  });
});

describe("applyRate", () => {
  it("computes the 40 % flat rate exactly", () => {
    expect(applyRate(10_000_000, 4000)).toBe(4_000_000);
    expect(applyRate(0, 4000)).toBe(0);
  });

  it("rounds to the nearest cent, halves up", () => {
    expect(applyRate(5, 4000)).toBe(2); // 40 % of 0,05 € = 0,02 €
    expect(applyRate(1, 5000)).toBe(1); // 0,005 € → 0,01 €
    expect(applyRate(3, 5000)).toBe(2); // 0,015 € → 0,02 €
    expect(applyRate(1, 4999)).toBe(0); // 0,004999 € → 0
    expect(applyRate(7, 1250)).toBe(1); // 0,00875 € → 0,01 €
    expect(applyRate(4, 1250)).toBe(1); // exactly 0,005 € → 0,01 €
    expect(applyRate(3, 1250)).toBe(0); // 0,00375 € → 0
    expect(applyRate(1_234_567, 4000)).toBe(493_827); // 493 826,8 → 493 827
    expect(applyRate(1_234_563, 4000)).toBe(493_825); // 493 825,2 → 493 825
    expect(applyRate(1_234_565, 4000)).toBe(493_826); // exactly 493 826,0
    expect(applyRate(12_345, 1500)).toBe(1852); // 1 851,75 → 1 852
    expect(applyRate(12_343, 1500)).toBe(1851); // 1 851,45 → 1 851
    expect(applyRate(12_341, 1500)).toBe(1851); // 1 851,15 → 1 851
    expect(applyRate(10_001, 5000)).toBe(5001); // 5 000,5 → 5 001
  });

  it("agrees with exact rational rounding over many amounts and rates", () => {
    const failures: unknown[] = [];
    for (let amount = 0; amount < 2000; amount += 7) {
      for (const rate of [1, 15, 1250, 2000, 3333, 4000, 5000, 6000, 8000, 9999, 10_000]) {
        const product = amount * rate; // small enough to be exact
        const expected = Math.floor(product / 10_000) + (product % 10_000 >= 5000 ? 1 : 0);
        if (applyRate(amount, rate) !== expected) failures.push({ amount, rate, expected });
      }
    }
    expect(failures).toEqual([]);
  });

  it("stays exact for the largest amounts", () => {
    expect(applyRate(MAX_CENTS, 4000)).toBe(4_000_000_000_000);
    expect(applyRate(MAX_CENTS - 1, 5000)).toBe(5_000_000_000_000); // …,5 rounds up
    expect(applyRate(MAX_CENTS, 10_000)).toBe(MAX_CENTS);
  });

  it("refuses fractions of a cent", () => {
    expect(() => applyRate(1.5, 4000)).toThrow(TypeError);
  });
});

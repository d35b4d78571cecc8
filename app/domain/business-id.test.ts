/** Unit tests of the Finnish business ID (y-tunnus) check digit and validation. */
import { describe, expect, it } from "vitest";
import { businessIdCheckDigit, validateBusinessId } from "./business-id";

describe("businessIdCheckDigit", () => {
  it("computes the mod-11 check digit with weights 7, 9, 10, 5, 8, 4, 2", () => {
    // Kajaanin Haka ry: 0·7 + 1·9 + 8·10 + 5·5 + 5·8 + 4·4 + 7·2 = 184 = 16·11 + 8 → 11 − 8 = 3.
    expect(businessIdCheckDigit("0185547")).toBe(3);
    expect(businessIdCheckDigit("0112038")).toBe(9);
  });

  it("gives 0 when the remainder is 0", () => {
    // 1·7 + 2·2 = 11.
    expect(businessIdCheckDigit("1000002")).toBe(0);
    expect(businessIdCheckDigit("0000000")).toBe(0);
  });

  it("gives nothing when the remainder is 1 (such IDs are never issued)", () => {
    // 6·2 = 12 = 11 + 1.
    expect(businessIdCheckDigit("0000006")).toBeNull();
  });

  it("gives nothing for anything but seven digits", () => {
    for (const s of ["185547", "01855470", "018554a", ""]) expect(businessIdCheckDigit(s)).toBeNull();
  });

  it("never gives 10 or more", () => {
    const bad: string[] = [];
    for (let n = 0; n < 10_000_000; n += 997) {
      const digits = String(n).padStart(7, "0");
      const d = businessIdCheckDigit(digits);
      if (!(d === null || (Number.isInteger(d) && d >= 0 && d <= 9))) bad.push(digits);
    }
    expect(bad).toEqual([]);
  });
});

describe("validateBusinessId", () => {
  it("accepts valid IDs", () => {
    expect(validateBusinessId("0185547-3")).toEqual({ ok: true, value: "0185547-3" });
    expect(validateBusinessId(" 0112038-9 ")).toEqual({ ok: true, value: "0112038-9" });
    expect(validateBusinessId("1000002-0")).toEqual({ ok: true, value: "1000002-0" });
  });

  it("writes older six-digit IDs with a leading zero", () => {
    expect(validateBusinessId("185547-3")).toEqual({ ok: true, value: "0185547-3" });
  });

  it("refuses a wrong check digit", () => {
    expect(validateBusinessId("0185547-4")).toEqual({ ok: false, error: "checkDigit" });
    expect(validateBusinessId("185547-2")).toEqual({ ok: false, error: "checkDigit" });
  });

  it("refuses an ID whose remainder is 1, whatever its last digit", () => {
    for (let d = 0; d <= 9; d++) expect(validateBusinessId(`0000006-${d}`)).toEqual({ ok: false, error: "checkDigit" });
  });

  it.each(["", "01855473", "0185547 3", "0185547–3", "018554-73", "12345678-9", "12345-6", "0185547-", "abcdefg-h", "0185547-33"])(
    "refuses the format of %j",
    (input) => {
      expect(validateBusinessId(input)).toEqual({ ok: false, error: "format" });
    },
  );
});

/**
 * Money: integer cents everywhere. One parser for what people type ("1 234,50 €"),
 * one formatter for what they read (fi-FI, EUR). Percentages are integer basis points
 * (1 % = 100 bp) so that shares can be compared exactly.
 */

export type Cents = number;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: "empty" | "invalid" | "negative" | "tooManyDecimals" | "tooLarge" };

/** Largest amount accepted: 100 000 000 000 € (keeps every sum far inside 2^53). */
export const MAX_CENTS = 10_000_000_000_000;

const SPACES = /[\s\u00a0\u202f]/g;
const MINUS = /^[-\u2212]/;

/**
 * Parses a euro amount as people write it in Finland: "104 000", "20 719,18 €", "1234.5".
 * Spaces (also no-break spaces) may group thousands; "," or "." is the decimal separator,
 * with at most two decimals. Negative amounts are refused.
 */
export function parseMoney(input: string): Parsed<Cents> {
  let s = input
    .trim()
    .replace(/(€|eur|euroa?)$/i, "")
    .trim();
  if (s === "") return { ok: false, error: "empty" };
  let negative = false;
  if (MINUS.test(s)) {
    negative = true;
    s = s.slice(1).trim();
  }
  // Thousands groups separated by spaces must be groups of three.
  const compact = s.replace(SPACES, "");
  if (/[\s\u00a0\u202f]/.test(s) && !/^\d{1,3}([\s\u00a0\u202f]\d{3})*([.,]\d*)?$/.test(s)) {
    return { ok: false, error: "invalid" };
  }
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(compact);
  if (!m) return { ok: false, error: "invalid" };
  const whole = m[1]!;
  const frac = m[2] ?? "";
  if (frac.length > 2) return { ok: false, error: "tooManyDecimals" };
  if (whole.length > 14) return { ok: false, error: "tooLarge" };
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, "0") || "0");
  if (negative && cents !== 0) return { ok: false, error: "negative" };
  if (cents > MAX_CENTS) return { ok: false, error: "tooLarge" };
  return { ok: true, value: cents };
}

const euroWhole = new Intl.NumberFormat("fi-FI", { style: "currency", currency: "EUR", minimumFractionDigits: 0, maximumFractionDigits: 0 });
const euroCents = new Intl.NumberFormat("fi-FI", { style: "currency", currency: "EUR", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const groupedCents = new Intl.NumberFormat("fi-FI", { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });
const integer = new Intl.NumberFormat("fi-FI", { maximumFractionDigits: 0 });

/**
 * "104 000 €" for whole euros, "20 719,18 €" otherwise; `cents: "always"` keeps the
 * decimals for columns of figures that must line up.
 */
export function formatMoney(cents: Cents, opts: { cents?: "auto" | "always" } = {}): string {
  assertCents(cents);
  const always = opts.cents === "always";
  return always || cents % 100 !== 0 ? euroCents.format(cents / 100) : euroWhole.format(cents / 100);
}

/**
 * The value to put into an input, in Finnish form: "403 200,00", "20 719,18" (thousands grouped
 * with plain spaces, always two decimals), which parseMoney reads back to the same cents.
 */
export function moneyInputValue(cents: Cents | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  return groupedCents.format(cents / 100).replace(/[\u00a0\u202f]/g, " ");
}

export function formatInteger(n: number): string {
  return integer.format(n);
}

export function assertCents(value: number): asserts value is Cents {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer amount of cents: ${value}`);
}

export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const v of values) {
    assertCents(v);
    total += v;
  }
  return total;
}

/* ---------- percentages as basis points ---------- */

export type BasisPoints = number;

/** "20", "20 %", "12,5" → 2000, 2000, 1250 basis points; two decimals at most; 0–100 %. */
export function parsePercent(input: string): Parsed<BasisPoints> {
  const s = input.trim().replace(/%$/, "").trim().replace(",", ".");
  if (s === "") return { ok: false, error: "empty" };
  if (MINUS.test(s)) return { ok: false, error: "negative" };
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return { ok: false, error: /^\d+\.\d{3,}$/.test(s) ? "tooManyDecimals" : "invalid" };
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0") || "0");
  if (bp > 10_000) return { ok: false, error: "tooLarge" };
  return { ok: true, value: bp };
}

const percentFmt = new Intl.NumberFormat("fi-FI", { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 1 });

/** 2000 bp → "20 %"; 8264 bp → "82,6 %". */
export function formatBasisPoints(bp: BasisPoints): string {
  return percentFmt.format(bp / 10_000);
}

/** Share of part in whole as a fraction (null when whole is zero). */
export function shareOf(part: Cents, whole: Cents): number | null {
  return whole === 0 ? null : part / whole;
}

export function formatShare(fraction: number | null): string {
  return fraction === null ? "–" : percentFmt.format(fraction);
}

export function percentInputValue(bp: BasisPoints | null | undefined): string {
  if (bp === null || bp === undefined) return "";
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, "").replace(".", ",");
}

/**
 * amount × rate, rounded to the nearest cent with halves up (the ESR+ flat-rate rule),
 * computed exactly in integers.
 */
export function applyRate(amount: Cents, rateBp: BasisPoints): Cents {
  assertCents(amount);
  const product = BigInt(amount) * BigInt(rateBp);
  const q = product / 10_000n;
  const r = product % 10_000n;
  return Number(r * 2n >= 10_000n ? q + 1n : q);
}

/**
 * Finnish business ID (y-tunnus): seven digits, a hyphen and a check digit computed with
 * weights 7, 9, 10, 5, 8, 4, 2 modulo 11 (remainder 0 → 0, remainder 1 → never issued,
 * otherwise 11 − remainder). Older six-digit IDs are written with a leading zero.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;

export type BusinessIdProblem = "format" | "checkDigit";

export function businessIdCheckDigit(sevenDigits: string): number | null {
  if (!/^\d{7}$/.test(sevenDigits)) return null;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(sevenDigits[i]) * WEIGHTS[i]!;
  const r = sum % 11;
  if (r === 1) return null;
  return r === 0 ? 0 : 11 - r;
}

/** Normalises "185547-3" to "0185547-3"; returns the problem when it is not a valid ID. */
export function validateBusinessId(input: string): { ok: true; value: string } | { ok: false; error: BusinessIdProblem } {
  const s = input.trim();
  const m = /^(\d{6,7})-(\d)$/.exec(s);
  if (!m) return { ok: false, error: "format" };
  const digits = m[1]!.padStart(7, "0");
  const check = businessIdCheckDigit(digits);
  if (check === null || check !== Number(m[2])) return { ok: false, error: "checkDigit" };
  return { ok: true, value: `${digits}-${m[2]}` };
}

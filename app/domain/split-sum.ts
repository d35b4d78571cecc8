/**
 * The one rule an entered split must keep: its years add up exactly to the amount. Its own
 * module so that the forms' browser code carries the rule without the rest of the split.
 */
import type { Cents } from "./money";

/** The mismatch of an entered split against its total, or null when the years add up. */
export function splitSumMismatch(total: Cents, entered: readonly { amountCents: Cents }[]): { expectedCents: Cents; actualCents: Cents } | null {
  const sum = entered.reduce((a, e) => a + e.amountCents, 0);
  return sum === total ? null : { expectedCents: total, actualCents: sum };
}

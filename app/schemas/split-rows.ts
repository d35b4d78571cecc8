/** A split entered in a form as rows of year and amount (the commitment form, a request's city commitment). */
import type { Cents } from "~/domain/money";
import type { YearAmount } from "~/domain/split";
import { checkSplitSum, isBlank, type FieldParser, type Path } from "./form";

/**
 * A split entered as rows of year and amount (blank rows skipped): each row's problems at its
 * fields (a year twice at the second), the sum against the amount at `sumPath`; sorted by year.
 */
export function parseSplitRows(
  f: FieldParser,
  rowsPath: Path,
  rows: ({ year?: unknown; amount?: unknown } | undefined)[] | undefined,
  amount: Cents | null,
  sumPath: Path,
): YearAmount[] {
  const years: YearAmount[] = [];
  const seen = new Set<number>();
  (rows ?? []).forEach((r, i) => {
    if (isBlank(r as Record<string, unknown> | undefined, ["year", "amount"])) return;
    const year = f.year([...rowsPath, i, "year"], r?.year as string | undefined, { required: true });
    const cents = f.money([...rowsPath, i, "amount"], r?.amount as string | undefined, { required: true });
    if (year !== null && seen.has(year)) f.issue([...rowsPath, i, "year"], "error.year.duplicate", { year });
    if (year !== null) seen.add(year);
    if (year !== null && cents !== null) years.push({ year, amountCents: cents });
  });
  if (amount !== null) checkSplitSum(f, sumPath, amount, years);
  return years.sort((a, b) => a.year - b.year);
}

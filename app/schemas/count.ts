/** A count field ("1 234"), shared by the forms that take counts (targets, reports). */
import type { FieldParser, Path } from "./form";

/** A whole non-negative count ("1 234" allowed); null when blank. */
export function parseCount(f: FieldParser, path: Path, value: string | undefined, opts: { required?: boolean } = {}): number | null {
  const s = (value ?? "").trim().replace(/[\s\u00a0]/g, "");
  if (s === "") {
    if (opts.required) f.issue(path, "error.required");
    return null;
  }
  if (/^[-−]/.test(s)) {
    f.issue(path, "error.count.negative");
    return null;
  }
  if (!/^\d{1,9}$/.test(s)) {
    f.issue(path, "error.count.invalid");
    return null;
  }
  return Number(s);
}

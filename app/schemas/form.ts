/**
 * One way to define a form: the raw values are strings (what an <input> posts, with or
 * without JavaScript), and a parse function turns them into typed values, reporting each
 * problem at its field as a message key of the catalogue. The result is a zod/mini schema:
 * react-hook-form validates with it in the browser, the action validates with it again on
 * the server. zod/mini keeps the browser bundle small (see docs/decisions).
 */
import * as z from "zod/mini";
import { parseMoney, parsePercent, type Cents } from "~/domain/money";
import { parseDay, type Day } from "~/domain/days";
import type { MessageKey } from "~/i18n";
import type { YearAmount } from "~/domain/split";
import { splitSumMismatch } from "~/domain/split-sum";
import { encodeError } from "~/schemas/field-errors";

export type Path = (string | number)[];
export type IssueParams = Record<string, string | number>;

export class FieldParser {
  failed = false;
  constructor(private readonly push: (path: Path, key: MessageKey, params?: IssueParams) => void) {}

  issue(path: Path, key: MessageKey, params?: IssueParams): void {
    this.failed = true;
    this.push(path, key, params);
  }

  text(path: Path, value: string | undefined, opts: { required?: boolean; max?: number } = {}): string {
    const s = (value ?? "").trim();
    if (opts.required && s === "") this.issue(path, "error.required");
    else if (s.length > (opts.max ?? 500)) this.issue(path, "error.tooLong", { max: opts.max ?? 500 });
    return s;
  }

  money(path: Path, value: string | undefined, opts: { required?: boolean } = {}): Cents | null {
    const s = (value ?? "").trim();
    if (s === "") {
      if (opts.required) this.issue(path, "error.required");
      return null;
    }
    const r = parseMoney(s);
    if (!r.ok) {
      this.issue(
        path,
        r.error === "negative"
          ? "error.money.negative"
          : r.error === "tooManyDecimals"
            ? "error.money.decimals"
            : r.error === "tooLarge"
              ? "error.money.tooLarge"
              : "error.money.invalid",
      );
      return null;
    }
    return r.value;
  }

  percent(path: Path, value: string | undefined, opts: { required?: boolean } = {}): number | null {
    const s = (value ?? "").trim();
    if (s === "") {
      if (opts.required) this.issue(path, "error.required");
      return null;
    }
    const r = parsePercent(s);
    if (!r.ok) {
      this.issue(path, r.error === "tooLarge" || r.error === "negative" ? "error.percent.range" : "error.percent.invalid");
      return null;
    }
    return r.value;
  }

  /** A decimal number with up to two decimals, as hundredths ("1720,5" → 172050). */
  hundredths(path: Path, value: string | undefined, opts: { required?: boolean } = {}): number | null {
    const s = (value ?? "")
      .trim()
      .replace(/[\s\u00a0]/g, "")
      .replace(",", ".");
    if (s === "") {
      if (opts.required) this.issue(path, "error.required");
      return null;
    }
    const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(s);
    if (!m) {
      this.issue(path, s.startsWith("-") ? "error.number.negative" : "error.number.invalid");
      return null;
    }
    return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0") || "0");
  }

  day(path: Path, value: string | undefined, opts: { required?: boolean } = {}): Day | null {
    const s = (value ?? "").trim();
    if (s === "") {
      if (opts.required) this.issue(path, "error.required");
      return null;
    }
    const d = parseDay(s);
    // "31.2.2027" has the right form but no such day: say so, not "use the form d.m.yyyy".
    if (!d)
      this.issue(path, /^\d{1,2}\.\d{1,2}\.\d{4}$|^\d{4}-\d{2}-\d{2}$/.test(s) ? "error.day.notInCalendar" : "error.day.invalid", { day: s.slice(0, 20) });
    return d;
  }

  year(path: Path, value: string | undefined, opts: { required?: boolean } = {}): number | null {
    const s = (value ?? "").trim();
    if (s === "") {
      if (opts.required) this.issue(path, "error.required");
      return null;
    }
    if (!/^\d{4}$/.test(s) || Number(s) < 1900 || Number(s) > 2200) {
      this.issue(path, "error.year.invalid");
      return null;
    }
    return Number(s);
  }

  id(path: Path, value: string | undefined, opts: { required?: boolean } = {}): number | null {
    const s = (value ?? "").trim();
    if (s === "") {
      if (opts.required) this.issue(path, "error.required");
      return null;
    }
    if (!/^\d{1,12}$/.test(s)) {
      this.issue(path, "error.choice.invalid");
      return null;
    }
    return Number(s);
  }

  choice<T extends string>(path: Path, value: string | undefined, allowed: readonly T[], opts: { required?: boolean } = { required: true }): T | null {
    const s = (value ?? "").trim();
    if (s === "") {
      if (opts.required) this.issue(path, "error.required");
      return null;
    }
    if (!(allowed as readonly string[]).includes(s)) {
      this.issue(path, "error.choice.invalid");
      return null;
    }
    return s as T;
  }

  checkbox(value: string | boolean | undefined): boolean {
    return value === true || value === "on" || value === "true" || value === "1";
  }

  /** Entered yearly amounts as { y2026: "1 000", ... }; blank years are left out. */
  yearly(path: Path, values: Record<string, string | undefined> | undefined): YearAmount[] {
    const out: YearAmount[] = [];
    for (const [k, v] of Object.entries(values ?? {})) {
      const m = /^y(\d{4})$/.exec(k);
      if (!m) continue;
      const cents = this.money([...path, k], v);
      if (cents !== null) out.push({ year: Number(m[1]), amountCents: cents });
    }
    return out.sort((a, b) => a.year - b.year);
  }
}

export type RawValue = string | undefined | RawValue[] | { [k: string]: RawValue };
export type RawShape = Record<string, z.ZodMiniType>;

export const str = () => z.optional(z.string());
/** A checkbox: a string when posted as a form, a boolean from react-hook-form. */
export const flag = () => z.optional(z.union([z.string(), z.boolean()]));
export const rows = <S extends RawShape>(shape: S) => z.optional(z.array(z.object(shape)));
export const yearlyRaw = () => z.optional(z.record(z.string(), z.optional(z.string())));

/** Builds the schema: raw string values in, the parse function's result out. */
export function defineForm<S extends RawShape, O>(shape: S, parse: (raw: z.output<z.ZodMiniObject<S>>, f: FieldParser) => O) {
  return z.pipe(
    z.object(shape),
    z.transform((raw, ctx) => {
      const f = new FieldParser((path, key, params) => {
        // The parameters travel inside the message, so react-hook-form (which keeps only the
        // message) can show them too.
        ctx.issues.push({ code: "custom", message: encodeError(key, params), path, input: raw });
      });
      const out = parse(raw, f);
      return f.failed ? (z.NEVER as unknown as O) : out;
    }),
  );
}

export function isBlank(row: Record<string, unknown> | undefined, fields: readonly string[]): boolean {
  if (!row) return true;
  return fields.every((k) => {
    const v = row[k];
    if (v === undefined || v === null) return true;
    if (typeof v === "string") return v.trim() === "";
    if (typeof v === "object") return Object.values(v as Record<string, unknown>).every((x) => typeof x !== "string" || x.trim() === "");
    return false;
  });
}

/** Reports (at `path`) an entered split whose years do not add up to the amount (domain/split's rule). */
export function checkSplitSum(f: FieldParser, path: Path, amount: Cents, years: readonly YearAmount[]): void {
  const mismatch = years.length > 0 ? splitSumMismatch(amount, years) : null;
  if (mismatch) f.issue(path, "error.split.sum", mismatch);
}

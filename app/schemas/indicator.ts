/** The forms of targets: an indicator (what to reach) and an entry (what arrived, dated). */
import { defineForm, str } from "./form";
import { parseCount } from "./count";
import { INDICATOR_KINDS, type IndicatorKind, type TargetKind } from "~/domain/indicators";

export { parseCount };

export const indicatorShape = { kind: str(), name: str(), unit: str(), targetKind: str(), target: str(), revision: str() };

export const indicatorSchema = defineForm(indicatorShape, (raw, f) => {
  const kind = f.choice(["kind"], raw.kind, INDICATOR_KINDS) as IndicatorKind | null;
  const isOutcome = kind === "outcome_work" || kind === "outcome_education" || kind === "outcome_either";
  // Outcomes may be a count or a share of those reached; the others are counts.
  const targetKind: TargetKind = isOutcome ? (f.choice(["targetKind"], raw.targetKind || "percent", ["count", "percent"] as const) ?? "percent") : "count";
  const target = targetKind === "percent" ? f.percent(["target"], raw.target) : parseCount(f, ["target"], raw.target);
  return {
    kind: kind ?? "custom",
    name: f.text(["name"], raw.name, { required: kind === "custom", max: 200 }),
    unit: f.text(["unit"], raw.unit, { max: 40 }),
    targetKind,
    target,
  };
});
export type IndicatorInput = NonNullable<ReturnType<typeof indicatorSchema.parse>>;

export const entryShape = { entryDate: str(), value: str(), women: str(), men: str(), other: str(), note: str() };

export const entrySchema = defineForm(entryShape, (raw, f) => {
  const entryDate = f.day(["entryDate"], raw.entryDate, { required: true });
  const value = parseCount(f, ["value"], raw.value, { required: true });
  const women = parseCount(f, ["women"], raw.women);
  const men = parseCount(f, ["men"], raw.men);
  const other = parseCount(f, ["other"], raw.other);
  const split = women !== null || men !== null || other !== null;
  if (split && value !== null && (women ?? 0) + (men ?? 0) + (other ?? 0) !== value)
    f.issue(["women"], "error.entry.genderSum", { sum: (women ?? 0) + (men ?? 0) + (other ?? 0), value });
  return {
    entryDate: entryDate ?? "",
    value: value ?? 0,
    women: split ? (women ?? 0) : null,
    men: split ? (men ?? 0) : null,
    other: split ? (other ?? 0) : null,
    note: f.text(["note"], raw.note, { max: 1000 }),
  };
});
export type EntryInput = NonNullable<ReturnType<typeof entrySchema.parse>>;

/**
 * The "from year – to year" fields of a plain GET filter form, with the message of a value
 * that was not a usable year next to its field (the page ignored it and says so).
 */
import type { YearRangeProblem } from "~/domain/year-range";
import { MAX_YEAR, MIN_YEAR } from "~/domain/year-range";
import type { MessageKey, Translate } from "~/i18n";
import type { Params } from "~/i18n/format";
import { useT } from "~/i18n/react";

export function yearRangeMessage(p: YearRangeProblem): { key: MessageKey; params: Params } {
  switch (p.code) {
    case "notYear":
      return { key: "range.error.notYear", params: { value: p.value } };
    case "outOfRange":
      return { key: "range.error.outOfRange", params: { value: p.value, min: p.min, max: p.max } };
    case "reversed":
      return { key: "range.error.reversed", params: { from: p.from, to: p.to } };
  }
}

function messagesFor(field: "from" | "to", problems: readonly YearRangeProblem[], t: Translate): string[] {
  return problems
    .filter((p) => p.field === field)
    .map((p) => {
      const m = yearRangeMessage(p);
      return t(m.key, m.params);
    });
}

export function YearRangeFields({
  idPrefix,
  raw,
  problems,
  fromLabel,
  toLabel,
}: {
  idPrefix: string;
  raw: { from: string; to: string };
  problems: readonly YearRangeProblem[];
  fromLabel: string;
  toLabel: string;
}) {
  const t = useT();
  return (
    <>
      {(["from", "to"] as const).map((field) => {
        const id = `${idPrefix}-${field}`;
        const errors = messagesFor(field, problems, t);
        const valid = /^\d{4}$/.test(raw[field]) ? raw[field] : "";
        return (
          <div className="field" key={field}>
            <label htmlFor={id}>{field === "from" ? fromLabel : toLabel}</label>
            <input
              id={id}
              name={field}
              type="number"
              inputMode="numeric"
              min={MIN_YEAR}
              max={MAX_YEAR}
              step={1}
              defaultValue={valid}
              title={t("range.hint")}
              aria-invalid={errors.length > 0 ? true : undefined}
              aria-describedby={errors.length > 0 ? `${id}-error` : undefined}
            />
            {errors.length > 0 ? (
              <p className="field-error" id={`${id}-error`}>
                {errors.join(" ")}
              </p>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

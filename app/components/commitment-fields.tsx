/** A commitment's fields: unit, amount, condition, decision reference and the split by year. */
import { useT } from "~/i18n/react";
import { CheckboxField, SelectField, TextArea, TextField, useHvFormContext } from "./form";
import { SplitRows } from "./split-rows";
import type { OrgOption } from "./plan-fields";

export function CommitmentFields({ units, periodYears }: { units: OrgOption[]; periodYears: number[] }) {
  const t = useT();
  const f = useHvFormContext();
  const existing = f.rhf.getValues("years");
  const rows = Math.max(Array.isArray(existing) ? existing.length + 1 : 0, periodYears.length + 1, 3);
  return (
    <>
      <fieldset>
        <legend>{t("commitment.amount")}</legend>
        <div className="grid-2">
          <SelectField
            name="organisationId"
            label={t("commitment.organisation")}
            required
            options={units.map((u) => ({ value: String(u.id), label: u.name }))}
            emptyLabel={t("common.noneSelected")}
          />
          <TextField name="amount" label={t("commitment.amount")} required inputMode="decimal" />
        </div>
        <div className="grid-2">
          <SelectField
            name="condition"
            label={t("commitment.condition")}
            options={(["none", "pending", "met", "failed"] as const).map((c) => ({ value: c, label: t(`condition.${c}`) }))}
          />
          <TextField name="conditionText" label={t("commitment.conditionText")} hint={t("commitment.conditionText.hint")} />
        </div>
        <CheckboxField name="annualBudgetReservation" label={t("commitment.annualBudgetReservation")} />
      </fieldset>
      <fieldset>
        <legend>{t("commitment.decision")}</legend>
        <div className="grid-3">
          <TextField name="decisionBody" label={t("commitment.decisionBody")} />
          <TextField name="decisionDate" label={t("commitment.decisionDate")} hint={t("common.dayHint")} />
          <TextField name="decisionSection" label={t("commitment.decisionSection")} />
        </div>
        <TextArea name="note" label={t("commitment.note")} rows={2} />
      </fieldset>
      <fieldset aria-describedby="split-hint">
        <legend>{t("commitment.split")}</legend>
        <p className="hint" id="split-hint">
          {t("commitment.split.hint")} {periodYears.length > 0 ? t("commitment.split.years", { years: periodYears.join(", ") }) : null}
        </p>
        <SplitRows prefix="years" sumField="split" initialRows={rows} id="split-rows" />
      </fieldset>
    </>
  );
}

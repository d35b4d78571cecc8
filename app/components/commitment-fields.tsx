/** A commitment's fields: unit, amount, condition, decision reference and the split by year. */
import { useState } from "react";
import { useT } from "~/i18n/react";
import { CheckboxField, FieldError, SelectField, TextArea, TextField, fieldId, useHvFormContext } from "./form";
import type { OrgOption } from "./plan-fields";

export function CommitmentFields({ units, periodYears }: { units: OrgOption[]; periodYears: number[] }) {
  const t = useT();
  const f = useHvFormContext();
  const existing = f.rhf.getValues("years");
  const [rows, setRows] = useState(Math.max(Array.isArray(existing) ? existing.length + 1 : 0, periodYears.length + 1, 3));
  return (
    <>
      <fieldset>
        <legend>{t("commitment.amount")}</legend>
        <div className="grid-2">
          <SelectField name="organisationId" label={t("commitment.organisation")} required options={units.map((u) => ({ value: String(u.id), label: u.name }))} emptyLabel={t("common.noneSelected")} />
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
          <TextField name="decisionDate" label={t("commitment.decisionDate")} hint="p.k.vvvv" />
          <TextField name="decisionSection" label={t("commitment.decisionSection")} />
        </div>
        <TextArea name="note" label={t("commitment.note")} rows={2} />
      </fieldset>
      <fieldset aria-describedby="split-hint">
        <legend>{t("commitment.split")}</legend>
        <p className="hint" id="split-hint">
          {t("commitment.split.hint")}
        </p>
        <table className="rows" id="split-rows">
          <thead>
            <tr>
              <th scope="col">{t("common.year")}</th>
              <th scope="col">{t("commitment.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => (
              <tr key={i}>
                {(["year", "amount"] as const).map((k) => {
                  const name = `years.${i}.${k}`;
                  const err = f.error(name);
                  return (
                    <td key={k} className={k === "amount" ? "num" : undefined}>
                      <label htmlFor={fieldId(name)} className="visually-hidden">
                        {k === "year" ? `${t("common.year")} ${i + 1}` : `${t("commitment.amount")} ${i + 1}`}
                      </label>
                      <input
                        id={fieldId(name)}
                        inputMode={k === "year" ? "numeric" : "decimal"}
                        autoComplete="off"
                        placeholder={k === "year" && periodYears[i] ? String(periodYears[i]) : undefined}
                        defaultValue={f.value(name)}
                        aria-invalid={err ? true : undefined}
                        aria-describedby={err ? `${fieldId(name)}-error` : undefined}
                        {...f.rhf.register(name)}
                      />
                      <FieldError name={name} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <FieldError name="split" />
        <button type="button" className="add-row" onClick={() => setRows((n) => n + 1)}>
          {t("common.addRow")}
        </button>
      </fieldset>
    </>
  );
}

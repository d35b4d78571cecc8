/**
 * The financing plan's fields, shared by the new-project form and the plan editor: period,
 * cost model, cost lines (staff costs as an amount or hours × hourly rate), financing lines,
 * implementers, and — when the period's years are known — entered yearly amounts per line.
 * With JavaScript a preview computes the flat rate, the total and the years as you type.
 */
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { COST_MODELS, FINANCING_KINDS, costKindsFor, type CostModel } from "~/domain/vocabulary";
import { useT } from "~/i18n/react";
import { FieldError, SelectField, TextArea, TextField, fieldId, useHvFormContext } from "./form";

export interface OrgOption {
  id: number;
  name: string;
  kind: string;
}

function orgOptions(orgs: OrgOption[]) {
  return orgs.map((o) => ({ value: String(o.id), label: o.name }));
}

function Cell({ name, label, className, inputMode }: { name: string; label: string; className?: string; inputMode?: "decimal" | "text" }) {
  const f = useHvFormContext();
  const err = f.error(name);
  return (
    <td className={className}>
      <label htmlFor={fieldId(name)} className="visually-hidden">
        {label}
      </label>
      <input
        id={fieldId(name)}
        inputMode={inputMode}
        autoComplete="off"
        defaultValue={f.value(name)}
        aria-invalid={err ? true : undefined}
        aria-describedby={err ? `${fieldId(name)}-error` : undefined}
        {...f.rhf.register(name)}
      />
      <FieldError name={name} />
    </td>
  );
}

function SelectCell({ name, label, options, empty }: { name: string; label: string; options: { value: string; label: string }[]; empty?: string }) {
  const f = useHvFormContext();
  const err = f.error(name);
  return (
    <td>
      <label htmlFor={fieldId(name)} className="visually-hidden">
        {label}
      </label>
      <select id={fieldId(name)} defaultValue={f.value(name)} aria-invalid={err ? true : undefined} aria-describedby={err ? `${fieldId(name)}-error` : undefined} {...f.rhf.register(name)}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError name={name} />
    </td>
  );
}

function rowsIn(values: unknown): number {
  return Array.isArray(values) ? values.length : 0;
}

/** `preview`: shown below the fields (the new-project and plan forms pass <PlanPreview />). */
export function PlanFields({ orgs, years, preview }: { orgs: OrgOption[]; years: number[]; preview?: React.ReactNode }) {
  const t = useT();
  const f = useHvFormContext();
  const model = (useWatch({ control: f.rhf.control, name: "costModel" }) as CostModel | undefined) ?? (f.value("costModel") as CostModel);
  const costKinds = costKindsFor(COST_MODELS.includes(model) ? model : "actual").filter((k) => k !== "flat_rate");
  const [costRows, setCostRows] = useState(Math.max(rowsIn(f.rhf.getValues("costs")) + 1, 2));
  const [finRows, setFinRows] = useState(Math.max(rowsIn(f.rhf.getValues("financing")) + 1, 3));
  const [implRows, setImplRows] = useState(Math.max(rowsIn(f.rhf.getValues("implementers")) + 1, 2));
  const options = orgOptions(orgs);

  return (
    <>
      <fieldset>
        <legend>{t("project.period")}</legend>
        <div className="grid-3">
          <TextField name="start" label={t("plan.start")} hint="p.k.vvvv" required inputMode="text" />
          <TextField name="end" label={t("plan.end")} hint="p.k.vvvv" required inputMode="text" />
          <TextField name="totalBudget" label={t("plan.totalBudget")} hint={t("plan.totalBudget.hint")} inputMode="decimal" />
        </div>
        <div className="grid-2">
          <SelectField name="costModel" label={t("plan.costModel")} required options={COST_MODELS.map((m) => ({ value: m, label: t(`costModel.${m}`) }))} />
          <TextField name="flatRate" label={t("plan.flatRate")} inputMode="decimal" />
        </div>
        <TextArea name="note" label={t("plan.note")} rows={2} />
      </fieldset>

      <fieldset>
        <legend>{t("plan.costs")}</legend>
        {years.length > 0 ? <p className="hint">{t("plan.yearly.hint")}</p> : null}
        <div className="table-scroll">
          <table className="rows" id="cost-rows">
            <thead>
              <tr>
                <th scope="col">{t("plan.kind")}</th>
                <th scope="col">{t("plan.label")}</th>
                <th scope="col">{t("plan.organisation")}</th>
                <th scope="col">{t("plan.amount")}</th>
                <th scope="col">{t("plan.hours")}</th>
                <th scope="col">{t("plan.hourlyRate")}</th>
                {years.map((y) => (
                  <th scope="col" key={y}>
                    {y}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: costRows }, (_, i) => (
                <tr key={i}>
                  <SelectCell name={`costs.${i}.kind`} label={`${t("plan.kind")} ${i + 1}`} options={costKinds.map((k) => ({ value: k, label: t(`costKind.${k}`) }))} empty="" />
                  <Cell name={`costs.${i}.label`} label={`${t("plan.label")} ${i + 1}`} />
                  <SelectCell name={`costs.${i}.organisationId`} label={`${t("plan.organisation")} ${i + 1}`} options={options} empty="" />
                  <Cell name={`costs.${i}.amount`} label={`${t("plan.amount")} ${i + 1}`} className="num" inputMode="decimal" />
                  <Cell name={`costs.${i}.hours`} label={`${t("plan.hours")} ${i + 1}`} className="num" inputMode="decimal" />
                  <Cell name={`costs.${i}.hourlyRate`} label={`${t("plan.hourlyRate")} ${i + 1}`} className="num" inputMode="decimal" />
                  {years.map((y) => (
                    <Cell key={y} name={`costs.${i}.yearly.y${y}`} label={`${t("plan.yearly")} ${y}, ${i + 1}`} className="num" inputMode="decimal" />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {Array.from({ length: costRows }, (_, i) => (
          <FieldError key={i} name={`costs.${i}.yearlySum`} />
        ))}
        <button type="button" className="add-row" onClick={() => setCostRows((n) => n + 1)}>
          {t("common.addRow")}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t("plan.financing")}</legend>
        <div className="table-scroll">
          <table className="rows" id="financing-rows">
            <thead>
              <tr>
                <th scope="col">{t("plan.kind")}</th>
                <th scope="col">{t("plan.organisation")}</th>
                <th scope="col">{t("plan.label")}</th>
                <th scope="col">{t("plan.amount")}</th>
                <th scope="col">{t("plan.statedPercent")}</th>
                {years.map((y) => (
                  <th scope="col" key={y}>
                    {y}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: finRows }, (_, i) => (
                <tr key={i}>
                  <SelectCell name={`financing.${i}.kind`} label={`${t("plan.kind")} ${i + 1}`} options={FINANCING_KINDS.map((k) => ({ value: k, label: t(`financingKind.${k}`) }))} empty="" />
                  <SelectCell name={`financing.${i}.organisationId`} label={`${t("plan.organisation")} ${i + 1}`} options={options} empty="" />
                  <Cell name={`financing.${i}.label`} label={`${t("plan.label")} ${i + 1}`} />
                  <Cell name={`financing.${i}.amount`} label={`${t("plan.amount")} ${i + 1}`} className="num" inputMode="decimal" />
                  <Cell name={`financing.${i}.statedPercent`} label={`${t("plan.statedPercent")} ${i + 1}`} className="num" inputMode="decimal" />
                  {years.map((y) => (
                    <Cell key={y} name={`financing.${i}.yearly.y${y}`} label={`${t("plan.yearly")} ${y}, ${i + 1}`} className="num" inputMode="decimal" />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {Array.from({ length: finRows }, (_, i) => (
          <FieldError key={i} name={`financing.${i}.yearlySum`} />
        ))}
        <button type="button" className="add-row" onClick={() => setFinRows((n) => n + 1)}>
          {t("common.addRow")}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t("project.implementers")}</legend>
        <table className="rows" id="implementer-rows">
          <thead>
            <tr>
              <th scope="col">{t("project.implementer")}</th>
              <th scope="col">{t("project.implementerRole")}</th>
              <th scope="col">{t("project.implementerShare")}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: implRows }, (_, i) => (
              <tr key={i}>
                <SelectCell name={`implementers.${i}.organisationId`} label={`${t("project.implementer")} ${i + 1}`} options={options} empty="" />
                <SelectCell name={`implementers.${i}.role`} label={`${t("project.implementerRole")} ${i + 1}`} options={[{ value: "co", label: t("role.co") }, { value: "lead", label: t("role.lead") }]} />
                <Cell name={`implementers.${i}.budget`} label={`${t("project.implementerShare")} ${i + 1}`} className="num" inputMode="decimal" />
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="add-row" onClick={() => setImplRows((n) => n + 1)}>
          {t("common.addRow")}
        </button>
      </fieldset>
      {preview}
    </>
  );
}

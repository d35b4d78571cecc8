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
import { AddRowButton, FieldError, SelectField, TextArea, TextField, fieldId, useHvFormContext } from "./form";

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
    <td className="wide">
      <label htmlFor={fieldId(name)} className="visually-hidden">
        {label}
      </label>
      <select
        id={fieldId(name)}
        defaultValue={f.value(name)}
        aria-invalid={err ? true : undefined}
        aria-describedby={err ? `${fieldId(name)}-error` : undefined}
        {...f.rhf.register(name)}
      >
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

interface Column {
  key: string;
  label: string;
  /** A select's options; without them the cell is a text input. */
  options?: { value: string; label: string }[];
  /** The empty choice of a select (none: the first option is chosen). */
  empty?: string;
  numeric?: boolean;
}

/**
 * Repeating rows named `prefix.N.key` (plus `prefix.N.yearly.yYYYY` for each year given), with
 * spare empty rows; JavaScript adds more. A row's sum error shows under the table.
 */
function RowsTable({ prefix, columns, years = [], initialRows, id }: { prefix: string; columns: Column[]; years?: number[]; initialRows: number; id: string }) {
  const t = useT();
  const [rows, setRows] = useState(initialRows);
  return (
    <>
      <div className="table-scroll">
        <table className="rows" id={id}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ))}
              {years.map((y) => (
                <th scope="col" key={y}>
                  {y}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => (
              <tr key={i}>
                {columns.map((c) =>
                  c.options ? (
                    <SelectCell key={c.key} name={`${prefix}.${i}.${c.key}`} label={`${c.label} ${i + 1}`} options={c.options} empty={c.empty} />
                  ) : (
                    <Cell
                      key={c.key}
                      name={`${prefix}.${i}.${c.key}`}
                      label={`${c.label} ${i + 1}`}
                      className={c.numeric ? "num" : "wide"}
                      inputMode={c.numeric ? "decimal" : undefined}
                    />
                  ),
                )}
                {years.map((y) => (
                  <Cell key={y} name={`${prefix}.${i}.yearly.y${y}`} label={`${t("plan.yearly")} ${y}, ${i + 1}`} className="num" inputMode="decimal" />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {years.length > 0 ? Array.from({ length: rows }, (_, i) => <FieldError key={i} name={`${prefix}.${i}.yearlySum`} />) : null}
      <AddRowButton prefix={prefix} onAdd={() => setRows((n) => n + 1)} />
    </>
  );
}

/** `preview`: shown below the fields (the new-project and plan forms pass <PlanPreview />). */
export function PlanFields({ orgs, years, preview }: { orgs: OrgOption[]; years: number[]; preview?: React.ReactNode }) {
  const t = useT();
  const f = useHvFormContext();
  const model = (useWatch({ control: f.rhf.control, name: "costModel" }) as CostModel | undefined) ?? (f.value("costModel") as CostModel);
  const costKinds = costKindsFor(COST_MODELS.includes(model) ? model : "actual").filter((k) => k !== "flat_rate");
  const rowsOf = (name: string, min: number) => Math.max(rowsIn(f.rhf.getValues(name)) + 1, min);
  const options = orgOptions(orgs);
  const kind = t("plan.kind");
  const org = { key: "organisationId", label: t("plan.organisation"), options, empty: "" };
  const label = { key: "label", label: t("plan.label") };
  const amount = { key: "amount", label: t("plan.amount"), numeric: true };

  return (
    <>
      <fieldset>
        <legend>{t("project.period")}</legend>
        <div className="grid-3">
          <TextField name="start" label={t("plan.start")} hint={t("common.dayHint")} required inputMode="text" />
          <TextField name="end" label={t("plan.end")} hint={t("common.dayHint")} required inputMode="text" />
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
        <RowsTable
          prefix="costs"
          id="cost-rows"
          years={years}
          initialRows={rowsOf("costs", 2)}
          columns={[
            { key: "kind", label: kind, options: costKinds.map((k) => ({ value: k, label: t(`costKind.${k}`) })), empty: "" },
            label,
            org,
            amount,
            { key: "hours", label: t("plan.hours"), numeric: true },
            { key: "hourlyRate", label: t("plan.hourlyRate"), numeric: true },
          ]}
        />
      </fieldset>

      <fieldset>
        <legend>{t("plan.financing")}</legend>
        <RowsTable
          prefix="financing"
          id="financing-rows"
          years={years}
          initialRows={rowsOf("financing", 3)}
          columns={[
            { key: "kind", label: kind, options: FINANCING_KINDS.map((k) => ({ value: k, label: t(`financingKind.${k}`) })), empty: "" },
            org,
            label,
            amount,
            { key: "statedPercent", label: t("plan.statedPercent"), numeric: true },
          ]}
        />
      </fieldset>

      <fieldset>
        <legend>{t("project.implementers")}</legend>
        <RowsTable
          prefix="implementers"
          id="implementer-rows"
          initialRows={rowsOf("implementers", 2)}
          columns={[
            { ...org, label: t("project.implementer") },
            {
              key: "role",
              label: t("project.implementerRole"),
              options: [
                { value: "co", label: t("role.co") },
                { value: "lead", label: t("role.lead") },
              ],
            },
            { key: "budget", label: t("project.implementerShare"), numeric: true },
          ]}
        />
      </fieldset>
      {preview}
    </>
  );
}

/**
 * An explicit split of an amount by year: rows of (year, amount) under `prefix` ("years" →
 * years.0.year, years.0.amount, ...), spare empty rows, and a button (with JavaScript) for more.
 */
import { useState } from "react";
import { useT } from "~/i18n/react";
import { AddRowButton, FieldError, fieldId, useHvFormContext } from "./form";

export function SplitRows({ prefix, sumField, initialRows, id }: { prefix: string; sumField: string; initialRows: number; id: string }) {
  const t = useT();
  const f = useHvFormContext();
  const [rows, setRows] = useState(initialRows);
  return (
    <>
      <table className="rows" id={id}>
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
                const name = `${prefix}.${i}.${k}`;
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
      <FieldError name={sumField} />
      <AddRowButton prefix={prefix} onAdd={() => setRows((n) => n + 1)} />
    </>
  );
}

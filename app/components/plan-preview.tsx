/** With JavaScript, below a plan's fields: the flat rate, the totals and the years, computed as you type. */
import { useEffect, useState } from "react";
import { useWatch } from "react-hook-form";
import { applyCostModel, planByYear, type PlanData } from "~/domain/plan";
import { formatMoney } from "~/domain/money";
import { planSchema, type PlanInput } from "~/schemas/ledger";
import { useT } from "~/i18n/react";
import { useHvFormContext } from "./form";
import { TableRegion } from "./table-region";

export function PlanPreview() {
  const t = useT();
  const f = useHvFormContext();
  const values = useWatch({ control: f.rhf.control });
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return null;
  const parsed = planSchema.safeParse(values);
  if (!parsed.success) return null;
  const input: PlanInput = parsed.data;
  const data: PlanData = applyCostModel({
    start: input.start,
    end: input.end,
    totalBudgetCents: input.totalBudgetCents,
    costModel: input.costModel,
    flatRateBp: input.flatRateBp,
    lines: input.lines.map((l, i) => ({ ...l, key: String(i), organisationIsCity: false, entered: l.years.length > 0 ? l.years : null })),
    implementers: [],
  });
  const table = planByYear(data);
  const flat = data.lines.find((l) => l.side === "cost" && l.kind === "flat_rate");
  return (
    <section className="card preview" aria-live="polite" aria-labelledby="plan-preview">
      <h2 id="plan-preview">{t("plan.preview")}</h2>
      <p>
        {t("plan.costsTotal")}: <strong className="num">{formatMoney(table.total.costsTotalCents, { cents: "always" })}</strong>
        {flat ? (
          <>
            {" "}
            · {t("costKind.flat_rate")}:{" "}
            <strong className="num" data-testid="preview-flat-rate">
              {formatMoney(flat.amountCents, { cents: "always" })}
            </strong>
          </>
        ) : null}{" "}
        · {t("plan.financingTotal")}: <strong className="num">{formatMoney(table.total.financingTotalCents, { cents: "always" })}</strong>
      </p>
      <TableRegion label={t("project.planByYear")}>
        <table className="data years">
          <caption>{t("project.planByYear")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("plan.kind")}</th>
              {table.years.map((y) => (
                <th scope="col" className="num" key={y.year}>
                  {y.year}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t("plan.costsTotal")}</th>
              {table.years.map((y) => (
                <td className="num" key={y.year}>
                  {formatMoney(y.costsTotalCents, { cents: "always" })}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t("plan.financingTotal")}</th>
              {table.years.map((y) => (
                <td className="num" key={y.year}>
                  {formatMoney(y.financingTotalCents, { cents: "always" })}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

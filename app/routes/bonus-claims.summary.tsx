/**
 * The year's employment bonuses for managers, admins and committee members: the budget, what has
 * been approved (charged to the budget of the year of approval) and paid (by the day of payment),
 * by month and by association (a page of 50, largest first), the claims still pending, and the
 * estimate of unemployment benefit costs the city avoided at the monthly figure a manager enters.
 * A manager sets the year's budget and that figure here (with the row's revision once it exists).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { actorOf, forbidden, requireViewer } from "~/utils/auth.server";
import { badRequest, parseForm, redirectWithFlash, withInputErrors } from "~/utils/http.server";
import { bonusYearSummary, bonusYears, setBonusYear } from "~/models/bonus.server";
import { bonusYearSchema } from "~/schemas/bonus";
import { can } from "~/domain/permissions";
import { currentYear } from "~/domain/clock";
import { lenientPage } from "~/domain/paging";
import { formatInteger, moneyInputValue } from "~/domain/money";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/format";
import { Pagination } from "~/components/pagination";
import { HvFormShell, TextField, useHvForm } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang, useT } from "~/i18n/react";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta<typeof loader>((data, t) => t("bonus.summary.title", { year: data.year }));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:summary");
  const url = new URL(request.url);
  const current = currentYear();
  const raw = url.searchParams.get("year") ?? "";
  const year = /^\d{4}$/.test(raw) && Number(raw) >= 1900 && Number(raw) <= 2200 ? Number(raw) : current;
  const db = getDb();
  return json({
    year,
    years: await bonusYears(db, current),
    summary: await bonusYearSummary(db, year, lenientPage(url.searchParams.get("page"))),
    canSet: can(viewer, "bonus:review"),
    canList: can(viewer, "bonus:read"),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:summary");
  if (!can(viewer, "bonus:review")) forbidden(request);
  const parsed = await parseForm(request, bonusYearSchema);
  if (!parsed.ok) return parsed.response;
  const rawRevision = parsed.values.revision;
  if (rawRevision !== undefined && rawRevision !== "" && !(typeof rawRevision === "string" && /^\d{1,12}$/.test(rawRevision)))
    return badRequest({ revision: "error.revision.missing" }, parsed.values);
  const revision = typeof rawRevision === "string" && rawRevision !== "" ? Number(rawRevision) : null;
  const done = await withInputErrors(parsed.values, () => setBonusYear(getDb(), actorOf(viewer), { ...parsed.data, revision }));
  if (!done.ok) return done.response;
  return redirectWithFlash(`/bonus-claims/summary?year=${parsed.data.year}`, { key: "bonus.yearSaved", params: { year: parsed.data.year } });
}

const monthName = (month: number, lang: string) =>
  new Date(Date.UTC(2026, month - 1, 1)).toLocaleString(lang === "fi" ? "fi-FI" : "en-GB", { month: "long", timeZone: "UTC" });

export default function BonusSummary() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const s = d.summary;
  return (
    <>
      <h1>{t("bonus.summary.title", { year: d.year })}</h1>
      <p className="hint">
        {t("bonus.rule")} {t("bonus.ruleSource")}
      </p>
      <Form method="get" className="inline-form">
        <label htmlFor="year">{t("bonus.summary.year")}</label>{" "}
        <select id="year" name="year" defaultValue={String(d.year)}>
          {d.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>{" "}
        <button type="submit">{t("bonus.summary.show")}</button>
        {d.canList ? (
          <>
            {" "}
            <Link to="/bonus-claims">{t("bonus.summary.claims")}</Link>
          </>
        ) : null}
      </Form>

      <section aria-labelledby="figures">
        <h2 id="figures">{t("bonus.summary.figures")}</h2>
        <dl className="facts" data-testid="bonus-figures">
          <dt>{t("bonus.summary.budget")}</dt>
          <dd>{s.settings.budgetCents === null ? t("bonus.summary.noBudget") : <Money cents={s.settings.budgetCents} />}</dd>
          <dt>{t("bonus.summary.approved")}</dt>
          <dd>
            <Money cents={s.totals.approvedCents} />{" "}
            <span className="muted">({t("bonus.summary.countOf", { count: formatInteger(s.totals.approvedCount) })})</span>
          </dd>
          <dt>{t("bonus.summary.paid")}</dt>
          <dd>
            <Money cents={s.totals.paidCents} /> <span className="muted">({t("bonus.summary.countOf", { count: formatInteger(s.totals.paidCount) })})</span>
          </dd>
          {s.remainingCents !== null ? (
            <>
              <dt>{t("bonus.summary.remaining")}</dt>
              <dd>
                {s.remainingCents >= 0 ? (
                  <Money cents={s.remainingCents} />
                ) : (
                  <strong className="error-text">{t("bonus.summary.over", { amountCents: -s.remainingCents })}</strong>
                )}
              </dd>
            </>
          ) : null}
          <dt>{t("bonus.summary.estimate")}</dt>
          <dd>
            {s.estimate ? (
              <>
                <strong>
                  <Money cents={s.estimate.cents} />
                </strong>
                <span className="sub">
                  {t("bonus.summary.estimateFormula", { count: formatInteger(s.estimate.count), monthlyCents: s.estimate.monthlyCents })}
                </span>
              </>
            ) : (
              t("bonus.summary.noEstimate")
            )}
          </dd>
        </dl>
        <p className="hint">{t("bonus.summary.basis")}</p>
        <p>
          {t("bonus.summary.pending", {
            count: formatInteger(s.pending.count),
            byYearEndCount: formatInteger(s.pending.byYearEndCount),
            byYearEndCents: s.pending.byYearEndCents,
          })}
        </p>
      </section>

      <section aria-labelledby="by-month">
        <h2 id="by-month">{t("bonus.summary.byMonth")}</h2>
        <DataTable
          id="bonus-months"
          label={t("bonus.summary.byMonthTable")}
          columns={[
            { label: t("bonus.summary.month") },
            { label: t("bonus.summary.approvedCount"), numeric: true },
            { label: t("bonus.summary.approvedCents"), numeric: true },
            { label: t("bonus.summary.paidCount"), numeric: true },
            { label: t("bonus.summary.paidCents"), numeric: true },
          ]}
        >
          <tbody>
            {s.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthName(m.month, lang)}</th>
                <td className="num">{formatInteger(m.approvedCount)}</td>
                <td className="num nowrap">
                  <Money cents={m.approvedCents} />
                </td>
                <td className="num">{formatInteger(m.paidCount)}</td>
                <td className="num nowrap">
                  <Money cents={m.paidCents} />
                </td>
              </tr>
            ))}
          </tbody>
          <FigureFoot totals={s.totals} />
        </DataTable>
      </section>

      <section aria-labelledby="by-organisation">
        <h2 id="by-organisation">{t("bonus.summary.byOrganisation")}</h2>
        {s.organisations.length === 0 ? (
          <p>{t("bonus.summary.noOrganisations")}</p>
        ) : (
          <>
            <DataTable
              id="bonus-organisations"
              label={t("bonus.summary.byOrganisationTable")}
              columns={[
                { label: t("bonus.col.organisation") },
                { label: t("bonus.summary.approvedCount"), numeric: true },
                { label: t("bonus.summary.approvedCents"), numeric: true },
                { label: t("bonus.summary.paidCount"), numeric: true },
                { label: t("bonus.summary.paidCents"), numeric: true },
              ]}
            >
              <tbody>
                {s.organisations.map((o) => (
                  <tr key={o.organisationId}>
                    <th scope="row">{d.canList ? <Link to={`/bonus-claims?show=all&organisation=${o.organisationId}`}>{o.name}</Link> : o.name}</th>
                    <td className="num">{formatInteger(o.approvedCount)}</td>
                    <td className="num nowrap">
                      <Money cents={o.approvedCents} />
                    </td>
                    <td className="num">{formatInteger(o.paidCount)}</td>
                    <td className="num nowrap">
                      <Money cents={o.paidCents} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <FigureFoot totals={s.totals} />
            </DataTable>
            <Pagination page={s.organisationPage} label={t("bonus.summary.byOrganisationTable")} />
          </>
        )}
      </section>

      {d.canSet ? <SettingsForm /> : null}
    </>
  );
}

/** The totals row under a table of approved and paid bonuses: the year's totals (the same figures as "Vuoden luvut"). */
function FigureFoot({ totals }: { totals: { approvedCount: number; approvedCents: number; paidCount: number; paidCents: number } }) {
  const t = useT();
  return (
    <tfoot>
      <tr>
        <th scope="row">{t("bonus.summary.total")}</th>
        <td className="num">{formatInteger(totals.approvedCount)}</td>
        <td className="num nowrap">
          <Money cents={totals.approvedCents} />
        </td>
        <td className="num">{formatInteger(totals.paidCount)}</td>
        <td className="num nowrap">
          <Money cents={totals.paidCents} />
        </td>
      </tr>
    </tfoot>
  );
}

function SettingsForm() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const actionData = useActionData<typeof action>();
  const st = d.summary.settings;
  const form = useHvForm({
    schema: bonusYearSchema,
    values: { year: String(d.year), budget: moneyInputValue(st.budgetCents), monthlySaving: moneyInputValue(st.monthlySavingCents) },
    actionData,
  });
  return (
    <section aria-labelledby="settings" className="card">
      <h2 id="settings">{t("bonus.summary.settings")}</h2>
      <HvFormShell form={form} narrow submitLabel={t("bonus.summary.save")}>
        <input type="hidden" name="intent" value="budget" />
        <input type="hidden" name="year" value={d.year} />
        <input type="hidden" name="revision" value={st.revision ?? ""} />
        <TextField name="budget" label={t("bonus.summary.budgetField", { year: d.year })} inputMode="decimal" required />
        <TextField name="monthlySaving" label={t("bonus.summary.monthlyField")} hint={t("bonus.summary.monthlyHint")} inputMode="decimal" />
      </HvFormShell>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

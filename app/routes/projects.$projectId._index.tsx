/** The project page: facts, financing plan with shares, implementers, plan and commitments by year, warnings. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { can } from "~/domain/permissions";
import { organisationNamesIn, projectHistory } from "~/models/audit.server";
import { History } from "~/components/history";
import { listChangeRequests, mayFileChangeRequest, planTimeline } from "~/models/change-request.server";
import { FieldChangesTable } from "~/components/change-view";
import { notFound, requireId } from "~/utils/http.server";
import { getProjectDetail } from "~/models/project.server";
import { COST_KINDS, FINANCING_KINDS } from "~/domain/vocabulary";
import { formatBasisPoints, formatMoney, formatShare, shareOf } from "~/domain/money";
import { formatDay, yearOf } from "~/domain/days";
import { Money, Period, StatusBadge } from "~/components/format";
import { WarningList } from "~/components/warnings";
import { YearTable, toYearMap } from "~/components/year-table";
import { DownloadLinks } from "~/components/download-links";
import { useT } from "~/i18n/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StatusHeader } from "~/components/status-header";
import { projectPhase } from "~/domain/phase";
import { todayInHelsinki } from "~/utils/clock.server";
import { DataTable } from "~/components/data-table";
import { pageMeta } from "~/utils/meta";
import { projectTitle } from "~/domain/names";
import { projectIndicators } from "~/models/indicator.server";
import { projectObligations } from "~/models/obligation.server";
import { paymentSummary } from "~/models/payment.server";
import { TargetsSection } from "~/components/targets-section";
import { ObligationsSection } from "~/components/obligations-section";
import { ReportsSection } from "~/components/reports-section";
import { canWriteReports, projectReports, realisedYears, refundView } from "~/models/report.server";
import { PaymentApplications } from "~/components/payment-applications";

/** Saves shown in the project page's history unless all are asked for. */
const HISTORY_SAVES = 10;

export const meta = pageMeta<typeof loader>((data) => data.project.short_name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "portfolio:read");
  const id = requireId(params.projectId);
  const db = getDb();
  const detail = await getProjectDetail(db, viewer, id);
  if (!detail) notFound();
  // The latest saves; all of them (up to 200 rows) when asked for with ?history=all.
  const allHistory = new URL(request.url).searchParams.get("history") === "all";
  const history = can(viewer, "history:read")
    ? await projectHistory(db, id, { saves: allHistory ? undefined : HISTORY_SAVES })
    : { entries: [], saves: 0, shownSaves: 0 };
  const changeRequests = await listChangeRequests(db, viewer, id);
  const today = todayInHelsinki();
  const year = yearOf(today);
  const sum = (rows: { confirmedCents: number; conditionalCents: number }[]) => ({
    confirmedCents: rows.reduce((a, r) => a + r.confirmedCents, 0),
    conditionalCents: rows.reduce((a, r) => a + r.conditionalCents, 0),
  });
  const v = detail.plan.version;
  const { data: _data, commitmentData: _commitmentData, ...plan } = detail.plan;
  const targets = await projectIndicators(db, id, { start: v.start_date, end: v.end_date }, today);
  const obligations = await projectObligations(db, id, today);
  const reach = targets.find((r) => r.kind === "reach");
  const standings = obligations.flatMap((o) => o.deadlines.map((d) => d.bucket));
  const reports = await projectReports(db, id);
  const refund = await refundView(db, id);
  return json({
    ...detail,
    plan,
    glance: {
      phase: projectPhase(v.start_date, v.end_date, today),
      start: v.start_date,
      end: v.end_date,
      totalBudgetCents: v.total_budget_cents,
      year,
      cityThisYear: sum(detail.commitmentsByYear.filter((r) => r.year === year)),
      cityTotal: sum(detail.commitmentsByYear),
      pendingRequestId: changeRequests.find((r) => r.state === "pending")?.id ?? null,
      warningCount: detail.warnings.length,
      reach: reach?.pace ? { value: reach.value, target: reach.target, rateBp: reach.pace.rateBp, verdict: reach.pace.verdict } : null,
      deadlines:
        obligations.length > 0 ? { overdue: standings.filter((b) => b === "overdue").length, dueSoon: standings.filter((b) => b === "dueSoon").length } : null,
    },
    history: history.entries,
    historySaves: { total: history.saves, shown: history.shownSaves, all: allHistory },
    historyNames: await organisationNamesIn(db, history.entries),
    canWrite: can(viewer, "project:write"),
    // An association representative may ask for a change to its own project (the page is theirs to see).
    canRequestChange: mayFileChangeRequest(viewer),
    targets,
    obligations,
    today,
    payments: await paymentSummary(db, id),
    timeline: await planTimeline(db, id),
    changeRequests,
    reports,
    reportOf: Object.fromEntries(reports.filter((r) => r.deadlineId !== null).map((r) => [r.deadlineId, r.id])) as Record<number, number>,
    canReport: canWriteReports(viewer),
    realised: await realisedYears(db, id),
    refund: refund
      ? {
          final: refund.final,
          dueCents: refund.basis.dueCents,
          paidCents: refund.basis.paidCents,
          overpaidCents: refund.basis.overpaidCents,
          claim: refund.claim
            ? { status: refund.claim.status, amountCents: refund.claim.amountCents, claimedOn: refund.claim.claimedOn, paidOn: refund.claim.paidOn }
            : null,
        }
      : null,
  });
}

export default function ProjectPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const p = d.project;
  const v = d.plan.version;
  const financing = d.plan.lines.filter((l) => l.side === "financing");
  const costs = d.plan.lines.filter((l) => l.side === "cost");
  const years = d.planByYear.years.map((y) => y.year);
  const commitmentYears = d.commitmentsByYear.map((y) => y.year);
  const hasCosts = costs.length > 0;

  const planRows = [
    ...COST_KINDS.filter((k) => d.planByYear.total.costs[k] > 0).map((k) => ({
      label: t(`costKind.${k}`),
      values: Object.fromEntries(d.planByYear.years.map((y) => [y.year, y.costs[k]])),
    })),
    ...(hasCosts
      ? [{ label: t("plan.costsTotal"), values: Object.fromEntries(d.planByYear.years.map((y) => [y.year, y.costsTotalCents])), strong: true }]
      : []),
    ...FINANCING_KINDS.filter((k) => d.planByYear.total.financing[k] > 0).map((k) => ({
      label: t(`financingKind.${k}`),
      values: Object.fromEntries(d.planByYear.years.map((y) => [y.year, y.financing[k]])),
    })),
    { label: t("common.total"), values: Object.fromEntries(d.planByYear.years.map((y) => [y.year, y.totalCents])), strong: true },
  ];

  return (
    <article className="project">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {p.case_number} · <StatusBadge status={p.status} />
          </p>
          <h1>{projectTitle(p.short_name, p.name)}</h1>
        </div>
        {d.canWrite ? (
          <div className="actions">
            <Link className="button" to={`/projects/${p.id}/edit`}>
              {t("common.edit")}
            </Link>
            <Link className="button" to={`/projects/${p.id}/plan`}>
              {t("project.editPlan")}
            </Link>
            <Link className="button" to={`/projects/${p.id}/change-requests/new`}>
              {t("changeRequest.new")}
            </Link>
            <Link className="button primary" to={`/projects/${p.id}/commitments/new`}>
              {t("project.addCommitment")}
            </Link>
          </div>
        ) : d.canRequestChange ? (
          <div className="actions">
            <Link className="button primary" to={`/projects/${p.id}/change-requests/new`}>
              {t("changeRequest.apply")}
            </Link>
          </div>
        ) : null}
      </div>

      <StatusHeader {...d.glance} />

      <section aria-labelledby="warnings" className="card">
        <h2 id="warnings" tabIndex={-1}>
          {t("project.warnings")} ({d.warnings.length})
        </h2>
        <WarningList warnings={d.warnings} emptyText={t("project.noWarnings")} />
      </section>

      <TargetsSection projectId={p.id} rows={d.targets} canWrite={d.canWrite} />

      <ObligationsSection projectId={p.id} rows={d.obligations} canWrite={d.canWrite} today={d.today} reportOf={d.reportOf} canReport={d.canReport} />

      <ReportsSection projectId={p.id} reports={d.reports} realised={d.realised} refund={d.refund} />
      {d.reports.length > 0 ? <DownloadLinks path="/exports/reports" query={`project=${p.id}`} label="export.download.reports" /> : null}

      <section aria-labelledby="facts">
        <h2 id="facts">{t("project.facts")}</h2>
        <dl className="facts">
          <dt>{t("project.period")}</dt>
          <dd>
            <Period start={v.start_date} end={v.end_date} />
          </dd>
          <dt>{t("project.lead")}</dt>
          <dd>{p.lead_name}</dd>
          <dt>{t("project.funder")}</dt>
          <dd>{p.funder_name ?? "–"}</dd>
          <dt>{t("project.programme")}</dt>
          <dd>{p.programme || "–"}</dd>
          <dt>{t("project.specificObjective")}</dt>
          <dd>{p.specific_objective || "–"}</dd>
          <dt>{t("project.targetGroup")}</dt>
          <dd>{p.target_group || "–"}</dd>
          <dt>{t("plan.costModel")}</dt>
          <dd>{t(`costModel.${v.cost_model}`)}</dd>
        </dl>
        {p.description ? <p className="description">{p.description}</p> : null}
      </section>

      <section aria-labelledby="financing">
        <h2 id="financing">
          {t("project.financingPlan")} <span className="muted">({t("project.planVersion", { number: v.version_number })})</span>
        </h2>
        <p>
          {t("portfolio.col.total")}:{" "}
          <strong>
            <Money cents={v.total_budget_cents} />
          </strong>
        </p>
        {v.note ? <p className="note">{v.note}</p> : null}
        {hasCosts ? (
          <DataTable
            caption={t("plan.costs")}
            columns={[
              { label: t("plan.kind") },
              { label: t("plan.label") },
              {
                label: (
                  <>
                    {t("plan.hours")} × {t("plan.hourlyRate")}
                  </>
                ),
                numeric: true,
              },
              { label: t("plan.amount"), numeric: true },
              { label: t("plan.share"), numeric: true },
            ]}
          >
            <tbody>
              {costs.map((l) => (
                <tr key={l.id}>
                  <td>{t(`costKind.${l.kind as (typeof COST_KINDS)[number]}`)}</td>
                  <td>{l.kind === "flat_rate" ? t("plan.flatRateRow", { rateBp: v.flat_rate_bp ?? 4000 }) : l.label || l.organisationName || "–"}</td>
                  <td className="num">
                    {l.staffHoursCenti !== null && l.hourlyRateCents !== null
                      ? `${(l.staffHoursCenti / 100).toLocaleString("fi-FI")} h × ${formatMoney(l.hourlyRateCents, { cents: "always" })}`
                      : ""}
                  </td>
                  <td className="num">
                    <Money cents={l.amountCents} always />
                  </td>
                  <td className="num">{formatShare(shareOf(l.amountCents, v.total_budget_cents))}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : null}
        <DataTable
          id="financing-lines"
          caption={t("plan.financing")}
          columns={[
            { label: t("plan.kind") },
            { label: t("plan.organisation") },
            { label: t("plan.amount"), numeric: true },
            { label: t("plan.statedPercent"), numeric: true },
            { label: t("plan.share"), numeric: true },
          ]}
        >
          <tbody>
            {financing.length === 0 ? (
              <tr>
                <td colSpan={5}>{t("plan.noLines")}</td>
              </tr>
            ) : (
              financing.map((l) => (
                <tr key={l.id}>
                  <td>{t(`financingKind.${l.kind as (typeof FINANCING_KINDS)[number]}`)}</td>
                  <td>
                    {l.organisationName ?? "–"}
                    {l.label ? <span className="sub">{l.label}</span> : null}
                  </td>
                  <td className="num">
                    <Money cents={l.amountCents} always />
                  </td>
                  <td className="num">{l.statedPercentBp !== null ? formatBasisPoints(l.statedPercentBp) : ""}</td>
                  <td className="num">{formatShare(shareOf(l.amountCents, v.total_budget_cents))}</td>
                </tr>
              ))
            )}
          </tbody>
          {d.planByYear.total.financing.esr > 0 ? (
            <tfoot>
              <tr>
                <td colSpan={5} className="muted">
                  {t("financingKind.esr")}: {t("plan.eu")} <Money cents={d.publicFunding.euCents} always /> ({formatBasisPoints(p.eu_share_bp)}),{" "}
                  {t("plan.state")} <Money cents={d.publicFunding.stateCents} always />
                </td>
              </tr>
            </tfoot>
          ) : null}
        </DataTable>
      </section>

      <section aria-labelledby="implementers">
        <h2 id="implementers">{t("project.implementers")}</h2>
        <DataTable
          label={t("project.implementers")}
          columns={[
            { label: t("project.implementer") },
            { label: t("project.implementerRole") },
            { label: t("project.implementerShare"), numeric: true },
            { label: t("plan.share"), numeric: true },
          ]}
        >
          <tbody>
            {d.plan.implementers.map((i) => (
              <tr key={i.organisationId}>
                <td>{i.organisationName}</td>
                <td>{t(`role.${i.role}`)}</td>
                <td className="num">{i.budgetCents !== null ? <Money cents={i.budgetCents} /> : "–"}</td>
                <td className="num">{i.budgetCents !== null ? formatShare(shareOf(i.budgetCents, v.total_budget_cents)) : ""}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>

      <section aria-labelledby="plan-by-year">
        <h2 id="plan-by-year">{t("project.planByYear")}</h2>
        <YearTable id="plan-years" caption={t("project.planByYear")} years={years} rows={planRows} totalLabel={t("common.total")} rowHeader={t("plan.kind")} />
        <DownloadLinks path={`/exports/projects/${p.id}/plan`} />
      </section>

      <section aria-labelledby="commitments">
        <h2 id="commitments">{t("project.commitments")}</h2>
        {d.commitments.length === 0 ? (
          <p>{t("project.noCommitments")}</p>
        ) : (
          <>
            <ul className="commitments">
              {d.commitments.map((c) => (
                <li key={c.id} className="card">
                  <p>
                    <strong>{c.organisationName}</strong>: <Money cents={c.amountCents} /> ·{" "}
                    <span className={`badge condition-${c.conditionStatus}`}>{t(`condition.${c.conditionStatus}`)}</span>
                    {c.conditionText ? <span> – {c.conditionText}</span> : null}
                  </p>
                  <p className="muted">
                    {c.decisionBody || c.decisionDate ? (
                      <>
                        {t("commitment.decision")}: {c.decisionBody} {c.decisionDate ? formatDay(c.decisionDate) : ""}{" "}
                        {c.decisionSection ? `§ ${c.decisionSection}` : ""}
                      </>
                    ) : (
                      t("commitment.noDecision")
                    )}
                    {" · "}
                    {c.entered.length > 0 ? t("commitment.splitKind.entered") : t("commitment.splitKind.derived")}
                    {c.annualBudgetReservation ? ` · ${t("commitment.annualBudgetReservation")}` : ""}
                  </p>
                  <p className="years-inline">
                    {c.years.map((y) => (
                      <span key={y.year} data-year={y.year}>
                        {y.year}: {formatMoney(y.amountCents, { cents: "always" })}
                      </span>
                    ))}
                  </p>
                  {c.note ? <p className="note">{c.note}</p> : null}
                  {d.canWrite ? <Link to={`/projects/${p.id}/commitments/${c.id}`}>{t("common.edit")}</Link> : null}
                </li>
              ))}
            </ul>
            <YearTable
              id="commitment-years"
              caption={t("project.commitmentsByYear")}
              years={commitmentYears}
              rowHeader={t("commitment.condition")}
              totalLabel={t("common.total")}
              rows={[
                { label: t("commitment.confirmed"), values: toYearMap(d.commitmentsByYear.map((y) => ({ year: y.year, amountCents: y.confirmedCents }))) },
                { label: t("commitment.conditional"), values: toYearMap(d.commitmentsByYear.map((y) => ({ year: y.year, amountCents: y.conditionalCents }))) },
                {
                  label: t("common.total"),
                  values: toYearMap(d.commitmentsByYear.map((y) => ({ year: y.year, amountCents: y.confirmedCents + y.conditionalCents }))),
                  strong: true,
                },
              ]}
            />
          </>
        )}
      </section>

      <PaymentApplications projectId={p.id} canWrite={d.canWrite} summary={d.payments} />

      <section aria-labelledby="versions">
        <h2 id="versions">{t("timeline.title")}</h2>
        <ol className="timeline">
          {d.timeline.map((v) => (
            <li key={v.versionId} className={`timeline-${v.state}`}>
              <p>
                <strong>{t("project.planVersion", { number: v.versionNumber })}</strong> · {t(`planState.${v.state as "current"}`)} ·{" "}
                <Period start={v.start} end={v.end} /> · <Money cents={v.totalBudgetCents} />
              </p>
              <p className="muted">
                {t("timeline.made", {
                  what: v.request
                    ? v.request.decisionDate
                      ? t("timeline.byRequest", {
                          body: v.request.decisionBody,
                          dateDay: v.request.decisionDate,
                          section: v.request.decisionSection ? `§ ${v.request.decisionSection}` : "",
                        })
                      : t("timeline.pendingRequest")
                    : v.versionNumber === 1
                      ? t("timeline.initial")
                      : t("timeline.direct"),
                })}
                {v.request ? (
                  <>
                    {" "}
                    · <Link to={`/change-requests/${v.request.id}`}>{t(`outcome.${v.request.outcome}`)}</Link>
                  </>
                ) : null}
              </p>
              {v.changes && v.changes.fields.length > 0 ? (
                <FieldChangesTable
                  fields={v.changes.fields}
                  caption={t("timeline.changes")}
                  beforeLabel={t("timeline.previous")}
                  afterLabel={t("timeline.this")}
                />
              ) : null}
            </li>
          ))}
        </ol>
        {d.changeRequests.length > 0 ? (
          <>
            <h3>{t("changeRequest.list.title")}</h3>
            <ul>
              {d.changeRequests.map((r) => (
                <li key={r.id}>
                  <Link to={`/change-requests/${r.id}`}>
                    {formatDay(r.receivedOn)}: {r.kinds.map((k) => t(`changeKind.${k}`)).join(", ")}
                  </Link>{" "}
                  – {t(`outcome.${r.outcome}`)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <a href={`/api/v1/projects/${p.id}`}>{t("project.api")}</a>
        </p>
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t("history.title")}</h2>
        <History entries={d.history} names={d.historyNames} />
        {d.historySaves.shown < d.historySaves.total ? (
          <p className="muted">
            {t("history.shown", { shown: d.historySaves.shown, total: d.historySaves.total })}{" "}
            {d.historySaves.all ? null : (
              <Link to="?history=all#history" preventScrollReset>
                {t("history.showAll")}
              </Link>
            )}
          </p>
        ) : null}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/**
 * The top of a project page: how is this project doing, in one glance. Its phase (not started /
 * running / ended, with days), period, total budget, the city's commitment this year and in
 * total (confirmed and conditional), a marker with a link when a change request waits for a
 * decision, and the number of open warnings with a link to them.
 */
import { Link } from "@remix-run/react";
import type { Phase } from "~/domain/phase";
import { formatDay } from "~/domain/days";
import { useT } from "~/i18n/react";
import { formatBasisPoints, formatInteger, formatMoney } from "~/domain/money";
import type { PaceVerdict } from "~/domain/indicators";
import { PaceBadge } from "./targets-section";

export interface StatusHeaderProps {
  phase: Phase;
  start: string;
  end: string;
  totalBudgetCents: number;
  year: number;
  cityThisYear: { confirmedCents: number; conditionalCents: number };
  cityTotal: { confirmedCents: number; conditionalCents: number };
  pendingRequestId: number | null;
  warningCount: number;
  /** Reach to date against the reach target, with its pace (absent: no reach target). */
  reach?: { value: number; target: number | null; rateBp: number | null; verdict: PaceVerdict } | null;
  /** Open deadlines past their day and due within 30 days (absent: no obligations). */
  deadlines?: { overdue: number; dueSoon: number } | null;
}

export function StatusHeader(p: StatusHeaderProps) {
  const t = useT();
  const money = (c: number) => formatMoney(c);
  const split = (x: { confirmedCents: number; conditionalCents: number }) =>
    x.conditionalCents > 0 ? t("glance.cityParts", { confirmed: money(x.confirmedCents), conditional: money(x.conditionalCents) }) : t("glance.cityConfirmed");
  const phase =
    p.phase.kind === "not_started"
      ? t("glance.phase.notStarted", { days: p.phase.daysToStart })
      : p.phase.kind === "running"
        ? t("glance.phase.running", { days: p.phase.daysLeft, percent: Math.floor(p.phase.elapsedShare * 100) })
        : t("glance.phase.ended", { days: p.phase.daysSinceEnd });
  return (
    <section className="status-header card" aria-label={t("glance.title")}>
      <dl>
        <div>
          <dt>{t("glance.phase")}</dt>
          <dd className={`phase phase-${p.phase.kind}`} data-testid="phase">
            {phase}
          </dd>
        </div>
        <div>
          <dt>{t("project.period")}</dt>
          <dd>
            <span className="nowrap">{formatDay(p.start)}–</span>
            <wbr />
            <span className="nowrap">{formatDay(p.end)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("glance.budget")}</dt>
          <dd className="nowrap">{money(p.totalBudgetCents)}</dd>
        </div>
        <div>
          <dt>{t("glance.cityThisYear", { year: p.year })}</dt>
          <dd>
            <span className="num">{money(p.cityThisYear.confirmedCents + p.cityThisYear.conditionalCents)}</span>
            <span className="sub">{split(p.cityThisYear)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("glance.cityTotal")}</dt>
          <dd>
            <span className="num">{money(p.cityTotal.confirmedCents + p.cityTotal.conditionalCents)}</span>
            <span className="sub">{split(p.cityTotal)}</span>
          </dd>
        </div>
        {p.reach ? (
          <div>
            <dt>{t("glance.reach")}</dt>
            <dd data-testid="reach">
              <a href="#targets">
                {p.reach.target
                  ? t("portfolio.reachOf", { value: formatInteger(p.reach.value), target: formatInteger(p.reach.target) })
                  : formatInteger(p.reach.value)}
              </a>
              {p.reach.rateBp !== null ? ` (${formatBasisPoints(p.reach.rateBp)})` : ""}
              <span className="sub">
                <PaceBadge verdict={p.reach.verdict} />
              </span>
            </dd>
          </div>
        ) : null}
        {p.deadlines ? (
          <div>
            <dt>{t("glance.deadlines")}</dt>
            <dd data-testid="deadlines">
              {p.deadlines.overdue > 0 ? (
                <a href="#obligations" className="badge bucket-overdue">
                  {t("obligations.overdueCount", { count: p.deadlines.overdue })}
                </a>
              ) : (
                t("glance.noOverdue")
              )}
              {p.deadlines.dueSoon > 0 ? <span className="sub">{t("obligations.dueSoonCount", { count: p.deadlines.dueSoon })}</span> : null}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("glance.warnings")}</dt>
          <dd>
            {p.warningCount === 0 ? (
              t("glance.noWarnings")
            ) : (
              <a href="#warnings">{p.warningCount === 1 ? t("glance.warningCount.one") : t("glance.warningCount", { count: p.warningCount })}</a>
            )}
          </dd>
        </div>
      </dl>
      {p.pendingRequestId !== null ? (
        <p className="pending-marker" data-testid="pending-request">
          <span className="badge outcome-pending">{t("outcome.pending")}</span>{" "}
          <Link to={`/change-requests/${p.pendingRequestId}`}>{t("glance.pendingRequest")}</Link>
        </p>
      ) : null}
    </section>
  );
}

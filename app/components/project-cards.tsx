/** The status card of each project on a meeting's agenda: the figures a member needs before deciding. */
import { Link } from "@remix-run/react";
import { Money } from "./format";
import { useT } from "~/i18n/react";
import { formatDay } from "~/domain/days";
import { formatBasisPoints, formatInteger } from "~/domain/money";
import type { ProjectCard } from "~/models/agenda.server";

export function ProjectCards({ cards }: { cards: ProjectCard[] }) {
  const t = useT();
  if (cards.length === 0) return null;
  return (
    <section aria-labelledby="cards">
      <h2 id="cards">{t("cards.title")}</h2>
      <p className="muted">{t("cards.intro")}</p>
      <div className="cards">
        {cards.map((c) => (
          <div key={c.projectId} className="card project-card" data-project={c.shortName}>
            <h3>
              <Link to={`/projects/${c.projectId}`}>{c.shortName}</Link>
            </h3>
            <dl className="facts">
              <dt>{t("project.period")}</dt>
              <dd>
                {formatDay(c.start)}–{formatDay(c.end)}
              </dd>
              <dt>{t("cards.budget")}</dt>
              <dd>
                <Money cents={c.totalBudgetCents} />
              </dd>
              <dt>{t("cards.city")}</dt>
              <dd>
                <Money cents={c.cityCents} />
                {c.cityConditionalCents > 0 ? ` (${t("cards.conditional")} ${formatInteger(Math.round(c.cityConditionalCents / 100))} €)` : ""}
                {c.cityByYear.length > 0 ? (
                  <span className="sub">
                    {c.cityByYear.map((y, i) => (
                      <span key={y.year} className="nowrap">
                        {i > 0 ? ", " : ""}
                        {y.year}: <Money cents={y.confirmedCents + y.conditionalCents} />
                      </span>
                    ))}
                  </span>
                ) : null}
              </dd>
              <dt>{t("cards.reach")}</dt>
              <dd>
                {c.reach ? (
                  <>
                    {formatInteger(c.reach.value)}
                    {c.reach.target !== null ? ` / ${formatInteger(c.reach.target)}` : ""}{" "}
                    <span className={`badge pace-${c.reach.verdict}`}>{t(`pace.${c.reach.verdict}` as "pace.onTrack")}</span>
                  </>
                ) : (
                  "–"
                )}
              </dd>
              <dt>{t("cards.outcomes")}</dt>
              <dd>
                {c.outcomes
                  ? `${formatInteger(c.outcomes.value)}${c.outcomes.rateBp !== null ? ` (${formatBasisPoints(c.outcomes.rateBp)}` : ""}${c.outcomes.targetBp !== null ? ` / ${formatBasisPoints(c.outcomes.targetBp)})` : c.outcomes.rateBp !== null ? ")" : ""}`
                  : "–"}
              </dd>
              <dt>{t("cards.deadlines")}</dt>
              <dd>
                {c.overdue > 0 ? <span className="badge bucket-overdue">{t("cards.overdue", { count: c.overdue })}</span> : t("cards.noDeadlines")}
                {c.dueSoon > 0 ? <span className="sub">{t("cards.dueSoon", { count: c.dueSoon })}</span> : null}
              </dd>
              <dt>{t("cards.warnings")}</dt>
              <dd>{formatInteger(c.warningCount)}</dd>
              <dt>{t("cards.lastReport")}</dt>
              <dd>
                {c.lastReport ? (
                  <Link to={`/reports/${c.lastReport.id}`}>
                    {t(`report.kind.${c.lastReport.kind}` as "report.kind.final")}
                    {c.lastReport.periodEnd ? ` ${formatDay(c.lastReport.periodEnd)}` : ""}
                  </Link>
                ) : (
                  "–"
                )}
              </dd>
            </dl>
          </div>
        ))}
      </div>
    </section>
  );
}

/** A submitted report, read-only, with the reviewer's comments beside its sections. */
import { Money } from "./format";
import { SectionComments, type CommentView } from "./report-comments";
import { useT } from "~/i18n/react";
import { formatInteger } from "~/domain/money";
import { formatDay } from "~/domain/days";
import type { ReportFigures } from "~/domain/report";
import type { CostKind } from "~/domain/vocabulary";

const count = (n: number | null) => (n === null ? "–" : formatInteger(n));

/** The submitted report, read-only. `costs` are with the flat rate computed. */
export function ReportView({
  f,
  costs,
  comments,
}: {
  f: ReportFigures;
  costs: { kind: CostKind; amountCents: number; explanation: string }[];
  comments: CommentView[];
}) {
  const t = useT();
  const total = costs.reduce((a, c) => a + c.amountCents, 0);
  return (
    <div className="report-view">
      <SectionComments comments={comments} section="general" />
      <section aria-labelledby="rv-period">
        <h2 id="rv-period">{t("report.section.period")}</h2>
        <SectionComments comments={comments} section="period" />
        <p>{f.periodStart && f.periodEnd ? `${formatDay(f.periodStart)}–${formatDay(f.periodEnd)}` : "–"}</p>
      </section>
      <section aria-labelledby="rv-reach">
        <h2 id="rv-reach">{t("report.section.reach")}</h2>
        <SectionComments comments={comments} section="reach" />
        <dl className="facts">
          <dt>{t("report.field.reachedWomen")}</dt>
          <dd>{count(f.reachedWomen)}</dd>
          <dt>{t("report.field.reachedMen")}</dt>
          <dd>{count(f.reachedMen)}</dd>
          <dt>{t("report.field.reachedOther")}</dt>
          <dd>{count(f.reachedOther)}</dd>
          <dt>{t("report.field.reachedTotal")}</dt>
          <dd>
            <strong>{count(f.reachedTotal)}</strong>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="rv-outcomes">
        <h2 id="rv-outcomes">{t("report.section.outcomes")}</h2>
        <SectionComments comments={comments} section="outcomes" />
        <dl className="facts">
          <dt>{t("report.field.outcomeWork")}</dt>
          <dd>{count(f.outcomeWork)}</dd>
          <dt>{t("report.field.outcomeEducation")}</dt>
          <dd>{count(f.outcomeEducation)}</dd>
          <dt>{t("report.field.outcomeOther")}</dt>
          <dd>{count(f.outcomeOther)}</dd>
          <dt>{t("report.field.partners")}</dt>
          <dd>{count(f.partners)}</dd>
        </dl>
      </section>
      <section aria-labelledby="rv-costs">
        <h2 id="rv-costs">{t("report.section.costs")}</h2>
        <SectionComments comments={comments} section="costs" />
        <dl className="facts">
          {costs.map((c) => (
            <div key={c.kind} className="fact-pair">
              <dt>{t(`costKind.${c.kind}`)}</dt>
              <dd>
                <Money cents={c.amountCents} />
                {c.explanation ? <span className="sub">{c.explanation}</span> : null}
              </dd>
            </div>
          ))}
          <div className="fact-pair">
            <dt>{t("report.cost.total")}</dt>
            <dd>
              <strong>
                <Money cents={total} />
              </strong>
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="rv-funding">
        <h2 id="rv-funding">{t("report.section.funding")}</h2>
        <SectionComments comments={comments} section="funding" />
        <dl className="facts">
          <dt>{t("report.field.esrReceived")}</dt>
          <dd>{f.esrReceivedCents === null ? "–" : <Money cents={f.esrReceivedCents} />}</dd>
          <dt>{t("report.field.cityReceived")}</dt>
          <dd>{f.cityReceivedCents === null ? "–" : <Money cents={f.cityReceivedCents} />}</dd>
          <dt>{t("report.field.otherReceived")}</dt>
          <dd>{f.otherReceivedCents === null ? "–" : <Money cents={f.otherReceivedCents} />}</dd>
        </dl>
      </section>
      <section aria-labelledby="rv-texts">
        <h2 id="rv-texts">{t("report.section.texts")}</h2>
        <SectionComments comments={comments} section="texts" />
        <h3>{t("report.field.doneText")}</h3>
        <p className="pre-wrap">{f.doneText || "–"}</p>
        <h3>{t("report.field.changesText")}</h3>
        <p className="pre-wrap">{f.changesText || "–"}</p>
        <h3>{t("report.field.nextText")}</h3>
        <p className="pre-wrap">{f.nextText || "–"}</p>
      </section>
    </div>
  );
}

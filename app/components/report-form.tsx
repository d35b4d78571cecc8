/**
 * A report's sections: as form fields while the grantee edits it (with the reviewer's comments
 * beside each section when it was returned), and as a read-only view once it is submitted.
 */
import type { ReactNode } from "react";
import { TextArea, TextField } from "./form";
import { Money } from "./format";
import { useT } from "~/i18n/react";
import { formatBasisPoints, formatInteger } from "~/domain/money";
import { formatDay, formatInstant } from "~/domain/days";
import type { ReportFigures, ReportSection } from "~/domain/report";
import type { CostKind } from "~/domain/vocabulary";

export interface CostRowView {
  kind: CostKind;
  computed: boolean;
  plannedCents: number | null;
  earlierCents: number;
}

export interface CommentView {
  id: number;
  round: number;
  section: ReportSection;
  body: string;
  created_at: string;
  author: string | null;
}

/** The reviewer's comments on one section (of the latest round that has any). */
export function SectionComments({ comments, section }: { comments: CommentView[]; section: ReportSection }) {
  const t = useT();
  const mine = comments.filter((c) => c.section === section);
  if (mine.length === 0) return null;
  const latest = Math.max(...mine.map((c) => c.round));
  return (
    <div className="review-comment" role="note" aria-label={t("report.comments.title")}>
      {mine
        .filter((c) => c.round === latest)
        .map((c) => (
          <p key={c.id}>
            <strong>{t("report.comments.title")}</strong> ({t("report.comments.by", { name: c.author ?? "–", at: formatInstant(c.created_at) })}): {c.body}
          </p>
        ))}
    </div>
  );
}

function Section({ id, title, comments, children }: { id: ReportSection; title: string; comments: CommentView[]; children: ReactNode }) {
  return (
    <fieldset className="report-section" id={`section-${id}`}>
      <legend>{title}</legend>
      <SectionComments comments={comments} section={id} />
      {children}
    </fieldset>
  );
}

export function ReportFields({
  costRows,
  flatRateBp,
  totalBudgetCents,
  comments,
}: {
  costRows: CostRowView[];
  flatRateBp: number | null;
  totalBudgetCents: number;
  comments: CommentView[];
}) {
  const t = useT();
  return (
    <>
      <SectionComments comments={comments} section="general" />
      <Section id="period" title={t("report.section.period")} comments={comments}>
        <div className="field-row">
          <TextField name="periodStart" label={t("report.field.periodStart")} hint={t("common.dayHint")} />
          <TextField name="periodEnd" label={t("report.field.periodEnd")} hint={t("common.dayHint")} />
        </div>
      </Section>
      <Section id="reach" title={t("report.section.reach")} comments={comments}>
        <div className="field-row">
          <TextField name="reachedWomen" label={t("report.field.reachedWomen")} inputMode="numeric" />
          <TextField name="reachedMen" label={t("report.field.reachedMen")} inputMode="numeric" />
          <TextField name="reachedOther" label={t("report.field.reachedOther")} inputMode="numeric" />
          <TextField name="reachedTotal" label={t("report.field.reachedTotal")} hint={t("report.field.reachedTotal.hint")} inputMode="numeric" />
        </div>
      </Section>
      <Section id="outcomes" title={t("report.section.outcomes")} comments={comments}>
        <p className="hint">{t("report.field.outcomes.hint")}</p>
        <div className="field-row">
          <TextField name="outcomeWork" label={t("report.field.outcomeWork")} inputMode="numeric" />
          <TextField name="outcomeEducation" label={t("report.field.outcomeEducation")} inputMode="numeric" />
          <TextField name="outcomeOther" label={t("report.field.outcomeOther")} inputMode="numeric" />
          <TextField name="partners" label={t("report.field.partners")} inputMode="numeric" />
        </div>
      </Section>
      <Section id="costs" title={t("report.section.costs")} comments={comments}>
        <p className="hint">{t("report.cost.budget", { budgetCents: totalBudgetCents })}</p>
        {costRows.map((r) => (
          <div key={r.kind} className="cost-row" data-kind={r.kind}>
            <h3>{t(`costKind.${r.kind}`)}</h3>
            <p className="muted">
              {t("report.cost.planned")}: {r.plannedCents === null ? t("report.cost.unknown") : <Money cents={r.plannedCents} />} · {t("report.cost.earlier")}:{" "}
              <Money cents={r.earlierCents} />
            </p>
            {r.computed ? (
              <p>{t("report.cost.computed", { rate: formatBasisPoints(flatRateBp ?? 0) })}</p>
            ) : (
              <TextField name={`costs.${r.kind}.amount`} label={`${t(`costKind.${r.kind}`)}: ${t("report.cost.amount")}`} inputMode="decimal" />
            )}
            <TextArea name={`costs.${r.kind}.explanation`} label={`${t(`costKind.${r.kind}`)}: ${t("report.field.explanation")}`} rows={2} />
          </div>
        ))}
      </Section>
      <Section id="funding" title={t("report.section.funding")} comments={comments}>
        <div className="field-row">
          <TextField name="esrReceived" label={t("report.field.esrReceived")} inputMode="decimal" />
          <TextField name="cityReceived" label={t("report.field.cityReceived")} inputMode="decimal" />
          <TextField name="otherReceived" label={t("report.field.otherReceived")} inputMode="decimal" />
        </div>
      </Section>
      <Section id="texts" title={t("report.section.texts")} comments={comments}>
        <TextArea name="doneText" label={t("report.field.doneText")} rows={5} />
        <TextArea name="changesText" label={t("report.field.changesText")} rows={3} />
        <TextArea name="nextText" label={t("report.field.nextText")} rows={3} />
      </Section>
    </>
  );
}

const count = (n: number | null) => (n === null ? "–" : formatInteger(n));

/** The submitted report, read-only. `costs` are with the flat rate computed. */
export function ReportView({ f, costs, comments }: { f: ReportFigures; costs: { kind: CostKind; amountCents: number; explanation: string }[]; comments: CommentView[] }) {
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

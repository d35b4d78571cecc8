/**
 * A report's sections as form fields while the grantee edits it, with the reviewer's comments
 * beside each section when it was returned (the read-only view is app/components/report-view.tsx).
 */
import type { ReactNode } from "react";
import { TextArea, TextField } from "./form";
import { Money } from "./format";
import { useT } from "~/i18n/react";
import { SectionComments, type CommentView } from "./report-comments";
import { formatBasisPoints } from "~/domain/money";
import type { ReportSection } from "~/domain/report";
import type { CostKind } from "~/domain/vocabulary";

export interface CostRowView {
  kind: CostKind;
  computed: boolean;
  plannedCents: number | null;
  earlierCents: number;
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

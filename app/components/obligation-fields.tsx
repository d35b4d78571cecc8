/** The fields of a reporting obligation and of a deadline's state. */
import { useT } from "~/i18n/react";
import { DEADLINE_STATUSES, OBLIGATION_KINDS, TIMES_PER_YEAR } from "~/domain/obligations";
import { SelectField, TextArea, TextField } from "./form";

export function ObligationFields({ people, kindLocked }: { people: { id: number; name: string }[]; kindLocked?: boolean }) {
  const t = useT();
  return (
    <>
      <fieldset>
        <legend>{t("obligation.rule")}</legend>
        <div className="grid-2">
          <SelectField
            name="kind"
            label={t("obligation.kind")}
            hint={kindLocked ? t("error.obligation.kindLocked") : undefined}
            required
            options={OBLIGATION_KINDS.map((k) => ({ value: k, label: t(`obligationKind.${k}`) }))}
          />
          <TextField name="title" label={t("obligation.title")} hint={t("obligation.titleHint")} />
        </div>
        <div className="grid-2">
          <SelectField
            name="timesPerYear"
            label={t("obligation.timesPerYear")}
            hint={t("obligation.timesPerYearHint")}
            emptyLabel="–"
            options={TIMES_PER_YEAR.map((n) => ({ value: String(n), label: String(n) }))}
          />
          <TextField name="everyMonths" label={t("obligation.everyMonths")} hint={t("obligation.everyMonthsHint")} inputMode="numeric" />
        </div>
        <div className="grid-2">
          <TextField name="daysAfter" label={t("obligation.daysAfter")} hint={t("obligation.daysAfterHint")} inputMode="numeric" />
          <TextField name="dueDate" label={t("obligation.dueDate")} hint={t("obligation.dueDateHint")} />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("obligation.responsible")}</legend>
        <div className="grid-2">
          <SelectField
            name="responsibleUserId"
            label={t("obligation.responsible")}
            emptyLabel={t("obligation.responsibleNone")}
            options={people.map((p) => ({ value: String(p.id), label: p.name }))}
          />
          <TextField name="reminderDays" label={t("obligation.reminderDays")} hint={t("obligation.reminderDaysHint")} />
        </div>
      </fieldset>
      <p className="muted">{t("obligation.regenerateNote")}</p>
    </>
  );
}

export function DeadlineFields() {
  const t = useT();
  return (
    <>
      <div className="grid-3">
        <SelectField
          name="status"
          label={t("deadline.status")}
          required
          options={DEADLINE_STATUSES.map((s) => ({ value: s, label: t(`deadlineStatus.${s}`) }))}
        />
        <TextField name="submittedOn" label={t("deadline.submittedOn")} hint={t("common.dayHint")} />
        <TextField name="decidedOn" label={t("deadline.decidedOn")} hint={t("common.dayHint")} />
      </div>
      <TextArea name="note" label={t("deadline.note")} />
    </>
  );
}

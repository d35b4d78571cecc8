/** The fields of a target (indicator) and of a dated entry. */
import { useT } from "~/i18n/react";
import { INDICATOR_KINDS } from "~/domain/indicators";
import { SelectField, TextArea, TextField } from "./form";

export function IndicatorFields() {
  const t = useT();
  return (
    <fieldset>
      <legend>{t("targets.title")}</legend>
      <div className="grid-2">
        <SelectField name="kind" label={t("indicator.kind")} required options={INDICATOR_KINDS.map((k) => ({ value: k, label: t(`indicatorKind.${k}`) }))} />
        <TextField name="name" label={t("indicator.name")} hint={t("indicator.nameHint")} />
      </div>
      <div className="grid-3">
        <SelectField
          name="targetKind"
          label={t("indicator.targetKind")}
          options={(["count", "percent"] as const).map((k) => ({ value: k, label: t(`targetKind.${k}`) }))}
        />
        <TextField name="target" label={t("indicator.target")} hint={t("indicator.targetHint")} inputMode="decimal" />
        <TextField name="unit" label={t("indicator.unit")} hint={t("indicator.unitHint")} />
      </div>
    </fieldset>
  );
}

export function EntryFields({ period }: { period: { start: string; end: string } }) {
  const t = useT();
  return (
    <>
      <div className="grid-2">
        <TextField name="entryDate" label={t("entry.date")} hint={t("entry.dateHint", { startDay: period.start, endDay: period.end })} required />
        <TextField name="value" label={t("entry.value")} hint={t("entry.valueHint")} required inputMode="numeric" />
      </div>
      <fieldset>
        <legend>{t("entry.genderLegend")}</legend>
        <p className="hint">{t("entry.genderHint")}</p>
        <div className="grid-3">
          <TextField name="women" label={t("entry.women")} inputMode="numeric" />
          <TextField name="men" label={t("entry.men")} inputMode="numeric" />
          <TextField name="other" label={t("entry.other")} inputMode="numeric" />
        </div>
      </fieldset>
      <TextArea name="note" label={t("entry.note")} />
    </>
  );
}

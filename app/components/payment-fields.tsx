/** A payment application's fields: the period, the amount applied, the handling and the decision. */
import { useT } from "~/i18n/react";
import { SelectField, TextArea, TextField } from "./form";
import { PAYMENT_STATUSES } from "~/schemas/payment";

export function PaymentFields({ planStart, planEnd }: { planStart: string; planEnd: string }) {
  const t = useT();
  return (
    <>
      <fieldset>
        <legend>{t("payment.period")}</legend>
        <p className="hint">{t("payment.period.hint", { startDay: planStart, endDay: planEnd })}</p>
        <div className="grid-2">
          <TextField name="periodStart" label={t("payment.periodStart")} required hint={t("common.dayHint")} />
          <TextField name="periodEnd" label={t("payment.periodEnd")} required hint={t("common.dayHint")} />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("payment.amounts")}</legend>
        <div className="grid-2">
          <TextField name="amountApplied" label={t("payment.amountApplied")} required inputMode="decimal" />
          <SelectField
            name="status"
            label={t("payment.status")}
            required
            options={PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`payment.status.${s}`) }))}
          />
        </div>
        <div className="grid-3">
          <TextField name="submittedOn" label={t("payment.submittedOn")} hint={t("payment.submittedOn.hint")} />
          <TextField name="decidedOn" label={t("payment.decidedOn")} hint={t("payment.decidedOn.hint")} />
          <TextField name="amountApproved" label={t("payment.amountApproved")} hint={t("payment.amountApproved.hint")} inputMode="decimal" />
        </div>
        <TextArea name="note" label={t("payment.note")} rows={2} />
      </fieldset>
    </>
  );
}

/**
 * The fields of a change request, shared by recording one and editing a pending one: who asked,
 * when, the kinds of change and why, the project's fields as proposed, the proposed plan, and
 * optionally a city unit's new co-financing commitment.
 */
import { CHANGE_KINDS, REQUEST_DIRECTIONS } from "~/domain/change-request-vocabulary";
import { useT } from "~/i18n/react";
import { isCityKind } from "~/domain/vocabulary";
import { CheckboxField, FieldError, fieldId, SelectField, TextArea, TextField, useHvFormContext } from "./form";
import { PlanFields, type OrgOption } from "./plan-fields";
import { SplitRows } from "./split-rows";

function CityCommitmentFields({ units }: { units: { id: number; name: string }[] }) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t("changeRequest.proposedCommitment")}</legend>
      <p className="hint">{t("changeRequest.proposedCommitment.hint")}</p>
      <div className="grid-2">
        <SelectField
          name="cityCommitment.organisationId"
          label={t("commitment.organisation")}
          options={units.map((u) => ({ value: String(u.id), label: u.name }))}
          emptyLabel={t("common.noneSelected")}
        />
        <TextField name="cityCommitment.amount" label={t("commitment.amount")} inputMode="decimal" />
      </div>
      <SplitRows prefix="cityCommitment.years" sumField="cityCommitment.split" initialRows={5} id="cc-split-rows" />
    </fieldset>
  );
}

/**
 * `own`: an association's own request, whose direction, requester and day of arrival the server
 * sets (the page says so above the form): those three fields are left out.
 */
export function ChangeRequestFields({ orgs, years, own }: { orgs: OrgOption[]; years: number[]; own?: boolean }) {
  const t = useT();
  const form = useHvFormContext();
  const units = orgs.filter((o) => isCityKind(o.kind));
  return (
    <>
      <fieldset>
        <legend>{t("changeRequest.new")}</legend>
        {own ? null : (
          <div className="grid-3">
            <SelectField
              name="direction"
              label={t("changeRequest.direction")}
              options={REQUEST_DIRECTIONS.map((d) => ({ value: d, label: t(`direction.${d}`) }))}
            />
            <SelectField
              name="requestedByOrganisationId"
              label={t("changeRequest.requestedBy")}
              options={orgs.map((o) => ({ value: String(o.id), label: o.name }))}
              emptyLabel={t("common.noneSelected")}
            />
            <TextField name="receivedOn" label={t("changeRequest.receivedOn")} hint={t("common.dayHint")} required />
          </div>
        )}
        <fieldset className="checkbox-group" aria-describedby={form.error("kinds") ? `${fieldId("kinds")}-error` : undefined}>
          <legend>{t("changeRequest.kinds")}</legend>
          <div className="grid-3">
            {CHANGE_KINDS.map((k) => (
              <CheckboxField key={k} name={`kinds.${k}`} label={t(`changeKind.${k}`)} />
            ))}
          </div>
          <FieldError name="kinds" />
        </fieldset>
        <TextArea name="reason" label={t("changeRequest.reason")} rows={4} />
      </fieldset>
      <fieldset>
        <legend>{t("changeRequest.proposedProject")}</legend>
        <TextField name="proposedName" label={t("project.name")} required />
        <div className="grid-2">
          <TextField name="proposedShortName" label={t("project.shortName")} required />
          <TextField name="proposedTargetGroup" label={t("project.targetGroup")} />
        </div>
      </fieldset>
      <PlanFields orgs={orgs} years={years} />
      <CityCommitmentFields units={units} />
    </>
  );
}

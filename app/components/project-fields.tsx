/** A project's facts as form fields (new project and edit project). */
import { PROJECT_STATUSES } from "~/domain/vocabulary";
import { useT } from "~/i18n/react";
import { SelectField, TextArea, TextField } from "./form";
import type { OrgOption } from "./plan-fields";

export function ProjectFields({ orgs }: { orgs: OrgOption[] }) {
  const t = useT();
  const options = orgs.map((o) => ({ value: String(o.id), label: o.name }));
  const funders = orgs.filter((o) => o.kind === "funder").map((o) => ({ value: String(o.id), label: o.name }));
  return (
    <fieldset>
      <legend>{t("project.facts")}</legend>
      <TextField name="name" label={t("project.name")} required />
      <div className="grid-3">
        <TextField name="shortName" label={t("project.shortName")} required />
        <TextField name="caseNumber" label={t("project.caseNumber")} hint={t("project.caseNumber.hint")} required />
        <SelectField name="status" label={t("project.status")} required options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </div>
      <div className="grid-2">
        <SelectField name="leadOrganisationId" label={t("project.lead")} required options={options} emptyLabel={t("common.noneSelected")} />
        <SelectField
          name="funderOrganisationId"
          label={t("project.funder")}
          options={funders.length > 0 ? funders : options}
          emptyLabel={t("common.noneSelected")}
        />
      </div>
      <div className="grid-2">
        <TextField name="programme" label={t("project.programme")} />
        <TextField name="specificObjective" label={t("project.specificObjective")} />
      </div>
      <TextField name="targetGroup" label={t("project.targetGroup")} />
      <TextField name="euShare" label={t("project.euShare")} hint={t("project.euShare.hint")} inputMode="decimal" />
      <TextArea name="description" label={t("project.description")} rows={3} />
    </fieldset>
  );
}

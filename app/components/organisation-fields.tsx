/** An organisation's fields. */
import { ORGANISATION_KINDS } from "~/domain/vocabulary";
import { useT } from "~/i18n/react";
import { SelectField, TextField } from "./form";

export function OrganisationFields({ parents }: { parents: { id: number; name: string }[] }) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t("org.name")}</legend>
      <TextField name="name" label={t("org.name")} required />
      <div className="grid-3">
        <TextField name="shortName" label={t("org.shortName")} />
        <SelectField
          name="kind"
          label={t("org.kind")}
          required
          options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
          emptyLabel={t("common.noneSelected")}
        />
        <TextField name="businessId" label={t("org.businessId")} hint={t("org.businessId.hint")} />
      </div>
      <SelectField
        name="parentId"
        label={t("org.parent")}
        options={parents.map((p) => ({ value: String(p.id), label: p.name }))}
        emptyLabel={t("common.noneSelected")}
      />
    </fieldset>
  );
}

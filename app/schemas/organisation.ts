/** The organisation form. Shared by the browser (react-hook-form) and the server actions. */
import { defineForm, str } from "./form";
import { ORGANISATION_KINDS } from "~/domain/vocabulary";

export const organisationShape = { name: str(), shortName: str(), kind: str(), businessId: str(), parentId: str(), revision: str() };

export const organisationSchema = defineForm(organisationShape, (raw, f) => {
  const kind = f.choice(["kind"], raw.kind, ORGANISATION_KINDS);
  const parentId = f.id(["parentId"], raw.parentId, { required: kind === "city_unit" });
  return {
    name: f.text(["name"], raw.name, { required: true, max: 200 }),
    shortName: f.text(["shortName"], raw.shortName, { max: 60 }),
    kind: kind!,
    businessId: f.businessId(["businessId"], raw.businessId),
    parentId,
  };
});
export type OrganisationInput = NonNullable<ReturnType<typeof organisationSchema.parse>>;

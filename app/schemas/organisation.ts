/** The organisation form. Shared by the browser (react-hook-form) and the server actions. */
import { defineForm, str, type FieldParser, type Path } from "./form";
import { ORGANISATION_KINDS } from "~/domain/vocabulary";
import { validateBusinessId } from "~/domain/business-id";

/** A business id (y-tunnus), normalised; null when empty or wrong (the problem reported at `path`). Here, not in FieldParser: only this form asks for one. */
function businessId(f: FieldParser, path: Path, value: string | undefined): string | null {
  const s = (value ?? "").trim();
  if (s === "") return null;
  const r = validateBusinessId(s);
  if (!r.ok) {
    f.issue(path, r.error === "format" ? "error.businessId.format" : "error.businessId.checkDigit");
    return null;
  }
  return r.value;
}

export const organisationShape = { name: str(), shortName: str(), kind: str(), businessId: str(), parentId: str(), revision: str() };

export const organisationSchema = defineForm(organisationShape, (raw, f) => {
  const kind = f.choice(["kind"], raw.kind, ORGANISATION_KINDS);
  const parentId = f.id(["parentId"], raw.parentId, { required: kind === "city_unit" });
  return {
    name: f.text(["name"], raw.name, { required: true, max: 200 }),
    shortName: f.text(["shortName"], raw.shortName, { max: 60 }),
    kind: kind!,
    businessId: businessId(f, ["businessId"], raw.businessId),
    parentId,
  };
});
export type OrganisationInput = NonNullable<ReturnType<typeof organisationSchema.parse>>;

/** Organisations: the city and its units, associations, municipalities, funders. */
import type { DB, Tx } from "../../db/connection";
import type { Organisation } from "../../db/schema";
import type { OrganisationInput } from "~/schemas/organisation";
import { nowIso } from "~/domain/days";
import { CITY_KINDS, isCityKind } from "~/domain/vocabulary";
import { InputError, isUniqueViolation, type FieldErrors } from "./errors.server";
import { audited, type Actor } from "./audit.server";

export async function listOrganisations(db: DB): Promise<Organisation[]> {
  return db.selectFrom("organisation").selectAll().orderBy("kind").orderBy("name").execute();
}

export async function getOrganisation(db: DB, id: number): Promise<Organisation | undefined> {
  return db.selectFrom("organisation").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Organisations with how many projects each leads or implements. */
export async function listOrganisationsWithUse(db: DB) {
  return db
    .selectFrom("organisation as o")
    .leftJoin("organisation as p", "p.id", "o.parent_id")
    .select((eb) => [
      "o.id",
      "o.name",
      "o.short_name",
      "o.kind",
      "o.business_id",
      "o.parent_id",
      "p.name as parent_name",
      eb
        .selectFrom("project")
        .select(eb.fn.countAll<number>().as("n"))
        .where((w) =>
          w.or([
            w("project.lead_organisation_id", "=", w.ref("o.id")),
            w.exists(
              w
                .selectFrom("plan_implementer as pi")
                .innerJoin("plan_version as pv", "pv.id", "pi.plan_version_id")
                .select("pi.id")
                .whereRef("pv.project_id", "=", "project.id")
                .where("pv.state", "=", "current")
                .whereRef("pi.organisation_id", "=", "o.id"),
            ),
          ]),
        )
        .as("project_count"),
    ])
    .orderBy("o.kind")
    .orderBy("o.name")
    .execute();
}

/** What the portfolio's filters offer: the city and its units, the organisations that fund projects, and those that lead or implement them. */
export async function portfolioFilterChoices(db: DB) {
  const units = await db.selectFrom("organisation").select(["id", "name"]).where("kind", "in", CITY_KINDS).orderBy("name").execute();
  const funders = await db
    .selectFrom("organisation")
    .select(["id", "name"])
    .where(({ exists, selectFrom }) => exists(selectFrom("project").select("project.id").whereRef("project.funder_organisation_id", "=", "organisation.id")))
    .orderBy("name")
    .execute();
  const implementers = await db
    .selectFrom("organisation")
    .select(["id", "name"])
    .where(({ exists, selectFrom, or }) =>
      or([
        exists(selectFrom("project").select("project.id").whereRef("project.lead_organisation_id", "=", "organisation.id")),
        exists(selectFrom("plan_implementer").select("plan_implementer.id").whereRef("plan_implementer.organisation_id", "=", "organisation.id")),
      ]),
    )
    .orderBy("name")
    .execute();
  return {
    units,
    funders: funders as { id: number; name: string }[],
    implementers: implementers as { id: number; name: string }[],
    ids: { unitIds: new Set(units.map((u) => u.id)), funderIds: new Set(funders.map((f) => f.id)), implementerIds: new Set(implementers.map((o) => o.id)) },
  };
}

/** Refuses (on `field`) an organisation that is not the city or one of its units. */
export async function assertCityOrganisation(db: Tx, organisationId: number, field: string): Promise<void> {
  const org = await db.selectFrom("organisation").select("kind").where("id", "=", organisationId).executeTakeFirst();
  if (!org) throw new InputError({ [field]: { key: "error.organisation.unknown" } });
  if (!isCityKind(org.kind)) throw new InputError({ [field]: { key: "error.organisation.notCityUnit" } });
}

/** Ids of the city and its units: their money in a plan is the city's money. */
export async function cityOrganisationIds(db: Tx): Promise<Set<number>> {
  const rows = await db.selectFrom("organisation").select("id").where("kind", "in", CITY_KINDS).execute();
  return new Set(rows.map((r) => r.id));
}

/** Throws InputError for every referenced organisation that does not exist. */
export async function assertOrganisationsExist(db: Tx, refs: { field: string; id: number | null }[]): Promise<void> {
  const ids = [...new Set(refs.map((r) => r.id).filter((id): id is number => id !== null))];
  if (ids.length === 0) return;
  const found = new Set((await db.selectFrom("organisation").select("id").where("id", "in", ids).execute()).map((r) => r.id));
  const errors: FieldErrors = {};
  for (const r of refs) if (r.id !== null && !found.has(r.id)) errors[r.field] = { key: "error.organisation.unknown" };
  if (Object.keys(errors).length > 0) throw new InputError(errors);
}

async function checkParent(db: Tx, input: OrganisationInput, selfId?: number) {
  if (input.parentId === null) return;
  if (input.parentId === selfId) throw new InputError({ parentId: { key: "error.choice.invalid" } });
  const parent = await db.selectFrom("organisation").select(["id", "kind"]).where("id", "=", input.parentId).executeTakeFirst();
  if (!parent) throw new InputError({ parentId: { key: "error.organisation.unknown" } });
  if (input.kind === "city_unit" && parent.kind !== "city") throw new InputError({ parentId: { key: "error.parentRequired" } });
}

function translateUnique(e: unknown): never {
  if (isUniqueViolation(e, "business_id")) throw new InputError({ businessId: { key: "error.businessId.duplicate" } });
  throw e;
}

export async function createOrganisation(db: DB, actor: Actor, input: OrganisationInput): Promise<number> {
  return audited(db, actor, (tx) => insertOrganisation(tx, input));
}

/** Inside a transaction that is already audited (the import). */
export async function insertOrganisation(db: Tx, input: OrganisationInput): Promise<number> {
  await checkParent(db, input);
  const now = nowIso();
  try {
    const row = await db
      .insertInto("organisation")
      .values({
        name: input.name,
        short_name: input.shortName,
        kind: input.kind,
        business_id: input.businessId,
        parent_id: input.parentId,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (e) {
    translateUnique(e);
  }
}

export async function updateOrganisation(db: DB, actor: Actor, id: number, input: OrganisationInput, revision: number): Promise<boolean> {
  return audited(db, actor, (tx) => updateOrganisationTx(tx, id, input, revision));
}

async function updateOrganisationTx(db: Tx, id: number, input: OrganisationInput, revision: number): Promise<boolean> {
  await checkParent(db, input, id);
  try {
    const r = await db
      .updateTable("organisation")
      .set((eb) => ({
        name: input.name,
        short_name: input.shortName,
        kind: input.kind,
        business_id: input.businessId,
        parent_id: input.parentId,
        updated_at: nowIso(),
        revision: eb("revision", "+", 1),
      }))
      .where("id", "=", id)
      .where("revision", "=", revision)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const exists = await db.selectFrom("organisation").select("id").where("id", "=", id).executeTakeFirst();
      if (!exists) return false;
      throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "organisation", id, revision });
    }
    return true;
  } catch (e) {
    translateUnique(e);
  }
}

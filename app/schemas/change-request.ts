/** The change-request forms: recording a request with its proposed plan, deciding it, settling its condition. */
import { defineForm, flag, isBlank, rows, str } from "./form";
import { parseSplitRows } from "./split-rows";
import { parsePlanWith, planShape } from "./ledger";
import { CHANGE_KINDS, REQUEST_DIRECTIONS, type ChangeKind } from "~/domain/change-request-vocabulary";
import type { YearAmount } from "~/domain/split";
import * as z from "zod/mini";

const kindFlags = Object.fromEntries(CHANGE_KINDS.map((k) => [k, flag()])) as Record<ChangeKind, ReturnType<typeof flag>>;

export const changeRequestShape = {
  ...planShape,
  direction: str(),
  requestedByOrganisationId: str(),
  receivedOn: str(),
  reason: str(),
  kinds: z.optional(z.object(kindFlags)),
  proposedName: str(),
  proposedShortName: str(),
  proposedTargetGroup: str(),
  cityCommitment: z.optional(z.object({ organisationId: str(), amount: str(), years: rows({ year: str(), amount: str() }) })),
};

export const changeRequestSchema = defineForm(changeRequestShape, (raw, f) => {
  // The plan part is parsed exactly as the plan editor parses it.
  const plan = parsePlanWith(raw, f);
  const kinds = CHANGE_KINDS.filter((k) => f.checkbox(raw.kinds?.[k] as string | boolean | undefined));
  if (kinds.length === 0) f.issue(["kinds"], "changeRequest.kinds.required");
  const cc = raw.cityCommitment;
  let cityCommitment: { organisationId: number; amountCents: number; years: YearAmount[] } | null = null;
  if (cc && !isBlank(cc as Record<string, unknown>, ["organisationId", "amount"])) {
    const organisationId = f.id(["cityCommitment", "organisationId"], cc.organisationId, { required: true });
    const amount = f.money(["cityCommitment", "amount"], cc.amount, { required: true });
    const years = parseSplitRows(f, ["cityCommitment", "years"], cc.years, amount, ["cityCommitment", "split"]);
    if (organisationId !== null && amount !== null) cityCommitment = { organisationId, amountCents: amount, years };
  }
  return {
    direction: f.choice(["direction"], raw.direction, REQUEST_DIRECTIONS) ?? "grantee_to_city",
    requestedByOrganisationId: f.id(["requestedByOrganisationId"], raw.requestedByOrganisationId),
    receivedOn: f.day(["receivedOn"], raw.receivedOn, { required: true }) ?? "",
    reason: f.text(["reason"], raw.reason, { max: 5000 }),
    kinds,
    project: {
      name: f.text(["proposedName"], raw.proposedName, { required: true, max: 300 }),
      shortName: f.text(["proposedShortName"], raw.proposedShortName, { required: true, max: 60 }),
      targetGroup: f.text(["proposedTargetGroup"], raw.proposedTargetGroup, { max: 1000 }),
    },
    plan,
    cityCommitment,
  };
});

/**
 * Payment applications to the funder: writing them (each belongs to one project) and their sum
 * against the plan's ESR funding, i.e. the financing lines of kind 'esr' of the project's
 * current plan version (the public funding the funder pays).
 */
import type { DB, Tx } from "../../db/connection";
import type { PaymentApplicationTable } from "../../db/schema";
import type { Selectable } from "kysely";
import type { PaymentInput, PaymentStatus } from "~/schemas/payment";
import type { Cents } from "~/domain/money";
import type { Day } from "~/domain/days";
import { nowIso } from "~/domain/days";
import { InputError } from "./errors.server";
import { audited, type Actor } from "./audit.server";
import { projectPeriod } from "./plan-write.server";

export type PaymentRow = Selectable<PaymentApplicationTable>;

function values(input: PaymentInput) {
  return {
    period_start: input.periodStart,
    period_end: input.periodEnd,
    amount_applied_cents: input.amountAppliedCents,
    status: input.status,
    submitted_on: input.submittedOn,
    decided_on: input.decidedOn,
    amount_approved_cents: input.amountApprovedCents,
    note: input.note,
  };
}

/** The period of the project's current plan version (none when the project has no current plan). */
/** Refuses (at periodStart) a period that lies wholly outside the plan's period. */
function assertTouchesPlan(input: PaymentInput, plan: { start: Day; end: Day }): void {
  if (input.periodEnd < plan.start || input.periodStart > plan.end)
    throw new InputError({ periodStart: { key: "payment.error.outsidePlan", params: { startDay: plan.start, endDay: plan.end } } });
}

/** Records an application; null when the project has no current plan (the route answers 404). */
export async function createPayment(db: DB, actor: Actor, projectId: number, input: PaymentInput): Promise<number | null> {
  return audited(db, actor, async (tx) => {
    const plan = await projectPeriod(tx, projectId);
    if (!plan) return null;
    assertTouchesPlan(input, plan);
    const now = nowIso();
    const { id } = await tx
      .insertInto("payment_application")
      .values({ ...values(input), project_id: projectId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    return id;
  });
}

/** The application, if it belongs to that project. */
export async function getPayment(db: Tx, projectId: number, paymentId: number): Promise<PaymentRow | null> {
  const row = await db.selectFrom("payment_application").selectAll().where("id", "=", paymentId).where("project_id", "=", projectId).executeTakeFirst();
  return row ?? null;
}

export async function updatePayment(db: DB, actor: Actor, projectId: number, paymentId: number, input: PaymentInput, revision: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const existing = await getPayment(tx, projectId, paymentId);
    if (!existing) return false;
    if (existing.revision !== revision)
      throw new InputError({ revision: { key: "error.revision.stale" } }, { entity: "payment_application", id: paymentId, revision });
    const plan = await projectPeriod(tx, projectId);
    if (!plan) return false;
    assertTouchesPlan(input, plan);
    await tx
      .updateTable("payment_application")
      .set((eb) => ({ ...values(input), updated_at: nowIso(), revision: eb("revision", "+", 1) }))
      .where("id", "=", paymentId)
      .where("project_id", "=", projectId)
      .execute();
    return true;
  });
}

export async function deletePayment(db: DB, actor: Actor, projectId: number, paymentId: number): Promise<boolean> {
  return audited(db, actor, async (tx) => {
    const existing = await getPayment(tx, projectId, paymentId);
    if (!existing) return false;
    await tx.deleteFrom("payment_application").where("id", "=", paymentId).where("project_id", "=", projectId).execute();
    return true;
  });
}

export interface PaymentApplication {
  id: number;
  periodStart: Day;
  periodEnd: Day;
  amountAppliedCents: Cents;
  status: PaymentStatus;
  submittedOn: Day | null;
  decidedOn: Day | null;
  amountApprovedCents: Cents | null;
  note: string;
}

export interface PaymentSummary {
  /** The ESR funding of the current plan: the sum of its financing lines of kind 'esr'. */
  planEsrCents: Cents;
  /**
   * What has been applied for: submitted applications at the amount applied, approved and
   * partly approved ones at the amount approved; drafts and rejected ones count for nothing.
   */
  appliedCents: Cents;
  /** The amounts approved of the approved and partly approved applications. */
  approvedCents: Cents;
  /** planEsrCents − appliedCents (negative when more has been applied for than the plan holds). */
  stillToApplyCents: Cents;
  /** Every application of the project (drafts and rejected ones too), by period start. */
  applications: PaymentApplication[];
}

/** What one application adds to "applied" (the rule of PaymentSummary.appliedCents). */
export function appliedCentsOf(a: Pick<PaymentApplication, "status" | "amountAppliedCents" | "amountApprovedCents">): Cents {
  switch (a.status) {
    case "submitted":
      return a.amountAppliedCents;
    case "approved":
    case "partly_approved":
      return a.amountApprovedCents ?? 0;
    default:
      return 0;
  }
}

/** The project's applications summed against its current plan's ESR funding. */
export async function paymentSummary(db: Tx, projectId: number): Promise<PaymentSummary> {
  const { esr } = await db
    .selectFrom("plan_line as l")
    .innerJoin("plan_version as v", "v.id", "l.plan_version_id")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("l.amount_cents"), eb.lit(0)).as("esr"))
    .where("v.project_id", "=", projectId)
    .where("v.state", "=", "current")
    .where("l.side", "=", "financing")
    .where("l.kind", "=", "esr")
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("payment_application")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("period_start")
    .orderBy("period_end")
    .orderBy("id")
    .execute();
  const applications: PaymentApplication[] = rows.map((r) => ({
    id: r.id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    amountAppliedCents: r.amount_applied_cents,
    status: r.status,
    submittedOn: r.submitted_on,
    decidedOn: r.decided_on,
    amountApprovedCents: r.amount_approved_cents,
    note: r.note,
  }));
  const planEsrCents = Number(esr);
  const appliedCents = applications.reduce((s, a) => s + appliedCentsOf(a), 0);
  const approvedCents = applications.reduce((s, a) => s + (a.status === "approved" || a.status === "partly_approved" ? (a.amountApprovedCents ?? 0) : 0), 0);
  return { planEsrCents, appliedCents, approvedCents, stillToApplyCents: planEsrCents - appliedCents, applications };
}

/** What the payment form needs: the project's short name and its current plan's period. */
export async function paymentFormContext(db: DB, projectId: number) {
  const row = await db
    .selectFrom("project as p")
    .innerJoin("plan_version as v", (j) => j.onRef("v.project_id", "=", "p.id").on("v.state", "=", "current"))
    .select(["p.id", "p.short_name", "v.start_date", "v.end_date"])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!row) return null;
  return { projectId: row.id, shortName: row.short_name, planStart: row.start_date, planEnd: row.end_date };
}

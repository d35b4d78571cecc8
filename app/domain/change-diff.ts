/**
 * A change request's proposal beside the plan in force: snapshots of both, their field-by-field
 * difference (lines, implementers, commitments, the project's own fields) and the change kinds
 * that difference implies. Pure; money in integer cents.
 */
import type { BasisPoints, Cents } from "./money";
import type { Day } from "./days";
import type { YearAmount } from "./split";
import { type CommitmentData, type PlanData, type PlanLineData } from "./plan";
import { COST_KINDS, FINANCING_KINDS, type CostKind, type FinancingKind, type LineSide } from "./vocabulary";

import { CHANGE_KINDS, type ChangeKind } from "./change-request-vocabulary";

/* ====================================================================================== */
/* Plan snapshots and their difference                                                     */
/* ====================================================================================== */

/** The project's own fields a request may change (name, short name, target group). */
export interface ProjectFields {
  name: string;
  shortName: string;
  targetGroup: string;
}

/** A commitment as compared: the domain's commitment, with its condition's text when known. */
export type SnapshotCommitment = CommitmentData & { conditionText?: string };

/**
 * One side of the comparison: a plan version with the city's commitments to it. The models
 * build it from a PlanBundle (`{ plan: b.data, commitments: b.commitmentData, project }`), and
 * a proposal from its form input the same way. `project` holds the project's fields as they
 * are (current) or would become (proposed); a field left out on either side is not compared.
 */
export interface PlanSnapshot {
  plan: PlanData;
  commitments: readonly SnapshotCommitment[];
  project?: Partial<ProjectFields>;
}

/**
 * One changed field, ready to show: a stable key (for the message catalogue), how its values
 * are shown, and the values before and after (null: absent on that side, e.g. a line added).
 * - money: cents; percent: basis points; day: "YYYY-MM-DD"; text: as typed;
 * - code: a vocabulary value to translate (cost model, condition status, role);
 * - hours: hundredths of an hour; split: entered yearly amounts (null: spread over the days,
 *   or, on the side where the item is absent, nothing).
 */
export type FieldChange =
  | { field: string; kind: "money"; before: Cents | null; after: Cents | null; differenceCents: Cents | null }
  | { field: string; kind: "percent"; before: BasisPoints | null; after: BasisPoints | null }
  | { field: string; kind: "day"; before: Day | null; after: Day | null }
  | { field: string; kind: "text"; before: string | null; after: string | null }
  | { field: string; kind: "code"; before: string | null; after: string | null }
  | { field: string; kind: "hours"; before: number | null; after: number | null }
  | { field: string; kind: "split"; before: YearAmount[] | null; after: YearAmount[] | null };
export type FieldKind = FieldChange["kind"];

export type ItemChange = "added" | "removed" | "changed";

/** A plan line added, removed or changed, matched by side + kind + organisation (+ label). */
export interface LineChange {
  change: ItemChange;
  side: LineSide;
  kind: CostKind | FinancingKind;
  organisationId: number | null;
  organisationName: string | null;
  organisationIsCity: boolean;
  /** The line's label after the change (before it, for a removed line). */
  label: string;
  /** The line's keys in each plan (null on the side where it is absent). */
  beforeKey: string | null;
  afterKey: string | null;
  /** The changed fields; for an added or removed line, every field it has. */
  fields: FieldChange[];
}

export interface ImplementerChange {
  change: ItemChange;
  organisationId: number;
  organisationName: string | null;
  fields: FieldChange[];
}

/** A commitment of the city added, removed or changed, matched by organisation. */
export interface CommitmentChange {
  change: ItemChange;
  organisationId: number;
  organisationName: string | null;
  beforeKey: string | null;
  afterKey: string | null;
  fields: FieldChange[];
}

export interface PlanDiff {
  /** The plan's and the project's own fields, in a fixed order. */
  fields: FieldChange[];
  /** Financing lines first, then costs; each side in the vocabulary's order of kinds. */
  lines: LineChange[];
  implementers: ImplementerChange[];
  commitments: CommitmentChange[];
  /** Nothing changed at all. */
  empty: boolean;
}

/* ---------- field comparison helpers ---------- */

function money(field: string, before: Cents | null, after: Cents | null): FieldChange[] {
  if (before === after) return [];
  return [{ field, kind: "money", before, after, differenceCents: before !== null && after !== null ? after - before : null }];
}

function simple<K extends "percent" | "day" | "text" | "code" | "hours">(
  field: string,
  kind: K,
  before: (FieldChange & { kind: K })["before"],
  after: (FieldChange & { kind: K })["after"],
): FieldChange[] {
  if (before === after) return [];
  return [{ field, kind, before, after } as FieldChange];
}

/** An entered split as compared: sorted by year, years of zero left out; null when there is none. */
function normalSplit(entered: readonly YearAmount[] | null | undefined): YearAmount[] | null {
  if (!entered || entered.length === 0) return null;
  const kept = [...entered].filter((y) => y.amountCents !== 0).sort((a, b) => a.year - b.year);
  return kept.length === 0 ? null : kept;
}

function sameSplit(a: YearAmount[] | null, b: YearAmount[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((y, i) => y.year === b[i]!.year && y.amountCents === b[i]!.amountCents);
}

function split(field: string, before: readonly YearAmount[] | null | undefined, after: readonly YearAmount[] | null | undefined): FieldChange[] {
  const b = normalSplit(before);
  const a = normalSplit(after);
  // Null on a side means "spread over the days" when the item is there, "nothing" when it is not.
  return sameSplit(b, a) ? [] : [{ field, kind: "split", before: b, after: a }];
}

const trimmed = (s: string | undefined) => (s === undefined ? undefined : s.trim());

/* ---------- matching ---------- */

/**
 * Pairs items of two lists: first those whose full keys are equal, then the rest of each group
 * (same base key) in their order of appearance. Unpaired items are added or removed.
 */
function match<T>(before: readonly T[], after: readonly T[], base: (x: T) => string, full: (x: T) => string): { b: T | null; a: T | null }[] {
  const usedB = new Set<number>();
  const usedA = new Set<number>();
  const pairs: { b: T | null; a: T | null; order: number }[] = [];
  for (const [ai, a] of after.entries()) {
    const bi = before.findIndex((b, i) => !usedB.has(i) && full(b) === full(a));
    if (bi >= 0) {
      usedB.add(bi);
      usedA.add(ai);
      pairs.push({ b: before[bi]!, a, order: ai });
    }
  }
  for (const [ai, a] of after.entries()) {
    if (usedA.has(ai)) continue;
    const bi = before.findIndex((b, i) => !usedB.has(i) && base(b) === base(a));
    if (bi >= 0) {
      usedB.add(bi);
      usedA.add(ai);
      pairs.push({ b: before[bi]!, a, order: ai });
    }
  }
  for (const [ai, a] of after.entries()) if (!usedA.has(ai)) pairs.push({ b: null, a, order: ai });
  for (const [bi, b] of before.entries()) if (!usedB.has(bi)) pairs.push({ b, a: null, order: after.length + bi });
  return pairs.sort((x, y) => x.order - y.order).map(({ b, a }) => ({ b, a }));
}

const lineBase = (l: PlanLineData) => `${l.side}|${l.kind}|${l.organisationId ?? "-"}`;
const lineFull = (l: PlanLineData) => `${lineBase(l)}|${l.label.trim()}`;

function kindOrder(side: LineSide, kind: string): number {
  return side === "financing" ? FINANCING_KINDS.indexOf(kind as FinancingKind) : 100 + COST_KINDS.indexOf(kind as CostKind);
}

function lineFields(b: PlanLineData | null, a: PlanLineData | null): FieldChange[] {
  return [
    ...money("amountCents", b?.amountCents ?? null, a?.amountCents ?? null),
    ...simple("label", "text", b ? b.label.trim() || null : null, a ? a.label.trim() || null : null),
    ...simple("statedPercentBp", "percent", b?.statedPercentBp ?? null, a?.statedPercentBp ?? null),
    ...simple("staffHoursCenti", "hours", b?.staffHoursCenti ?? null, a?.staffHoursCenti ?? null),
    ...money("hourlyRateCents", b?.hourlyRateCents ?? null, a?.hourlyRateCents ?? null),
    ...split("years", b?.entered, a?.entered),
  ];
}

function commitmentFields(b: SnapshotCommitment | null, a: SnapshotCommitment | null): FieldChange[] {
  const text = (c: SnapshotCommitment | null) => (c === null ? null : (trimmed(c.conditionText) ?? null) || null);
  // The condition's text is compared only when both sides know it (CommitmentData has none).
  const textKnown = (b === null || b.conditionText !== undefined) && (a === null || a.conditionText !== undefined);
  return [
    ...money("amountCents", b?.amountCents ?? null, a?.amountCents ?? null),
    ...split("years", b?.entered, a?.entered),
    ...simple("conditionStatus", "code", b?.conditionStatus ?? null, a?.conditionStatus ?? null),
    ...(textKnown ? simple("conditionText", "text", text(b), text(a)) : []),
  ];
}

/**
 * Every difference between the current plan and the proposed one: the period, the total, the
 * cost model and flat rate, the project's name, short name and target group (when both sides
 * give them), each financing and cost line (matched by side, kind and organisation, and by
 * label when several lines share those), the implementers' roles and shares, and the city's
 * commitments (amount, entered split, condition). The commitments' decision references are
 * not compared: a proposal's commitments are decided by the request's decision.
 * `names` (organisation id → name) fills in the names to show.
 */
export function diffPlans(current: PlanSnapshot, proposed: PlanSnapshot, names?: ReadonlyMap<number, string>): PlanDiff {
  const nameOf = (id: number | null) => (id === null ? null : (names?.get(id) ?? null));
  const cp = current.plan;
  const pp = proposed.plan;

  const projectField = (k: keyof ProjectFields): FieldChange[] => {
    const b = trimmed(current.project?.[k]);
    const a = trimmed(proposed.project?.[k]);
    return b === undefined || a === undefined ? [] : simple(`project.${k}`, "text", b, a);
  };
  const fields: FieldChange[] = [
    ...simple("start", "day", cp.start, pp.start),
    ...simple("end", "day", cp.end, pp.end),
    ...money("totalBudgetCents", cp.totalBudgetCents, pp.totalBudgetCents),
    ...simple("costModel", "code", cp.costModel, pp.costModel),
    ...simple("flatRateBp", "percent", cp.flatRateBp, pp.flatRateBp),
    ...projectField("name"),
    ...projectField("shortName"),
    ...projectField("targetGroup"),
  ];

  const lines: LineChange[] = match(cp.lines, pp.lines, lineBase, lineFull)
    .map(({ b, a }, order) => {
      const l = (a ?? b)!;
      const change: ItemChange = a === null ? "removed" : b === null ? "added" : "changed";
      return {
        order,
        item: {
          change,
          side: l.side,
          kind: l.kind,
          organisationId: l.organisationId,
          organisationName: nameOf(l.organisationId),
          organisationIsCity: l.organisationIsCity,
          label: l.label.trim(),
          beforeKey: b?.key ?? null,
          afterKey: a?.key ?? null,
          fields: lineFields(b, a),
        },
      };
    })
    .filter((x) => x.item.change !== "changed" || x.item.fields.length > 0)
    .sort((x, y) => kindOrder(x.item.side, x.item.kind) - kindOrder(y.item.side, y.item.kind) || x.order - y.order)
    .map((x) => x.item);

  const implementers: ImplementerChange[] = match(
    cp.implementers,
    pp.implementers,
    (i) => String(i.organisationId),
    (i) => String(i.organisationId),
  )
    .map(({ b, a }) => {
      const i = (a ?? b)!;
      return {
        change: (a === null ? "removed" : b === null ? "added" : "changed") as ItemChange,
        organisationId: i.organisationId,
        organisationName: nameOf(i.organisationId),
        fields: [...simple("role", "code", b?.role ?? null, a?.role ?? null), ...money("budgetCents", b?.budgetCents ?? null, a?.budgetCents ?? null)],
      };
    })
    .filter((x) => x.change !== "changed" || x.fields.length > 0);

  const commitments: CommitmentChange[] = match(
    current.commitments,
    proposed.commitments,
    (c) => String(c.organisationId),
    (c) => String(c.organisationId),
  )
    .map(({ b, a }) => {
      const c = (a ?? b)!;
      return {
        change: (a === null ? "removed" : b === null ? "added" : "changed") as ItemChange,
        organisationId: c.organisationId,
        organisationName: nameOf(c.organisationId),
        beforeKey: b?.key ?? null,
        afterKey: a?.key ?? null,
        fields: commitmentFields(b, a),
      };
    })
    .filter((x) => x.change !== "changed" || x.fields.length > 0);

  return { fields, lines, implementers, commitments, empty: fields.length + lines.length + implementers.length + commitments.length === 0 };
}

/* ---------- the change kinds a difference implies ---------- */

/**
 * The change kinds a proposal implies, in the vocabulary's order, for the form to pre-tick:
 * a later start → postpone_start; a later end → extend; an earlier end → shorten; another
 * total → budget; any line or implementer changed → financing_plan; staff hours or hourly
 * rates changed → staff_hours; the city's commitments (or the plan's lines of city money)
 * changed → city_cofinancing; target group → target_group; name or short name → name; an
 * earlier start or another cost model or flat rate (which the ledger refuses) → other.
 */
export function impliedChangeKinds(diff: PlanDiff): ChangeKind[] {
  const kinds = new Set<ChangeKind>();
  const field = (k: string) => diff.fields.find((f) => f.field === k);
  const start = field("start");
  if (start && start.kind === "day" && start.before !== null && start.after !== null) kinds.add(start.after > start.before ? "postpone_start" : "other");
  const end = field("end");
  if (end && end.kind === "day" && end.before !== null && end.after !== null) kinds.add(end.after > end.before ? "extend" : "shorten");
  if (field("totalBudgetCents")) kinds.add("budget");
  if (field("costModel") || field("flatRateBp")) kinds.add("other");
  if (diff.lines.length > 0 || diff.implementers.length > 0) kinds.add("financing_plan");
  if (diff.lines.some((l) => l.fields.some((f) => f.field === "staffHoursCenti" || f.field === "hourlyRateCents"))) kinds.add("staff_hours");
  const cityLine = diff.lines.some((l) => l.side === "financing" && l.organisationIsCity && (l.kind === "own" || l.kind === "municipal"));
  if (diff.commitments.length > 0 || cityLine) kinds.add("city_cofinancing");
  if (field("project.targetGroup")) kinds.add("target_group");
  if (field("project.name") || field("project.shortName")) kinds.add("name");
  return CHANGE_KINDS.filter((k) => kinds.has(k));
}

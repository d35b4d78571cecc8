/**
 * The rules a ledger file must meet beyond its schema (ledger-file.ts): the forms' rules (integer
 * cents, end ≥ start, entered yearly amounts that sum exactly, plan-line years inside the period,
 * flat rate 0–100 %, business-ID check digit) plus the file's own (references, duplicate case
 * numbers, one current version, one cost model) and those of change requests (the database's
 * checks on states, conditions and decisions, the plan versions they name exist, and each
 * version's state agrees with its request's). Checked against a snapshot of what the database
 * already holds, without touching it, so the whole validation is a pure function. Each problem
 * carries its JSON path and a message key. Server and tests only (full zod).
 */
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { applyRate, type Cents } from "~/domain/money";
import { yearOf, type Day } from "~/domain/days";
import { validateBusinessId } from "~/domain/business-id";
import { checkExplicitSplit, type YearAmount } from "~/domain/split";
import { staffCostFromHours, staffBaseCents, type PlanLineData } from "~/domain/plan";
import { requestOutcome, type RequestOutcome } from "~/domain/change-request";
import { costKindsFor, flatRateFor, type CostModel, type OrganisationKind, isCityKind } from "~/domain/vocabulary";
import { isOutcomeKind } from "~/domain/indicators";
import { TIMES_PER_YEAR } from "~/domain/obligations";
import {
  LEDGER_FORMAT,
  LEDGER_FORMAT_VERSION,
  PLAN_STATES,
  changeRequestSchema,
  commitmentSchema,
  deadlineSchema,
  obligationHeadSchema,
  paymentApplicationSchema,
  targetEntrySchema,
  targetHeadSchema,
  costLineSchema,
  financingLineSchema,
  formatPath,
  headerSchema,
  implementerSchema,
  organisationSchema,
  planVersionHeadSchema,
  projectHeadSchema,
  zodProblems,
  type FileChangeRequest,
  type FileCommitment,
  type FileCostLine,
  type FileDeadline,
  type FilePaymentApplication,
  type FileTargetEntry,
  type FileFinancingLine,
  type FileImplementer,
  type FileOrganisation,
  type FilePlanVersion,
  type FileProblem,
  type FileProject,
  type PathSegment,
  type ProblemParams,
} from "./ledger-file";

/* ---------- what the database already holds ---------- */

export interface ExistingOrganisation {
  id: number;
  name: string;
  kind: OrganisationKind;
  businessId: string | null;
}

export interface LedgerSnapshot {
  organisations: readonly ExistingOrganisation[];
  caseNumbers: ReadonlySet<string>;
  /** The import's day: a target's entry may not be dated after it (left out: not checked). */
  today?: Day;
}

/* ---------- the result: what to write ---------- */

/** Where a reference leads: an organisation of the file (by index) or one of the database (by id). */
export type OrgTarget = { file: number } | { db: number };

export interface OrganisationPlan {
  index: number;
  organisation: FileOrganisation;
  /** The existing organisation it is the same as, or null when it is to be created. */
  match: { id: number; by: "businessId" | "name" } | null;
}

export interface ImportPlan {
  organisations: OrganisationPlan[];
  projects: FileProject[];
  /** Every reference used in the file, resolved. */
  refs: ReadonlyMap<string, OrgTarget>;
}

export type ValidationResult = { ok: true; plan: ImportPlan } | { ok: false; problems: FileProblem[] };

/* ---------- validation ---------- */

type Resolved = { target: OrgTarget; kind: OrganisationKind | null } | null;

/**
 * Validates a parsed JSON document against the format and every rule, given what the
 * database holds. Reports every problem it can find, not only the first.
 */
export function validateLedgerFile(input: unknown, snapshot: LedgerSnapshot): ValidationResult {
  const problems: FileProblem[] = [];
  const issue = (path: readonly PathSegment[], key: MessageKey, params?: ProblemParams) =>
    problems.push({ path: formatPath(path), key, ...(params ? { params } : {}) });

  const header = headerSchema.safeParse(input, { reportInput: true });
  if (!header.success) {
    // Without a readable header, only say what is wrong with it.
    return { ok: false, problems: zodProblems(header.error.issues, []) };
  }
  if (header.data.format !== LEDGER_FORMAT) issue(["format"], "import.format.unknown", { format: LEDGER_FORMAT });
  else if (header.data.version !== LEDGER_FORMAT_VERSION)
    issue(["version"], "import.version.unsupported", { version: String(header.data.version), supported: LEDGER_FORMAT_VERSION });
  if (problems.length > 0) return { ok: false, problems };

  // Item by item (organisations, projects, their versions, lines, implementers, commitments),
  // so that one bad value does not hide the problems of the items beside it.
  const parseItem = <S extends z.ZodType>(schema: S, raw: unknown, path: readonly PathSegment[]): z.output<S> | null => {
    const r = schema.safeParse(raw, { reportInput: true });
    if (!r.success) problems.push(...zodProblems(r.error.issues, path));
    return r.success ? r.data : null;
  };
  const orgs = header.data.organisations.map((raw, i) => parseItem(organisationSchema, raw, ["organisations", i]));
  // A project's or version's own fields that can be read still serve the rules when others cannot.
  const parseHead = <S extends z.ZodObject>(schema: S, raw: unknown, path: readonly PathSegment[]) => {
    const full = parseItem(schema, raw, path);
    return full ? { head: full as Partial<z.output<S>>, complete: true } : { head: readableFields(schema, raw), complete: false };
  };
  const projects = header.data.projects.map((raw, j): ProjectParts => {
    const p = ["projects", j];
    const { head, complete } = parseHead(projectHeadSchema, raw, p);
    const versions = (head.planVersions ?? []).map((rv, k): VersionParts => {
      const vp = [...p, "planVersions", k];
      const v = parseHead(planVersionHeadSchema, rv, vp);
      return {
        head: v.head,
        complete: v.complete,
        costLines: (v.head.costLines ?? []).map((x, n) => parseItem(costLineSchema, x, [...vp, "costLines", n])),
        financingLines: (v.head.financingLines ?? []).map((x, n) => parseItem(financingLineSchema, x, [...vp, "financingLines", n])),
        implementers: (v.head.implementers ?? []).map((x, n) => parseItem(implementerSchema, x, [...vp, "implementers", n])),
        commitments: (v.head.commitments ?? []).map((x, n) => parseItem(commitmentSchema, x, [...vp, "commitments", n])),
      };
    });
    const changeRequests = (head.changeRequests ?? []).map((x, n) => parseItem(changeRequestSchema, x, [...p, "changeRequests", n]));
    const targets = (head.targets ?? []).map((x, n): TargetParts => {
      const tp = [...p, "targets", n];
      const t = parseHead(targetHeadSchema, x, tp);
      return { ...t, entries: (t.head.entries ?? []).map((e, i) => parseItem(targetEntrySchema, e, [...tp, "entries", i])) };
    });
    const obligations = (head.obligations ?? []).map((x, n): ObligationParts => {
      const op = [...p, "obligations", n];
      const o = parseHead(obligationHeadSchema, x, op);
      return { ...o, deadlines: (o.head.deadlines ?? []).map((d, i) => parseItem(deadlineSchema, d, [...op, "deadlines", i])) };
    });
    const payments = (head.paymentApplications ?? []).map((x, n) => parseItem(paymentApplicationSchema, x, [...p, "paymentApplications", n]));
    return { head, complete, versions, changeRequests, targets, obligations, payments };
  });
  // Refs of organisations that failed to parse still count as known (their own problems are reported).
  const brokenRefs = new Set<string>();
  header.data.organisations.forEach((raw, i) => {
    const r = (raw as { ref?: unknown } | null)?.ref;
    if (orgs[i] === null && typeof r === "string") brokenRefs.add(r.trim());
  });

  /* organisations of the file: unique refs, names and business IDs; matched to existing ones */
  const byRef = new Map<string, number>();
  const byName = new Map<string, number>();
  const byBusinessId = new Map<string, number>();
  const dbByBusinessId = new Map(snapshot.organisations.filter((o) => o.businessId !== null).map((o) => [o.businessId!, o]));
  const dbByName = new Map<string, ExistingOrganisation[]>();
  for (const o of snapshot.organisations) dbByName.set(o.name, [...(dbByName.get(o.name) ?? []), o]);
  const plans: OrganisationPlan[] = [];

  orgs.forEach((o, i) => {
    if (!o) return;
    const p = ["organisations", i];
    const seenRef = byRef.get(o.ref);
    if (seenRef !== undefined) issue([...p, "ref"], "import.ref.duplicate", { ref: o.ref, other: formatPath(["organisations", seenRef]) });
    else byRef.set(o.ref, i);
    const seenName = byName.get(o.name);
    if (seenName !== undefined) issue([...p, "name"], "import.name.duplicate", { other: formatPath(["organisations", seenName]) });
    else byName.set(o.name, i);
    if (o.businessId !== null) {
      const seen = byBusinessId.get(o.businessId);
      if (seen !== undefined) issue([...p, "businessId"], "import.businessId.duplicate", { other: formatPath(["organisations", seen]) });
      else byBusinessId.set(o.businessId, i);
    }

    let match: OrganisationPlan["match"] = null;
    let existing: ExistingOrganisation | undefined;
    const sameId = o.businessId !== null ? dbByBusinessId.get(o.businessId) : undefined;
    if (sameId) {
      existing = sameId;
      match = { id: sameId.id, by: "businessId" };
    } else {
      const named = dbByName.get(o.name) ?? [];
      if (named.length > 1) issue([...p, "name"], "import.organisation.ambiguous", { ref: o.name });
      else if (named.length === 1) {
        const only = named[0]!;
        if (o.businessId !== null && only.businessId !== null) {
          issue([...p, "businessId"], "import.organisation.businessIdConflict", { name: only.name, existing: only.businessId });
        } else {
          existing = only;
          match = { id: only.id, by: "name" };
        }
      }
    }
    if (existing && existing.kind !== o.kind)
      issue([...p, "kind"], "import.organisation.kindMismatch", { name: existing.name, existingKind: existing.kind, kind: o.kind });
    plans.push({ index: i, organisation: o, match });
  });

  /* references: an organisation of the file by ref, else an existing one by business ID, else by exact name */
  const refs = new Map<string, OrgTarget>();
  const resolveRef = (value: string, path: readonly PathSegment[]): Resolved => {
    const i = byRef.get(value);
    if (i !== undefined) {
      refs.set(value, { file: i });
      return { target: { file: i }, kind: orgs[i]!.kind };
    }
    if (brokenRefs.has(value)) return null;
    const bid = validateBusinessId(value);
    const bidMatch = bid.ok ? dbByBusinessId.get(bid.value) : undefined;
    const named = dbByName.get(value) ?? [];
    const found = bidMatch ?? (named.length === 1 ? named[0] : undefined);
    if (found) {
      refs.set(value, { db: found.id });
      return { target: { db: found.id }, kind: found.kind };
    }
    issue(path, named.length > 1 ? "import.organisation.ambiguous" : "import.organisation.unknown", { ref: value });
    return null;
  };
  const targetKey = (t: OrgTarget) => ("file" in t ? `f${t.file}` : `d${t.db}`);

  /* parents: exist, a city unit's parent is the city, no cycles */
  orgs.forEach((o, i) => {
    if (!o) return;
    const p = ["organisations", i, "parent"];
    if (o.parent === null) {
      if (o.kind === "city_unit") issue(p, "error.parentRequired");
      return;
    }
    const parent = resolveRef(o.parent, p);
    if (!parent) return;
    if (o.kind === "city_unit" && parent.kind !== null && parent.kind !== "city")
      issue(p, "import.organisation.parentNotCity", { ref: o.parent, kind: parent.kind });
    // Follow the chain inside the file: coming back to i is a cycle.
    const seen = new Set<number>([i]);
    let next = byRef.get(o.parent);
    while (next !== undefined) {
      if (seen.has(next)) {
        if (next === i) issue(p, "import.organisation.parentCycle");
        break;
      }
      seen.add(next);
      const up = orgs[next]?.parent;
      next = up ? byRef.get(up) : undefined;
    }
  });

  /* projects */
  const caseNumbers = new Map<string, number>();
  const fileProjects: FileProject[] = [];
  projects.forEach((parts, j) => {
    const pr = parts.head;
    const p = ["projects", j];
    if (pr.caseNumber !== undefined) {
      const seen = caseNumbers.get(pr.caseNumber);
      if (seen !== undefined) issue([...p, "caseNumber"], "import.caseNumber.duplicate", { caseNumber: pr.caseNumber, other: formatPath(["projects", seen]) });
      else caseNumbers.set(pr.caseNumber, j);
      if (snapshot.caseNumbers.has(pr.caseNumber)) issue([...p, "caseNumber"], "error.caseNumber.duplicate");
    }
    if (pr.lead !== undefined) resolveRef(pr.lead, [...p, "lead"]);
    if (pr.funder != null) resolveRef(pr.funder, [...p, "funder"]);

    const numbers = new Map<number, number>();
    parts.versions.forEach((v, k) => {
      const n = v.head.versionNumber;
      if (n === undefined) return;
      const other = numbers.get(n);
      if (other !== undefined)
        issue([...p, "planVersions", k, "versionNumber"], "import.versions.number", { versionNumber: n, other: formatPath([...p, "planVersions", other]) });
      else numbers.set(n, k);
    });
    // Rules over all the versions: only when every version's own fields could be read.
    if (parts.complete && parts.versions.every((v) => v.complete)) {
      const all = parts.versions.map((v) => v.head as VersionHead);
      const current = all.filter((v) => v.state === "current").length;
      if (current !== 1) issue([...p, "planVersions"], "import.versions.current", { count: current });
      // The cost model is that of the first version (lowest number) in every version.
      const first = [...all].sort((a, b) => a.versionNumber - b.versionNumber)[0]!;
      all.forEach((v, k) => {
        const vp = [...p, "planVersions", k];
        if (v.costModel !== first.costModel) issue([...vp, "costModel"], "error.costModel.changed", { model: first.costModel });
        else if (v.costModel === "flat_staff" && v.flatRateBp !== first.flatRateBp)
          issue([...vp, "flatRateBp"], "error.costModel.changed", { model: first.costModel });
      });
    }
    parts.versions.forEach((v, k) => checkPlanVersion(v, [...p, "planVersions", k], { issue, resolveRef, targetKey }));
    checkChangeRequests(parts, numbers, p, { issue, resolveRef, targetKey });
    checkFollowUp(parts, p, snapshot.today ?? null, issue);
    const versions = parts.versions.map(completeVersion);
    const targets = parts.targets.map((t) => (t.complete && complete(t.entries) ? { ...(t.head as TargetHead), entries: t.entries } : null));
    const obligations = parts.obligations.map((o) => (o.complete && complete(o.deadlines) ? { ...(o.head as ObligationHead), deadlines: o.deadlines } : null));
    if (parts.complete && complete(versions) && complete(parts.changeRequests) && complete(targets) && complete(obligations) && complete(parts.payments)) {
      fileProjects.push({
        ...(pr as ProjectHead),
        planVersions: versions,
        changeRequests: parts.changeRequests,
        targets,
        obligations,
        paymentApplications: parts.payments,
      });
    }
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, plan: { organisations: plans, projects: fileProjects, refs } };
}

type VersionHead = z.output<typeof planVersionHeadSchema>;
type ProjectHead = z.output<typeof projectHeadSchema>;

/** A version as read item by item: its own fields that could be read, and null for each item that could not. */
interface VersionParts {
  head: Partial<VersionHead>;
  /** Whether every own field could be read. */
  complete: boolean;
  costLines: (FileCostLine | null)[];
  financingLines: (FileFinancingLine | null)[];
  implementers: (FileImplementer | null)[];
  commitments: (FileCommitment | null)[];
}

type TargetHead = z.output<typeof targetHeadSchema>;
type ObligationHead = z.output<typeof obligationHeadSchema>;

interface TargetParts {
  head: Partial<TargetHead>;
  complete: boolean;
  entries: (FileTargetEntry | null)[];
}

interface ObligationParts {
  head: Partial<ObligationHead>;
  complete: boolean;
  deadlines: (FileDeadline | null)[];
}

interface ProjectParts {
  head: Partial<ProjectHead>;
  complete: boolean;
  versions: VersionParts[];
  changeRequests: (FileChangeRequest | null)[];
  targets: TargetParts[];
  obligations: ObligationParts[];
  payments: (FilePaymentApplication | null)[];
}

/** The fields of an object that can be read on their own (for the rules, when the object as a whole cannot). */
function readableFields<S extends z.ZodObject>(schema: S, raw: unknown): Partial<z.output<S>> {
  const out: Record<string, unknown> = {};
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const r = field.safeParse((raw as Record<string, unknown>)[key]);
      if (r.success) out[key] = r.data;
    }
  }
  return out as Partial<z.output<S>>;
}

const complete = <T>(items: (T | null)[]): items is T[] => items.every((x) => x !== null);

function completeVersion(v: VersionParts): FilePlanVersion | null {
  if (!v.complete || !complete(v.costLines) || !complete(v.financingLines) || !complete(v.implementers) || !complete(v.commitments)) return null;
  return { ...(v.head as VersionHead), costLines: v.costLines, financingLines: v.financingLines, implementers: v.implementers, commitments: v.commitments };
}

interface VersionContext {
  issue: (path: readonly PathSegment[], key: MessageKey, params?: ProblemParams) => void;
  resolveRef: (value: string, path: readonly PathSegment[]) => Resolved;
  targetKey: (t: OrgTarget) => string;
}

/** The rules of one plan version (the plan form's rules, stated for the file), over the items that could be read. */
function checkPlanVersion(parts: VersionParts, p: readonly PathSegment[], ctx: VersionContext): void {
  const { issue, resolveRef } = ctx;
  const v = parts.head;
  let period: { start: Day; end: Day } | null = null;
  if (v.start !== undefined && v.end !== undefined) {
    if (v.end < v.start) issue([...p, "end"], "error.period.endBeforeStart");
    else period = { start: v.start, end: v.end };
  }

  const model = v.costModel;
  if (model !== undefined && v.flatRateBp !== undefined) {
    if (model === "flat_40" && v.flatRateBp !== null && v.flatRateBp !== 4000) issue([...p, "flatRateBp"], "import.flatRate.fixed");
    if (model === "flat_staff" && v.flatRateBp === null) issue([...p, "flatRateBp"], "import.flatRate.required");
    if ((model === "actual" || model === "lump_sum") && v.flatRateBp !== null) issue([...p, "flatRateBp"], "import.flatRate.notAllowed", { model });
  }

  const allowed = model === undefined ? null : costKindsFor(model);
  let flatLines = 0;
  parts.costLines.forEach((l, n) => {
    if (!l) return;
    const lp = [...p, "costLines", n];
    if (allowed && !allowed.includes(l.kind)) issue([...lp, "kind"], "import.costKind.notInModel", { kind: l.kind, model: model! });
    if ((l.staffHoursCenti === null) !== (l.hourlyRateCents === null)) {
      issue([...lp, l.staffHoursCenti === null ? "staffHoursCenti" : "hourlyRateCents"], "import.staff.pair");
    } else if (l.staffHoursCenti !== null && l.hourlyRateCents !== null) {
      if (l.kind !== "staff") issue([...lp, "staffHoursCenti"], "error.hours.onlyStaff");
      else {
        const expected = staffCostFromHours(l.staffHoursCenti, l.hourlyRateCents);
        if (expected !== l.amountCents) issue([...lp, "amountCents"], "import.staff.amount", { expectedCents: expected, actualCents: l.amountCents });
      }
    }
    if (l.kind === "flat_rate") {
      flatLines++;
      if (flatLines > 1) issue([...lp, "kind"], "import.flatRate.multiple");
      if (l.years.length > 0) issue([...lp, "years"], "import.flatRate.years");
    } else checkYears(l.amountCents, l.years, [...lp, "years"], period, issue);
    if (l.organisation !== null) resolveRef(l.organisation, [...lp, "organisation"]);
  });

  // The flat-rate line, when given, must be what the cost model computes (known only when every cost line could be read).
  const rate = model === undefined || v.flatRateBp === undefined ? null : flatRateFor(model, model === "flat_40" ? 4000 : v.flatRateBp);
  const flatIndex = parts.costLines.findIndex((l) => l?.kind === "flat_rate");
  if (rate !== null && flatIndex >= 0 && complete(parts.costLines)) {
    const expected = applyRate(staffBaseCents(asPlanLines(parts.costLines)), rate);
    const actual = parts.costLines[flatIndex]!.amountCents;
    if (actual !== expected) issue([...p, "costLines", flatIndex, "amountCents"], "import.flatRate.amount", { expectedCents: expected, actualCents: actual });
  }

  parts.financingLines.forEach((l, n) => {
    if (!l) return;
    const lp = [...p, "financingLines", n];
    checkYears(l.amountCents, l.years, [...lp, "years"], period, issue);
    if (l.organisation !== null) resolveRef(l.organisation, [...lp, "organisation"]);
  });

  const implementers = new Set<string>();
  parts.implementers.forEach((im, n) => {
    if (!im) return;
    const ip = [...p, "implementers", n, "organisation"];
    const r = resolveRef(im.organisation, ip);
    if (!r) return;
    const key = ctx.targetKey(r.target);
    if (implementers.has(key)) issue(ip, "error.implementer.duplicate");
    implementers.add(key);
  });

  parts.commitments.forEach((c, n) => {
    if (!c) return;
    const cp = [...p, "commitments", n];
    const r = resolveRef(c.organisation, [...cp, "organisation"]);
    if (r && r.kind !== null && !isCityKind(r.kind)) issue([...cp, "organisation"], "error.organisation.notCityUnit");
    if (c.conditionStatus === "none" && c.conditionText !== "") issue([...cp, "conditionText"], "import.condition.textWithoutCondition");
    if (c.conditionStatus !== "none" && c.conditionText === "") issue([...cp, "conditionText"], "error.required");
    // A commitment may be split over years outside the period: that is a warning, not an error.
    checkYears(c.amountCents, c.years, [...cp, "years"], null, issue);
  });
}

/** The states a request's proposed plan version is in, by the request's standing. */
const PROPOSAL_STATES: Record<RequestOutcome, readonly (typeof PLAN_STATES)[number][]> = {
  withdrawn: ["rejected"],
  pending: ["proposed"],
  rejected: ["rejected"],
  // In force: current, or superseded by a later version.
  approved: ["current", "superseded"],
  conditional: ["current", "superseded"],
  condition_met: ["current", "superseded"],
  // The previous plan stands again.
  condition_failed: ["rejected"],
};

/**
 * The rules of a project's change requests, as the database's checks and the decision rules
 * state them: a conditional approval has a condition (text and state) and nothing else does; a
 * decided request has its body and date, a pending one no decision; days in order (received ≤
 * decided ≤ settled); the versions named exist in the project, the base before the proposal, no
 * proposal shared; each proposal's state agrees with its request; and a version that is
 * proposed or rejected is some request's proposal.
 */
function checkChangeRequests(parts: ProjectParts, numbers: ReadonlyMap<number, number>, p: readonly PathSegment[], ctx: VersionContext): void {
  const { issue } = ctx;
  const stateOf = (n: number) => {
    const k = numbers.get(n);
    return k === undefined ? undefined : parts.versions[k]!.head.state;
  };
  const proposals = new Map<number, number>();
  parts.changeRequests.forEach((r, n) => {
    if (!r) return;
    const rp = [...p, "changeRequests", n];
    if (r.requestedBy !== null) ctx.resolveRef(r.requestedBy, [...rp, "requestedBy"]);
    const seenKinds = new Set<string>();
    r.kinds.forEach((k, i) => {
      if (seenKinds.has(k)) issue([...rp, "kinds", i], "import.changeRequest.kindRepeated", { kind: k });
      seenKinds.add(k);
    });

    // State, condition and decision.
    const conditional = r.state === "approved_conditionally";
    if (conditional && r.conditionState === null) issue([...rp, "conditionState"], "import.changeRequest.conditionStateRequired");
    if (!conditional && r.conditionState !== null) issue([...rp, "conditionState"], "import.changeRequest.conditionStateNotAllowed", { state: r.state });
    if (conditional && r.conditionText === "") issue([...rp, "conditionText"], "changeRequest.problem.CONDITION_TEXT_MISSING");
    if (!conditional && r.conditionText !== "") issue([...rp, "conditionText"], "import.changeRequest.conditionTextNotAllowed", { state: r.state });
    const settled = r.conditionState === "met" || r.conditionState === "failed";
    if (settled && r.conditionSettledOn === null) issue([...rp, "conditionSettledOn"], "error.required");
    if (!settled && r.conditionSettledOn !== null) issue([...rp, "conditionSettledOn"], "import.changeRequest.settledWithoutSettlement");
    if (r.state === "pending") {
      for (const f of ["decisionBody", "decisionDate", "decisionSection"] as const) {
        if (r[f] !== null && r[f] !== "") issue([...rp, f], "import.changeRequest.decisionOnPending");
      }
    } else {
      if (r.decisionBody === "") issue([...rp, "decisionBody"], "changeRequest.problem.BODY_MISSING");
      if (r.decisionDate === null) issue([...rp, "decisionDate"], "changeRequest.problem.DATE_MISSING");
      else if (r.decisionDate < r.receivedOn) issue([...rp, "decisionDate"], "changeRequest.problem.DATE_BEFORE_REQUEST");
      if (settled && r.conditionSettledOn !== null && r.decisionDate !== null && r.conditionSettledOn < r.decisionDate) {
        issue([...rp, "conditionSettledOn"], "changeRequest.problem.DATE_BEFORE_DECISION");
      }
    }
    // The project's names before an approval: all three or none, and only once approved.
    const previous = [r.previousName, r.previousShortName, r.previousTargetGroup];
    if (previous.some((x) => x !== null)) {
      if (r.state === "pending" || r.state === "rejected") issue([...rp, "previousName"], "import.changeRequest.previousNotApproved", { state: r.state });
      else if (previous.some((x) => x === null)) {
        const missing = (["previousName", "previousShortName", "previousTargetGroup"] as const).find((f) => r[f] === null)!;
        issue([...rp, missing], "error.required");
      }
    }

    // The plan versions it names.
    const base = stateOf(r.baseVersionNumber);
    const proposed = stateOf(r.proposedVersionNumber);
    if (!numbers.has(r.baseVersionNumber)) issue([...rp, "baseVersionNumber"], "import.changeRequest.versionUnknown", { versionNumber: r.baseVersionNumber });
    else if (base !== undefined && base !== "current" && base !== "superseded") {
      issue([...rp, "baseVersionNumber"], "import.changeRequest.baseState", { versionNumber: r.baseVersionNumber, state: base });
    }
    if (!numbers.has(r.proposedVersionNumber)) {
      issue([...rp, "proposedVersionNumber"], "import.changeRequest.versionUnknown", { versionNumber: r.proposedVersionNumber });
      return;
    }
    if (numbers.has(r.baseVersionNumber) && r.proposedVersionNumber <= r.baseVersionNumber)
      issue([...rp, "proposedVersionNumber"], "import.changeRequest.versionOrder", { base: r.baseVersionNumber, proposed: r.proposedVersionNumber });
    const other = proposals.get(r.proposedVersionNumber);
    if (other !== undefined)
      issue([...rp, "proposedVersionNumber"], "import.changeRequest.proposalShared", {
        versionNumber: r.proposedVersionNumber,
        other: formatPath([...p, "changeRequests", other]),
      });
    else proposals.set(r.proposedVersionNumber, n);
    const expected = PROPOSAL_STATES[requestOutcome({ state: r.state, conditionState: r.conditionState })];
    if (proposed !== undefined && !expected.includes(proposed)) {
      issue([...rp, "proposedVersionNumber"], "import.changeRequest.proposedState", {
        versionNumber: r.proposedVersionNumber,
        state: proposed,
        expected: expected.join(", "),
      });
    }
  });
  // A proposed or rejected version exists only as a request's proposal (when every request could be read).
  if (!complete(parts.changeRequests)) return;
  parts.versions.forEach((v, k) => {
    const s = v.head.state;
    const n = v.head.versionNumber;
    if ((s === "proposed" || s === "rejected") && n !== undefined && !proposals.has(n))
      issue([...p, "planVersions", k, "state"], "import.versions.withoutRequest", { state: s });
  });
}

/** The period of the project's one current plan version, when it can be read. */
function currentPeriod(parts: ProjectParts): { start: Day; end: Day } | null {
  const current = parts.versions.filter((v) => v.head.state === "current");
  if (current.length !== 1) return null;
  const { start, end } = current[0]!.head;
  return start !== undefined && end !== undefined && start <= end ? { start, end } : null;
}

/**
 * The rules of a project's targets, reporting obligations and payment applications, as the
 * forms and the models state them (app/schemas/indicator.ts, obligation.ts, payment.ts and their
 * models): one target of each fixed kind, a percentage only for outcomes, entries inside the
 * current plan's period and not after today with a complete gender split that adds up, outcomes
 * never above those reached; an obligation's rule fields as its kind wants them and its
 * deadlines numbered once each with their dates as their status wants them; a payment
 * application's dates and amounts as its status wants them, its period touching the plan's.
 */
function checkFollowUp(parts: ProjectParts, p: readonly PathSegment[], today: Day | null, issue: VersionContext["issue"]): void {
  const period = currentPeriod(parts);

  /* targets */
  const kinds = new Set<string>();
  const totals = new Map<string, { value: number; complete: boolean; path: PathSegment[]; target: number | null; targetKind?: string }>();
  parts.targets.forEach((t, n) => {
    const tp = [...p, "targets", n];
    const h = t.head;
    if (h.kind !== undefined && h.kind !== "custom") {
      if (kinds.has(h.kind)) issue([...tp, "kind"], "import.target.kindRepeated", { kind: h.kind });
      kinds.add(h.kind);
    }
    if (h.kind === "custom" && h.name !== undefined && h.name === "") issue([...tp, "name"], "error.required");
    if (h.kind !== undefined && h.targetKind === "percent") {
      if (!isOutcomeKind(h.kind)) issue([...tp, "targetKind"], "import.target.percentOnlyOutcome", { kind: h.kind });
      else if (h.target != null && h.target > 10_000) issue([...tp, "target"], "import.target.percentTooLarge");
    }
    if (t.entries.length > 0 && period === null && parts.versions.every((v) => v.complete)) issue([...tp, "entries"], "import.target.noPeriod");
    let value = 0;
    t.entries.forEach((e, i) => {
      if (!e) return;
      const ep = [...tp, "entries", i];
      value += e.value;
      if (period && (e.date < period.start || e.date > period.end))
        issue([...ep, "date"], "error.entry.outsidePeriod", { startDay: period.start, endDay: period.end });
      else if (today !== null && e.date > today) issue([...ep, "date"], "error.entry.future", { todayDay: today });
      const split = [e.women, e.men, e.other];
      if (split.some((x) => x !== null)) {
        if (split.some((x) => x === null)) issue([...ep, e.women === null ? "women" : e.men === null ? "men" : "other"], "import.entry.genderPartial");
        else if (e.women! + e.men! + e.other! !== e.value)
          issue([...ep, "women"], "error.entry.genderSum", { sum: e.women! + e.men! + e.other!, value: e.value });
      }
    });
    // The first target of a kind counts (a repeated one is its own problem).
    if (h.kind !== undefined && h.kind !== "custom" && !totals.has(h.kind))
      totals.set(h.kind, { value, complete: complete(t.entries), path: tp, target: h.target ?? null, targetKind: h.targetKind });
  });
  // Outcomes are counted among those reached: no outcome total above the reach, no outcome count target above the reach target.
  const reach = totals.get("reach");
  if (reach && reach.complete) {
    for (const [kind, o] of totals) {
      if (!isOutcomeKind(kind)) continue;
      if (o.complete && o.value > reach.value) issue([...o.path, "entries"], "error.entry.outcomeAboveReach", { outcomes: o.value, reached: reach.value });
      if (o.targetKind === "count" && o.target !== null && reach.target !== null && o.target > reach.target)
        issue([...o.path, "target"], "error.indicator.outcomeTargetAboveReach", { target: reach.target });
    }
  }

  /* reporting obligations and their deadlines */
  parts.obligations.forEach((o, n) => {
    const op = [...p, "obligations", n];
    const h = o.head;
    const kind = h.kind;
    if (kind !== undefined) {
      const notAllowed = (field: "timesPerYear" | "everyMonths" | "dueDate") => {
        if (h[field] != null) issue([...op, field], "import.obligation.fieldNotAllowed", { field, kind });
      };
      if (kind === "committee_report") {
        if (h.timesPerYear === null) issue([...op, "timesPerYear"], "error.required");
        else if (h.timesPerYear !== undefined && !(TIMES_PER_YEAR as readonly number[]).includes(h.timesPerYear))
          issue([...op, "timesPerYear"], "error.obligation.timesPerYear");
      } else notAllowed("timesPerYear");
      if (kind === "payment_application") {
        if (h.everyMonths === null) issue([...op, "everyMonths"], "error.required");
        else if (h.everyMonths !== undefined && (h.everyMonths < 1 || h.everyMonths > 24)) issue([...op, "everyMonths"], "error.obligation.everyMonths");
      } else notAllowed("everyMonths");
      if (kind === "interim_report" || kind === "single") {
        if (h.dueDate === null) issue([...op, "dueDate"], "error.required");
        else if (kind === "interim_report" && h.dueDate !== undefined && period && (h.dueDate < period.start || h.dueDate > period.end))
          issue([...op, "dueDate"], "error.obligation.dueOutsidePeriod", { startDay: period.start, endDay: period.end });
      } else notAllowed("dueDate");
      if (kind === "single" && h.title === "") issue([...op, "title"], "error.required");
    }
    const seqs = new Set<number>();
    o.deadlines.forEach((d, i) => {
      if (!d) return;
      const dp = [...op, "deadlines", i];
      if (seqs.has(d.seq)) issue([...dp, "seq"], "import.deadline.seqRepeated", { seq: d.seq });
      seqs.add(d.seq);
      if (d.periodStart !== null && d.periodEnd !== null && d.periodEnd < d.periodStart) issue([...dp, "periodEnd"], "import.deadline.periodReversed");
      if (d.status === "open") {
        if (d.submittedOn !== null) issue([...dp, "submittedOn"], "import.deadline.datesOnOpen");
        if (d.decidedOn !== null) issue([...dp, "decidedOn"], "import.deadline.datesOnOpen");
        return;
      }
      if (d.submittedOn === null) issue([...dp, "submittedOn"], "error.required");
      if (d.status === "submitted") {
        if (d.decidedOn !== null) issue([...dp, "decidedOn"], "import.deadline.decidedNotAllowed", { status: d.status });
      } else if (d.decidedOn === null) issue([...dp, "decidedOn"], "error.required");
      else if (d.submittedOn !== null && d.decidedOn < d.submittedOn) issue([...dp, "decidedOn"], "error.deadline.decidedBeforeSubmitted");
    });
  });

  /* payment applications */
  parts.payments.forEach((a, n) => {
    if (!a) return;
    const ap = [...p, "paymentApplications", n];
    if (a.periodEnd < a.periodStart) issue([...ap, "periodEnd"], "payment.error.periodReversed");
    else if (period && (a.periodEnd < period.start || a.periodStart > period.end))
      issue([...ap, "periodStart"], "payment.error.outsidePlan", { startDay: period.start, endDay: period.end });
    if (a.status !== "draft" && a.submittedOn === null) issue([...ap, "submittedOn"], "payment.error.submittedRequired");
    const decided = a.status === "approved" || a.status === "partly_approved" || a.status === "rejected";
    if (decided && a.decidedOn === null) issue([...ap, "decidedOn"], "payment.error.decidedRequired");
    if (a.submittedOn !== null && a.decidedOn !== null && a.decidedOn < a.submittedOn)
      issue([...ap, "decidedOn"], "payment.error.decidedBeforeSubmitted", { submittedDay: a.submittedOn });
    if (a.status === "draft" || a.status === "submitted") {
      if (a.amountApprovedCents !== null) issue([...ap, "amountApprovedCents"], "payment.error.approvedNotDecided");
    } else {
      if ((a.status === "approved" || a.status === "partly_approved") && a.amountApprovedCents === null)
        issue([...ap, "amountApprovedCents"], "payment.error.approvedRequired");
      if (a.amountApprovedCents !== null && a.amountApprovedCents > a.amountAppliedCents)
        issue([...ap, "amountApprovedCents"], "payment.error.approvedAboveApplied", { appliedCents: a.amountAppliedCents });
    }
  });
}

/**
 * Entered yearly amounts: no year twice, the sum exactly the amount (the split rule's own
 * check), and for plan lines every year inside the period.
 */
function checkYears(
  amount: Cents,
  entered: readonly YearAmount[],
  path: readonly PathSegment[],
  period: { start: Day; end: Day } | null,
  issue: VersionContext["issue"],
): void {
  if (entered.length === 0) return;
  for (const problem of checkExplicitSplit(amount, entered)) {
    if (problem.code === "SPLIT_DUPLICATE_YEAR") {
      const at = entered.map((e) => e.year).lastIndexOf(problem.year);
      issue([...path, at, "year"], "error.year.duplicate", { year: problem.year });
    } else issue(path, "error.split.sum", { expectedCents: problem.expectedCents, actualCents: problem.actualCents });
  }
  if (period) {
    const first = yearOf(period.start);
    const last = yearOf(period.end);
    entered.forEach((e, i) => {
      if (e.year < first || e.year > last) issue([...path, i, "year"], "error.year.outsidePeriod", { year: e.year });
    });
  }
}

/** A file version's cost lines as the domain's plan lines (for the cost-model functions). */
function asPlanLines(costLines: readonly FileCostLine[]): PlanLineData[] {
  return costLines.map((l, n) => ({
    key: `c${n}`,
    side: "cost",
    kind: l.kind,
    organisationId: null,
    organisationIsCity: false,
    label: l.label,
    amountCents: l.amountCents,
    statedPercentBp: null,
    staffHoursCenti: l.staffHoursCenti,
    hourlyRateCents: l.hourlyRateCents,
    entered: l.years.length > 0 ? l.years : null,
  }));
}

/** The flat rate stored for a version: 40 % under flat_40, the given rate under flat_staff, else none. */
export function storedFlatRateBp(model: CostModel, flatRateBp: number | null): number | null {
  return flatRateFor(model, flatRateBp);
}

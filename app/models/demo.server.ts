/**
 * The demo portfolio: the four projects of the Employment and International Affairs
 * Division's agenda of 20.5.2026 (Kajaani), with the organisations involved. Figures the
 * agenda states are used as stated; where it states none (Kotona Kajaanissa's and FLOW's
 * budgets, FLOW's period) the plan's note says the figures are illustrative.
 * Idempotent: organisations are matched by name, projects by case number.
 */
import type { DB } from "../../db/connection";
import { createOrganisation } from "./organisation.server";
import { createProject } from "./project.server";
import { createCommitment } from "./commitment.server";
import { SYSTEM } from "./audit.server";
import { createUser } from "./user.server";
import { decideChangeRequest, recordChangeRequest } from "./change-request.server";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";
import type { LineInput, PlanInput } from "~/schemas/ledger";
import type { ProjectInput } from "~/schemas/project";
import type { CommitmentInput } from "~/schemas/commitment";
import type { OrganisationKind } from "~/domain/vocabulary";
import type { IndicatorKind } from "~/domain/indicators";
import { addDays, DEFAULT_DAYS_AFTER } from "~/domain/obligations";
import { todayInHelsinki } from "~/domain/clock";
import { nowIso } from "~/domain/days";
import type { ObligationInput } from "~/schemas/obligation";
import { addEntry, createIndicator } from "./indicator.server";
import { createObligation, updateDeadline } from "./obligation.server";
import { reviewReport, saveReport, startReport } from "./report.server";
import { createItem, createMeeting } from "./agenda.server";
import type { NewItemInput } from "~/schemas/agenda";
import type { ReportFigures, ReportSection } from "~/domain/report";
import type { Viewer } from "~/domain/permissions";
import { createPayment } from "./payment.server";
import { fileClaim, markClaimPaid, reviewClaim, setBonusYear, type ClaimInput } from "./bonus.server";
import { addCalendarMonths } from "~/domain/bonus";
import { pdf } from "~/utils/pdf";

const ESR_PROGRAMME = "Uudistuva ja osaava Suomi 2021–2027 (ESR+)";
const DIVISION = "Työllisyys- ja kansainvälisyysjaosto";

const ORGS: { key: string; name: string; shortName: string; kind: OrganisationKind; businessId: string | null; parent?: string }[] = [
  { key: "city", name: "Kajaanin kaupunki", shortName: "Kajaani", kind: "city", businessId: null },
  { key: "employment", name: "Työllisyys- ja kansainvälisyyspalvelut", shortName: "Työllisyyspalvelut", kind: "city_unit", businessId: null, parent: "city" },
  { key: "kaukametsa", name: "Kaukametsän opisto", shortName: "Kaukametsä", kind: "city_unit", businessId: null, parent: "city" },
  { key: "haka", name: "Kajaanin Haka ry", shortName: "Haka", kind: "association", businessId: "0185547-3" },
  { key: "spr", name: "Suomen Punaisen Ristin Oulun piiri", shortName: "SPR Oulun piiri", kind: "association", businessId: null },
  { key: "sotkamo", name: "Sotkamon kunta", shortName: "Sotkamo", kind: "municipality", businessId: null },
  { key: "elinvoima", name: "Pohjois-Suomen elinvoimakeskus", shortName: "Elinvoimakeskus", kind: "funder", businessId: null },
];

const eur = (euros: number) => Math.round(euros * 100);

function line(side: "cost" | "financing", kind: LineInput["kind"], amountEuros: number, extra: Partial<LineInput> = {}): LineInput {
  return {
    side,
    kind,
    organisationId: null,
    label: "",
    amountCents: eur(amountEuros),
    statedPercentBp: null,
    staffHoursCenti: null,
    hourlyRateCents: null,
    years: [],
    ...extra,
  };
}

function staffHours(hours: number, rateEuros: number, extra: Partial<LineInput> = {}): LineInput {
  return line("cost", "staff", 0, { staffHoursCenti: hours * 100, hourlyRateCents: eur(rateEuros), ...extra });
}

function project(p: Partial<ProjectInput> & Pick<ProjectInput, "name" | "shortName" | "caseNumber" | "leadOrganisationId" | "status">): ProjectInput {
  return { funderOrganisationId: null, programme: ESR_PROGRAMME, specificObjective: "", targetGroup: "", description: "", euShareBp: 6000, ...p };
}

function commitment(c: Partial<CommitmentInput> & Pick<CommitmentInput, "organisationId" | "amountCents">): CommitmentInput {
  return {
    conditionStatus: "none",
    conditionText: "",
    annualBudgetReservation: true,
    decisionBody: "",
    decisionDate: null,
    decisionSection: "",
    note: "",
    years: [],
    ...c,
  };
}

export interface SeedOptions {
  /**
   * SUMMIT's change request of § 14: "conditional" (default) as decided on 20.5.2026, or
   * "pending" to rehearse the meeting (record the decision yourself).
   */
  summitRequest?: "conditional" | "pending";
}

export async function seedDemo(db: DB, options: SeedOptions = {}): Promise<{ organisations: number; projects: number; users: number }> {
  const ids: Record<string, number> = {};
  let newOrgs = 0;
  for (const o of ORGS) {
    const existing = await db.selectFrom("organisation").select("id").where("name", "=", o.name).executeTakeFirst();
    if (existing) ids[o.key] = existing.id;
    else {
      ids[o.key] = await createOrganisation(db, SYSTEM, {
        name: o.name,
        shortName: o.shortName,
        kind: o.kind,
        businessId: o.businessId,
        parentId: o.parent ? ids[o.parent]! : null,
      });
      newOrgs++;
    }
  }
  const id = (k: string) => ids[k]!;
  let newProjects = 0;

  async function add(p: ProjectInput, plan: PlanInput, commitments: CommitmentInput[]): Promise<number | null> {
    const existing = await db.selectFrom("project").select("id").where("case_number", "=", p.caseNumber).executeTakeFirst();
    if (existing) return null;
    const projectId = await createProject(db, SYSTEM, { project: p, plan });
    for (const c of commitments) await createCommitment(db, SYSTEM, projectId, c);
    newProjects++;
    return projectId;
  }

  // § 13 Kotona Kajaanissa: the city leads a group project with SPR Oulun piiri; ESR funded.
  // The agenda gives no budget: the staff (2 full-time + 1 part-time at the city, 1 full-time at SPR)
  // are priced here as an illustration of the 40 % flat-rate model.
  await add(
    project({
      name: "Kotona Kajaanissa",
      shortName: "Kotona Kajaanissa",
      caseNumber: "KAJDno-2024-1358",
      leadOrganisationId: id("city"),
      funderOrganisationId: id("elinvoima"),
      specificObjective: "Kaksisuuntainen kotoutuminen",
      targetGroup: "Vieraskieliset kajaanilaiset (tavoite 375 henkilöä kolmessa vuodessa)",
      description:
        "Edistää kaksisuuntaista kotoutumista ja vieraskielisten kiinnittymistä kajaanilaisiin paikallisyhteisöihin. Suunniteltu alkamaan 1.1.2025, toteutunut 1.5.2025 alkaen. Kaksi maksatushakemusta ja kaksi henkilöstön työtunteja koskevaa muutoshakemusta, kaikki hyväksytty.",
      status: "running",
    }),
    {
      start: "2025-05-01",
      end: "2028-04-30",
      totalBudgetCents: eur(794_640),
      costModel: "flat_40",
      flatRateBp: 4000,
      note: "Esityslistassa ei ole hankkeen budjettia: summat ovat havainnollistavia (henkilöstö 2,5 htv kaupungilla ja 1 htv SPR:llä, 1 720 h/htv).",
      lines: [
        staffHours(12_900, 32, { organisationId: id("city"), label: "Kajaanin kaupunki, 2,5 htv" }),
        staffHours(5_160, 30, { organisationId: id("spr"), label: "SPR Oulun piiri, 1 htv" }),
        line("financing", "esr", 635_712, { organisationId: id("elinvoima"), statedPercentBp: 8000 }),
        line("financing", "own", 115_584, { organisationId: id("employment"), label: "Kaupungin omarahoitus" }),
        line("financing", "own", 43_344, { organisationId: id("spr"), label: "SPR:n omarahoitus" }),
      ],
      implementers: [
        { organisationId: id("city"), role: "lead", budgetCents: eur(577_920) },
        { organisationId: id("spr"), role: "co", budgetCents: eur(216_720) },
      ],
    },
    [
      commitment({
        organisationId: id("employment"),
        amountCents: eur(115_584),
        note: "Kaupungin oma hanke: omarahoitus talousarviosta (havainnollistava summa).",
      }),
    ],
  );

  // § 14 SUMMIT: the original plan, before the change request.
  const summitId = await add(
    project({
      name: "Summit – Kohti koulutusta, kohti työelämää",
      shortName: "SUMMIT",
      caseNumber: "KAJDno-2025-1294",
      leadOrganisationId: id("haka"),
      funderOrganisationId: id("elinvoima"),
      targetGroup: "Työnhakijat, jotka tarvitsevat tukea koulutukseen ja työelämään",
      description:
        "Kajaanin Haka ry:n hanke, jota kaupunki rahoittaa kuntarahoituksella. Kaupungin osuus ja sen jako vuosille ovat rahoitussuunnitelmassa ja sitoumuksissa.",
      status: "applied",
    }),
    {
      start: "2026-04-01",
      end: "2028-03-30",
      totalBudgetCents: eur(520_000),
      costModel: "flat_40",
      flatRateBp: 4000,
      note: "Alkuperäinen suunnitelma esityslistan § 14 mukaan: kokonaisbudjetti n. 520 000 €.",
      lines: [
        line("financing", "esr", 416_000, { organisationId: id("elinvoima"), statedPercentBp: 8000, label: "Suunniteltu ESR-rahoitus" }),
        line("financing", "own", 104_000, { organisationId: id("employment"), statedPercentBp: 2000, label: "Jaoston myöntämä omarahoitusosuus" }),
      ],
      implementers: [{ organisationId: id("haka"), role: "lead", budgetCents: eur(520_000) }],
    },
    [
      commitment({
        organisationId: id("employment"),
        amountCents: eur(55_000),
        decisionBody: DIVISION,
        note: "Kuntarahoitus (avustus) ajalle 1.4.2026–30.3.2028, jaettu kalenterivuosille 2026–2028. Päätöksen päivämäärä ei käy ilmi esityslistasta.",
      }),
    ],
  );

  if (summitId !== null) await summitChangeRequest(db, summitId, id, options.summitRequest ?? "conditional");

  // § 15 OTE: as the agenda states it — 21 000 € "over two years 2027–2029" for a 2027–2028 project.
  await add(
    project({
      name: "Ohjaavalla otteella parempaan tulevaisuuteen",
      shortName: "OTE",
      caseNumber: "KAJDno-2026-641",
      leadOrganisationId: id("kaukametsa"),
      specificObjective: "Uraohjausmallin ja koulutuspilottien kehittäminen",
      targetGroup: "Työllisyyspalveluiden asiakkaat; työllisyyspalveluiden ja kansalaisopistojen henkilöstö",
      description:
        "Ryhmähanke: Kaukametsän opisto ja Kajaanin työllisyys- ja kansainvälisyyspalvelut, osatoteuttajana Sotkamon kunta. Raportoidaan jaostolle vähintään kaksi kertaa vuodessa.",
      status: "committee_conditional",
    }),
    {
      start: "2027-01-01",
      end: "2028-12-31",
      totalBudgetCents: eur(210_000),
      costModel: "flat_40",
      flatRateBp: 4000,
      note: "Kokonaisbudjetti on Kajaanin osuus (n. 210 000 €); Sotkamon osuutta ei ole esityslistassa.",
      lines: [
        line("financing", "esr", 168_000, { organisationId: id("elinvoima"), statedPercentBp: 8000, label: "Haettava ESR+-rahoitus" }),
        line("financing", "own", 21_000, { organisationId: id("kaukametsa"), label: "Omavastuuosuus, Kaukametsän opisto" }),
        line("financing", "own", 21_000, { organisationId: id("employment"), label: "Omavastuuosuus, työllisyys- ja kansainvälisyyspalvelut" }),
      ],
      implementers: [
        { organisationId: id("kaukametsa"), role: "lead", budgetCents: null },
        { organisationId: id("employment"), role: "co", budgetCents: null },
        { organisationId: id("sotkamo"), role: "co", budgetCents: null },
      ],
    },
    [
      commitment({
        organisationId: id("employment"),
        amountCents: eur(21_000),
        conditionStatus: "pending",
        conditionText: "Mikäli hanke saa ESR+-rahoituksen.",
        decisionBody: DIVISION,
        decisionDate: "2026-05-20",
        decisionSection: "15",
        note: "”Rahoitus jakautuu kahdelle vuodelle 2027–2029”; 7 000 €/yksikkö/vuosi.",
        years: [
          { year: 2027, amountCents: eur(7_000) },
          { year: 2028, amountCents: eur(7_000) },
          { year: 2029, amountCents: eur(7_000) },
        ],
      }),
    ],
  );

  // § 18 FLOW: ended; final report noted. The agenda gives no budget or period: illustrative.
  await add(
    project({
      name: "FLOW – Suomea ja sosiaalisia taitoja työelämään",
      shortName: "FLOW",
      caseNumber: "KAJDno-2023-1068",
      leadOrganisationId: id("haka"),
      funderOrganisationId: id("elinvoima"),
      targetGroup: "Heikossa työmarkkina-asemassa olevat ja maahanmuuttajataustaiset työnhakijat (tavoite 120 henkilöä)",
      description: "Tavoitettiin 121 henkilöä (tavoite 120); 100 henkilöä (82 %) siirtyi työhön tai koulutukseen (tavoite 70 %); 93 kumppania.",
      status: "final_report_accepted",
    }),
    {
      start: "2023-09-01",
      end: "2025-12-31",
      totalBudgetCents: eur(400_000),
      costModel: "flat_40",
      flatRateBp: 4000,
      note: "Esityslistassa ei ole budjettia eikä toteutusaikaa: luvut ovat havainnollistavia.",
      lines: [
        line("financing", "esr", 320_000, { organisationId: id("elinvoima"), statedPercentBp: 8000 }),
        line("financing", "own", 80_000, { organisationId: id("employment"), statedPercentBp: 2000, label: "Kaupungin kuntarahoitus" }),
      ],
      implementers: [{ organisationId: id("haka"), role: "lead", budgetCents: eur(400_000) }],
    },
    [commitment({ organisationId: id("employment"), amountCents: eur(80_000), decisionBody: DIVISION, note: "Havainnollistava summa." })],
  );

  const users = await seedDemoUsers(db);
  await seedFollowUp(db);
  return { organisations: newOrgs, projects: newProjects, users };
}

/**
 * Targets, entries, reporting obligations and payment applications of the demo projects, from
 * the agenda where it states them (Kotona Kajaanissa: 191 of 375 reached by early May 2026,
 * 58 % women, two approved payment applications, reports to the committee; FLOW: 121 of 120,
 * 100 to work or education against 70 %, 93 partners; SUMMIT: a yearly and a final report;
 * OTE: to the committee twice a year). Amounts and dates the agenda does not state are
 * illustrative. Skipped for a project that already has targets or obligations.
 */
async function seedFollowUp(db: DB): Promise<void> {
  const projectId = async (caseNumber: string) => (await db.selectFrom("project").select("id").where("case_number", "=", caseNumber).executeTakeFirst())?.id;
  const userId = async (email: string) => (await db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirst())?.id ?? null;
  const manager = await userId("paallikko@hankevahti.test");
  const haka = await userId("haka@hankevahti.test");
  const today = todayInHelsinki();
  const untouched = async (id: number) =>
    !(await db.selectFrom("indicator").select("id").where("project_id", "=", id).executeTakeFirst()) &&
    !(await db.selectFrom("obligation").select("id").where("project_id", "=", id).executeTakeFirst());
  const indicator = (projectId: number, kind: IndicatorKind, targetKind: "count" | "percent", target: number | null) =>
    createIndicator(db, SYSTEM, projectId, { kind, name: "", unit: "", targetKind, target });
  const entry = async (projectId: number, indicatorId: number | null, date: string, value: number, split?: [number, number, number], note = "") => {
    if (indicatorId === null) return;
    await addEntry(
      db,
      SYSTEM,
      projectId,
      indicatorId,
      { entryDate: date, value, women: split?.[0] ?? null, men: split?.[1] ?? null, other: split?.[2] ?? null, note },
      today,
    );
  };
  const obligation = (projectId: number, o: Partial<ObligationInput> & Pick<ObligationInput, "kind">) =>
    createObligation(db, SYSTEM, projectId, {
      title: "",
      timesPerYear: null,
      everyMonths: null,
      daysAfter: DEFAULT_DAYS_AFTER[o.kind],
      dueDate: null,
      responsibleUserId: null,
      reminderDays: [30, 7],
      ...o,
    });
  /** Marks the obligation's deadlines due on or before `until` as accepted (submitted a week before, decided on the day given or the due date). */
  const settle = async (obligationId: number | null, until: string, decided?: Record<string, string>, submitted?: Record<string, string>) => {
    if (obligationId === null) return;
    const rows = await db
      .selectFrom("deadline")
      .select(["id", "due_date", "revision"])
      .where("obligation_id", "=", obligationId)
      .where("due_date", "<=", until)
      .execute();
    for (const d of rows) {
      const decidedOn = decided?.[d.due_date] ?? d.due_date;
      const submittedOn = submitted?.[d.due_date] ?? (addDays(d.due_date, -7) < decidedOn ? addDays(d.due_date, -7) : addDays(decidedOn, -14));
      await updateDeadline(
        db,
        SYSTEM,
        { userId: 0, name: "", email: "", role: "admin", organisationId: null },
        d.id,
        { status: "accepted", submittedOn, decidedOn, note: "" },
        d.revision,
      );
    }
  };

  const kotona = await projectId("KAJDno-2024-1358");
  if (kotona && (await untouched(kotona))) {
    const reach = await indicator(kotona, "reach", "count", 375);
    await entry(kotona, reach, "2025-11-30", 96, [55, 41, 0], "Syksyn 2025 ryhmät");
    await entry(kotona, reach, "2026-05-05", 95, [56, 39, 0], "Tilanne väliraportissa (§ 13, 20.5.2026)");
    const committee = await obligation(kotona, { kind: "committee_report", timesPerYear: 2, responsibleUserId: manager });
    await settle(committee, "2026-06-30", { "2026-05-30": "2026-05-20" });
    await obligation(kotona, { kind: "final_report", responsibleUserId: manager });
    const payments = await obligation(kotona, { kind: "payment_application", everyMonths: 6, daysAfter: 60, responsibleUserId: manager });
    // The payment applications' own dates (below): submitted and decided as the funder did.
    await settle(
      payments,
      "2026-06-30",
      { "2025-12-30": "2026-02-12", "2026-06-29": "2026-08-27" },
      { "2025-12-30": "2025-12-19", "2026-06-29": "2026-06-22" },
    );
    const apply = (periodStart: string, periodEnd: string, applied: number, submittedOn: string, decidedOn: string) =>
      createPayment(db, SYSTEM, kotona, {
        periodStart,
        periodEnd,
        amountAppliedCents: eur(applied),
        status: "approved",
        submittedOn,
        decidedOn,
        amountApprovedCents: eur(applied),
        note: "Esityslista kertoo kaksi myönteistä maksatuspäätöstä; summat ovat havainnollistavia.",
      });
    await apply("2025-05-01", "2025-10-31", 118_420.5, "2025-12-19", "2026-02-12");
    await apply("2025-11-01", "2026-04-30", 131_906.2, "2026-06-22", "2026-08-27");
  }

  const flow = await projectId("KAJDno-2023-1068");
  if (flow && (await untouched(flow))) {
    // The figures come from the final report (seedReports below), accepted in the app.
    await indicator(flow, "reach", "count", 120);
    await indicator(flow, "outcome_either", "percent", 7000);
    await indicator(flow, "partners", "count", null);
    const yearly = await obligation(flow, { kind: "yearly_report", responsibleUserId: haka });
    await settle(yearly, "2025-12-31");
    await obligation(flow, { kind: "final_report", responsibleUserId: haka });
  }

  const summit = await projectId("KAJDno-2025-1294");
  if (summit && (await untouched(summit))) {
    await obligation(summit, { kind: "yearly_report", responsibleUserId: haka });
    await obligation(summit, { kind: "final_report", responsibleUserId: haka });
  }

  const ote = await projectId("KAJDno-2026-641");
  if (ote && (await untouched(ote))) await obligation(ote, { kind: "committee_report", timesPerYear: 2, responsibleUserId: manager });

  await seedReports(db, { flow, summit, kotona, manager, haka, spr: await userId("spr@hankevahti.test") });
  await seedMeeting(db, manager);
  await seedBonusClaims(db, { flow: flow ?? null, manager, haka, spr: await userId("spr@hankevahti.test") });
}

/**
 * Employment bonus claims of the demo (§ 16's rules): Haka's claims paid, approved, in review and
 * one filed early that waits for its payable day (a month before today); SPR's claims with more
 * evidence requested and rejected (subsidised work is not the open labour market). The year's
 * budget 20 000 € and a monthly figure of 400 € for the estimate. Made through the model on the
 * days of the story; skipped when the database has claims.
 */
async function seedBonusClaims(db: DB, ids: { flow: number | null; manager: number | null; haka: number | null; spr: number | null }): Promise<void> {
  if (await db.selectFrom("bonus_claim").select("id").executeTakeFirst()) return;
  const viewerOf = async (userId: number | null): Promise<Viewer | null> => {
    if (userId === null) return null;
    const u = await db.selectFrom("app_user").select(["id", "name", "email", "role", "organisation_id"]).where("id", "=", userId).executeTakeFirst();
    return u ? { userId: u.id, name: u.name, email: u.email, role: u.role, organisationId: u.organisation_id } : null;
  };
  const [manager, haka, spr] = [await viewerOf(ids.manager), await viewerOf(ids.haka), await viewerOf(ids.spr)];
  if (!manager || !haka || !spr) return;
  const today = todayInHelsinki();
  // A day of the story at half past nine (today's writes keep their own time: not in the future).
  const atDay = (day: string) => (day === today ? nowIso() : `${day}T09:30:00.000Z`);
  type Step = { on: string } & ({ review: "approve" | "request_info" | "reject"; message?: string } | { paid: true });
  const claim = async (who: Viewer, filedOn: string, input: Omit<ClaimInput, "organisationId" | "note"> & { note?: string }, steps: Step[] = []) => {
    if (filedOn > today) return;
    const id = await fileClaim(
      db,
      { userId: who.userId },
      who,
      { organisationId: null, note: "", ...input },
      { fileName: `todiste-${input.reference}.pdf`, bytes: pdf(`Todiste ${input.reference}`) },
      filedOn,
    );
    for (const step of steps) {
      if (step.on > today) break;
      const { revision } = await db.selectFrom("bonus_claim").select("revision").where("id", "=", id).executeTakeFirstOrThrow();
      if ("paid" in step) await markClaimPaid(db, { userId: manager.userId }, manager, id, { paidOn: step.on, revision }, step.on);
      else await reviewClaim(db, { userId: manager.userId }, manager, id, { decision: step.review, message: step.message ?? "", revision }, step.on);
    }
    // The events' and rows' times on the days of the story.
    const events = await db.selectFrom("bonus_claim_event").select(["id", "action"]).where("claim_id", "=", id).orderBy("id").execute();
    const days = [filedOn, ...steps.map((x) => x.on)];
    for (const [i, e] of events.entries())
      await db
        .updateTable("bonus_claim_event")
        .set({ at: atDay(days[i] ?? filedOn) })
        .where("id", "=", e.id)
        .execute();
    await db
      .updateTable("bonus_claim_attachment")
      .set({ created_at: atDay(filedOn) })
      .where("claim_id", "=", id)
      .execute();
    await db
      .updateTable("bonus_claim")
      .set({ created_at: atDay(filedOn), updated_at: atDay(days[days.length - 1] ?? filedOn) })
      .where("id", "=", id)
      .execute();
  };
  const work = { kind: "work" as const, employmentCondition: true, studySupport: null };
  await claim(haka, "2026-06-05", { ...work, reference: "HAKA-2026-003", startDate: "2026-02-02", projectId: ids.flow }, [
    { on: "2026-06-15", review: "approve" },
    { on: "2026-06-30", paid: true },
  ]);
  await claim(
    haka,
    "2026-07-20",
    { kind: "studies", employmentCondition: false, studySupport: "study_grant", reference: "HAKA-2026-007", startDate: "2026-03-16", projectId: ids.flow },
    [{ on: "2026-08-10", review: "approve" }],
  );
  await claim(haka, "2026-11-03", {
    ...work,
    reference: "HAKA-2026-011",
    startDate: "2026-07-01",
    projectId: null,
    note: "Vakituinen työsuhde, 37,5 h viikossa.",
  });
  const recent = addCalendarMonths(today, -1);
  await claim(haka, today, { ...work, reference: "HAKA-2026-014", startDate: recent, projectId: null });
  await claim(
    spr,
    "2026-08-24",
    { kind: "studies", employmentCondition: false, studySupport: "other", reference: "SPR-K-0412", startDate: "2026-04-20", projectId: null },
    [{ on: "2026-09-01", review: "request_info", message: "Liittäkää oppilaitoksen todistus, josta näkyy, että opinnot johtavat tutkintoon." }],
  );
  await claim(spr, "2026-05-20", { ...work, reference: "SPR-K-0398", startDate: "2026-01-12", projectId: null }, [
    { on: "2026-06-02", review: "reject", message: "Työsuhde on palkkatuettu, joten se ei ole työtä avoimilla työmarkkinoilla." },
  ]);
  if (!(await db.selectFrom("bonus_year").select("year").where("year", "=", 2026).executeTakeFirst()))
    await setBonusYear(db, { userId: manager.userId }, { year: 2026, budgetCents: 2_000_000, monthlySavingCents: 40_000, revision: null });
}

/**
 * The division's meeting of 20.5.2026 with § 13–§ 15 and § 18 drafted from the ledger (so that
 * OTE's split over 2027–2029 for a 2027–2028 project shows up as a finding). Skipped when the
 * database has meetings.
 */
async function seedMeeting(db: DB, managerId: number | null): Promise<void> {
  if (managerId === null || (await db.selectFrom("meeting").select("id").executeTakeFirst())) return;
  const u = await db.selectFrom("app_user").select(["id", "name", "email", "role", "organisation_id"]).where("id", "=", managerId).executeTakeFirst();
  if (!u) return;
  const viewer: Viewer = { userId: u.id, name: u.name, email: u.email, role: u.role, organisationId: u.organisation_id };
  const actor = { userId: u.id };
  const meetingId = await createMeeting(db, actor, {
    body: DIVISION,
    meetingDate: "2026-05-20",
    startTime: "16:30",
    place: "Kokoustila Kekkonen",
    presenter: "Milla Tikkanen, Työllisyys- ja kansainvälisyyspäällikkö",
    members: [
      { name: "Raimo Piirainen", role: "puheenjohtaja" },
      { name: "Anni Rimpiläinen", role: "1. varapuheenjohtaja" },
      { name: "Milla Tikkanen", role: "sihteeri" },
      { name: "Markku Hyvärinen", role: "" },
      { name: "Mari Kemppainen", role: "" },
      { name: "Aila Tartia-Jalonen", role: "" },
      { name: "Risto Hämäläinen", role: "Kehitysjohtaja" },
      { name: "Elina Keränen", role: "" },
      { name: "Minna Leinonen", role: "" },
      { name: "Joni Partanen", role: "Vt. kaupunginjohtaja" },
    ],
  });
  const tikkanen = { name: "Milla Tikkanen", title: "Työllisyys- ja kansainvälisyyspäällikkö", email: "milla.tikkanen@kajaani.fi", phone: "" };
  const items: { section: number; caseNumber: string; itemType: NewItemInput["itemType"]; preparers: (typeof tikkanen)[]; presenter: string }[] = [
    {
      section: 13,
      caseNumber: "KAJDno-2024-1358",
      itemType: "interim_report",
      preparers: [tikkanen, { name: "Elina Keränen", title: "", email: "elina.keranen@kajaani.fi", phone: "" }],
      presenter: "Elina Keränen",
    },
    { section: 14, caseNumber: "KAJDno-2025-1294", itemType: "change_request", preparers: [tikkanen], presenter: "" },
    {
      section: 15,
      caseNumber: "KAJDno-2026-641",
      itemType: "new_cofinancing",
      preparers: [
        {
          name: "Eeva-Maria Nivalainen",
          title: "Kaukametsän opiston ja Kainuun musiikkiopiston rehtori",
          email: "eeva-maria.nivalainen@kajaani.fi",
          phone: "",
        },
        tikkanen,
      ],
      presenter: "",
    },
    { section: 18, caseNumber: "KAJDno-2023-1068", itemType: "final_report", preparers: [tikkanen], presenter: "" },
  ];
  for (const i of items) {
    if (!(await db.selectFrom("project").select("id").where("case_number", "=", i.caseNumber).executeTakeFirst())) continue;
    await createItem(db, actor, viewer, meetingId, { ...i, title: "" });
  }
}

/**
 * Reports of the demo: FLOW's final report accepted (§ 18: 121 reached, 100 to work or
 * education, 93 partners; its costs and funding are illustrative and show a refund of overpaid
 * co-financing), Haka's first yearly report of SUMMIT as a draft, and SPR's yearly report of
 * Kotona Kajaanissa returned with comments. Made through the model, as users would; only the
 * timestamps are set afterwards to the days of the story. Skipped for a project that has reports.
 */
async function seedReports(
  db: DB,
  ids: { flow?: number; summit?: number; kotona?: number; manager: number | null; haka: number | null; spr: number | null },
): Promise<void> {
  const hasReports = async (projectId: number) => !!(await db.selectFrom("report").select("id").where("project_id", "=", projectId).executeTakeFirst());
  const viewerOf = async (userId: number | null): Promise<Viewer | null> => {
    if (userId === null) return null;
    const u = await db.selectFrom("app_user").select(["id", "name", "email", "role", "organisation_id"]).where("id", "=", userId).executeTakeFirst();
    return u ? { userId: u.id, name: u.name, email: u.email, role: u.role, organisationId: u.organisation_id } : null;
  };
  const manager = await viewerOf(ids.manager);
  const deadlineOf = async (projectId: number, kind: string, seq = 1) =>
    (
      await db
        .selectFrom("deadline as d")
        .innerJoin("obligation as o", "o.id", "d.obligation_id")
        .select("d.id")
        .where("d.project_id", "=", projectId)
        .where("o.kind", "=", kind as never)
        .where("d.seq", "=", seq)
        .executeTakeFirst()
    )?.id ?? null;
  const blank: ReportFigures = {
    periodStart: null,
    periodEnd: null,
    reachedWomen: null,
    reachedMen: null,
    reachedOther: null,
    reachedTotal: null,
    outcomeWork: null,
    outcomeEducation: null,
    outcomeOther: null,
    partners: null,
    esrReceivedCents: null,
    cityReceivedCents: null,
    otherReceivedCents: null,
    costs: [],
    doneText: "",
    changesText: "",
    nextText: "",
  };
  const write = async (
    who: Viewer,
    deadlineId: number,
    figures: ReportFigures,
    opts: { submitOn?: string; review?: { on: string; decision: "accept" | "return"; comments?: { section: ReportSection; body: string }[] } },
  ) => {
    const reportId = await startReport(db, { userId: who.userId }, who, deadlineId);
    if (reportId === null) return;
    // The period is the deadline's unless the figures name one (the report starts with the deadline's).
    const started = await db.selectFrom("report").select(["revision", "period_start", "period_end"]).where("id", "=", reportId).executeTakeFirstOrThrow();
    const revision = started.revision;
    figures = { ...figures, periodStart: figures.periodStart ?? started.period_start, periodEnd: figures.periodEnd ?? started.period_end };
    await saveReport(db, { userId: who.userId }, who, reportId, figures, revision, { submit: !!opts.submitOn, today: opts.submitOn ?? todayInHelsinki() });
    if (opts.submitOn)
      await db
        .updateTable("report")
        .set({ created_at: `${opts.submitOn}T07:40:00.000Z`, submitted_at: `${opts.submitOn}T09:12:00.000Z`, updated_at: `${opts.submitOn}T09:12:00.000Z` })
        .where("id", "=", reportId)
        .execute();
    if (opts.review && manager) {
      await reviewReport(
        db,
        { userId: manager.userId },
        manager,
        reportId,
        { decision: opts.review.decision, comments: opts.review.comments ?? [] },
        opts.review.on,
      );
      const at = `${opts.review.on}T11:30:00.000Z`;
      await db
        .updateTable("report")
        .set(opts.review.decision === "accept" ? { accepted_at: at, updated_at: at } : { returned_at: at, updated_at: at })
        .where("id", "=", reportId)
        .execute();
      await db.updateTable("report_comment").set({ created_at: at }).where("report_id", "=", reportId).execute();
    }
  };

  const haka = await viewerOf(ids.haka);
  const flowFinal = ids.flow ? await deadlineOf(ids.flow, "final_report") : null;
  if (ids.flow && haka && flowFinal && !(await hasReports(ids.flow)))
    await write(
      haka,
      flowFinal,
      {
        ...blank,
        periodStart: "2023-09-01",
        periodEnd: "2025-12-31",
        reachedWomen: 0,
        reachedMen: 0,
        reachedOther: 121,
        reachedTotal: 121,
        outcomeWork: 64,
        outcomeEducation: 36,
        outcomeOther: 9,
        partners: 93,
        esrReceivedCents: eur(302_400),
        cityReceivedCents: eur(80_000),
        otherReceivedCents: 0,
        costs: [{ kind: "staff", amountCents: eur(270_000), explanation: "" }],
        doneText:
          "Hankkeessa tavoitettiin 121 henkilöä (tavoite 120); 100 henkilöä (82 %) siirtyi työhön tai koulutukseen (tavoite 70 %). Kumppaniorganisaatioita oli 93. Sukupuolijakaumaa ei ilmoitettu. Kustannukset ja rahoitus ovat havainnollistavia.",
        changesText: "Henkilöstökulut jäivät suunniteltua pienemmiksi.",
        nextText: "Hanke on päättynyt.",
      },
      { submitOn: "2026-03-01", review: { on: "2026-05-20", decision: "accept" } },
    );

  const summitYearly = ids.summit ? await deadlineOf(ids.summit, "yearly_report") : null;
  if (ids.summit && haka && summitYearly && !(await hasReports(ids.summit)))
    await write(
      haka,
      summitYearly,
      {
        ...blank,
        reachedWomen: 8,
        reachedMen: 5,
        reachedOther: 1,
        reachedTotal: 14,
        outcomeWork: 2,
        doneText: "Ensimmäiset ryhmät aloittivat syksyllä 2026. (Luonnos, täydennetään kauden lopussa.)",
      },
      {},
    );

  const spr = await viewerOf(ids.spr);
  if (ids.kotona && spr && manager && !(await hasReports(ids.kotona))) {
    await createObligation(db, SYSTEM, ids.kotona, {
      kind: "yearly_report",
      title: "SPR Oulun piirin vuosiraportti osatoteutuksesta",
      timesPerYear: null,
      everyMonths: null,
      daysAfter: DEFAULT_DAYS_AFTER.yearly_report,
      dueDate: null,
      responsibleUserId: spr.userId,
      reminderDays: [30, 7],
    });
    const yearly = await deadlineOf(ids.kotona, "yearly_report");
    if (yearly)
      await write(
        spr,
        yearly,
        {
          ...blank,
          periodStart: "2025-05-01",
          periodEnd: "2026-04-30",
          reachedWomen: 22,
          reachedMen: 16,
          reachedOther: 0,
          reachedTotal: 38,
          outcomeWork: 6,
          outcomeEducation: 4,
          outcomeOther: 3,
          partners: 5,
          esrReceivedCents: eur(46_400),
          cityReceivedCents: 0,
          otherReceivedCents: eur(11_600),
          costs: [{ kind: "staff", amountCents: eur(41_428.57), explanation: "" }],
          doneText: "Kotikäynnit ja ryhmätoiminta SPR:n osatoteutuksena. Luvut ovat havainnollistavia.",
          changesText: "Ei muutoksia suunnitelmaan.",
          nextText: "Toinen toimintavuosi alkaa toukokuussa 2026.",
        },
        {
          submitOn: "2026-05-28",
          review: {
            on: "2026-06-10",
            decision: "return",
            comments: [
              { section: "costs", body: "Henkilöstökulut poikkeavat maksatushakemuksesta: tarkistakaa summa ja kertokaa ero." },
              { section: "reach", body: "Kertokaa, montako tavoitetuista on myös kaupungin palveluiden asiakkaita." },
            ],
          },
        },
      );
  }
}

/**
 * § 14: Kajaanin Haka ry asks to start at the end of 2026 and run a year longer, re-applying to
 * ESR+ objective 4.3 with NEET youth as the target group; total about 504 000 €, the city's own
 * funding 82 500 € over 2026–2029. Approved on the condition that the project gets ESR funding.
 */
async function summitChangeRequest(db: DB, projectId: number, id: (k: string) => number, decision: "conditional" | "pending") {
  const requestId = await recordChangeRequest(db, SYSTEM, projectId, {
    direction: "grantee_to_city",
    requestedByOrganisationId: id("haka"),
    receivedOn: "2026-05-20",
    kinds: ["postpone_start", "extend", "budget", "financing_plan", "city_cofinancing", "target_group"],
    reason:
      "Haka pyytää lykkäystä aloitukseen vuoden 2026 loppupuolelle ja yhden vuoden lisäystä kestoon. Haku jätetään ESR+-erityistavoitteen 4.3 ”Yhdenvertainen osallisuus” hakuun keväällä 2026 ja hanke kohdennetaan etenkin NEET-nuoriin; nimi saattaa muuttua. Käsitelty jaoston kokouksessa 20.5.2026 (saapumispäivä ei käy ilmi esityslistasta).",
    project: {
      name: "Summit – Kohti koulutusta, kohti työelämää",
      shortName: "SUMMIT",
      targetGroup:
        "NEET-nuoret (15–29-vuotiaat, jotka eivät opiskele, ole töissä tai suorita varusmiespalvelusta) sekä toimeentulotuelta työnhakijoiksi siirtyvät",
    },
    plan: {
      start: "2026-11-01",
      end: "2029-10-31",
      totalBudgetCents: eur(504_000),
      costModel: "flat_40",
      flatRateBp: 4000,
      note: "Muutoshakemuksen mukainen suunnitelma: kokonaisrahoitus noin 504 000 €, kaupungin omarahoitusosuus 82 500 € vuosille 2026–2029.",
      lines: [
        line("financing", "esr", 403_200, { organisationId: id("elinvoima"), statedPercentBp: 8000, label: "Haettava ESR+-rahoitus" }),
        line("financing", "own", 82_500, { organisationId: id("employment"), label: "Jaoston omarahoitusosuus" }),
        line("financing", "own", 18_300, { organisationId: id("haka"), label: "Yhdistyksen omarahoitus" }),
      ],
      implementers: [{ organisationId: id("haka"), role: "lead", budgetCents: eur(504_000) }],
    },
    cityCommitment: { organisationId: id("employment"), amountCents: eur(82_500), years: [] },
  });
  if (decision === "pending") return;
  await decideChangeRequest(db, SYSTEM, requestId, {
    action: "decide",
    outcome: "approved_conditionally",
    body: DIVISION,
    date: "2026-05-20",
    section: "14",
    conditionText: "Mikäli hanke saa ESR-rahoituksen.",
  });
}

/** One demo account per role (demo mode only; see app/models/demo-users.ts). */
export async function seedDemoUsers(db: DB): Promise<number> {
  let added = 0;
  for (const u of DEMO_USERS) {
    if (await db.selectFrom("app_user").select("id").where("email", "=", u.email).executeTakeFirst()) continue;
    const org = u.organisation ? await db.selectFrom("organisation").select("id").where("name", "=", u.organisation).executeTakeFirst() : undefined;
    if (u.organisation && !org) continue;
    await createUser(db, SYSTEM, { email: u.email, name: u.name, role: u.role, organisationId: org?.id ?? null, password: DEMO_PASSWORD, isDemo: true });
    added++;
  }
  return added;
}

/** The ledger's forms posted as a browser without JavaScript would: success, field errors, nothing saved. */
import { SEES_ALL, useSignedIn } from "../helpers/auth";
import { describe, expect, it } from "vitest";
import { organisationIdByName, projectIdByCase, useTestDatabase } from "../helpers/db";
import { callLoader, jsonOf, postForm } from "../helpers/http";
import { action as newProjectAction } from "~/routes/projects.new";
import { action as editProjectAction } from "~/routes/projects.$projectId.edit";
import { action as planAction, loader as planLoader } from "~/routes/projects.$projectId.plan";
import { action as newCommitmentAction } from "~/routes/projects.$projectId.commitments.new";
import { action as editCommitmentAction, loader as editCommitmentLoader } from "~/routes/projects.$projectId.commitments.$commitmentId";
import { action as newOrgAction } from "~/routes/organisations.new";
import { loader as projectLoader } from "~/routes/projects.$projectId._index";
import { getProjectDetail } from "~/models/project.server";

const ctx = useTestDatabase("demo");
useSignedIn(ctx, "manager");

async function counts() {
  const one = async (t: "project" | "plan_version" | "plan_line" | "commitment" | "commitment_year" | "organisation") =>
    Number(
      (
        await ctx.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    project: await one("project"),
    plan_version: await one("plan_version"),
    plan_line: await one("plan_line"),
    commitment: await one("commitment"),
    commitment_year: await one("commitment_year"),
    organisation: await one("organisation"),
  };
}

async function baseProject(overrides: Record<string, string> = {}) {
  const haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
  return {
    name: "Nuorten polku",
    shortName: "POLKU",
    caseNumber: "KAJDno-2026-900",
    leadOrganisationId: String(haka),
    status: "planning",
    start: "1.1.2027",
    end: "31.12.2028",
    costModel: "flat_40",
    "costs.0.kind": "staff",
    "costs.0.amount": "100 000",
    ...overrides,
  };
}

function errorsOf(data: { errors: Record<string, string> }) {
  return Object.fromEntries(Object.entries(data.errors).map(([k, v]) => [k, v.split("|")[0]]));
}

describe("new project", () => {
  it("creates a 40 % flat-rate project: 100 000 € staff → 40 000 € flat rate, 140 000 € total, split over its years", async () => {
    const res = await postForm(newProjectAction, "/projects/new", await baseProject());
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.split("/").pop());
    const d = (await getProjectDetail(ctx.db, SEES_ALL, id))!;
    expect(d.plan.version.total_budget_cents).toBe(14_000_000);
    const flat = d.plan.lines.find((l) => l.kind === "flat_rate")!;
    expect(flat.amountCents).toBe(4_000_000);
    expect(d.planByYear.years.map((y) => [y.year, y.costsTotalCents])).toEqual([
      [2027, 6_990_424], // 365 of the 731 days (2028 is a leap year)
      [2028, 7_009_576],
    ]);
    // the lead becomes an implementer
    expect(d.plan.implementers.map((i) => i.role)).toEqual(["lead"]);
  });

  it("computes staff costs from hours × rate", async () => {
    const res = await postForm(
      newProjectAction,
      "/projects/new",
      await baseProject({ caseNumber: "KAJDno-2026-901", "costs.0.amount": "", "costs.0.hours": "1720", "costs.0.hourlyRate": "35,50" }),
    );
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.split("/").pop());
    const d = (await getProjectDetail(ctx.db, SEES_ALL, id))!;
    const staff = d.plan.lines.find((l) => l.kind === "staff")!;
    expect(staff.amountCents).toBe(6_106_000);
    expect(staff.staffHoursCenti).toBe(172_000);
    expect(d.plan.lines.find((l) => l.kind === "flat_rate")!.amountCents).toBe(2_442_400);
  });

  it.each([
    ["malformed amount", { "costs.0.amount": "12,3,4" }, "costs.0.amount", "error.money.invalid"],
    ["letters as amount", { "costs.0.amount": "abc" }, "costs.0.amount", "error.money.invalid"],
    ["negative amount", { "costs.0.amount": "-100" }, "costs.0.amount", "error.money.negative"],
    ["end before start", { end: "31.12.2026" }, "end", "error.period.endBeforeStart"],
    ["hours that are not a number", { "costs.0.amount": "", "costs.0.hours": "paljon", "costs.0.hourlyRate": "30" }, "costs.0.hours", "error.number.invalid"],
    ["rate that is not a number", { "costs.0.amount": "", "costs.0.hours": "100", "costs.0.hourlyRate": "x" }, "costs.0.hourlyRate", "error.money.invalid"],
    ["flat rate over 100 %", { costModel: "flat_staff", flatRate: "150" }, "flatRate", "error.percent.range"],
    ["unknown organisation", { leadOrganisationId: "99999" }, "leadOrganisationId", "error.organisation.unknown"],
    ["duplicate case number", { caseNumber: "KAJDno-2025-1294" }, "caseNumber", "error.caseNumber.duplicate"],
    ["missing name", { name: "" }, "name", "error.required"],
  ])("refuses %s with a field error, HTTP 400 and nothing saved", async (_label, overrides, field, key) => {
    const before = await counts();
    const res = await postForm(newProjectAction, "/projects/new", await baseProject({ caseNumber: "KAJDno-2026-950", ...overrides }));
    expect(res.status).toBe(400);
    const data = await jsonOf(res);
    expect(errorsOf(data)[field]).toBe(key);
    expect(data.values.name).toBe((overrides as Record<string, string>).name ?? "Nuorten polku");
    expect(await counts()).toEqual(before);
  });
});

describe("plan editor", () => {
  it("saves entered yearly amounts and derives the rest", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2026-641"); // OTE 2027–2028
    const loaded = await jsonOf(await callLoader(planLoader, `/projects/${id}/plan`, { projectId: String(id) }));
    const v = loaded.values;
    const fields: Record<string, string> = {
      start: v.start,
      end: v.end,
      totalBudget: v.totalBudget,
      costModel: v.costModel,
      planRevision: v.planRevision,
    };
    v.financing.forEach((l: Record<string, string>, i: number) => {
      for (const k of ["kind", "organisationId", "label", "amount", "statedPercent"]) fields[`financing.${i}.${k}`] = l[k] ?? "";
    });
    v.implementers.forEach((l: Record<string, string>, i: number) => {
      for (const k of ["organisationId", "role", "budget"]) fields[`implementers.${i}.${k}`] = l[k] ?? "";
    });
    fields["financing.0.yearly.y2027"] = "100 000";
    fields["financing.0.yearly.y2028"] = "68 000";
    const res = await postForm(planAction, `/projects/${id}/plan`, fields, { projectId: String(id) });
    expect(res.status).toBe(302);
    const d = (await getProjectDetail(ctx.db, SEES_ALL, id))!;
    expect(d.planByYear.years.map((y) => [y.year, y.financing.esr, y.financing.own])).toEqual([
      [2027, 10_000_000, 2_097_128], // own funding 2 × 21 000 € spread over 365 + 366 days
      [2028, 6_800_000, 2_102_872],
    ]);
    expect(d.warnings.map((w) => w.code)).toContain("ESR_RATE_VARIES");
  });

  it("refuses yearly amounts that do not sum to the line, and a year outside the period", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const before = await counts();
    const base = { start: "1.4.2026", end: "30.3.2028", costModel: "flat_40", "financing.0.kind": "esr", "financing.0.amount": "416 000" };
    const r1 = await postForm(
      planAction,
      `/projects/${id}/plan`,
      { ...base, "financing.0.yearly.y2026": "100 000", "financing.0.yearly.y2027": "100 000" },
      { projectId: String(id) },
    );
    expect(r1.status).toBe(400);
    expect(errorsOf(await jsonOf(r1))["financing.0.yearlySum"]).toBe("error.split.sum");
    const r2 = await postForm(planAction, `/projects/${id}/plan`, { ...base, "financing.0.yearly.y2030": "416 000" }, { projectId: String(id) });
    expect(r2.status).toBe(400);
    expect(errorsOf(await jsonOf(r2))["financing.0.yearly.y2030"]).toBe("error.year.outsidePeriod");
    expect(await counts()).toEqual(before);
  });

  it("refuses a new version that changes the cost model, and keeps the old plan", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const before = await counts();
    const res = await postForm(
      planAction,
      `/projects/${id}/plan`,
      {
        start: "1.11.2026",
        end: "31.10.2029",
        costModel: "actual",
        "financing.0.kind": "esr",
        "financing.0.amount": "403 200",
        asNewVersion: "on",
        planRevision: await planRevisionOf(id),
      },
      { projectId: String(id) },
    );
    expect(res.status).toBe(400);
    expect(errorsOf(await jsonOf(res)).costModel).toBe("error.costModel.changed");
    expect(await counts()).toEqual(before);
  });

  it("saves a new version that supersedes the current one and carries the commitments over", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2023-1068"); // FLOW
    const res = await postForm(
      planAction,
      `/projects/${id}/plan`,
      {
        start: "1.9.2023",
        end: "31.12.2025",
        costModel: "flat_40",
        "financing.0.kind": "esr",
        "financing.0.amount": "300 000",
        "financing.1.kind": "own",
        "financing.1.amount": "75 000",
        asNewVersion: "on",
        planRevision: await planRevisionOf(id),
      },
      { projectId: String(id) },
    );
    expect(res.status).toBe(302);
    const d = (await getProjectDetail(ctx.db, SEES_ALL, id))!;
    expect(d.versions.map((v) => [v.version_number, v.state])).toEqual([
      [2, "current"],
      [1, "superseded"],
    ]);
    expect(d.plan.version.total_budget_cents).toBe(37_500_000);
    expect(d.commitments).toHaveLength(1);
  });

  it("refuses to save over a newer revision (lost update)", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2024-1358");
    const fields = { start: "1.5.2025", end: "30.4.2028", costModel: "flat_40", "costs.0.kind": "staff", "costs.0.amount": "500 000", planRevision: "1" };
    expect((await postForm(planAction, `/projects/${id}/plan`, fields, { projectId: String(id) })).status).toBe(302);
    const second = await postForm(planAction, `/projects/${id}/plan`, { ...fields, "costs.0.amount": "1" }, { projectId: String(id) });
    expect(second.status).toBe(400);
    expect(errorsOf(await jsonOf(second)).planRevision).toBe("error.revision.stale");
    const d = (await getProjectDetail(ctx.db, SEES_ALL, id))!;
    expect(d.plan.lines.find((l) => l.kind === "staff")!.amountCents).toBe(50_000_000);
  });
});

describe("commitments", () => {
  it("adds OTE's commitment as the agenda states it and shows the out-of-period warning", async () => {
    const haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
    const unit = await organisationIdByName(ctx.db, "Kaukametsän opisto");
    const created = await postForm(newProjectAction, "/projects/new", await baseProject({ caseNumber: "KAJDno-2026-960", leadOrganisationId: String(haka) }));
    const id = Number(created.headers.get("Location")!.split("/").pop());
    const res = await postForm(
      newCommitmentAction,
      `/projects/${id}/commitments/new`,
      {
        organisationId: String(unit),
        amount: "21 000",
        condition: "pending",
        conditionText: "Mikäli hanke saa ESR+-rahoituksen",
        decisionBody: "Työllisyys- ja kansainvälisyysjaosto",
        decisionDate: "20.5.2026",
        decisionSection: "15",
        "years.0.year": "2027",
        "years.0.amount": "7 000",
        "years.1.year": "2028",
        "years.1.amount": "7 000",
        "years.2.year": "2029",
        "years.2.amount": "7 000",
      },
      { projectId: String(id) },
    );
    expect(res.status).toBe(302);
    const data = await jsonOf(await callLoader(projectLoader, `/projects/${id}`, { projectId: String(id) }));
    expect(data.commitmentsByYear).toEqual([
      { year: 2027, confirmedCents: 0, conditionalCents: 700_000 },
      { year: 2028, confirmedCents: 0, conditionalCents: 700_000 },
      { year: 2029, confirmedCents: 0, conditionalCents: 700_000 },
    ]);
    expect(data.warnings.map((w: { code: string }) => w.code)).toContain("COMMITMENT_YEAR_OUTSIDE_PERIOD");
  });

  it("refuses a split that does not sum to the commitment, a non-city unit, and bad years", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const unit = await organisationIdByName(ctx.db, "Työllisyys- ja kansainvälisyyspalvelut");
    const haka = await organisationIdByName(ctx.db, "Kajaanin Haka ry");
    const before = await counts();
    const r1 = await postForm(
      newCommitmentAction,
      "/",
      { organisationId: String(unit), amount: "21 000", "years.0.year": "2027", "years.0.amount": "7 000" },
      { projectId: String(id) },
    );
    expect(r1.status).toBe(400);
    expect(errorsOf(await jsonOf(r1)).split).toBe("error.split.sum");
    const r2 = await postForm(newCommitmentAction, "/", { organisationId: String(haka), amount: "1000" }, { projectId: String(id) });
    expect(r2.status).toBe(400);
    expect(errorsOf(await jsonOf(r2)).organisationId).toBe("error.organisation.notCityUnit");
    const r3 = await postForm(
      newCommitmentAction,
      "/",
      { organisationId: String(unit), amount: "1000", "years.0.year": "27", "years.0.amount": "1000" },
      { projectId: String(id) },
    );
    expect(errorsOf(await jsonOf(r3))["years.0.year"]).toBe("error.year.invalid");
    const r4 = await postForm(newCommitmentAction, "/", { organisationId: String(unit), amount: "1000", condition: "pending" }, { projectId: String(id) });
    expect(errorsOf(await jsonOf(r4)).conditionText).toBe("error.required");
    expect(await counts()).toEqual(before);
  });

  it("edits and deletes a commitment", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2025-1294");
    const d = (await getProjectDetail(ctx.db, SEES_ALL, id))!;
    const c = d.commitments[0]!;
    const params = { projectId: String(id), commitmentId: String(c.id) };
    const loaded = await jsonOf(await callLoader(editCommitmentLoader, "/", params));
    expect(loaded.values.amount).toBe("55 000,00");
    const { years: _years, ...values } = loaded.values;
    const res = await postForm(editCommitmentAction, "/", { ...values, decisionDate: "1.3.2026" }, params);
    expect(res.status).toBe(302);
    expect((await getProjectDetail(ctx.db, SEES_ALL, id))!.commitments[0]!.decisionDate).toBe("2026-03-01");
    const stale = await postForm(editCommitmentAction, "/", values, params);
    expect(stale.status).toBe(400);
    const del = await postForm(editCommitmentAction, "/", { _intent: "delete" }, params);
    expect(del.status).toBe(302);
    expect((await getProjectDetail(ctx.db, SEES_ALL, id))!.commitments).toHaveLength(0);
  });
});

describe("organisations and project facts", () => {
  it("checks the business ID's check digit and duplicates", async () => {
    const before = await counts();
    const bad = await postForm(newOrgAction, "/organisations/new", { name: "Testiyhdistys ry", kind: "association", businessId: "0185547-4" });
    expect(bad.status).toBe(400);
    expect(errorsOf(await jsonOf(bad)).businessId).toBe("error.businessId.checkDigit");
    const dup = await postForm(newOrgAction, "/organisations/new", { name: "Toinen Haka", kind: "association", businessId: "0185547-3" });
    expect(errorsOf(await jsonOf(dup)).businessId).toBe("error.businessId.duplicate");
    expect(await counts()).toEqual(before);
    const ok = await postForm(newOrgAction, "/organisations/new", {
      name: "Testiyhdistys ry",
      kind: "association",
      businessId: "185547-3".replace("185547-3", "0737546-2"),
    });
    expect(ok.status).toBe(302);
  });

  it("refuses an impossible status move", async () => {
    const id = await projectIdByCase(ctx.db, "KAJDno-2023-1068");
    const p = (await getProjectDetail(ctx.db, SEES_ALL, id))!.project;
    const res = await postForm(
      editProjectAction,
      "/",
      {
        name: p.name,
        shortName: p.short_name,
        caseNumber: p.case_number,
        leadOrganisationId: String(p.lead_organisation_id),
        status: "planning",
        revision: String(p.revision),
      },
      { projectId: String(id) },
    );
    expect(res.status).toBe(400);
    expect(errorsOf(await jsonOf(res)).status).toBe("error.status.transition");
  });
});

/** The revision of a project's current plan version: the version token its editor carries. */
async function planRevisionOf(projectId: number): Promise<string> {
  const v = await ctx.db
    .selectFrom("plan_version")
    .select("revision")
    .where("project_id", "=", projectId)
    .where("state", "=", "current")
    .executeTakeFirstOrThrow();
  return String(v.revision);
}

/**
 * npm run generate -- [--areas 45] [--projects 300] [--seed 1] [--out FILE]
 * Writes a deterministic ledger file (the import format, docs/import-format.md) the size of a
 * national deployment: one city with an employment unit per area, associations per area, one
 * funder; per project a current plan (ESR 80 %, the unit's own funding 20 %, costs split between
 * staff and other), an earlier superseded version for every third project, the city's
 * commitments over the 2–5 year period (the unit's 70 %, the city's 30 %; every fifth with the
 * unit's split entered per year, every seventh with the city's part conditional, every eleventh
 * with an extra commitment whose condition failed), and a pending change request for every
 * tenth project.
 * The same arguments always give the same file. Load it with `npm run import -- FILE`.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { seededRandom } from "../app/domain/random";

const STATUSES = ["planning", "applied", "committee_conditional", "funded", "running", "running", "running", "ended", "final_report_accepted"] as const;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export interface GenerateOptions {
  areas: number;
  projectsPerArea: number;
  seed: number;
}

/** An amount split evenly over consecutive years, the cents left over to the first year. */
function evenSplit(amountCents: number, firstYear: number, count: number): { year: number; amountCents: number }[] {
  const part = Math.floor(amountCents / count);
  return Array.from({ length: count }, (_, i) => ({ year: firstYear + i, amountCents: i === 0 ? amountCents - part * (count - 1) : part }));
}

export function generateLedger({ areas, projectsPerArea, seed }: GenerateOptions) {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const organisations: Record<string, unknown>[] = [
    { ref: "city", name: "Valtakunnallinen kaupunki", shortName: "Kaupunki", kind: "city", businessId: null, parent: null },
    { ref: "funder", name: "Elinvoimakeskus", shortName: "ELY", kind: "funder", businessId: null, parent: null },
  ];
  const projects: Record<string, unknown>[] = [];
  for (let a = 1; a <= areas; a++) {
    const unit = `unit-${a}`;
    organisations.push({ ref: unit, name: `Työllisyysalue ${pad(a)}`, shortName: `TA${pad(a)}`, kind: "city_unit", businessId: null, parent: "city" });
    const associations = Array.from({ length: 5 }, (_, i) => `assoc-${a}-${i + 1}`);
    associations.forEach((ref, i) =>
      organisations.push({ ref, name: `Yhdistys ${pad(a)}-${i + 1} ry`, shortName: "", kind: "association", businessId: null, parent: null }),
    );
    for (let p = 1; p <= projectsPerArea; p++) {
      const lead = associations[int(0, associations.length - 1)]!;
      const startYear = int(2022, 2027);
      const years = int(2, 5);
      const start = day(startYear, int(1, 12), 1);
      const end = day(startYear + years - 1, 12, 31);
      const totalEuros = int(50, 1500) * 1000;
      const total = totalEuros * 100;
      const esr = (total / 10) * 8;
      const own = total - esr;
      const staff = (total / 10) * 7;
      const decisionDate = day(startYear - 1, 11, int(1, 28));
      const section = String(int(1, 40));
      // The city's money as commitments: the area's unit and the city itself; some with an
      // entered split per year, some conditional, some whose condition failed.
      const commitments = (ownCents: number) => {
        const unitPart = Math.round(ownCents * 0.7);
        const decided = { decisionBody: "Työllisyysjaosto", decisionDate, decisionSection: section };
        const entered = p % 5 === 0 ? evenSplit(unitPart, startYear, years) : undefined;
        const list: Record<string, unknown>[] = [
          { organisation: unit, amountCents: unitPart, conditionStatus: "none", ...decided, ...(entered ? { years: entered } : {}) },
          p % 7 === 0
            ? { organisation: "city", amountCents: ownCents - unitPart, conditionStatus: "pending", conditionText: "ESR-rahoituspäätös", ...decided }
            : { organisation: "city", amountCents: ownCents - unitPart, conditionStatus: "none", ...decided },
        ];
        if (p % 11 === 0) list.push({ organisation: unit, amountCents: 500_000, conditionStatus: "failed", conditionText: "Lisärahoitus", ...decided });
        return list;
      };
      const version = (versionNumber: number, state: string, scale: number) => {
        const t = total * scale;
        return {
          versionNumber,
          state,
          start,
          end,
          totalBudgetCents: t,
          costModel: "actual",
          flatRateBp: null,
          costLines: [
            { kind: "staff", label: "Henkilöstö", amountCents: staff * scale },
            { kind: "other", label: "Muut kulut", amountCents: t - staff * scale },
          ],
          financingLines: [
            { kind: "esr", organisation: "funder", amountCents: esr * scale, statedPercentBp: 8000 },
            { kind: "own", organisation: unit, amountCents: t - esr * scale, statedPercentBp: 2000 },
          ],
          implementers: [{ organisation: lead, role: "lead", budgetCents: t }],
          commitments: commitments(own * scale),
        };
      };
      const superseded = p % 3 === 0;
      const pending = p % 10 === 0;
      const versions = superseded ? [version(1, "superseded", 1), version(2, "current", 2)] : [version(1, "current", 1)];
      const current = versions.length;
      const changeRequests: Record<string, unknown>[] = [];
      if (pending) {
        versions.push({ ...version(current + 1, "proposed", 2), versionNumber: current + 1 });
        changeRequests.push({
          direction: "grantee_to_city",
          requestedBy: lead,
          receivedOn: day(startYear, 12, 15),
          kinds: ["budget"],
          reason: "Lisätalousarvio",
          baseVersionNumber: current,
          proposedVersionNumber: current + 1,
          proposedName: `Hanke ${pad(a)}-${pad(p, 3)}`,
          proposedShortName: `H${pad(a)}${pad(p, 3)}`,
          proposedTargetGroup: "",
          state: "pending",
        });
      }
      projects.push({
        name: `Hanke ${pad(a)}-${pad(p, 3)}`,
        shortName: `H${pad(a)}${pad(p, 3)}`,
        caseNumber: `GEN-${pad(a)}-${pad(p, 4)}`,
        lead,
        funder: "funder",
        status: STATUSES[int(0, STATUSES.length - 1)],
        planVersions: versions,
        changeRequests,
      });
    }
  }
  return { format: "hankevahti-ledger", version: 1, organisations, projects };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      areas: { type: "string", default: "45" },
      projects: { type: "string", default: "300" },
      seed: { type: "string", default: "1" },
      out: { type: "string", default: "data/national.json" },
    },
  });
  const opts = { areas: Number(values.areas), projectsPerArea: Number(values.projects), seed: Number(values.seed) };
  if (![opts.areas, opts.projectsPerArea, opts.seed].every((n) => Number.isInteger(n) && n > 0)) {
    console.error("usage: npm run generate -- [--areas N] [--projects N] [--seed N] [--out FILE]");
    process.exit(2);
  }
  fs.mkdirSync(new URL(".", `file://${process.cwd()}/${values.out}`).pathname, { recursive: true });
  fs.writeFileSync(values.out!, JSON.stringify(generateLedger(opts)));
  console.log(`${values.out}: ${opts.areas * opts.projectsPerArea} projects (${opts.areas} areas × ${opts.projectsPerArea}), seed ${opts.seed}`);
}

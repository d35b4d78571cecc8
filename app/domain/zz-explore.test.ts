import { readFileSync } from "node:fs";
import { it } from "vitest";
import { checkAgendaText, findAmounts, findPercents, findYearRanges, findDays } from "./agenda-checks";
import { splitOverPeriod } from "./split";
const src = readFileSync("/work/shared/domain/sources/003_67c43f33a87b6437.txt", "utf8");
const sec = (a: string, b: string) => src.slice(src.indexOf(a), src.indexOf(b));
const e = (x: number) => x * 100;
it("explore", () => {
  const s14 = sec("§ 14\n\nKajaanin", "§ 15\n\nOhjaavalla");
  console.log(findAmounts(s14).map(a => [a.raw, a.cents, a.approximate, a.perYear]));
  console.log(findPercents(s14).map(a => [a.raw, a.bp]));
  console.log(findYearRanges(s14).map(a => [a.raw, a.from, a.to, a.count]));
  console.log(findDays(s14).map(a => [a.raw, a.day]));
  const summit: any = {
    name: "SUMMIT", shortName: "SUMMIT", caseNumber: "", lead: "", leadBusinessId: null, implementers: [], funder: null, targetGroup: "",
    plan: { start: "2026-04-01", end: "2028-03-30", totalBudgetCents: e(520000),
      financing: [{ kind: "esr", label: "", organisation: null, amountCents: e(416000), shareBp: 8000 }, { kind: "own", label: "", organisation: null, amountCents: e(104000), shareBp: 2000 }],
      commitments: [{ organisation: "T", amountCents: e(55000), conditional: false, years: [{ year: 2026, amountCents: 2071918 }, { year: 2027, amountCents: 2750000 }, { year: 2028, amountCents: 678082 }] }],
      cityByYear: [{ year: 2026, amountCents: 2071918 }, { year: 2027, amountCents: 2750000 }, { year: 2028, amountCents: 678082 }], cityTotalCents: e(55000) },
    proposed: { start: "2026-11-01", end: "2029-10-31", totalBudgetCents: e(504000),
      financing: [{ kind: "esr", label: "", organisation: null, amountCents: e(403200), shareBp: 8000 }, { kind: "own", label: "", organisation: null, amountCents: e(82500), shareBp: 1637 }, { kind: "own", label: "", organisation: null, amountCents: e(18300), shareBp: 363 }],
      commitments: [{ organisation: "T", amountCents: e(82500), conditional: true, years: splitOverPeriod(e(82500), "2026-11-01", "2029-10-31") }],
      cityByYear: splitOverPeriod(e(82500), "2026-11-01", "2029-10-31"), cityTotalCents: e(82500) },
    reach: null, outcomes: null, partners: null, otherDays: [], otherAmountsCents: [] };
  console.log(checkAgendaText(s14, summit));
  const s15 = sec("§ 15\n\nOhjaavalla", "Kaupunginvaltuusto, § 30");
  console.log(findAmounts(s15).map(a => [a.raw, a.cents, a.approximate, a.perYear]));
  console.log(findYearRanges(s15).map(a => [a.raw, a.from, a.to, a.count, a.countStart]));
  const y7 = [{ year: 2027, amountCents: e(7000) }, { year: 2028, amountCents: e(7000) }, { year: 2029, amountCents: e(7000) }];
  const ote: any = { ...summit, proposed: null, plan: { start: "2027-01-01", end: "2028-12-31", totalBudgetCents: e(210000),
    financing: [{ kind: "esr", label: "", organisation: null, amountCents: e(168000), shareBp: 8000 }, { kind: "own", label: "", organisation: "K", amountCents: e(21000), shareBp: 1000 }, { kind: "own", label: "", organisation: "T", amountCents: e(21000), shareBp: 1000 }],
    commitments: [{ organisation: "T", amountCents: e(21000), conditional: true, years: y7 }], cityByYear: y7, cityTotalCents: e(21000) } };
  console.log(checkAgendaText(s15, ote));
  for (const [a,b] of [["§ 13\n\nKotona", "§ 14\n\nKajaanin"], ["§ 16\n\nValtuusto", "§ 17\n\nValtuusto"], ["§ 17\n\nValtuusto", "§ 18\n\nKajaanin"], ["§ 18\n\nKajaanin", "§ 19\n\nTyö"]] as const) {
    const t = sec(a, b);
    console.log(a.slice(0,5), findAmounts(t).map(x=>x.raw), findPercents(t).map(x=>x.raw), findYearRanges(t).map(x=>x.raw), findDays(t).map(x=>x.raw));
  }
});

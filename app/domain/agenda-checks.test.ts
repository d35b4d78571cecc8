/**
 * Unit tests of the agenda text checks: the parsers on the forms the source agenda
 * (20.5.2026) uses, the source's own items checked against the worked examples' exact figures
 * (DOMAIN.md: SUMMIT § 14 passes; OTE § 15 and Kotona Kajaanissa § 13 fail where the source is
 * wrong), and one minimal case per finding code and per rule of agenda-checks.ts.
 */
import { describe, expect, it } from "vitest";
import type { AgendaPlanFacts, AgendaProjectFacts } from "./agenda-facts";
import { draftItem } from "./agenda-draft";
import { splitOverPeriod } from "./split";
import { FLAT_RATES_BP, checkAgendaText, findAmounts, findDays, findPercents, findYearRanges, knownAmountsCents, type Finding } from "./agenda-checks";

/* ---------- facts, by hand, from DOMAIN.md's worked examples ---------- */

const eur = (euros: number) => Math.round(euros * 100);
const EMPLOYMENT = "Työllisyys- ja kansainvälisyyspalvelut";

function plan(p: Partial<AgendaPlanFacts> & Pick<AgendaPlanFacts, "start" | "end" | "totalBudgetCents">): AgendaPlanFacts {
  const commitments = p.commitments ?? [];
  const byYear = new Map<number, number>();
  for (const c of commitments) for (const y of c.years) byYear.set(y.year, (byYear.get(y.year) ?? 0) + y.amountCents);
  return {
    financing: [],
    commitments,
    cityByYear: [...byYear].sort((a, b) => a[0] - b[0]).map(([year, amountCents]) => ({ year, amountCents })),
    cityTotalCents: commitments.reduce((s, c) => s + c.amountCents, 0),
    ...p,
  };
}

function project(p: Partial<AgendaProjectFacts> & Pick<AgendaProjectFacts, "plan">): AgendaProjectFacts {
  return {
    name: "Hanke",
    shortName: "H",
    caseNumber: "KAJDno-2026-1",
    lead: "Kajaanin kaupunki",
    leadBusinessId: null,
    implementers: [],
    funder: "Pohjois-Suomen elinvoimakeskus",
    targetGroup: "",
    proposed: null,
    reach: null,
    outcomes: null,
    partners: null,
    otherDays: [],
    otherAmountsCents: [],
    ...p,
  };
}

const SUMMIT_PLAN = plan({
  start: "2026-04-01",
  end: "2028-03-30",
  totalBudgetCents: eur(520_000),
  financing: [
    { kind: "esr", label: "Suunniteltu ESR-rahoitus", organisation: "Pohjois-Suomen elinvoimakeskus", amountCents: eur(416_000), shareBp: 8000 },
    { kind: "own", label: "Jaoston myöntämä omarahoitusosuus", organisation: "Kajaanin Haka ry", amountCents: eur(104_000), shareBp: 2000 },
  ],
  commitments: [
    {
      organisation: EMPLOYMENT,
      amountCents: eur(55_000),
      conditional: false,
      years: [
        { year: 2026, amountCents: 2_071_918 },
        { year: 2027, amountCents: 2_750_000 },
        { year: 2028, amountCents: 678_082 },
      ],
    },
  ],
});

const SUMMIT_PROPOSED = plan({
  start: "2026-11-01",
  end: "2029-10-31",
  totalBudgetCents: eur(504_000),
  financing: [
    { kind: "esr", label: "ESR-rahoitus", organisation: "Pohjois-Suomen elinvoimakeskus", amountCents: eur(403_200), shareBp: 8000 },
    { kind: "own", label: "Kaupungin omarahoitusosuus", organisation: EMPLOYMENT, amountCents: eur(82_500), shareBp: 1637 },
    { kind: "own", label: "Yhdistyksen omarahoitus", organisation: "Kajaanin Haka ry", amountCents: eur(18_300), shareBp: 363 },
  ],
  commitments: [{ organisation: EMPLOYMENT, amountCents: eur(82_500), conditional: true, years: splitOverPeriod(eur(82_500), "2026-11-01", "2029-10-31") }],
});

const SUMMIT = project({
  name: "SUMMIT – Kohti koulutusta, Kohti työelämää",
  shortName: "SUMMIT",
  caseNumber: "KAJDno-2025-1294",
  lead: "Kajaanin Haka ry",
  leadBusinessId: "0185547-3",
  targetGroup: "NEET-nuoret",
  plan: SUMMIT_PLAN,
  proposed: SUMMIT_PROPOSED,
});

/** SUMMIT as it stood before the change request: the current plan only. */
const SUMMIT_NOW = { ...SUMMIT, proposed: null };

const OTE_YEARS = [
  { year: 2027, amountCents: eur(7_000) },
  { year: 2028, amountCents: eur(7_000) },
  { year: 2029, amountCents: eur(7_000) },
];
const OTE = project({
  name: "Ohjaavalla otteella parempaan tulevaisuuteen",
  shortName: "OTE",
  caseNumber: "KAJDno-2026-641",
  lead: "Kaukametsän opisto",
  implementers: [EMPLOYMENT, "Sotkamon kunta"],
  plan: plan({
    start: "2027-01-01",
    end: "2028-12-31",
    totalBudgetCents: eur(210_000),
    financing: [
      { kind: "esr", label: "Haettava ESR+-rahoitus", organisation: "Pohjois-Suomen elinvoimakeskus", amountCents: eur(168_000), shareBp: 8000 },
      { kind: "own", label: "Omavastuuosuus, Kaukametsän opisto", organisation: "Kaukametsän opisto", amountCents: eur(21_000), shareBp: 1000 },
      { kind: "own", label: "Omavastuuosuus, työllisyyspalvelut", organisation: EMPLOYMENT, amountCents: eur(21_000), shareBp: 1000 },
    ],
    // As the demo entered it: 7 000 € in each of 2027, 2028 and 2029.
    commitments: [{ organisation: EMPLOYMENT, amountCents: eur(21_000), conditional: true, years: OTE_YEARS }],
  }),
});

const KOTONA = project({
  name: "Kotona Kajaanissa",
  shortName: "Kotona Kajaanissa",
  caseNumber: "KAJDno-2024-1358",
  implementers: ["SPR Oulun piiri"],
  plan: plan({ start: "2025-05-01", end: "2028-04-30", totalBudgetCents: 0 }),
  reach: { value: 191, target: 375, womenBp: 5800 },
});

const FLOW = project({
  name: "FLOW – Suomea ja sosiaalisia taitoja työelämään",
  shortName: "FLOW",
  caseNumber: "KAJDno-2023-1068",
  lead: "Kajaanin Haka ry",
  plan: plan({ start: "2023-09-01", end: "2025-12-31", totalBudgetCents: eur(400_000) }),
  reach: { value: 121, target: 120, womenBp: null },
  outcomes: { value: 100, targetBp: 7000, rateBp: 8264 },
  partners: 93,
});

/* ---------- the source agenda, verbatim (sources/003_67c43f33a87b6437.txt) ---------- */

const S14_GRANT =
  "Kajaanin Haka ry (y-tunnus 0185547-3) on hakenut ja saanut Kajaanin Kaupungeilta kuntarahoitusta 55 000 € avustusta Summit – Kohti koulutusta, Kohti työelämää-hankkeen rahoitukseen ajalle 1.4.2026 – 30.3.2028. ESR (Euroopan sosiaalirahasto) rahoittaa hankkeita, jotka edistävät työllisyyttä, osaamista ja sosiaalista osallisuutta. Suomessa ESR+-ohjelma vuosille 2021 - 2027 tukee näitä tavoitteita alueellisilla osioilla. Rahoitusta haetaan hankehakujen kautta, ja hakijoina voivat olla esimerkiksi oppilaitokset, järjestöt, kunnat ja yritykset.";
const S14_BUDGET =
  "Summit -hankkeen alkuperäinen kokonaisbudjetti oli n.520.000 €, josta työllisyys- ja kansainvälisyysjaoston myöntämä omarahoitusosuus osuus on 104 000 € (20 %) ja suunniteltu ESR-rahoitusosuus oli 416.000 € (80 %). Kaupungin osuus on myönnetty (55.000 €) ajalle 1.4.2026 – 30.3.2028, joka jaettiin kalenterivuosille 2026-2028.";
const S14_REQUEST =
  "Kajaanin Haka pyytää lykkäystä hankkeen aloitukseen vuoden 2026 loppupuolelle ja yhden vuoden lisäystä hankkeen kokonaispituuteen. Hakan ja Kajaanin kaupungin työllisyys- ja kansainvälisyyspalvelut ovat keskustelleet hankkeen tavoitteista ja kaupungin tarpeista, jonka vuoksi hankkeen haku olisi tarkoituksenmukaista jättää Euroopan sosiaalirahasto plussan (ESR+) erityistavoitteen ”Yhdenvertaiseen osallisuuteen” hankehakuun keväällä 2026 ja kohdentaa hanke etenkin NEET-nuoriin (Not in Education, Employment, or Training, 15–29-vuotiaita, jotka eivät opiskele, ole töissä tai suorita varusmiespalvelusta.) Kohderyhmä on ollut Kajaanissa kasvava valtakunnallisen työllisyystilanteen vuoksi, koska nuorten on entistä vaikeampaa saada ensimmäistä työ- taikka harjoittelupaikkaa. Erityistavoitteen 4.3 hankkeiden tavoite on parantaa erittäin heikkoa osallisuutta kokevien ihmisten asemaa yhteiskunnassa. Kajaanin kaupungin työllisyyspalveluiden näkökulmasta olisi toiveena hankkeessa huomioida paremmin myös toimeentulotuelta työnhakijoiksi siirtyvien asiakkaiden palveluiden kehittäminen yhdessä yhdistystoimijoiden kanssa. Lisäksi hankkeen nimi saattaa uuden hankehaun myötä olla tarpeen muuttaa.";
const S14_NEW =
  "Uusi hankkeen suunniteltu kokonaisrahoitus olisi noin. 504 000 euroa ja omarahoitusosuus kaupungin työllisyys- ja kansainvälisyysjaostolta 82 500 euroa. Omarahoitusosuus jakautuisi neljälle vuodelle 2026-2029.";
const S14_PROPOSAL =
  "Työllisyys- ja kansainvälisyysjaosto hyväksyy hankkeen siirtämistä vuoden 2026 loppuun ja omarahoituksen lisäämisen yhdelle toimintavuodelle, mikäli hanke saa ESR-rahoituksen, niin omarahoitusosuus 82 500 euroa jaetaan vuosille 2026-2029.";
const S14_CONDITIONS =
  "Kuntarahoituksesta päätetään lopullisesti kunkin vuoden talousarvion yhteydessä. Yhdistyksen on toimitettava kaupungin työllisyysjaostolle raportit hankkeen etenemisestä vähintään kerran vuodessa ja loppuraportti hankkeen päätyttyä. Mikäli hankkeen kustannukset eivät toteudu suunnitellusti, yhdistys palauttaa kaupungille sen mahdollisesti liikaa maksaman rahoitusosuuden.";

const S15_APPLICATION =
  "Kajaanin kaupungin omistama Kaukametsän opisto hakee yhteistyössä Kajaanin työllisyys- ja kansainvälisyyspalveluiden kanssa ESR+-hankerahoitusta *Ohjaavalla otteella parempaan tulevaisuuteen* -hankkeelle vuosille 2027-2028. Kyseessä on ryhmähanke, johon osallistuu osatoteuttajana myös Sotkamon kunta (Sotkamon kansalaisopisto ja työllisyyspalvelut).";
const S15_HISTORY =
  "Kaukametsän opiston ja Kajaanin työllisyyspalveluiden yhteistyö on käynnistetty jo vuosina 2024-2026 Opetushallituksen rahoittamassa *Aktiiviseksi kansalaiseksi kestävän elämäntavan koulutusten avulla* -hankkeessa, jonka aikana on aloitettu yhteistyössä uraohjaus- ja työnhakukoulutusten järjestäminen työllisyyspalveluiden asiakkaille.";
const S15_BUDGET =
  "Kajaanin osuus hankkeen budjetista on noin 210 000 € ja omavastuuosuus 42 000 €, joka on tarkoitus jakaa puoliksi Kaukametsän opiston ja työllisyys- ja kansainvälisyyspalveluiden kesken. Omavastuuosuus tulisi siis olemaan 21 000 € /yksikkö eli 7 000 €/yksikkö/vuosi.";
const S15_PROPOSAL =
  "Työllisyys- ja kansainvälisyysjaosto hyväksyy hankkeen alustavan esityksen ja 21 000 euron omarahoituksen Kajaanin työllisyys- ja kansainvälisyyspalveluille, mikäli hanke saa ESR+-rahoituksen. Rahoitus jakautuu kahdelle vuodelle 2027-2029. Hankkeen etenemisestä raportoidaan vähintään kaksi kertaa vuodessa jaostolle.";

const S13_PERIOD =
  "Kotona Kajaanissa -hanke alkoi 1.5.2026 ja jatkuu 30.4.2028 asti. Hankkeen rahoitus on Euroopan sosiaalirahastosta, ja rahoittajana toimii Pohjois-Suomen elinvoimakeskus.";
const S13_REACH =
  "Hankesuunnitelmassa todetaan, että hankkeella on tarkoitus tavoittaa 375 kajaanilaista kolmen vuoden aikana. Osallistujat rekisteröidään EURA-järjestelmään. Hankkeessa on tavoitettu toukokuun alkuun 2026 mennessä 191 henkilöä (joista 58 % naisia).";
const S13_HISTORY =
  "Alun perin hankkeen oli tarkoitus alkaa 1.1.2025, mutta aloitus viivästyi. Hanke on toteutunut 1.5.2025 alkaen suunnitelmien mukaisesti. Hankkeessa on tehty kaksi maksatushakemusta ja saatu kaksi myönteistä maksatuspäätöstä. Lisäksi hankkeessa on tehty kaksi henkilöiden työtunteihin liittyvää muutoshakemusta, joista molemmat on hyväksytty.";

const S18_RESULTS =
  "Kajaanin Haka ry:n FLOW – Suomea ja sosiaalisia taitoja työelämään -hanke saavutti ja osin ylitti sille asetetut tavoitteet. Hankkeessa tavoitettiin 121 henkilöä (tavoite 120), joista 82 % (100 henkilöä) siirtyi työhön tai koulutukseen, ylittäen selvästi asetetun 70 %:n tavoitetasoa. Lisäksi laaja yhteistyöverkosto (93 kumppania/yritystä) vahvisti alueellista työvoiman saatavuutta ja työnantajayhteistyötä.";

const paragraphs = (...ps: string[]) => ps.join("\n\n");
const codes = (fs: readonly Finding[]) => fs.map((f) => `${f.code} ${f.excerpt}`);
const NBSP = "\u00a0";
const NNBSP = "\u202f";

/** Every finding's excerpt is its span of the text; sorted; no two on one span. */
function wellFormed(text: string, fs: readonly Finding[]): void {
  for (const f of fs) expect(text.slice(f.start, f.end)).toBe(f.excerpt);
  const sorted = [...fs].sort((a, b) => a.start - b.start || a.end - b.end);
  expect(fs).toEqual(sorted);
  expect(new Set(fs.map((f) => `${f.start}:${f.end}`)).size).toBe(fs.length);
}

function check(text: string, facts: AgendaProjectFacts): Finding[] {
  const fs = checkAgendaText(text, facts);
  wellFormed(text, fs);
  return fs;
}

/* ---------- parsers ---------- */

describe("findAmounts", () => {
  it("reads the agenda's forms: dots or (no-break) spaces for thousands, decimal comma, approximations, case forms", () => {
    expect(findAmounts("oli n.520.000 €, josta")).toEqual([
      { start: 4, end: 15, cents: 52_000_000, approximate: true, perYear: false, raw: "n.520.000 €", hasDecimals: false },
    ]);
    expect(findAmounts("oli 416.000 € (80 %)").map((a) => [a.cents, a.approximate, a.raw])).toEqual([[41_600_000, false, "416.000 €"]]);
    expect(findAmounts(`2026: 20${NBSP}719,18${NBSP}€`).map((a) => [a.cents, a.hasDecimals, a.start])).toEqual([[2_071_918, true, 6]]);
    expect(findAmounts(`omarahoitusosuus 82${NNBSP}500 euroa.`).map((a) => [a.cents, a.raw])).toEqual([[8_250_000, `82${NNBSP}500 euroa`]]);
    expect(findAmounts("noin. 504 000 euroa").map((a) => [a.cents, a.approximate, a.raw])).toEqual([[50_400_000, true, "noin. 504 000 euroa"]]);
    expect(findAmounts("noin 210 000 € ja n 42 000 €").map((a) => [a.cents, a.approximate])).toEqual([
      [21_000_000, true],
      [4_200_000, true],
    ]);
    expect(findAmounts("ja 21 000 euron omarahoituksen").map((a) => a.cents)).toEqual([2_100_000]);
    expect(findAmounts("bonuspalkkiota (1000 €/ hlö)").map((a) => [a.cents, a.raw, a.perYear])).toEqual([[100_000, "1000 €/ hlö", false]]);
    expect(findAmounts("55 000,- €").map((a) => a.cents)).toEqual([5_500_000]);
  });

  it("marks per-year amounts and keeps the unit in the span", () => {
    const text = `olemaan 21 000 € /yksikkö eli 7${NBSP}000 €/yksikkö/vuosi.`;
    expect(findAmounts(text).map((a) => [a.raw, a.perYear])).toEqual([
      ["21 000 € /yksikkö", false],
      [`7${NBSP}000 €/yksikkö/vuosi`, true],
    ]);
    expect(findAmounts("7 000 euroa vuodessa").map((a) => [a.raw, a.perYear])).toEqual([["7 000 euroa vuodessa", true]]);
    expect(findAmounts("7 000 €/v ja 7 000 € per vuosi").map((a) => a.perYear)).toEqual([true, true]);
    expect(findAmounts("7 000 € vuodelle 2027").map((a) => [a.raw, a.perYear])).toEqual([["7 000 €", false]]);
  });

  it("reads numbers listed before one currency sign when they cannot be years", () => {
    expect(findAmounts("jaettuna 20 719,18, 27 500 ja 6 780,82 €").map((a) => [a.raw, a.cents])).toEqual([
      ["20 719,18", 2_071_918],
      ["27 500", 2_750_000],
      ["6 780,82 €", 678_082],
    ]);
    expect(findAmounts("vuosille 2026, 2027 ja 2028 €").map((a) => a.raw)).toEqual(["2028 €"]);
  });

  it("reads no amount in years, dates, case numbers, business IDs or 'Euroopan'", () => {
    expect(findAmounts("vuonna 2021 Euroopan sosiaalirahasto, ajalle 1.4.2026 – 30.3.2028, KAJDno-2025-1294, y-tunnus 0185547-3, 15–29-vuotiaat")).toEqual([]);
    expect(findAmounts("ajalle 1.4.2026 – 30.3.2028 55 000 €").map((a) => a.raw)).toEqual(["55 000 €"]);
    expect(findAmounts("Hakan 55 000 €").map((a) => a.approximate)).toEqual([false]);
  });
});

describe("findPercents", () => {
  it("reads '70 %:n', '20%', decimals and 'prosenttia'; not percentage points", () => {
    expect(findPercents("ylittäen selvästi asetetun 70 %:n tavoitetasoa")).toEqual([{ start: 27, end: 31, bp: 7000, raw: "70 %" }]);
    expect(findPercents("(20%)").map((p) => p.bp)).toEqual([2000]);
    expect(findPercents(`(82,6${NBSP}%)`).map((p) => p.bp)).toEqual([8260]);
    expect(findPercents("20 prosenttia").map((p) => p.bp)).toEqual([2000]);
    expect(findPercents("kasvoi 5 %-yksikköä ja 3 prosenttiyksikköä, ESR+")).toEqual([]);
  });
});

describe("findYearRanges", () => {
  it("reads ranges with a hyphen, an en dash, ' - ' and a short end; years after a year word; count phrases", () => {
    expect(findYearRanges("vuosille 2026–2028.")).toEqual([{ start: 9, end: 18, from: 2026, to: 2028, count: null, countStart: null, raw: "2026–2028" }]);
    expect(findYearRanges("ESR+-ohjelma vuosille 2021 - 2027 tukee").map((r) => [r.raw, r.from, r.to])).toEqual([["2021 - 2027", 2021, 2027]]);
    expect(findYearRanges("kaudella 2026–28").map((r) => [r.from, r.to])).toEqual([[2026, 2028]]);
    expect(findYearRanges("vuonna 2026 - 30 henkilöä").map((r) => [r.from, r.to])).toEqual([[2026, 2026]]);
    expect(findYearRanges("Rahoitus jakautuu kahdelle vuodelle 2027-2029.")).toEqual([
      { start: 36, end: 45, from: 2027, to: 2029, count: 2, countStart: 18, raw: "2027-2029" },
    ]);
    expect(findYearRanges("kolmen vuoden ajalle (2026–2028)").map((r) => r.count)).toEqual([3]);
    expect(findYearRanges("vuonna 2027 ja keväällä 2026").map((r) => [r.raw, r.from, r.to, r.count])).toEqual([["2027", 2027, 2027, null]]);
    expect(findYearRanges("kahdelle vuodelle 2027").map((r) => [r.from, r.to, r.count])).toEqual([[2027, 2027, 2]]);
  });

  it("reads no range in case numbers, business IDs, dates or ages", () => {
    expect(findYearRanges("KAJDno-2025-1294, 0185547-3, 1.4.2026 – 30.3.2028, 15–29-vuotiaita, 2026-04-01")).toEqual([]);
  });
});

describe("findDays", () => {
  it("reads d.m.yyyy with or without leading zeros, both ends of a range of dates, and ISO days; not impossible days", () => {
    expect(findDays("Aika 01.05.2026, klo 16:30")).toEqual([{ start: 5, end: 15, day: "2026-05-01", raw: "01.05.2026" }]);
    expect(findDays("ajalle 1.4.2026 – 30.3.2028.").map((d) => d.day)).toEqual(["2026-04-01", "2028-03-30"]);
    expect(findDays("1.4.2026–30.3.2028").map((d) => d.day)).toEqual(["2026-04-01", "2028-03-30"]);
    expect(findDays("2026-05-01").map((d) => d.day)).toEqual(["2026-05-01"]);
    expect(findDays("31.4.2028, erityistavoite 4.3")).toEqual([]);
  });
});

/* ---------- the source agenda against the ledger ---------- */

describe("§ 14 SUMMIT (change request)", () => {
  it("the background's two financing paragraphs, verbatim, give no findings", () => {
    expect(check(paragraphs(S14_GRANT, S14_BUDGET), SUMMIT)).toEqual([]);
    // Against the current plan alone too: every figure in them is the current plan's.
    expect(check(paragraphs(S14_GRANT, S14_BUDGET), SUMMIT_NOW)).toEqual([]);
  });

  it("the whole item, verbatim, gives no findings", () => {
    // Not caught, by design of text checks: "jaoston myöntämä omarahoitusosuus osuus on 104 000 € (20 %)"
    // says the division granted 104 000 €, but it granted 55 000 € (the next sentence). 104 000 € is a
    // real figure of the plan (the own-funding line), so an amount check cannot see that the text
    // ascribes it to the wrong payer; the plan checks (checks.ts) hold the 104 000 € line against the
    // 55 000 € commitment. "(55.000 €)" is 55 000 € written with a dot and matches the commitment.
    // "ESR+-ohjelma vuosille 2021 - 2027" is the programme period, not flagged.
    expect(check(paragraphs(S14_GRANT, S14_BUDGET, S14_REQUEST, S14_NEW, S14_PROPOSAL, S14_CONDITIONS), SUMMIT)).toEqual([]);
  });

  it("the proposal's 2026–2029 is outside the current plan: flagged when the ledger has no proposed plan", () => {
    expect(codes(check(S14_PROPOSAL, SUMMIT_NOW))).toEqual(["amountUnknown 82 500 euroa", "yearOutsidePeriod 2026-2029"]);
  });
});

describe("§ 15 OTE (new co-financing)", () => {
  const text = paragraphs(S15_APPLICATION, S15_HISTORY, S15_BUDGET, S15_PROPOSAL);

  it("catches the source's contradictions: two vs 2027–2029, 2029 outside 2027–2028, 7 000 × 2 ≠ 21 000", () => {
    const fs = check(text, OTE);
    expect(codes(fs)).toEqual(["perYearTimesYears 7 000 €/yksikkö/vuosi", "yearCountMismatch kahdelle vuodelle 2027-2029", "yearOutsidePeriod 2027-2029"]);
    const [perYear, count, outside] = fs;
    expect(perYear!.params).toEqual({ perYearCents: 700_000, years: 2, productCents: 1_400_000, totalCents: 2_100_000 });
    expect(count!.params).toEqual({ count: 2, years: 3, from: 2027, to: 2029 });
    expect(outside!.params).toEqual({ from: 2027, to: 2029, periodFromYear: 2027, periodToYear: 2028 });
    expect(count!.start).toBe(text.indexOf("kahdelle vuodelle 2027-2029"));
    expect(outside!.start).toBe(text.indexOf("2027-2029"));
  });

  it("42 000 € is the two own lines together (21 000 € + 21 000 €), not flagged; nor 'noin 210 000 €' nor the history's 2024–2026", () => {
    expect(knownAmountsCents(OTE)).toContain(eur(42_000));
    const fs = check(paragraphs(S15_HISTORY, S15_BUDGET), OTE);
    expect(fs.map((f) => f.code)).toEqual(["perYearTimesYears"]);
  });

  it("7 000 €/yksikkö/vuosi is consistent when the sentence names the three years, or the total is 14 000 €", () => {
    expect(
      check("Omavastuuosuus on 21 000 € /yksikkö eli 7 000 €/yksikkö/vuosi vuosille 2027–2029.", { ...OTE, otherAmountsCents: [] }).map((f) => f.code),
    ).toEqual(["yearOutsidePeriod"]);
    expect(check("Omavastuuosuus on 21 000 € eli 7 000 € vuodessa kolmen vuoden ajan.", OTE)).toEqual([]);
    expect(check("Omavastuuosuus on 21 000 € eli 10 500 € vuodessa.", OTE)).toEqual([]);
  });
});

describe("§ 13 Kotona Kajaanissa (interim report)", () => {
  it("'alkoi 1.5.2026' is the source's known error: the project started 1.5.2025", () => {
    const fs = check("Kotona Kajaanissa -hanke alkoi 1.5.2026 ja jatkuu 30.4.2028 asti.", KOTONA);
    expect(fs).toEqual([
      {
        code: "dateUnknown",
        start: 31,
        end: 39,
        excerpt: "1.5.2026",
        params: { statedDay: "2026-05-01", startDay: "2025-05-01", endDay: "2028-04-30" },
      },
    ]);
  });

  it("the background, verbatim, has that one error when the planned start 1.1.2025 is among the other days", () => {
    const text = paragraphs(S13_PERIOD, S13_REACH, S13_HISTORY);
    expect(codes(check(text, { ...KOTONA, otherDays: ["2025-01-01"] }))).toEqual(["dateUnknown 1.5.2026"]);
    expect(codes(check(text, KOTONA))).toEqual(["dateUnknown 1.5.2026", "dateUnknown 1.1.2025"]);
  });
});

describe("§ 18 FLOW (final report)", () => {
  it("flags '82 %' for 100 / 121 = 82,6 % (rounded down, more than 0,5 pp off); '70 %:n' is the target", () => {
    // The source's result: 82,6 % rounds to 83 %, not 82 %. The text checks hold a stated
    // percentage within 0,5 pp of the ledger's, so the source's truncated figure is reported.
    const fs = check(S18_RESULTS, FLOW);
    expect(codes(fs)).toEqual(["percentUnknown 82 %"]);
    expect(fs[0]!.params).toEqual({ statedBp: 8200, expectedBp: 8264 });
    expect(check(S18_RESULTS.replace("82 %", "82,6 %"), FLOW)).toEqual([]);
    expect(check(S18_RESULTS.replace("82 %", "83 %"), FLOW)).toEqual([]);
  });
});

/* ---------- one case per finding ---------- */

const CONSISTENT = paragraphs(
  "SUMMIT-hankkeen kokonaisbudjetti on 520 000 €, josta ESR-rahoitus 416 000 € (80 %) ja omarahoitus 104 000 € (20 %). Kaupunki on myöntänyt 55 000 € ajalle 1.4.2026–30.3.2028, ja se jakautuu kolmelle vuodelle 2026–2028: 2026: 20 719,18 €, 2027: 27 500 € ja 2028: 6 780,82 €.",
  "Muutoshakemuksen mukaan toteutusaika olisi 1.11.2026–31.10.2029, kokonaisbudjetti noin 504 000 euroa, josta ESR 403 200 € (80 %), kaupungin omarahoitus 82 500 € (16,4 %) ja yhdistyksen 18 300 € (3,6 %). Omarahoitus yhteensä 100 800 € (20 %). Kaupungin 82 500 euroa jaetaan neljälle vuodelle 2026–2029.",
  "Kustannusmallina on 40 %:n flat rate. Hankkeelle on myönnetty ESR+-rahoitus vuosille 2026-2029.",
);

describe("a text whose figures all match", () => {
  it("gives no findings", () => {
    expect(check(CONSISTENT, SUMMIT)).toEqual([]);
  });

  it("neither does a drafted item (agenda-draft.ts) about a consistent project", () => {
    const ctx = { body: "Työllisyys- ja kansainvälisyysjaosto" };
    for (const type of ["change_request", "interim_report", "new_cofinancing", "final_report"] as const) {
      const d = draftItem(type, SUMMIT, ctx);
      expect(check(paragraphs(d.background, d.proposal), SUMMIT)).toEqual([]);
    }
    const kotona = draftItem("interim_report", KOTONA, ctx);
    expect(check(paragraphs(kotona.background, kotona.proposal), KOTONA)).toEqual([]);
  });

  it("a drafted OTE item shows only the ledger's own split outside the period", () => {
    const d = draftItem("new_cofinancing", OTE, { body: "Työllisyys- ja kansainvälisyysjaosto" });
    const fs = check(paragraphs(d.background, d.proposal), OTE);
    expect(fs.every((f) => f.code === "yearOutsidePeriod" && f.params.to === 2029)).toBe(true);
  });
});

describe("amountUnknown", () => {
  it("a wrong amount: 56 000 € instead of 55 000 €", () => {
    const text = S14_BUDGET.replace("(55.000 €)", "(56 000 €)");
    const fs = check(text, SUMMIT);
    const start = text.indexOf("56 000 €");
    expect(fs).toEqual([{ code: "amountUnknown", start, end: start + 8, excerpt: "56 000 €", params: { statedCents: 5_600_000, nearestCents: 5_500_000 } }]);
  });

  it("exact amounts equal a figure to the cent; approximate ones may be 2 % off", () => {
    expect(codes(check("2026: 20 719 €", SUMMIT_NOW))).toEqual(["amountUnknown 20 719 €"]);
    expect(check("2026: noin 20 719 €", SUMMIT_NOW)).toEqual([]);
    expect(check("Kokonaisbudjetti on noin 510 000 €.", SUMMIT_NOW)).toEqual([]); // 1,9 % off
    const far = check("Kokonaisbudjetti on noin 500 000 €.", SUMMIT_NOW); // 3,8 % off
    expect(far.map((f) => [f.code, f.params.toleranceBp])).toEqual([["amountUnknown", 200]]);
    expect(codes(check("Kokonaisbudjetti on 519 000 €.", SUMMIT_NOW))).toEqual(["amountUnknown 519 000 €"]);
  });

  it("knows sums of one kind, one organisation's commitments, each year, other amounts; and 0 €", () => {
    const f = { ...SUMMIT, otherAmountsCents: [eur(12_345.67)] };
    expect(check("Omarahoitus 100 800 €, vuonna 2029 22 883,21 €, maksatus 12 345,67 €, 2029: 0 €.", f)).toEqual([]);
  });

  it("a per-year amount that is no figure and no figure per year is unknown", () => {
    expect(codes(check("Kaupunki maksaa 8 000 € vuodessa.", OTE))).toEqual(["amountUnknown 8 000 € vuodessa"]);
    expect(check("Kaupunki maksaa 7 000 € vuodessa.", OTE)).toEqual([]);
    expect(check("Kaupunki maksaa 10 500 € vuodessa.", OTE)).toEqual([]); // 21 000 € over the two years
  });
});

describe("percentUnknown and sharesDoNotAddUp", () => {
  it("a wrong share: (25 %) instead of (20 %)", () => {
    const text = S14_BUDGET.replace("(20 %)", "(25 %)");
    const fs = check(text, SUMMIT);
    expect(fs.map((f) => f.code)).toEqual(["sharesDoNotAddUp", "percentUnknown"]);
    const [shares, percent] = fs;
    expect(percent!.excerpt).toBe("25 %");
    expect(percent!.start).toBe(text.indexOf("25 %"));
    expect(percent!.params).toEqual({ statedBp: 2500, expectedBp: 2000 });
    expect(shares!.excerpt).toBe("104 000 € (25 %) ja suunniteltu ESR-rahoitusosuus oli 416.000 € (80 %");
    expect(shares!.params).toEqual({ sumBp: 10_500, expectedBp: 10_000, count: 2 });
  });

  it("shares swapped between their amounts are caught though both percentages are the plan's", () => {
    const fs = check("Budjetti 520 000 €, josta ESR 416 000 € (20 %) ja omarahoitus 104 000 € (80 %).", SUMMIT_NOW);
    expect(codes(fs)).toEqual(["percentUnknown 20 %", "percentUnknown 80 %"]);
  });

  it("shares that fall short of 100 % are flagged; 'percentage before amount' is a share too", () => {
    expect(codes(check("ESR 80 % (416 000 €) ja omarahoitus 15 % (104 000 €).", SUMMIT_NOW))).toEqual([
      "sharesDoNotAddUp 80 % (416 000 €) ja omarahoitus 15 % (104 000 €",
      "percentUnknown 15 %",
    ]);
  });

  it("a breakdown of a stated share is no second whole; shares of separate paragraphs are not summed", () => {
    expect(check("Budjetti 210 000 €: ESR 168 000 € (80 %), omavastuu 42 000 € (20 %), josta 21 000 € (10 %) ja 21 000 € (10 %).", OTE)).toEqual([]);
    expect(check("ESR 416 000 € (80 %).\nOmarahoitus 104 000 € (20 %).", SUMMIT_NOW)).toEqual([]);
  });

  it("percentages other than shares: reach, outcomes, flat rates, 100 %; a flat rate is no share", () => {
    expect(check("Tavoitettu 191 henkilöä (joista 58 % naisia), eli 51 % tavoitteesta.", KOTONA)).toEqual([]);
    expect(check(`Kustannusmalli: 40 %:n flat rate ja 15${NBSP}% toimistokuluihin; ESR kattaa 100 % hyväksytyistä kuluista.`, KOTONA)).toEqual([]);
    expect(codes(check("Naisia on 60 %.", KOTONA))).toEqual(["percentUnknown 60 %"]);
    expect(FLAT_RATES_BP).toEqual([4000, 1500]);
    expect(codes(check("Omarahoitus 104 000 € (40 %) ja ESR 416 000 € (60 %).", SUMMIT_NOW))).toEqual(["percentUnknown 40 %", "percentUnknown 60 %"]);
  });
});

describe("yearOutsidePeriod", () => {
  it("a range outside the period of the plan, with no proposal", () => {
    const text = "Kaupungin 55 000 € jaetaan vuosille 2026-2030.";
    const fs = check(text, SUMMIT_NOW);
    expect(fs).toEqual([
      {
        code: "yearOutsidePeriod",
        start: text.indexOf("2026-2030"),
        end: text.indexOf("2026-2030") + 9,
        excerpt: "2026-2030",
        params: { from: 2026, to: 2030, periodFromYear: 2026, periodToYear: 2028 },
      },
    ]);
    // The proposed plan's years (2026–2029) make 2026–2029 fine, not 2026–2030.
    expect(check("Kaupungin 82 500 € jaetaan vuosille 2026-2029.", SUMMIT)).toEqual([]);
    expect(check(text, SUMMIT).map((f) => f.params)).toEqual([
      { from: 2026, to: 2030, periodFromYear: 2026, periodToYear: 2028, proposedFromYear: 2026, proposedToYear: 2029 },
    ]);
  });

  it("only ranges about the financing: a programme period, history and single years are not checked", () => {
    expect(check("Suomessa ESR+-ohjelma vuosille 2021 - 2027 tukee näitä tavoitteita. Kaupunki myönsi 55 000 €.", SUMMIT_NOW)).toEqual([]);
    expect(check("Yhteistyö on käynnistetty jo vuosina 2024-2026 toisessa hankkeessa.", SUMMIT_NOW)).toEqual([]);
    expect(check("Haku oli keväällä 2025 ja hanke päättyy vuonna 2030. Kaupunki myönsi 55 000 €.", SUMMIT_NOW)).toEqual([]);
    // A neighbouring sentence with an amount, or a word of the financing's years, is enough.
    expect(codes(check("Kaupunki myönsi 55 000 €. Toiminta jatkuu 2027–2029.", SUMMIT_NOW))).toEqual(["yearOutsidePeriod 2027–2029"]);
    expect(codes(check("Hankkeen toimintaa on suunniteltu 2027–2029 vuodelle.", SUMMIT_NOW))).toEqual(["yearOutsidePeriod 2027–2029"]);
    expect(check("Kaupunki myönsi 55 000 €.\nToiminta jatkuu 2027–2029.", SUMMIT_NOW)).toEqual([]);
  });
});

describe("yearCountMismatch", () => {
  it("a count word in any case form against the range's years", () => {
    expect(check("Omarahoitus jakautuisi neljälle vuodelle 2026-2029.", SUMMIT)).toEqual([]);
    expect(codes(check("Omarahoitus jakautuisi kolmelle vuodelle 2026-2029.", SUMMIT))).toEqual(["yearCountMismatch kolmelle vuodelle 2026-2029"]);
    expect(codes(check("Rahoitus kahden vuoden ajalle 2026–2028.", SUMMIT_NOW))).toEqual(["yearCountMismatch kahden vuoden ajalle 2026–2028"]);
    expect(codes(check("Rahoitus kahdelle vuodelle 2027.", SUMMIT_NOW))).toEqual(["yearCountMismatch kahdelle vuodelle 2027"]);
    expect(check("Rahoitus yhdelle vuodelle 2027 ja kolmelle vuodelle 2026–2028.", SUMMIT_NOW)).toEqual([]);
  });
});

describe("perYearTimesYears", () => {
  it("per year × the years of the range named with it against the total beside it", () => {
    expect(codes(check("Kaupunki maksaa 55 000 € eli 20 000 €/vuosi vuosille 2026–2028.", SUMMIT_NOW))).toEqual(["perYearTimesYears 20 000 €/vuosi"]);
    // 55 000 / 3 = 18 333,33…: a yearly amount rounded to the euro is consistent.
    expect(check("Kaupunki maksaa 55 000 € eli 18 333 €/vuosi vuosille 2026–2028.", SUMMIT_NOW)).toEqual([]);
    expect(codes(check("Kaupunki maksaa 55 000 € eli 18 333,00 €/vuosi vuosille 2026–2028.", SUMMIT_NOW))).toEqual(["perYearTimesYears 18 333,00 €/vuosi"]);
  });
});

describe("dateUnknown", () => {
  it("dates other than the periods' ends and the other days; an impossible day too", () => {
    expect(check("Toteutusaika 1.4.2026 – 30.3.2028, uusi 01.11.2026–31.10.2029.", SUMMIT)).toEqual([]);
    expect(check("Päätös 20.05.2026.", { ...SUMMIT, otherDays: ["2026-05-20"] })).toEqual([]);
    const fs = check("Hanke päättyy 31.4.2028.", KOTONA);
    expect(fs.map((f) => [f.code, f.excerpt, f.params.stated])).toEqual([["dateUnknown", "31.4.2028", "31.4.2028"]]);
  });
});

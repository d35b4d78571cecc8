/**
 * Checks the figures of an agenda item's text (Finnish, as the employment manager writes it)
 * against the project's data from the ledger (AgendaProjectFacts): amounts, percentages, year
 * ranges, count words ("kahdelle vuodelle"), per-year amounts and dates. Pure and
 * dependency-free (app/domain only), light enough for the browser: the UI marks each finding's
 * span in the text.
 *
 * Rules where the wording of the text leaves room (each one tested in agenda-checks.test.ts):
 *
 * - Text structure. A paragraph ends at a line break. A sentence ends at ".", "!", "?" or "…"
 *   followed by white space and a capital letter (or a quote/parenthesis and one): "noin. 504 000"
 *   and "30.3.2028, joka" do not end a sentence.
 * - Amounts. A number followed by "€", "EUR" or a case form of "euro" ("euroa", "euron",
 *   "eurolla", …; never "Euroopan"). Thousands grouped by space, U+00A0, U+202F or "." (groups of
 *   three), decimals after "," (one or two; ",-" allowed). Numbers listed before one currency
 *   sign ("20 719,18, 27 500 ja 6 780,82 €") are amounts too when grouped or with decimals (so
 *   that years never are). "noin", "n", "n.", "ca", "about", "arviolta", "likimain" right before the
 *   number make it approximate; the span then starts at that word. Unit suffixes
 *   ("/yksikkö", "/ hlö", "/vuosi") belong to the span; "/vuosi", "/v", "/vuodessa" or a following
 *   "vuodessa", "vuosittain", "per vuosi" make the amount per year. "milj. euroa", "t€" are not read, nor the
 *   lower end of a range of amounts ("20 000–30 000 €").
 * - Known amounts (plan and proposed plan): the total budget; each financing line and the sum of
 *   the lines of one kind; each commitment, each of its years, the sum of one organisation's
 *   commitments; the city's total and each of its years; otherAmountsCents; and 0 €. Exact amounts
 *   must equal a figure to the cent; approximate ones may differ by 2 % (at least 0,50 €).
 * - A per-year amount is checked against the total stated beside it (perYearTimesYears) and is
 *   amountUnknown only when it is neither a known figure (e.g. one year's amount) nor a known
 *   figure divided by the number of years (of the range or count in its sentence, or of the
 *   plan's or proposed plan's period). When a span would carry both, perYearTimesYears wins.
 * - perYearTimesYears: the total is the nearest amount that is not per year in the same sentence
 *   (preceding first, else following); none → no check. The number of years is that of the year
 *   range in the same sentence, else of a count phrase there ("kolmen vuoden ajan"), else that of
 *   the proposed plan's or the plan's period (either may fit). per-year × years must equal the
 *   total to the cent; with per-year written in whole euros within 0,50 € × years (a rounded
 *   yearly share); when either amount is approximate within 2 %.
 * - Percentages: "20 %", "20%", "82,6 %", "20 prosenttia"; "%-yksikköä" (percentage points) is
 *   not a share and not read. A percentage right after an amount ("104 000 € (20 %)",
 *   "416 000 € 80 %", "… € eli 20 %") or right before an amount in parentheses
 *   ("80 % (416 000 €)") is that amount's share: it must be within 0,5 pp of the amount's share
 *   of the budget of the plan the amount is a figure of (of either plan's budget when it is a
 *   figure of neither or of both), so a swapped pair of shares is caught; or, when the amount
 *   itself is no known figure (already flagged), within 0,5 pp of a known percentage. Any other percentage must be within
 *   0,5 pp of a known percentage: a financing line's share (plan or proposed), the share of the
 *   lines of one kind, the city's and each commitment's share of the budget, women's share of
 *   reach, reach against its target, the outcome rate and its target, or else one of
 *   FLAT_RATES_BP (40 %, 15 %) or 100 %.
 * - sharesDoNotAddUp: the shares of one paragraph, in order, are grouped greedily: a group closes
 *   when it reaches 100 % ± 0,5 pp; a group that passes 100,5 % is flagged; an open group of two or
 *   more at the paragraph's end is flagged unless it adds up to a share stated before it in the
 *   paragraph (a breakdown: "42 000 € (20 %) … 21 000 € (10 %) ja 21 000 € (10 %)"). The span
 *   runs from the group's first amount to its last percentage.
 * - Year ranges: "2026-2028", "2026–2028", "2021 - 2027", "2026–28"; single years only after a
 *   year word ("vuonna 2027", "vuodelle 2027", "vuoden 2026"). A count phrase right before
 *   ("kahdelle vuodelle", "kolmen vuoden ajalle", "2 vuodelle"; count words one to six in any
 *   case form, or a digit) gives the range its count; a different number of years is a
 *   yearCountMismatch spanning the count phrase and the range. Single years are never checked
 *   against the period. A range is checked (yearOutsidePeriod) only when it is about the project's
 *   financing: its own sentence or the sentence before or after it in the same paragraph holds an
 *   amount or one of vuosille/vuodelle/vuotta/(kalenteri)vuosille/jakautu-/jaetaan/jaettiin/jaettu;
 *   and not when one of the three words before it names a programme or a period of one
 *   ("ohjelma", "ohjelmakausi", "rahoituskaudella": "ESR+-ohjelma vuosille 2021 - 2027"). It is
 *   fine when it lies within the calendar years of the plan's period or within those of the
 *   proposed plan's period.
 * - Dates: "1.5.2026", "01.05.2026", "2026-05-01"; each date of a range "1.4.2026 – 30.3.2028"
 *   on its own. Known: plan and proposed start and end, otherDays. A date-shaped text that is no
 *   calendar day ("31.4.2028") is dateUnknown too (its params carry `stated`, no day).
 * - Findings are sorted by start (then end); two findings never share the same span (the more
 *   specific code wins: yearCountMismatch, perYearTimesYears, sharesDoNotAddUp, yearOutsidePeriod,
 *   dateUnknown, amountUnknown, percentUnknown).
 *
 * Params per code: amountUnknown { statedCents, nearestCents?, toleranceBp? (approximate) };
 * percentUnknown { statedBp, expectedBp? }; sharesDoNotAddUp { sumBp, expectedBp: 10000, count };
 * yearOutsidePeriod { from, to, periodFromYear, periodToYear, proposedFromYear?, proposedToYear? };
 * yearCountMismatch { count, years, from, to }; perYearTimesYears { perYearCents, years,
 * productCents, totalCents }; dateUnknown { statedDay | stated, startDay, endDay,
 * proposedStartDay?, proposedEndDay? }.
 */
import type { AgendaPlanFacts, AgendaProjectFacts } from "./agenda-facts";
import type { BasisPoints, Cents } from "./money";
import { parseDay, yearOf, type Day } from "./days";

export type FindingCode =
  "amountUnknown" | "percentUnknown" | "sharesDoNotAddUp" | "yearOutsidePeriod" | "yearCountMismatch" | "perYearTimesYears" | "dateUnknown";

export const FINDING_CODES: readonly FindingCode[] = [
  "amountUnknown",
  "percentUnknown",
  "sharesDoNotAddUp",
  "yearOutsidePeriod",
  "yearCountMismatch",
  "perYearTimesYears",
  "dateUnknown",
];

export interface Finding {
  code: FindingCode;
  /** Character offsets of the offending text in the input (so the UI can mark it). */
  start: number;
  end: number;
  /** The offending text itself (text.slice(start, end)). */
  excerpt: string;
  /** Parameters for the message: money in cents ("…Cents"), days "YYYY-MM-DD" ("…Day"), percentages in basis points ("…Bp"). */
  params: Record<string, string | number>;
}

/** Flat rates of the ESR+ cost models (40 % of staff costs; 15 % office costs): a percentage that may be a cost model's rate. */
export const FLAT_RATES_BP: readonly BasisPoints[] = [4000, 1500];
/** How far an approximate amount ("noin 504 000 euroa") may be from a figure: 2 %. */
export const APPROXIMATE_TOLERANCE_BP = 200;
/** How far a stated percentage may be from a known one: 0,5 percentage points. */
export const PERCENT_TOLERANCE_BP = 50;

export interface FoundAmount {
  start: number;
  end: number;
  cents: Cents;
  approximate: boolean;
  perYear: boolean;
  raw: string;
  /** Whether decimals were written ("20 719,18 €"). */
  hasDecimals: boolean;
}
export interface FoundPercent {
  start: number;
  end: number;
  bp: BasisPoints;
  raw: string;
}
export interface FoundYearRange {
  start: number;
  end: number;
  from: number;
  to: number;
  /** The number a count phrase right before states ("kahdelle vuodelle" → 2), else null. */
  count: number | null;
  raw: string;
  /** Where that count phrase starts (null without one). */
  countStart: number | null;
}
export interface FoundDay {
  start: number;
  end: number;
  day: Day;
  raw: string;
}

/* ---------- parsers ---------- */

const SP = "[ \\t\\u00a0\\u202f]"; // white space within a line
const NUM = `\\d{1,3}(?:[ \\u00a0\\u202f.]\\d{3})+(?:,\\d{1,2})?|\\d+(?:,\\d{1,2})?`;
/** A number that cannot be a year: grouped or with decimals (for amounts listed before one currency sign). */
const NUM_FORMATTED = `\\d{1,3}(?:[ \\u00a0\\u202f.]\\d{3})+(?:,\\d{1,2})?|\\d+,\\d{1,2}`;
const NOT_INSIDE_NUMBER = "(?<![\\d,])(?<!\\d\\.)";
const CURRENCY = `€|eur(?:o(?:a|n|ja|ksi|lla|lta|lle|sta|ssa|on|ina|ihin|illa|ista|in)?)?(?![\\p{L}\\d])`;
const AMOUNT_RE = new RegExp(`${NOT_INSIDE_NUMBER}(${NUM})(?:,-)?${SP}*(?:${CURRENCY})`, "giu");
const LIST_ITEM_BEFORE_RE = new RegExp(`${NOT_INSIDE_NUMBER}(${NUM_FORMATTED})${SP}*(?:,|${SP}(?:ja|tai|sekä))${SP}*$`, "iu");
const APPROX_BEFORE_RE = new RegExp(`(?<![\\p{L}\\d:])(?:noin|n|ca|about|arviolta|likimain)\\.?${SP}*$`, "iu");
const UNIT_SUFFIX_RE = new RegExp(`^${SP}*\\/${SP}*(\\p{L}+)`, "u");
const PER_YEAR_WORD_AFTER_RE = new RegExp(`^${SP}+(?:vuodessa|vuosittain|per${SP}+vuosi)(?![\\p{L}])`, "iu");
const PER_YEAR_UNITS = new Set(["vuosi", "v", "vuodessa", "vuosittain", "a"]);

function centsOf(num: string): Cents {
  const [whole, frac = ""] = num.split(",");
  return Number(whole!.replace(/[ \u00a0\u202f.]/g, "")) * 100 + Number(frac.padEnd(2, "0"));
}

/** Amounts stated in the text: "55 000 €", "n.520.000 €", "20 719,18 €", "82 500 euroa", "7 000 €/yksikkö/vuosi" (per year). */
export function findAmounts(text: string): FoundAmount[] {
  const out: FoundAmount[] = [];
  for (const m of text.matchAll(AMOUNT_RE)) {
    const numStart = m.index;
    let end = numStart + m[0].length;
    let perYear = false;
    for (;;) {
      const u = UNIT_SUFFIX_RE.exec(text.slice(end, end + 40));
      if (!u) break;
      if (PER_YEAR_UNITS.has(u[1]!.toLowerCase())) perYear = true;
      end += u[0].length;
    }
    const w = PER_YEAR_WORD_AFTER_RE.exec(text.slice(end, end + 30));
    if (w) {
      perYear = true;
      end += w[0].length;
    }
    // Amounts listed before this one share its currency (and its unit).
    const listed: { start: number; num: string }[] = [];
    let cursor = numStart;
    for (;;) {
      const windowStart = Math.max(0, cursor - 60);
      const before = text.slice(windowStart, cursor);
      const l = LIST_ITEM_BEFORE_RE.exec(before);
      if (!l) break;
      const start = windowStart + l.index;
      if (out.some((a) => a.end > start)) break; // already part of an earlier amount
      listed.unshift({ start, num: l[1]! });
      cursor = start;
    }
    for (const item of listed) {
      out.push(amount(text, item.start, item.start + item.num.length, item.num, perYear));
    }
    out.push(amount(text, numStart, end, m[1]!, perYear));
  }
  return out.sort((a, b) => a.start - b.start);
}

function amount(text: string, numStart: number, end: number, num: string, perYear: boolean): FoundAmount {
  const windowStart = Math.max(0, numStart - 20);
  const a = APPROX_BEFORE_RE.exec(text.slice(windowStart, numStart));
  const start = a ? windowStart + a.index : numStart;
  return { start, end, cents: centsOf(num), approximate: a !== null, perYear, raw: text.slice(start, end), hasDecimals: num.includes(",") };
}

const PERCENT_RE = new RegExp(`(?<![\\d,.])(\\d{1,3}(?:[,.]\\d{1,2})?)${SP}*(%|prosent\\p{L}*)(?!-?${SP}*yks)`, "giu");

/** Percentages: "20 %", "20%", "70 %:n" (the span is "70 %"), "82,6 %", "20 prosenttia"; not "5 %-yksikköä". */
export function findPercents(text: string): FoundPercent[] {
  const out: FoundPercent[] = [];
  for (const m of text.matchAll(PERCENT_RE)) {
    if (/^prosenttiyks/i.test(m[2]!)) continue;
    const [whole, frac = ""] = m[1]!.split(/[,.]/);
    const bp = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
    out.push({ start: m.index, end: m.index + m[0].length, bp, raw: m[0] });
  }
  return out;
}

const COUNT_FORMS: readonly (readonly string[])[] = [
  [],
  ["yksi", "yhden", "yhtä", "yhtenä", "yhdeksi", "yhdessä", "yhdestä", "yhteen", "yhdellä", "yhdeltä", "yhdelle"],
  ["kaksi", "kahden", "kahta", "kahtena", "kahdeksi", "kahdessa", "kahdesta", "kahteen", "kahdella", "kahdelta", "kahdelle"],
  ["kolme", "kolmen", "kolmea", "kolmena", "kolmeksi", "kolmessa", "kolmesta", "kolmeen", "kolmella", "kolmelta", "kolmelle"],
  ["neljä", "neljän", "neljää", "neljänä", "neljäksi", "neljässä", "neljästä", "neljään", "neljällä", "neljältä", "neljälle"],
  ["viisi", "viiden", "viittä", "viitenä", "viideksi", "viidessä", "viidestä", "viiteen", "viidellä", "viideltä", "viidelle"],
  ["kuusi", "kuuden", "kuutta", "kuutena", "kuudeksi", "kuudessa", "kuudesta", "kuuteen", "kuudella", "kuudelta", "kuudelle"],
];
const COUNT_OF = new Map<string, number>(COUNT_FORMS.flatMap((forms, n) => forms.map((f) => [f, n] as [string, number])));
const COUNT_WORD = `${[...COUNT_OF.keys()].join("|")}|[1-9]`;
/** "kahdelle vuodelle ", "kolmen vuoden ajalle (", "2 vuodelle ": a count phrase right before a year. */
const COUNT_BEFORE_RE = new RegExp(
  `(?<![\\p{L}\\d])(${COUNT_WORD})${SP}+\\p{L}*vuo\\p{L}*(?:${SP}+(?:ajalle|ajaksi|aikana|ajan|jaksolle|ajanjaksolle|eli))?${SP}*[(:]?${SP}*$`,
  "iu",
);
/** "kolmen vuoden", "neljälle vuodelle": a count phrase anywhere (for the years of a per-year amount). */
const COUNT_PHRASE_RE = new RegExp(`(?<![\\p{L}\\d])(${COUNT_WORD})${SP}+(?:\\p{L}*vuo(?:de|si|tt)\\p{L}*)`, "giu");
const YEAR = "(?:19|20|21)\\d{2}";
/** "2026-2028", "2021 - 2027"; the short end ("2026–28") only without spaces around the dash ("vuonna 2026 - 30 henkilöä" is none). */
const RANGE_RE = new RegExp(`(?<![\\d.,\\-–—/\\p{L}])(${YEAR})(?:${SP}*[-–—]${SP}*(${YEAR})|[-–—](\\d{2}))(?!\\d)(?![.,]\\d)(?!-?\\p{L})`, "gu");
const SINGLE_YEAR_RE = new RegExp(`(?<![\\p{L}])(?:\\p{L}*(?:vuonna|vuode\\p{L}*|vuote\\p{L}*|vuosi\\p{L}*))${SP}+(${YEAR})(?![\\d.,]\\d|\\d)`, "giu");

/** Year ranges ("2026-2028", "2026–2028", "2021 - 2027", "2026–28") and years after a year word ("vuonna 2027"), with a count phrase before them. */
export function findYearRanges(text: string): FoundYearRange[] {
  const out: FoundYearRange[] = [];
  for (const m of text.matchAll(RANGE_RE)) {
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : Math.floor(from / 100) * 100 + Number(m[3]);
    if (to <= from) continue;
    out.push({ ...withCount(text, m.index), start: m.index, end: m.index + m[0].length, from, to, raw: m[0] });
  }
  for (const m of text.matchAll(SINGLE_YEAR_RE)) {
    const start = m.index + m[0].length - m[1]!.length;
    const end = start + 4;
    if (out.some((r) => r.start < end && start < r.end)) continue;
    const year = Number(m[1]);
    out.push({ ...withCount(text, start), start, end, from: year, to: year, raw: m[1]! });
  }
  return out.sort((a, b) => a.start - b.start);
}

function withCount(text: string, start: number): { count: number | null; countStart: number | null } {
  const windowStart = Math.max(0, start - 60);
  const c = COUNT_BEFORE_RE.exec(text.slice(windowStart, start));
  if (!c) return { count: null, countStart: null };
  return { count: countOf(c[1]!), countStart: windowStart + c.index };
}

function countOf(word: string): number {
  return /^\d$/.test(word) ? Number(word) : COUNT_OF.get(word.toLowerCase())!;
}

const DAY_RE = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)|(?<![\d\-–])(\d{4})-(\d{2})-(\d{2})(?![\d])/g;

function dayShapes(text: string): { start: number; end: number; day: Day | null; raw: string }[] {
  const out: { start: number; end: number; day: Day | null; raw: string }[] = [];
  for (const m of text.matchAll(DAY_RE)) out.push({ start: m.index, end: m.index + m[0].length, day: parseDay(m[0]), raw: m[0] });
  return out;
}

/** Dates: "1.5.2026", "01.05.2026", "2026-05-01" (calendar days only). */
export function findDays(text: string): FoundDay[] {
  return dayShapes(text).flatMap((d) => (d.day === null ? [] : [{ start: d.start, end: d.end, day: d.day, raw: d.raw }]));
}

/* ---------- text structure ---------- */

interface Sentence {
  start: number;
  end: number;
  paragraph: number;
}

const SENTENCE_END_RE = /[.!?…]["”»)\]]*[ \t\u00a0\u202f]+(?=["”«(]?[A-ZÅÄÖ])/gu;

function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let pStart = 0;
  for (const para of text.split("\n")) {
    let sStart = 0;
    for (const m of para.matchAll(SENTENCE_END_RE)) {
      out.push({ start: pStart + sStart, end: pStart + m.index + m[0].length, paragraph });
      sStart = m.index + m[0].length;
    }
    out.push({ start: pStart + sStart, end: pStart + para.length, paragraph });
    pStart += para.length + 1;
    paragraph++;
  }
  return out;
}

function sentenceAt(sentences: readonly Sentence[], pos: number): number {
  const i = sentences.findIndex((s) => pos >= s.start && pos < s.end);
  return i >= 0 ? i : sentences.length - 1;
}

/* ---------- what the project knows ---------- */

function plansOf(f: AgendaProjectFacts): AgendaPlanFacts[] {
  return f.proposed ? [f.plan, f.proposed] : [f.plan];
}

/** The sums of the groups of two or more among [key, amount] pairs. */
function sumsOfGroups(pairs: readonly (readonly [string, number])[]): number[] {
  const m = new Map<string, { sum: number; n: number }>();
  for (const [key, amount] of pairs) {
    const g = m.get(key) ?? { sum: 0, n: 0 };
    m.set(key, { sum: g.sum + amount, n: g.n + 1 });
  }
  return [...m.values()].filter((g) => g.n > 1).map((g) => g.sum);
}

/** Every amount the text may state for this project (see the rules above). */
export function knownAmountsCents(f: AgendaProjectFacts): Cents[] {
  const out = new Set<Cents>([0, ...plansOf(f).flatMap(planAmountsCents), ...f.otherAmountsCents]);
  return [...out].sort((a, b) => a - b);
}

/** The amounts of one plan: budget, financing lines and sums of one kind, commitments, their years, sums of one organisation, the city's total and years. */
function planAmountsCents(p: AgendaPlanFacts): Cents[] {
  const out = new Set<Cents>([p.totalBudgetCents, p.cityTotalCents]);
  for (const l of p.financing) out.add(l.amountCents);
  for (const s of sumsOfGroups(p.financing.map((l) => [l.kind, l.amountCents] as const))) out.add(s);
  for (const c of p.commitments) {
    out.add(c.amountCents);
    for (const y of c.years) out.add(y.amountCents);
  }
  for (const s of sumsOfGroups(p.commitments.map((c) => [c.organisation, c.amountCents] as const))) out.add(s);
  for (const y of p.cityByYear) out.add(y.amountCents);
  return [...out];
}

const bpOf = (part: number, whole: number) => Math.round((part * 10_000) / whole);

/** Every percentage the text may state for this project, other than the flat rates and 100 %. */
export function knownPercentsBp(f: AgendaProjectFacts): BasisPoints[] {
  const out = new Set<BasisPoints>();
  for (const p of plansOf(f)) {
    for (const l of p.financing) out.add(l.shareBp);
    const kinds = new Map<string, { bp: number; cents: number; n: number }>();
    for (const l of p.financing) {
      const k = kinds.get(l.kind) ?? { bp: 0, cents: 0, n: 0 };
      kinds.set(l.kind, { bp: k.bp + l.shareBp, cents: k.cents + l.amountCents, n: k.n + 1 });
    }
    for (const k of kinds.values()) {
      if (k.n < 2) continue;
      out.add(k.bp);
      if (p.totalBudgetCents > 0) out.add(bpOf(k.cents, p.totalBudgetCents));
    }
    if (p.totalBudgetCents > 0) {
      if (p.cityTotalCents > 0) out.add(bpOf(p.cityTotalCents, p.totalBudgetCents));
      for (const c of p.commitments) out.add(bpOf(c.amountCents, p.totalBudgetCents));
    }
  }
  if (f.reach) {
    if (f.reach.womenBp !== null) out.add(f.reach.womenBp);
    if (f.reach.target !== null && f.reach.target > 0) out.add(bpOf(f.reach.value, f.reach.target));
  }
  if (f.outcomes) {
    if (f.outcomes.rateBp !== null) out.add(f.outcomes.rateBp);
    if (f.outcomes.targetBp !== null) out.add(f.outcomes.targetBp);
  }
  return [...out].sort((a, b) => a - b);
}

function amountMatches(a: FoundAmount, figure: Cents): boolean {
  if (!a.approximate) return a.cents === figure;
  return Math.abs(a.cents - figure) <= Math.max(Math.round((Math.abs(figure) * APPROXIMATE_TOLERANCE_BP) / 10_000), 50);
}

/** Whether perYear × years is total (see the rules above). */
function perYearFits(perYear: FoundAmount, years: number, total: Cents, totalApproximate: boolean): boolean {
  const product = perYear.cents * years;
  const tolerance =
    perYear.approximate || totalApproximate
      ? Math.max(Math.round((total * APPROXIMATE_TOLERANCE_BP) / 10_000), 50 * years)
      : perYear.hasDecimals
        ? Math.floor(years / 2)
        : 50 * years;
  return Math.abs(product - total) <= tolerance;
}

function nearest(value: number, candidates: readonly number[]): number | null {
  let best: number | null = null;
  for (const c of candidates) if (best === null || Math.abs(c - value) < Math.abs(best - value)) best = c;
  return best;
}

const yearsOfPlan = (p: AgendaPlanFacts) => yearOf(p.end) - yearOf(p.start) + 1;

/* ---------- the checks ---------- */

const FINANCING_WORDS_RE = /(?<![\p{L}])(?:kalenteri|toiminta)?(?:vuosille|vuodelle|vuotta)(?![\p{L}])|jakautu|jaetaan|jaettiin|jaettu|jaetut/iu;
const PROGRAMME_WORD_RE = /ohjelm|rahoituskau/iu;
const SHARE_GAP_AFTER_AMOUNT_RE = /^[ \t\u00a0\u202f]*(?:\(|,|eli|–|—|-|=)?[ \t\u00a0\u202f]*$/u;
const SHARE_GAP_BEFORE_AMOUNT_RE = /^[ \t\u00a0\u202f]*\([ \t\u00a0\u202f]*$/u;

/** Which finding survives when two would mark the same span. */
const PRIORITY: readonly FindingCode[] = [
  "yearCountMismatch",
  "perYearTimesYears",
  "sharesDoNotAddUp",
  "yearOutsidePeriod",
  "dateUnknown",
  "amountUnknown",
  "percentUnknown",
];

export function checkAgendaText(text: string, facts: AgendaProjectFacts): Finding[] {
  const findings: Finding[] = [];
  const add = (code: FindingCode, start: number, end: number, params: Record<string, string | number>) =>
    findings.push({ code, start, end, excerpt: text.slice(start, end), params });

  const sentences = sentencesOf(text);
  const amounts = findAmounts(text);
  const percents = findPercents(text);
  const ranges = findYearRanges(text);
  const plans = plansOf(facts);
  const knownCents = knownAmountsCents(facts);
  const knownBp = knownPercentsBp(facts);
  const budgets = plans.map((p) => p.totalBudgetCents).filter((b) => b > 0);
  const periodYearCounts = [...new Set((facts.proposed ? [facts.proposed, facts.plan] : [facts.plan]).map(yearsOfPlan))];
  const sentenceOf = (pos: number) => sentenceAt(sentences, pos);

  /* amounts and per-year amounts */
  for (const a of amounts) {
    const known = knownCents.some((k) => amountMatches(a, k));
    if (!a.perYear) {
      if (!known) add("amountUnknown", a.start, a.end, amountParams(a, knownCents));
      continue;
    }
    const si = sentenceOf(a.start);
    const inSentence = (x: { start: number }) => sentenceOf(x.start) === si;
    const sentenceRanges = ranges.filter((r) => r.to > r.from && inSentence(r));
    const s = sentences[si]!;
    const counts = [...text.slice(s.start, s.end).matchAll(COUNT_PHRASE_RE)].map((m) => countOf(m[1]!));
    const rangeHere = nearestBy(sentenceRanges, a.start);
    const yearCounts = rangeHere ? [rangeHere.to - rangeHere.from + 1] : counts.length > 0 ? [counts[0]!] : periodYearCounts;
    const dividesKnown = yearCounts.some((n) => knownCents.some((k) => k > 0 && perYearFits(a, n, k, false)));
    const totals = amounts.filter((b) => !b.perYear && inSentence(b));
    const total = totals.filter((b) => b.end <= a.start).pop() ?? totals.find((b) => b.start >= a.end);
    if (total && !yearCounts.some((n) => perYearFits(a, n, total.cents, total.approximate))) {
      add("perYearTimesYears", a.start, a.end, {
        perYearCents: a.cents,
        years: yearCounts[0]!,
        productCents: a.cents * yearCounts[0]!,
        totalCents: total.cents,
      });
    } else if (!known && !dividesKnown) {
      add("amountUnknown", a.start, a.end, amountParams(a, knownCents));
    }
  }

  /* percentages, and shares of one whole */
  type Share = { p: FoundPercent; a: FoundAmount; paragraph: number };
  const shares: Share[] = [];
  for (const p of percents) {
    const before = amounts.filter((a) => a.end <= p.start).pop();
    const after = amounts.find((a) => a.start >= p.end);
    const owner =
      before && SHARE_GAP_AFTER_AMOUNT_RE.test(text.slice(before.end, p.start))
        ? before
        : after && SHARE_GAP_BEFORE_AMOUNT_RE.test(text.slice(p.end, after.start))
          ? after
          : undefined;
    const near = (bp: number) => Math.abs(p.bp - bp) <= PERCENT_TOLERANCE_BP;
    if (owner) {
      shares.push({ p, a: owner, paragraph: sentences[sentenceOf(p.start)]!.paragraph });
      // The budget of the plan the amount is a figure of (any plan's when it is of none or of both).
      const owning = plans.filter((pl) => pl.totalBudgetCents > 0 && planAmountsCents(pl).some((k) => amountMatches(owner, k)));
      const ofBudgets = (owning.length > 0 ? owning.map((pl) => pl.totalBudgetCents) : budgets).map((b) => bpOf(owner.cents, b));
      const ownerKnown = knownCents.some((k) => amountMatches(owner, k));
      if (!ofBudgets.some(near) && (ownerKnown || !knownBp.some(near))) {
        const expected = nearest(p.bp, ofBudgets);
        add("percentUnknown", p.start, p.end, expected === null ? { statedBp: p.bp } : { statedBp: p.bp, expectedBp: expected });
      }
    } else if (!knownBp.some(near) && !FLAT_RATES_BP.some(near) && p.bp !== 10_000) {
      const expected = nearest(p.bp, knownBp);
      add("percentUnknown", p.start, p.end, expected === null ? { statedBp: p.bp } : { statedBp: p.bp, expectedBp: expected });
    }
  }
  checkShares(shares, add);

  /* years */
  for (const r of ranges) {
    const years = r.to - r.from + 1;
    if (r.count !== null && r.countStart !== null && r.count !== years) {
      add("yearCountMismatch", r.countStart, r.end, { count: r.count, years, from: r.from, to: r.to });
    }
    if (r.to === r.from) continue;
    const si = sentenceOf(r.start);
    const s = sentences[si]!;
    const words = text.slice(s.start, r.start).trim().split(/\s+/).slice(-3).join(" ");
    if (PROGRAMME_WORD_RE.test(words)) continue;
    const window = [si - 1, si, si + 1].map((i) => sentences[i]).filter((x): x is Sentence => x !== undefined && x.paragraph === s.paragraph);
    const aboutFinancing = window.some(
      (w) => FINANCING_WORDS_RE.test(text.slice(w.start, w.end)) || amounts.some((a) => a.start >= w.start && a.start < w.end),
    );
    if (!aboutFinancing) continue;
    const within = plans.some((p) => r.from >= yearOf(p.start) && r.to <= yearOf(p.end));
    if (!within) {
      const params: Record<string, number> = { from: r.from, to: r.to, periodFromYear: yearOf(facts.plan.start), periodToYear: yearOf(facts.plan.end) };
      if (facts.proposed) Object.assign(params, { proposedFromYear: yearOf(facts.proposed.start), proposedToYear: yearOf(facts.proposed.end) });
      add("yearOutsidePeriod", r.start, r.end, params);
    }
  }

  /* dates */
  const knownDays = new Set<Day>([...plans.flatMap((p) => [p.start, p.end]), ...facts.otherDays]);
  for (const d of dayShapes(text)) {
    if (d.day !== null && knownDays.has(d.day)) continue;
    const params: Record<string, string> = d.day !== null ? { statedDay: d.day } : { stated: d.raw };
    Object.assign(params, { startDay: facts.plan.start, endDay: facts.plan.end });
    if (facts.proposed) Object.assign(params, { proposedStartDay: facts.proposed.start, proposedEndDay: facts.proposed.end });
    add("dateUnknown", d.start, d.end, params);
  }

  /* one finding per span, in text order */
  const bySpan = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.start}:${f.end}`;
    const had = bySpan.get(key);
    if (!had || PRIORITY.indexOf(f.code) < PRIORITY.indexOf(had.code)) bySpan.set(key, f);
  }
  return [...bySpan.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

function amountParams(a: FoundAmount, known: readonly Cents[]): Record<string, number> {
  const n = nearest(
    a.cents,
    known.filter((k) => k > 0),
  );
  const params: Record<string, number> = { statedCents: a.cents };
  if (n !== null) params.nearestCents = n;
  if (a.approximate) params.toleranceBp = APPROXIMATE_TOLERANCE_BP;
  return params;
}

function nearestBy<T extends { start: number }>(items: readonly T[], pos: number): T | undefined {
  let best: T | undefined;
  for (const it of items) if (!best || Math.abs(it.start - pos) < Math.abs(best.start - pos)) best = it;
  return best;
}

function checkShares(
  shares: readonly { p: FoundPercent; a: FoundAmount; paragraph: number }[],
  add: (code: FindingCode, start: number, end: number, params: Record<string, string | number>) => void,
): void {
  const paragraphs = [...new Set(shares.map((s) => s.paragraph))];
  for (const paragraph of paragraphs) {
    const list = shares.filter((s) => s.paragraph === paragraph);
    let group: typeof list = [];
    const flag = (g: typeof list) => {
      const first = g[0]!;
      const last = g[g.length - 1]!;
      const start = Math.min(first.a.start, first.p.start);
      const end = Math.max(last.p.end, last.a.end);
      add("sharesDoNotAddUp", start, end, { sumBp: g.reduce((s, x) => s + x.p.bp, 0), expectedBp: 10_000, count: g.length });
    };
    for (let i = 0; i < list.length; i++) {
      group.push(list[i]!);
      const sum = group.reduce((s, x) => s + x.p.bp, 0);
      if (Math.abs(sum - 10_000) <= PERCENT_TOLERANCE_BP) group = [];
      else if (sum > 10_000 + PERCENT_TOLERANCE_BP) {
        flag(group);
        group = [];
      }
    }
    if (group.length >= 2) {
      const sum = group.reduce((s, x) => s + x.p.bp, 0);
      const firstIndex = list.indexOf(group[0]!);
      const breakdown = list.slice(0, firstIndex).some((s) => Math.abs(s.p.bp - sum) <= PERCENT_TOLERANCE_BP);
      if (!breakdown) flag(group);
    }
  }
}

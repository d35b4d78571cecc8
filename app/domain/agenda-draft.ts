/**
 * Drafting an agenda item about a project in the form of the committee's agenda (the source
 * agenda of 20.5.2026): a title, a background that states the project's period, budget,
 * financing shares, the city's commitment and its split per year, reach and outcomes to date,
 * the change requested where there is one (before → after, and the effect on the city's yearly
 * totals), and a proposal in the agenda's phrasing. Always in Finnish (the body's language); the
 * manager edits the text freely afterwards. Pure: the figures come in as AgendaProjectFacts.
 */
import { formatBasisPoints, formatInteger, formatMoney } from "./money";
import { formatDay } from "./days";
import type { AgendaPlanFacts, AgendaProjectFacts } from "./agenda-facts";

export const ITEM_TYPES = ["interim_report", "change_request", "new_cofinancing", "final_report", "other"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export interface DraftContext {
  /** The deciding body, as it names itself in proposals ("Työllisyys- ja kansainvälisyysjaosto"). */
  body: string;
}

export interface Draft {
  title: string;
  background: string;
  proposal: string;
}

const YEAR_COUNT_WORDS = ["", "yhdelle", "kahdelle", "kolmelle", "neljälle", "viidelle", "kuudelle", "seitsemälle"];

/** "kahdelle vuodelle 2027–2028" for the years of a split (a single year: "vuodelle 2027"). */
export function yearsPhrase(years: readonly number[]): string {
  if (years.length === 0) return "";
  const first = Math.min(...years);
  const last = Math.max(...years);
  if (first === last) return `vuodelle ${first}`;
  const n = last - first + 1;
  const word = YEAR_COUNT_WORDS[n];
  return word ? `${word} vuodelle ${first}–${last}` : `vuosille ${first}–${last}`;
}

const money = (cents: number) => formatMoney(cents);
const period = (p: { start: string; end: string }) => `${formatDay(p.start)}–${formatDay(p.end)}`;

/** "2026: 20 719,18 €, 2027: 27 500 € ja 2028: 6 780,82 €" */
export function yearList(rows: readonly { year: number; amountCents: number }[]): string {
  const parts = rows.map((r) => `${r.year}: ${money(r.amountCents)}`);
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} ja ${parts[parts.length - 1]}`;
}

/** The plan's budget and financing shares as one sentence. */
function financingSentence(p: AgendaPlanFacts): string {
  const lines = p.financing.map((f) => `${f.label || f.kind} ${money(f.amountCents)} (${formatBasisPoints(f.shareBp)})`);
  return `Hankkeen kokonaisbudjetti on ${money(p.totalBudgetCents)}${lines.length > 0 ? `, josta ${lines.join(", ")}` : ""}.`;
}

/** The city's commitment and its split per calendar year as one sentence. */
function citySentence(p: AgendaPlanFacts): string {
  if (p.cityTotalCents === 0) return "Kaupunki ei ole sitoutunut rahoittamaan hanketta.";
  const years = p.cityByYear.filter((y) => y.amountCents !== 0);
  const conditional = p.commitments.some((c) => c.conditional);
  return (
    `Kaupungin rahoitusosuus on ${money(p.cityTotalCents)}${conditional ? " (ehdollinen)" : ""}, ` +
    `joka jakautuu ${yearsPhrase(years.map((y) => y.year))}: ${yearList(years)}.`
  );
}

function targetsSentence(f: AgendaProjectFacts): string {
  const out: string[] = [];
  if (f.reach) {
    const women = f.reach.womenBp !== null ? ` (joista ${formatBasisPoints(f.reach.womenBp)} naisia)` : "";
    out.push(
      f.reach.target !== null
        ? `Hankkeessa on tavoitettu ${formatInteger(f.reach.value)} henkilöä${women}; tavoite on ${formatInteger(f.reach.target)}.`
        : `Hankkeessa on tavoitettu ${formatInteger(f.reach.value)} henkilöä${women}.`,
    );
  }
  if (f.outcomes && f.outcomes.rateBp !== null)
    out.push(
      `Heistä ${formatInteger(f.outcomes.value)} henkilöä (${formatBasisPoints(f.outcomes.rateBp)}) on siirtynyt työhön tai koulutukseen` +
        (f.outcomes.targetBp !== null ? ` (tavoite ${formatBasisPoints(f.outcomes.targetBp)}).` : "."),
    );
  if (f.partners !== null) out.push(`Kumppaneita on ${formatInteger(f.partners)}.`);
  return out.join(" ");
}

function opening(f: AgendaProjectFacts): string {
  const lead = f.leadBusinessId ? `${f.lead} (y-tunnus ${f.leadBusinessId})` : f.lead;
  const implementers = f.implementers.length > 0 ? ` Osatoteuttajina ovat ${f.implementers.join(", ")}.` : "";
  const funder = f.funder ? ` Rahoittajana toimii ${f.funder}.` : "";
  return `${f.name} -hankkeen (${f.shortName}) toteuttaa ${lead} ajalla ${period(f.plan)}.${implementers}${funder}`;
}

/** The city's yearly totals before and after a change, for the years either names. */
export function cityEffect(before: AgendaPlanFacts, after: AgendaPlanFacts): { year: number; beforeCents: number; afterCents: number }[] {
  const years = [...new Set([...before.cityByYear.map((y) => y.year), ...after.cityByYear.map((y) => y.year)])].sort((a, b) => a - b);
  const at = (p: AgendaPlanFacts, y: number) => p.cityByYear.find((r) => r.year === y)?.amountCents ?? 0;
  return years.map((year) => ({ year, beforeCents: at(before, year), afterCents: at(after, year) }));
}

const REPORTING =
  "Kuntarahoituksesta päätetään lopullisesti kunkin vuoden talousarvion yhteydessä. Hankkeen toteuttajan on toimitettava jaostolle raportit hankkeen etenemisestä vähintään kerran vuodessa ja loppuraportti hankkeen päätyttyä. Mikäli hankkeen kustannukset eivät toteudu suunnitellusti, toteuttaja palauttaa kaupungille sen mahdollisesti liikaa maksaman rahoitusosuuden.";

export function draftItem(type: ItemType, f: AgendaProjectFacts, ctx: DraftContext): Draft {
  const body = ctx.body;
  switch (type) {
    case "interim_report":
      return {
        title: `${f.name} -hankkeen väliraportointi`,
        background: [opening(f), financingSentence(f.plan), citySentence(f.plan), targetsSentence(f)].filter(Boolean).join("\n\n"),
        proposal: `${body} merkitsee tiedoksi hankkeen väliraportin.`,
      };
    case "final_report":
      return {
        title: `${f.name} -hankkeen loppuraportti`,
        background: [opening(f), financingSentence(f.plan), citySentence(f.plan), targetsSentence(f)].filter(Boolean).join("\n\n"),
        proposal: `${body} merkitsee loppuraportin tiedoksi.`,
      };
    case "new_cofinancing": {
      const years = f.plan.cityByYear.filter((y) => y.amountCents !== 0).map((y) => y.year);
      const conditional = f.esrPending || f.plan.commitments.some((c) => c.conditional);
      const orgs = [...new Set(f.plan.commitments.map((c) => c.organisation))].join(", ");
      return {
        title: `${f.name} (${f.shortName}) – kaupungin omarahoitus`,
        background: [opening(f), financingSentence(f.plan), citySentence(f.plan)].join("\n\n"),
        proposal:
          `${body} hyväksyy hankkeen alustavan esityksen ja ${money(f.plan.cityTotalCents)} omarahoituksen (${orgs})` +
          (conditional ? ", mikäli hanke saa ESR+-rahoituksen." : ".") +
          (years.length > 0 ? ` Rahoitus jakautuu ${yearsPhrase(years)}.` : "") +
          " Hankkeen etenemisestä raportoidaan jaostolle vähintään kaksi kertaa vuodessa.",
      };
    }
    case "change_request": {
      const after = f.proposed ?? f.plan;
      const effect = cityEffect(f.plan, after)
        .map((e) => `${e.year}: ${money(e.beforeCents)} → ${money(e.afterCents)}`)
        .join(", ");
      const years = after.cityByYear.filter((y) => y.amountCents !== 0).map((y) => y.year);
      const change = f.proposed
        ? [
            `Muutoshakemuksen mukaan hankkeen toteutusaika olisi ${period(after)} (nyt ${period(f.plan)}), kokonaisbudjetti ${money(after.totalBudgetCents)} (nyt ${money(f.plan.totalBudgetCents)}) ja kaupungin rahoitusosuus ${money(after.cityTotalCents)} (nyt ${money(f.plan.cityTotalCents)}).`,
            financingSentence(after).replace("Hankkeen kokonaisbudjetti on", "Uusi kokonaisbudjetti olisi"),
            effect ? `Kaupungin rahoitus vuosittain muuttuisi seuraavasti: ${effect}.` : "",
          ]
        : [];
      return {
        title: `${f.lead}: ${f.shortName}-hankkeen muutoshakemus`,
        background: [opening(f), financingSentence(f.plan), citySentence(f.plan), ...change].filter(Boolean).join("\n\n"),
        proposal:
          `${body} hyväksyy muutoshakemuksen: hankkeen toteutusaika on ${period(after)} ja kaupungin rahoitusosuus ${money(after.cityTotalCents)}` +
          (years.length > 0 ? ` jaetaan ${yearsPhrase(years)}` : "") +
          (f.esrPending || after.commitments.some((c) => c.conditional) ? ", mikäli hanke saa ESR-rahoituksen." : ".") +
          `\n\n${REPORTING}`,
      };
    }
    case "other":
      return { title: f.name, background: opening(f), proposal: "" };
  }
}

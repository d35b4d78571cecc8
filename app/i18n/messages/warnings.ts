/** Consistency warnings (codes from app/domain/checks.ts). */
import type { Messages } from "./types";

export const fi = {
  "warning.FINANCING_TOTAL_MISMATCH": "Rahoituslähteiden summa {financingCents} ei vastaa kokonaisbudjettia {totalCents} (ero {differenceCents}).",
  "warning.PERCENT_MISMATCH": "Rahoituslähteen {label} ilmoitettu osuus {statedBp} ei vastaa summaa {amountCents}, joka on {actualBp} kokonaisbudjetista.",
  "warning.COMMITMENT_YEAR_OUTSIDE_PERIOD": "Sitoumuksen ({organisation}) vuosijaossa on vuosia hankkeen toteutusajan {startDay}–{endDay} ulkopuolella: {years}.",
  "warning.LINE_YEAR_OUTSIDE_PERIOD": "Budjettirivillä {label} on summa vuodelle {year}, joka on toteutusajan {startDay}–{endDay} ulkopuolella.",
  "warning.IMPLEMENTER_SHARES_EXCEED_TOTAL": "Toteuttajien budjettiosuudet ({sharesCents}) ylittävät kokonaisbudjetin {totalCents}.",
  "warning.COMMITMENT_WITHOUT_DECISION": "Sitoumukselta ({organisation}, {amountCents}) puuttuu päätösviite (toimielin ja päivämäärä).",
  "warning.COSTS_FINANCING_MISMATCH": "Kustannukset {costsCents} ja rahoitus {financingCents} eroavat.",
  "warning.COSTS_FINANCING_MISMATCH_YEAR": "Vuonna {year} kustannukset {costsCents} ja rahoitus {financingCents} eroavat.",
  "warning.ESR_RATE_VARIES": "ESR-/julkisen rahoituksen osuus vuonna {year} on {rateBp}, koko hankkeessa {overallBp}.",
  "warning.FLAT_RATE_MISMATCH": "Flat rate -kulujen pitäisi olla {expectedCents}, suunnitelmassa {actualCents}.",
  "warning.COST_KIND_NOT_IN_MODEL": "Kululaji {kind} ei kuulu hankkeen kustannusmalliin.",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH": "Suunnitelmassa yksikön {organisation} rahoitus on {planCents}, mutta sen sitoumukset hankkeelle ovat {committedCents} (ero {differenceCents}).",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH_YEAR": "Vuonna {year} suunnitelmassa yksikön {organisation} rahoitus on {planCents}, sitoumus {committedCents}.",
} as const;

export const en: Messages<typeof fi> = {
  "warning.FINANCING_TOTAL_MISMATCH": "The financing lines add up to {financingCents}, not to the total budget {totalCents} (difference {differenceCents}).",
  "warning.PERCENT_MISMATCH": "The stated share {statedBp} of {label} does not match its amount {amountCents}, which is {actualBp} of the total budget.",
  "warning.COMMITMENT_YEAR_OUTSIDE_PERIOD": "The commitment of {organisation} is split over years outside the project's period {startDay}–{endDay}: {years}.",
  "warning.LINE_YEAR_OUTSIDE_PERIOD": "The budget line {label} has an amount for {year}, outside the period {startDay}–{endDay}.",
  "warning.IMPLEMENTER_SHARES_EXCEED_TOTAL": "The implementers' budget shares ({sharesCents}) exceed the total budget {totalCents}.",
  "warning.COMMITMENT_WITHOUT_DECISION": "The commitment of {organisation} ({amountCents}) has no decision reference (body and date).",
  "warning.COSTS_FINANCING_MISMATCH": "Costs {costsCents} and financing {financingCents} differ.",
  "warning.COSTS_FINANCING_MISMATCH_YEAR": "In {year} costs {costsCents} and financing {financingCents} differ.",
  "warning.ESR_RATE_VARIES": "The ESR/public funding rate in {year} is {rateBp}; over the whole project it is {overallBp}.",
  "warning.FLAT_RATE_MISMATCH": "The flat-rate costs should be {expectedCents}; the plan has {actualCents}.",
  "warning.COST_KIND_NOT_IN_MODEL": "The cost kind {kind} is not part of the project's cost model.",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH": "The plan attributes {planCents} to {organisation}, but its commitments to the project are {committedCents} (difference {differenceCents}).",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH_YEAR": "In {year} the plan attributes {planCents} to {organisation}; the commitment is {committedCents}.",
};

/** Consistency warnings (codes from app/domain/checks.ts). */
import type { Messages } from "./types";

export const fi = {
  "warning.FINANCING_TOTAL_MISMATCH": "Rahoituslähteiden summa {financingCents} ei vastaa kokonaisbudjettia {totalCents} (ero {differenceCents}).",
  "warning.FINANCING_TOTAL_MISMATCH.fix": "Korjaa rahoituslähteiden summat tai kokonaisbudjetti rahoitussuunnitelmassa.",
  "warning.PERCENT_MISMATCH": "Rahoituslähteen {label} ilmoitettu osuus {statedBp} ei vastaa summaa {amountCents}, joka on {actualBp} kokonaisbudjetista.",
  "warning.PERCENT_MISMATCH.fix": "Tarkista rahoituslähteen summa tai ilmoitettu osuus rahoitussuunnitelmassa.",
  "warning.COMMITMENT_YEAR_OUTSIDE_PERIOD":
    "Sitoumuksen ({organisation}) vuosijaossa on vuosia hankkeen toteutusajan {startDay}–{endDay} ulkopuolella: {years}.",
  "warning.COMMITMENT_YEAR_OUTSIDE_PERIOD.fix": "Muuta sitoumuksen vuosijako toteutusajan vuosille tai tarkista toteutusaika.",
  "warning.LINE_YEAR_OUTSIDE_PERIOD": "Budjettirivillä {label} on summa vuodelle {year}, joka on toteutusajan {startDay}–{endDay} ulkopuolella.",
  "warning.LINE_YEAR_OUTSIDE_PERIOD.fix": "Siirrä rivin vuosisumma toteutusajan vuodelle tai jätä vuosijako tyhjäksi, jolloin summa jaetaan päivien mukaan.",
  "warning.IMPLEMENTER_SHARES_EXCEED_TOTAL": "Toteuttajien budjettiosuudet ({sharesCents}) ylittävät kokonaisbudjetin {totalCents}.",
  "warning.IMPLEMENTER_SHARES_EXCEED_TOTAL.fix": "Pienennä toteuttajien budjettiosuuksia tai korjaa kokonaisbudjetti.",
  "warning.COMMITMENT_WITHOUT_DECISION": "Sitoumuksen ({organisation}, {amountCents}) päätösviite on vajaa: siitä puuttuu toimielin tai päätöspäivä.",
  "warning.COMMITMENT_WITHOUT_DECISION.fix": "Lisää sitoumukseen päätöksen tehnyt toimielin ja päätöspäivä.",
  "warning.COSTS_FINANCING_MISMATCH": "Kustannukset {costsCents} ja rahoitus {financingCents} eroavat.",
  "warning.COSTS_FINANCING_MISMATCH.fix": "Tasapainota kulut ja rahoitus rahoitussuunnitelmassa.",
  "warning.COSTS_FINANCING_MISMATCH_YEAR": "Vuonna {year} kustannukset {costsCents} ja rahoitus {financingCents} eroavat.",
  "warning.COSTS_FINANCING_MISMATCH_YEAR.fix": "Tarkista kyseisen vuoden kulut ja rahoitus.",
  "warning.ESR_RATE_VARIES": "ESR-/julkisen rahoituksen osuus vuonna {year} on {rateBp}, koko hankkeessa {overallBp}.",
  "warning.ESR_RATE_VARIES.fix": "Tarkista, onko vuosikohtainen rahoitusosuus tarkoituksellinen; muuten jaa ESR-rahoitus vuosille kulujen suhteessa.",
  "warning.FLAT_RATE_MISMATCH": "Flat rate -kulujen pitäisi olla {expectedCents}, suunnitelmassa {actualCents}.",
  "warning.FLAT_RATE_MISMATCH.fix": "Korjaa flat rate -kulut vastaamaan kustannusmallin prosenttia henkilöstökuluista.",
  "warning.COST_KIND_NOT_IN_MODEL": "Kululaji {kind} ei kuulu hankkeen kustannusmalliin.",
  "warning.COST_KIND_NOT_IN_MODEL.fix": "Poista kululaji tai vaihda hankkeen kustannusmalli.",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH":
    "Suunnitelmassa yksikön {organisation} rahoitus on {planCents}, mutta sen sitoumukset hankkeelle ovat {committedCents} (ero {differenceCents}).",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH.fix":
    "Tee suunnitelman rahoitusrivi ja yksikön sitoumukset samansuuruisiksi, tai kirjaa muutos muutoshakemuksena.",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH_YEAR": "Vuonna {year} suunnitelmassa yksikön {organisation} rahoitus on {planCents}, sitoumus {committedCents}.",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH_YEAR.fix": "Muuta sitoumuksen vuosijako vastaamaan suunnitelman vuosisummia.",
} as const;

export const en: Messages<typeof fi> = {
  "warning.FINANCING_TOTAL_MISMATCH": "The financing lines add up to {financingCents}, not to the total budget {totalCents} (difference {differenceCents}).",
  "warning.FINANCING_TOTAL_MISMATCH.fix": "Correct the financing lines or the total budget in the financing plan.",
  "warning.PERCENT_MISMATCH": "The stated share {statedBp} of {label} does not match its amount {amountCents}, which is {actualBp} of the total budget.",
  "warning.PERCENT_MISMATCH.fix": "Check the line's amount or its stated share in the financing plan.",
  "warning.COMMITMENT_YEAR_OUTSIDE_PERIOD": "The commitment of {organisation} is split over years outside the project's period {startDay}–{endDay}: {years}.",
  "warning.COMMITMENT_YEAR_OUTSIDE_PERIOD.fix": "Split the commitment over the years of the period, or check the period.",
  "warning.LINE_YEAR_OUTSIDE_PERIOD": "The budget line {label} has an amount for {year}, outside the period {startDay}–{endDay}.",
  "warning.LINE_YEAR_OUTSIDE_PERIOD.fix": "Move the line's amount into a year of the period, or leave its years empty to split it by days.",
  "warning.IMPLEMENTER_SHARES_EXCEED_TOTAL": "The implementers' budget shares ({sharesCents}) exceed the total budget {totalCents}.",
  "warning.IMPLEMENTER_SHARES_EXCEED_TOTAL.fix": "Reduce the implementers' shares or correct the total budget.",
  "warning.COMMITMENT_WITHOUT_DECISION":
    "The decision reference of the commitment of {organisation} ({amountCents}) is incomplete: the deciding body or the decision date is missing.",
  "warning.COMMITMENT_WITHOUT_DECISION.fix": "Add the deciding body and the decision date to the commitment.",
  "warning.COSTS_FINANCING_MISMATCH": "Costs {costsCents} and financing {financingCents} differ.",
  "warning.COSTS_FINANCING_MISMATCH.fix": "Balance the costs and the financing in the financing plan.",
  "warning.COSTS_FINANCING_MISMATCH_YEAR": "In {year} costs {costsCents} and financing {financingCents} differ.",
  "warning.COSTS_FINANCING_MISMATCH_YEAR.fix": "Check that year's costs and financing.",
  "warning.ESR_RATE_VARIES": "The ESR/public funding rate in {year} is {rateBp}; over the whole project it is {overallBp}.",
  "warning.ESR_RATE_VARIES.fix": "Check whether the yearly rate is intended; otherwise spread the ESR funding over the years in proportion to the costs.",
  "warning.FLAT_RATE_MISMATCH": "The flat-rate costs should be {expectedCents}; the plan has {actualCents}.",
  "warning.FLAT_RATE_MISMATCH.fix": "Correct the flat-rate costs to the cost model's percentage of the staff costs.",
  "warning.COST_KIND_NOT_IN_MODEL": "The cost kind {kind} is not part of the project's cost model.",
  "warning.COST_KIND_NOT_IN_MODEL.fix": "Remove the cost kind or change the project's cost model.",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH":
    "The plan attributes {planCents} to {organisation}, but its commitments to the project are {committedCents} (difference {differenceCents}).",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH.fix":
    "Make the plan's financing line and the unit's commitments equal, or record the change as a change request.",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH_YEAR": "In {year} the plan attributes {planCents} to {organisation}; the commitment is {committedCents}.",
  "warning.CITY_FINANCING_COMMITMENT_MISMATCH_YEAR.fix": "Change the commitment's split over the years to match the plan's yearly amounts.",
};

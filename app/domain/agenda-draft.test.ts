import { describe, expect, it } from "vitest";
import { cityEffect, draftItem, yearList, yearsPhrase } from "./agenda-draft";
import { FLOW, OTE, SUMMIT } from "../../tests/fixtures/agenda";

const ctx = { body: "Työllisyys- ja kansainvälisyysjaosto" };
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("yearsPhrase and yearList", () => {
  it("names the count of years the split covers", () => {
    expect(yearsPhrase([2027, 2028])).toBe("kahdelle vuodelle 2027–2028");
    expect(yearsPhrase([2026, 2027, 2028, 2029])).toBe("neljälle vuodelle 2026–2029");
    expect(yearsPhrase([2027])).toBe("vuodelle 2027");
    expect(
      nb(
        yearList([
          { year: 2026, amountCents: 2_071_918 },
          { year: 2027, amountCents: 2_750_000 },
          { year: 2028, amountCents: 678_082 },
        ]),
      ),
    ).toBe("2026: 20 719,18 €, 2027: 27 500 € ja 2028: 6 780,82 €");
  });
});

describe("draftItem", () => {
  it("a change request (§ 14 SUMMIT): before → after, the effect per year, and the agenda's proposal", () => {
    const d = draftItem("change_request", SUMMIT, ctx);
    expect(d.title).toBe("Kajaanin Haka ry: SUMMIT-hankkeen muutoshakemus");
    const text = nb(d.background);
    expect(text).toContain("Kajaanin Haka ry (y-tunnus 0185547-3) ajalla 1.4.2026–30.3.2028");
    expect(text).toContain(
      "Hankkeen kokonaisbudjetti on 520 000 €, josta Suunniteltu ESR-rahoitus 416 000 € (80 %), Jaoston myöntämä omarahoitusosuus 104 000 € (20 %).",
    );
    expect(text).toContain(
      "Kaupungin rahoitusosuus on 55 000 €, joka jakautuu kolmelle vuodelle 2026–2028: 2026: 20 719,18 €, 2027: 27 500 € ja 2028: 6 780,82 €.",
    );
    expect(text).toContain(
      "toteutusaika olisi 1.11.2026–31.10.2029 (nyt 1.4.2026–30.3.2028), kokonaisbudjetti 504 000 € (nyt 520 000 €) ja kaupungin rahoitusosuus 82 500 € (nyt 55 000 €)",
    );
    expect(text).toContain("2026: 20 719,18 € → 4 591,70 €, 2027: 27 500 € → 27 500 €, 2028: 6 780,82 € → 27 575,34 €, 2029: 0 € → 22 832,96 €");
    expect(nb(d.proposal)).toMatch(
      /^Työllisyys- ja kansainvälisyysjaosto hyväksyy muutoshakemuksen: hankkeen toteutusaika on 1\.11\.2026–31\.10\.2029 ja kaupungin rahoitusosuus 82 500 € jaetaan neljälle vuodelle 2026–2029, mikäli hanke saa ESR-rahoituksen\./,
    );
    expect(d.proposal).toContain("Kuntarahoituksesta päätetään lopullisesti kunkin vuoden talousarvion yhteydessä.");
    expect(d.proposal).toContain("palauttaa kaupungille sen mahdollisesti liikaa maksaman rahoitusosuuden");
  });

  it("new co-financing (§ 15 OTE): the split as the ledger holds it, conditional on ESR+ funding", () => {
    const d = draftItem("new_cofinancing", OTE, ctx);
    expect(nb(d.background)).toContain(
      "Kaupungin rahoitusosuus on 21 000 € (ehdollinen), joka jakautuu kolmelle vuodelle 2027–2029: 2027: 7 000 €, 2028: 7 000 € ja 2029: 7 000 €.",
    );
    expect(nb(d.proposal)).toBe(
      "Työllisyys- ja kansainvälisyysjaosto hyväksyy hankkeen alustavan esityksen ja 21 000 € omarahoituksen (Työllisyys- ja kansainvälisyyspalvelut), mikäli hanke saa ESR+-rahoituksen. Rahoitus jakautuu kolmelle vuodelle 2027–2029. Hankkeen etenemisestä raportoidaan jaostolle vähintään kaksi kertaa vuodessa.",
    );
  });

  it("a final report (§ 18 FLOW): reach and outcomes against their targets; noted", () => {
    const d = draftItem("final_report", FLOW, ctx);
    expect(d.title).toBe("FLOW – Suomea ja sosiaalisia taitoja työelämään -hankkeen loppuraportti");
    expect(nb(d.background)).toContain("Hankkeessa on tavoitettu 121 henkilöä; tavoite on 120.");
    expect(nb(d.background)).toContain("Heistä 100 henkilöä (82,6 %) on siirtynyt työhön tai koulutukseen (tavoite 70 %).");
    expect(d.background).toContain("Kumppaneita on 93.");
    expect(d.proposal).toBe("Työllisyys- ja kansainvälisyysjaosto merkitsee loppuraportin tiedoksi.");
  });

  it("an interim report is noted; another item has no proposal to begin with", () => {
    expect(draftItem("interim_report", FLOW, ctx).proposal).toBe("Työllisyys- ja kansainvälisyysjaosto merkitsee tiedoksi hankkeen väliraportin.");
    expect(draftItem("other", FLOW, ctx)).toMatchObject({ title: FLOW.name, proposal: "" });
  });

  it("the effect of a change on the city's yearly totals covers every year either plan names", () => {
    expect(cityEffect(SUMMIT.plan, SUMMIT.proposed!).map((e) => e.year)).toEqual([2026, 2027, 2028, 2029]);
  });
});

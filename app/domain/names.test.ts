import { describe, expect, it } from "vitest";
import { finnishSortKey, nameBesideShort, projectTitle } from "./names";

describe("project names shown together", () => {
  it("never says the short name twice", () => {
    expect(projectTitle("FLOW", "FLOW – Suomea ja sosiaalisia taitoja työelämään")).toBe("FLOW – Suomea ja sosiaalisia taitoja työelämään");
    expect(projectTitle("SUMMIT", "Summit – Kohti koulutusta")).toBe("SUMMIT – Summit – Kohti koulutusta");
    expect(projectTitle("OTE", "Ohjaavalla otteella parempaan tulevaisuuteen")).toBe("OTE – Ohjaavalla otteella parempaan tulevaisuuteen");
    expect(projectTitle("OTE", "OTE")).toBe("OTE");
    expect(nameBesideShort("FLOW", "FLOW: kieli ja työ")).toBe("kieli ja työ");
    expect(nameBesideShort("FLOW", "FLOW")).toBe("");
  });
});

describe("Finnish sort key", () => {
  const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  it("sorts like Finnish collation under binary comparison", () => {
    const names = ["Öljy", "äes", "Åland", "zeta", "Ärrä", "ameba", "Émile", "Über", "yrtti", "Oulu", "aamu", "Ahti", "ÄÄNI", "vaaka", "Zorro"];
    const byKey = [...names].sort((a, b) => binary(finnishSortKey(a), finnishSortKey(b)));
    expect(byKey).toEqual(["aamu", "Ahti", "ameba", "Émile", "Oulu", "vaaka", "Über", "yrtti", "zeta", "Zorro", "Åland", "äes", "Ärrä", "ÄÄNI", "Öljy"]);
    expect(byKey).toEqual([...names].sort(new Intl.Collator("fi", { sensitivity: "base" }).compare));
  });
  it("folds case and accents only", () => {
    expect(finnishSortKey("KOTONA Kajaanissa")).toBe(finnishSortKey("kotona kajaanissa"));
    expect(finnishSortKey("Café")).toBe("cafe");
  });
});

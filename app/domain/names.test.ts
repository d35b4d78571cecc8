import { describe, expect, it } from "vitest";
import { nameBesideShort, projectTitle } from "./names";

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

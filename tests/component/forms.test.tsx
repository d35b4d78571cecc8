// @vitest-environment jsdom
/**
 * Components: the enhanced forms validate in the browser with the server's schema; lists and tables render.
 * (Testing Library normalises the no-break spaces of fi-FI figures to plain spaces before matching.)
 */
import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createRemixStub } from "@remix-run/testing";
import { json } from "@remix-run/node";
import { catalogues } from "~/i18n";
import NewCommitment from "~/routes/projects.$projectId.commitments.new";
import NewProject from "~/routes/projects.new";
import { WarningList } from "~/components/warnings";
import { YearTable } from "~/components/year-table";

function stub(path: string, Component: React.ComponentType, loaderData: unknown, action?: () => Promise<Response> | Response, lang = "fi") {
  const Stub = createRemixStub([
    {
      id: "root",
      path: "/",
      loader: () => json({ lang, messages: catalogues[lang as "fi" | "en"] }),
      children: [{ path, Component, loader: () => json(loaderData), action }],
    },
  ]);
  return Stub;
}

const units = [
  { id: 2, name: "Työllisyys- ja kansainvälisyyspalvelut", kind: "city_unit" },
  { id: 3, name: "Kaukametsän opisto", kind: "city_unit" },
];

describe("commitment form", () => {
  it("shows Finnish field errors from the shared schema before posting, and posts nothing", async () => {
    let posted = 0;
    const Stub = stub("/projects/:projectId/commitments/new", NewCommitment, { projectId: 1, shortName: "OTE", periodYears: [2027, 2028], units }, () => {
      posted++;
      return json({ ok: true });
    });
    render(<Stub initialEntries={["/projects/1/commitments/new"]} />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText(/Sitoutuva yksikkö/), "2");
    await user.type(screen.getByLabelText(/^Summa \(€\)\s*\*$/), "12,3,4");
    await user.type(screen.getByLabelText("Vuosi 1"), "2027");
    await user.type(screen.getByLabelText("Summa (€) 1"), "7 000");
    await user.click(screen.getByRole("button", { name: "Tallenna" }));
    expect(await screen.findByText("Anna summa euroina, esim. 12 500 tai 20 719,18.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^Summa \(€\)\s*\*$/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("Lomakkeessa on virheitä");
    expect(posted).toBe(0);
  });

  it("reports a split that does not add up, with both sums in Finnish format", async () => {
    const Stub = stub("/projects/:projectId/commitments/new", NewCommitment, { projectId: 1, shortName: "OTE", periodYears: [2027, 2028], units }, () =>
      json({ ok: true }),
    );
    render(<Stub initialEntries={["/projects/1/commitments/new"]} />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText(/Sitoutuva yksikkö/), "2");
    await user.type(screen.getByLabelText(/^Summa \(€\)\s*\*$/), "21 000");
    await user.type(screen.getByLabelText("Vuosi 1"), "2027");
    await user.type(screen.getByLabelText("Summa (€) 1"), "7 000");
    await user.click(screen.getByRole("button", { name: "Tallenna" }));
    expect(await screen.findByText("Vuosien summa 7 000 € ei ole sama kuin kokonaissumma 21 000 €.")).toBeInTheDocument();
  });

  it("renders in English when the language is English", async () => {
    const Stub = stub("/projects/:projectId/commitments/new", NewCommitment, { projectId: 1, shortName: "OTE", periodYears: [2027], units }, undefined, "en");
    render(<Stub initialEntries={["/projects/1/commitments/new"]} />);
    expect(await screen.findByRole("heading", { name: "New commitment: OTE" })).toBeInTheDocument();
    expect(screen.getByLabelText(/Committing unit/)).toBeInTheDocument();
  });
});

describe("new project form", () => {
  it("previews the 40 % flat rate and the total from hours × rate as you type", async () => {
    const Stub = stub("/projects/new", NewProject, { orgs: [{ id: 4, name: "Kajaanin Haka ry", kind: "association" }], title: "x" });
    render(<Stub initialEntries={["/projects/new"]} />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Alkaa/), "1.1.2027");
    await user.type(screen.getByLabelText(/^Päättyy/), "31.12.2027");
    await user.type(screen.getByLabelText("Tunnit 1"), "1720");
    await user.type(screen.getByLabelText("Tuntihinta (€) 1"), "35");
    await waitFor(() => expect(screen.getByTestId("preview-flat-rate")).toHaveTextContent("24 080,00 €"));
    const preview = screen.getByRole("region", { name: /Esikatselu/ });
    expect(within(preview).getAllByText("84 280,00 €").length).toBeGreaterThan(0);
  });
});

describe("warnings and year tables", () => {
  it("renders each warning in Finnish, with what to do and its code only in the markup", async () => {
    const Stub = createRemixStub([
      {
        id: "root",
        path: "/",
        loader: () => json({ lang: "fi", messages: catalogues.fi }),
        Component: () => (
          <WarningList
            emptyText="ok"
            warnings={[
              {
                code: "COMMITMENT_YEAR_OUTSIDE_PERIOD",
                params: { organisation: "Työllisyyspalvelut", years: "2029", startDay: "2027-01-01", endDay: "2028-12-31", amountCents: 2_100_000 },
              },
            ]}
          />
        ),
      },
    ]);
    render(<Stub />);
    const item = await screen.findByRole("listitem");
    expect(item).toHaveTextContent("toteutusajan 1.1.2027–31.12.2028 ulkopuolella: 2029");
    expect(item).toHaveTextContent("Muuta sitoumuksen vuosijako toteutusajan vuosille");
    expect(item.textContent).not.toContain("COMMITMENT_YEAR_OUTSIDE_PERIOD");
    expect(item).toHaveAttribute("data-code", "COMMITMENT_YEAR_OUTSIDE_PERIOD");
  });

  it("shows years as columns with cents and a total, in a labelled region that takes focus", async () => {
    const Stub = createRemixStub([
      {
        id: "root",
        path: "/",
        loader: () => json({ lang: "fi", messages: catalogues.fi }),
        Component: () => (
          <YearTable
            caption="Sitoumukset"
            years={[2026, 2027, 2028]}
            rowHeader="Laji"
            totalLabel="Yhteensä"
            rows={[{ label: "Vahvistettu", values: { 2026: 2_071_918, 2027: 2_750_000, 2028: 678_082 } }]}
          />
        ),
      },
    ]);
    render(<Stub />);
    const row = await screen.findByRole("row", { name: /Vahvistettu/ });
    expect(screen.getByRole("region", { name: "Sitoumukset" })).toHaveAttribute("tabindex", "0");
    expect(row).toHaveTextContent("20 719,18 €");
    expect(row).toHaveTextContent("27 500,00 €");
    expect(row).toHaveTextContent("6 780,82 €");
    expect(row).toHaveTextContent("55 000,00 €");
  });
});

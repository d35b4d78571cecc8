// @vitest-environment jsdom
/**
 * The project's status header: phases with their days, the city's money this year and in total
 * (confirmed and conditional apart), the pending-request marker and the warnings count; and the
 * warning list in sentences with what to do, never the internal code on screen.
 */
import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { createRemixStub } from "@remix-run/testing";
import { json } from "@remix-run/node";
import { catalogues } from "~/i18n";
import { StatusHeader, type StatusHeaderProps } from "~/components/status-header";
import { WarningList } from "~/components/warnings";
import { projectPhase } from "~/domain/phase";
import type { Warning } from "~/domain/checks";

function renderInRoot(node: React.ReactNode) {
  const Stub = createRemixStub([{ id: "root", path: "/", loader: () => json({ lang: "fi", messages: catalogues.fi }), Component: () => <>{node}</> }]);
  return render(<Stub initialEntries={["/"]} />);
}

const SUMMIT: StatusHeaderProps = {
  phase: projectPhase("2026-11-01", "2029-10-31", "2026-12-02"),
  start: "2026-11-01",
  end: "2029-10-31",
  totalBudgetCents: 50_400_000,
  year: 2026,
  cityThisYear: { confirmedCents: 0, conditionalCents: 459_170 },
  cityTotal: { confirmedCents: 0, conditionalCents: 8_250_000 },
  pendingRequestId: null,
  warningCount: 0,
};

describe("status header", () => {
  it("shows a running project's days left, its period, budget and the city's conditional money", async () => {
    renderInRoot(<StatusHeader {...SUMMIT} />);
    expect(await screen.findByTestId("phase")).toHaveTextContent("Toteutusaikaa jäljellä 1065 päivää (2 % kulunut)");
    expect(screen.getByText("Toteutusaika").nextSibling).toHaveTextContent("1.11.2026–31.10.2029");
    expect(screen.getByText("504 000 €")).toBeInTheDocument();
    expect(screen.getByText("Kaupungin sitoumus 2026").nextSibling).toHaveTextContent("4 591,70 €vahvistettu 0 €, ehdollinen 4 591,70 €");
    expect(screen.getByText("Kaupungin sitoumus yhteensä").nextSibling).toHaveTextContent("82 500 €vahvistettu 0 €, ehdollinen 82 500 €");
    expect(screen.getByText("Ei avoimia varoituksia")).toBeInTheDocument();
    expect(screen.queryByTestId("pending-request")).toBeNull();
  });

  it("marks a pending change request with a link, counts warnings, and names the other phases", async () => {
    renderInRoot(<StatusHeader {...SUMMIT} phase={projectPhase("2027-01-01", "2028-12-31", "2026-12-02")} pendingRequestId={7} warningCount={2} />);
    expect(await screen.findByTestId("phase")).toHaveTextContent("Toteutusaika alkaa 30 päivän kuluttua");
    expect(screen.getByRole("link", { name: "Muutoshakemus odottaa päätöstä" })).toHaveAttribute("href", "/change-requests/7");
    expect(screen.getByRole("link", { name: "2 avointa varoitusta" })).toHaveAttribute("href", "#warnings");
  });

  it("says one warning in the singular", async () => {
    renderInRoot(<StatusHeader {...SUMMIT} warningCount={1} />);
    expect(await screen.findByRole("link", { name: "1 avoin varoitus" })).toHaveAttribute("href", "#warnings");
  });

  it("says how long ago an ended project ended", async () => {
    renderInRoot(
      <StatusHeader {...SUMMIT} phase={projectPhase("2023-09-01", "2025-12-31", "2026-12-02")} cityThisYear={{ confirmedCents: 0, conditionalCents: 0 }} />,
    );
    expect(await screen.findByTestId("phase")).toHaveTextContent("Toteutusaika päättyi 336 päivää sitten");
  });
});

describe("status header: reach and deadlines", () => {
  it("shows Kotona Kajaanissa's reach 191 of 375 with its pace, and the overdue report linked to the obligations", async () => {
    renderInRoot(<StatusHeader {...SUMMIT} reach={{ value: 191, target: 375, rateBp: 5093, verdict: "onTrack" }} deadlines={{ overdue: 1, dueSoon: 2 }} />);
    const reach = await screen.findByTestId("reach");
    expect(reach).toHaveTextContent("191/375 (50,9 %)");
    expect(reach).toHaveTextContent("Tahdissa");
    const deadlines = screen.getByTestId("deadlines");
    expect(deadlines).toHaveTextContent("1 myöhässä");
    expect(deadlines).toHaveTextContent("2 erääntyy 30 päivän sisällä");
    expect(screen.getByRole("link", { name: "1 myöhässä" })).toHaveAttribute("href", "#obligations");
  });

  it("says none overdue, and shows nothing of reach or deadlines where the project has neither", async () => {
    const { unmount } = renderInRoot(<StatusHeader {...SUMMIT} deadlines={{ overdue: 0, dueSoon: 0 }} />);
    expect(await screen.findByTestId("deadlines")).toHaveTextContent("Ei myöhässä");
    expect(screen.queryByTestId("reach")).toBeNull();
    unmount();
    renderInRoot(<StatusHeader {...SUMMIT} />);
    await screen.findByTestId("phase");
    expect(screen.queryByTestId("deadlines")).toBeNull();
  });
});

describe("warnings", () => {
  it("are sentences with what to do; the code stays out of the text", async () => {
    const w: Warning = {
      code: "CITY_FINANCING_COMMITMENT_MISMATCH",
      params: { organisation: "Työllisyyspalvelut", planCents: 5_500_000, committedCents: 8_250_000, differenceCents: -2_750_000 },
    };
    renderInRoot(<WarningList warnings={[w]} emptyText="" />);
    const item = await screen.findByRole("listitem");
    expect(item).toHaveAttribute("data-code", "CITY_FINANCING_COMMITMENT_MISMATCH");
    expect(item.textContent).not.toContain("CITY_FINANCING");
    expect(item).toHaveTextContent("Suunnitelmassa yksikön Työllisyyspalvelut rahoitus on 55 000 €");
    expect(item).toHaveTextContent("kirjaa muutos muutoshakemuksena");
  });
});

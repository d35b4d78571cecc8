// @vitest-environment jsdom
/**
 * The stacked bar chart: one bar per year, segments stacked in order with heights in proportion,
 * round axis ticks labelled with fi-FI money, a legend, an accessible name and description.
 * (Testing Library normalises the no-break spaces of fi-FI figures to plain spaces.)
 */
import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { niceTicks, StackedBarChart } from "~/components/stacked-bar-chart";

const nbsp = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

function renderChart() {
  return render(
    <StackedBarChart
      title="Kaavio: sitoumukset vuosittain"
      description="Pylväs vuotta kohden."
      totalLabel="yhteensä"
      categories={[2026, 2027, 2028]}
      series={[
        { key: "confirmed", label: "Vahvistettu", className: "series-confirmed", values: [2_071_918, 2_750_000, 678_082] },
        { key: "conditional", label: "Ehdollinen", className: "series-conditional", values: [0, 700_000, 700_000] },
      ]}
    />,
  );
}

function rect(el: Element) {
  return {
    x: Number(el.getAttribute("x")),
    y: Number(el.getAttribute("y")),
    width: Number(el.getAttribute("width")),
    height: Number(el.getAttribute("height")),
  };
}

describe("StackedBarChart", () => {
  it("is an image with an accessible name and a description that carries the figures", () => {
    renderChart();
    const img = screen.getByRole("img", { name: "Kaavio: sitoumukset vuosittain" });
    expect(img.tagName.toLowerCase()).toBe("svg");
    const desc = nbsp(document.getElementById(img.getAttribute("aria-describedby")!)?.textContent);
    expect(desc).toContain("Pylväs vuotta kohden.");
    expect(desc).toContain("2026: Vahvistettu 20 719,18 €, Ehdollinen 0 €; yhteensä 20 719,18 €");
    expect(desc).toContain("2027: Vahvistettu 27 500 €, Ehdollinen 7 000 €; yhteensä 34 500 €");
  });

  it("draws one bar per year with the year below it", () => {
    const { container } = renderChart();
    const bars = container.querySelectorAll("g.bar");
    expect([...bars].map((b) => b.getAttribute("data-category"))).toEqual(["2026", "2027", "2028"]);
    expect([...container.querySelectorAll("text.category")].map((t) => t.textContent)).toEqual(["2026", "2027", "2028"]);
  });

  it("stacks the segments in order, conditional on top, heights in proportion to the values", () => {
    const { container } = renderChart();
    const bar = (year: string) => container.querySelector(`g.bar[data-category="${year}"]`)!;
    // 2026 has nothing conditional: no empty segment is drawn.
    expect(bar("2026").querySelectorAll("rect").length).toBe(1);
    const confirmed = rect(bar("2027").querySelector('rect[data-series="confirmed"]')!);
    const conditional = rect(bar("2027").querySelector('rect[data-series="conditional"]')!);
    expect(conditional.y + conditional.height).toBeCloseTo(confirmed.y, 0);
    expect(confirmed.height / conditional.height).toBeCloseTo(2_750_000 / 700_000, 1);
    expect(confirmed.x).toBe(conditional.x);
    // The bars stand on the same baseline.
    const base = (year: string) => {
      const r = rect(bar(year).querySelector('rect[data-series="confirmed"]')!);
      return r.y + r.height;
    };
    expect(base("2026")).toBeCloseTo(base("2028"), 0);
    expect(bar("2027").querySelector('rect[data-series="conditional"]')!.getAttribute("class")).toContain("series-conditional");
    expect(nbsp(bar("2027").querySelector('rect[data-series="conditional"] title')!.textContent)).toBe("2027 – Ehdollinen: 7 000 €");
  });

  it("labels the value axis with round fi-FI money ticks from zero above the highest bar", () => {
    const { container } = renderChart();
    const ticks = [...container.querySelectorAll(".axis-y .tick")];
    expect(ticks.map((t) => Number(t.getAttribute("data-value")))).toEqual([0, 1_000_000, 2_000_000, 3_000_000, 4_000_000]);
    expect(ticks.map((t) => nbsp(t.querySelector("text")!.textContent))).toEqual(["0 €", "10 000 €", "20 000 €", "30 000 €", "40 000 €"]);
  });

  it("shows each bar's total above it when there is room", () => {
    const { container } = renderChart();
    expect([...container.querySelectorAll("text.bar-total")].map((t) => nbsp(t.textContent))).toEqual(["20 719,18 €", "34 500 €", "13 780,82 €"]);
  });

  it("has a legend naming each series with its colour", () => {
    const { container } = renderChart();
    const legend = container.querySelector("ul.legend")!;
    const items = within(legend as HTMLElement).getAllByRole("listitem", { hidden: true });
    expect(items.map((li) => li.textContent)).toEqual(["Vahvistettu", "Ehdollinen"]);
    expect(items[1]!.querySelector("rect")!.getAttribute("class")).toBe("series-conditional");
  });

  it("draws an empty chart (no bars, an axis from 0) when every value is zero", () => {
    const { container } = render(
      <StackedBarChart title="T" description="D" categories={[2030]} series={[{ key: "a", label: "A", className: "series-esr", values: [0] }]} />,
    );
    expect(container.querySelectorAll("rect.segment")).toHaveLength(0);
    expect(container.querySelectorAll(".axis-y .tick").length).toBeGreaterThan(0);
  });
});

describe("niceTicks", () => {
  it("uses steps of 1, 2, 2,5 or 5 times a power of ten, in whole cents", () => {
    expect(niceTicks(3_450_000)).toEqual({ step: 1_000_000, top: 4_000_000, ticks: [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000] });
    expect(niceTicks(12_000).step).toBe(2_500);
    expect(niceTicks(12_000).top).toBe(12_500);
    expect(niceTicks(7)).toEqual({ step: 2, top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceTicks(3).step).toBe(1);
    for (const max of [1, 9, 99, 12_345, 63_571_200, 153_971_200]) {
      const n = niceTicks(max);
      expect(n.top).toBeGreaterThanOrEqual(max);
      expect(n.ticks.every(Number.isSafeInteger)).toBe(true);
      expect(n.ticks.length).toBeGreaterThanOrEqual(2);
      expect(n.ticks.length).toBeLessThanOrEqual(11);
    }
  });

  it("gives a 0–1 axis for nothing to show", () => {
    expect(niceTicks(0)).toEqual({ step: 1, top: 1, ticks: [0, 1] });
    expect(niceTicks(Number.NaN).ticks).toEqual([0, 1]);
  });
});

import { describe, expect, it } from "vitest";
import { computeRefund, mulDivHalfUp, type RefundInput } from "./refund";

const base: RefundInput = {
  totalBudgetCents: 400_000_00,
  commitmentCents: 80_000_00,
  paidCents: 80_000_00,
  plannedByKind: {},
  realisedByKind: {},
  explainedKinds: [],
};

describe("computeRefund", () => {
  it("no overpayment when the costs were realised as planned (or above)", () => {
    const r = computeRefund({ ...base, realisedByKind: { staff: 285_714_29, flat_rate: 114_285_72 } });
    expect(r.eligibleCents).toBe(400_000_00); // capped at the budget
    expect(r.dueCents).toBe(80_000_00);
    expect(r.overpaidCents).toBe(0);
  });

  it("partial: the city's share follows the realised costs (FLOW of the demo)", () => {
    const r = computeRefund({ ...base, realisedByKind: { staff: 270_000_00, flat_rate: 108_000_00 } });
    expect(r.realisedCents).toBe(378_000_00);
    expect(r.dueCents).toBe(75_600_00);
    expect(r.overpaidCents).toBe(4_400_00);
  });

  it("full: nothing realised, everything paid comes back", () => {
    const r = computeRefund({ ...base, paidCents: 55_000_00, realisedByKind: {} });
    expect(r.dueCents).toBe(0);
    expect(r.overpaidCents).toBe(55_000_00);
  });

  it("rounds the share to the cent with halves up", () => {
    // 55 000 € × 100 000,01 € / 333 333,33 € = 16 500,003… → 16 500,00; and an exact half goes up.
    expect(computeRefund({ ...base, totalBudgetCents: 333_333_33, commitmentCents: 55_000_00, realisedByKind: { other: 100_000_01 } }).dueCents).toBe(
      16_500_00,
    );
    expect(mulDivHalfUp(1, 1, 2)).toBe(1);
    expect(mulDivHalfUp(3, 1, 2)).toBe(2);
    expect(mulDivHalfUp(1, 1, 3)).toBe(0);
    expect(mulDivHalfUp(2, 1, 3)).toBe(1);
    const r = computeRefund({ ...base, totalBudgetCents: 3, commitmentCents: 1, paidCents: 1, realisedByKind: { other: 2 } });
    expect(r.dueCents).toBe(1); // 2/3 of a cent → 1
    expect(r.overpaidCents).toBe(0);
  });

  it("caps a cost kind at the plan unless the overrun was explained", () => {
    const planned = { staff: 200_000_00, other: 50_000_00 };
    const capped = computeRefund({
      ...base,
      totalBudgetCents: 250_000_00,
      commitmentCents: 50_000_00,
      paidCents: 50_000_00,
      plannedByKind: planned,
      realisedByKind: { staff: 150_000_00, other: 80_000_00 },
    });
    expect(capped.lines.find((l) => l.kind === "other")).toMatchObject({ eligibleCents: 50_000_00, capped: true });
    expect(capped.eligibleCents).toBe(200_000_00);
    expect(capped.dueCents).toBe(40_000_00);
    expect(capped.overpaidCents).toBe(10_000_00);
    const explained = computeRefund({
      ...base,
      totalBudgetCents: 250_000_00,
      commitmentCents: 50_000_00,
      paidCents: 50_000_00,
      plannedByKind: planned,
      realisedByKind: { staff: 150_000_00, other: 80_000_00 },
      explainedKinds: ["other"],
    });
    expect(explained.eligibleCents).toBe(230_000_00);
    expect(explained.dueCents).toBe(46_000_00);
    expect(explained.overpaidCents).toBe(4_000_00);
  });

  it("never owes more than the commitment, and a paid amount below the share is not a refund", () => {
    const r = computeRefund({ ...base, paidCents: 30_000_00, realisedByKind: { staff: 500_000_00 }, explainedKinds: ["staff"] });
    expect(r.dueCents).toBe(80_000_00);
    expect(r.overpaidCents).toBe(0);
  });
});

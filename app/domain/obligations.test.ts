/**
 * Unit tests of reporting obligations: calendar months anchored on the start (31 January gives
 * 29 February, then 31 March), the deadlines of each kind of obligation, what a change of period
 * moves and what it keeps, the buckets of the deadline list, the reminders owed today and the
 * reminder days as entered.
 */
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  bucketOf,
  generateDeadlines,
  parseReminderDays,
  regenerate,
  reminderDue,
  type ExistingDeadline,
  type GeneratedDeadline,
  type ObligationRule,
} from "./obligations";

const START = "2024-01-31";
const END = "2026-12-31";

const dl = (seq: number, periodStart: string | null, periodEnd: string | null, dueDate: string): GeneratedDeadline => ({
  seq,
  periodStart,
  periodEnd,
  dueDate,
});

describe("addMonths", () => {
  it("clamps a day the month lacks to its last day", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2024-01-31", 3)).toBe("2024-04-30");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2024-02-29", 48)).toBe("2028-02-29");
  });

  it("is anchored, not chained: 31.1. + 2 months is 31.3.", () => {
    expect(addMonths("2024-01-31", 2)).toBe("2024-03-31");
    expect(addMonths(addMonths("2024-01-31", 1), 1)).toBe("2024-03-29"); // chaining would drift
  });

  it("crosses year ends", () => {
    expect(addMonths("2023-12-15", 1)).toBe("2024-01-15");
    expect(addMonths("2023-11-30", 3)).toBe("2024-02-29");
    expect(addMonths("2025-05-01", 36)).toBe("2028-05-01");
    expect(addMonths("2024-01-15", 0)).toBe("2024-01-15");
  });

  it("goes back with negative months", () => {
    expect(addMonths("2024-01-15", -1)).toBe("2023-12-15");
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2025-03-31", -1)).toBe("2025-02-28");
    expect(addMonths("2024-01-15", -13)).toBe("2022-12-15");
    expect(addMonths("2024-05-31", -12)).toBe("2023-05-31");
  });
});

describe("addDays", () => {
  it("crosses a year end both ways", () => {
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2026-12-31", 60)).toBe("2027-03-01");
  });

  it("knows 29 February", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2025-01-30", 30)).toBe("2025-03-01");
    expect(addDays("2024-01-30", 30)).toBe("2024-02-29");
  });

  it("keeps the day with 0", () => {
    expect(addDays("2024-02-29", 0)).toBe("2024-02-29");
  });
});

describe("generateDeadlines: yearly report", () => {
  const rule: ObligationRule = { kind: "yearly_report", daysAfter: 30 };

  it("covers the complete years and leaves the last partial one to the final report", () => {
    expect(generateDeadlines(rule, START, END)).toEqual([dl(1, "2024-01-31", "2025-01-30", "2025-03-01"), dl(2, "2025-01-31", "2026-01-30", "2026-03-01")]);
  });

  it("leaves a last complete year ending with the project to the final report (Kotona Kajaanissa)", () => {
    expect(generateDeadlines(rule, "2025-05-01", "2028-04-30")).toEqual([
      dl(1, "2025-05-01", "2026-04-30", "2026-05-30"),
      dl(2, "2026-05-01", "2027-04-30", "2027-05-30"),
    ]);
  });

  it("gives more deadlines when the end moves later and fewer when it moves earlier", () => {
    const later = generateDeadlines(rule, START, "2027-12-31");
    expect(later.map((d) => d.seq)).toEqual([1, 2, 3]);
    expect(later[2]).toEqual(dl(3, "2026-01-31", "2027-01-30", "2027-03-01"));
    expect(generateDeadlines(rule, START, "2025-06-30")).toEqual([dl(1, "2024-01-31", "2025-01-30", "2025-03-01")]);
    expect(generateDeadlines(rule, START, "2025-01-30")).toEqual([]); // one year exactly: the final report's
  });
});

describe("generateDeadlines: committee reports", () => {
  it("twice a year from 31.1.2024, over 29 February", () => {
    expect(generateDeadlines({ kind: "committee_report", timesPerYear: 2, daysAfter: 30 }, START, END)).toEqual([
      dl(1, "2024-01-31", "2024-07-30", "2024-08-29"),
      dl(2, "2024-07-31", "2025-01-30", "2025-03-01"),
      dl(3, "2025-01-31", "2025-07-30", "2025-08-29"),
      dl(4, "2025-07-31", "2026-01-30", "2026-03-01"),
      dl(5, "2026-01-31", "2026-07-30", "2026-08-29"),
    ]);
  });

  it("four times a year: quarters clamped to the month and back to the 31st", () => {
    const quarters = generateDeadlines({ kind: "committee_report", timesPerYear: 4, daysAfter: 0 }, START, "2024-12-31");
    expect(quarters).toEqual([
      dl(1, "2024-01-31", "2024-04-29", "2024-04-29"),
      dl(2, "2024-04-30", "2024-07-30", "2024-07-30"),
      dl(3, "2024-07-31", "2024-10-30", "2024-10-30"),
    ]);
  });

  it("monthly: a period starts on 29 February, the next on 31 March", () => {
    const monthly = generateDeadlines({ kind: "committee_report", timesPerYear: 12, daysAfter: 30 }, START, "2024-05-15");
    expect(monthly).toEqual([
      dl(1, "2024-01-31", "2024-02-28", "2024-03-29"),
      dl(2, "2024-02-29", "2024-03-30", "2024-04-29"),
      dl(3, "2024-03-31", "2024-04-29", "2024-05-29"),
    ]);
  });

  it("gives nothing without a usable number of times a year", () => {
    expect(generateDeadlines({ kind: "committee_report", daysAfter: 30 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "committee_report", timesPerYear: null, daysAfter: 30 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "committee_report", timesPerYear: 0, daysAfter: 30 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "committee_report", timesPerYear: 5, daysAfter: 30 }, START, END)).toEqual([]); // 2.4 months
  });
});

describe("generateDeadlines: payment applications", () => {
  it("every 4 months, the last period cut at the end", () => {
    expect(generateDeadlines({ kind: "payment_application", everyMonths: 4, daysAfter: 60 }, START, END)).toEqual([
      dl(1, "2024-01-31", "2024-05-30", "2024-07-29"),
      dl(2, "2024-05-31", "2024-09-29", "2024-11-28"),
      dl(3, "2024-09-30", "2025-01-30", "2025-03-31"),
      dl(4, "2025-01-31", "2025-05-30", "2025-07-29"),
      dl(5, "2025-05-31", "2025-09-29", "2025-11-28"),
      dl(6, "2025-09-30", "2026-01-30", "2026-03-31"),
      dl(7, "2026-01-31", "2026-05-30", "2026-07-29"),
      dl(8, "2026-05-31", "2026-09-29", "2026-11-28"),
      dl(9, "2026-09-30", "2026-12-31", "2027-03-01"),
    ]);
  });

  it("ends with the project when the periods fit exactly (Kotona Kajaanissa)", () => {
    const apps = generateDeadlines({ kind: "payment_application", everyMonths: 4, daysAfter: 60 }, "2025-05-01", "2028-04-30");
    expect(apps).toHaveLength(9);
    expect(apps[0]).toEqual(dl(1, "2025-05-01", "2025-08-31", "2025-10-30"));
    expect(apps[8]).toEqual(dl(9, "2028-01-01", "2028-04-30", "2028-06-29"));
  });

  it("a single period when the project is shorter than one", () => {
    expect(generateDeadlines({ kind: "payment_application", everyMonths: 6, daysAfter: 60 }, "2025-01-01", "2025-03-31")).toEqual([
      dl(1, "2025-01-01", "2025-03-31", "2025-05-30"),
    ]);
  });

  it("gives nothing without months between them", () => {
    expect(generateDeadlines({ kind: "payment_application", everyMonths: 0, daysAfter: 60 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "payment_application", everyMonths: null, daysAfter: 60 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "payment_application", daysAfter: 60 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "payment_application", everyMonths: -4, daysAfter: 60 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "payment_application", everyMonths: 1.5, daysAfter: 60 }, START, END)).toEqual([]);
  });
});

describe("generateDeadlines: one-off obligations", () => {
  it("final report: the end plus its days", () => {
    expect(generateDeadlines({ kind: "final_report", daysAfter: 60 }, START, END)).toEqual([dl(1, START, END, "2027-03-01")]);
    expect(generateDeadlines({ kind: "final_report", daysAfter: 60 }, "2025-05-01", "2028-04-30")).toEqual([dl(1, "2025-05-01", "2028-04-30", "2028-06-29")]);
  });

  it("interim report: its date, with the period's start", () => {
    expect(generateDeadlines({ kind: "interim_report", daysAfter: 0, dueDate: "2026-05-20" }, "2025-05-01", "2028-04-30")).toEqual([
      dl(1, "2025-05-01", null, "2026-05-20"),
    ]);
    expect(generateDeadlines({ kind: "interim_report", daysAfter: 0 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "interim_report", daysAfter: 0, dueDate: null }, START, END)).toEqual([]);
  });

  it("single obligation: its date, no period", () => {
    expect(generateDeadlines({ kind: "single", daysAfter: 0, dueDate: "2025-09-15" }, START, END)).toEqual([dl(1, null, null, "2025-09-15")]);
    expect(generateDeadlines({ kind: "single", daysAfter: 0 }, START, END)).toEqual([]);
    expect(generateDeadlines({ kind: "single", daysAfter: 0, dueDate: "2025-02-30" }, START, END)).toEqual([]);
  });
});

describe("generateDeadlines: a period not valid", () => {
  it("gives nothing when the end is before the start", () => {
    for (const rule of [
      { kind: "yearly_report", daysAfter: 30 },
      { kind: "committee_report", timesPerYear: 2, daysAfter: 30 },
      { kind: "payment_application", everyMonths: 4, daysAfter: 60 },
      { kind: "final_report", daysAfter: 60 },
      { kind: "interim_report", daysAfter: 0, dueDate: "2025-06-01" },
      { kind: "single", daysAfter: 0, dueDate: "2025-06-01" },
    ] as ObligationRule[]) {
      expect(generateDeadlines(rule, "2026-01-01", "2025-12-31")).toEqual([]);
    }
  });

  it("gives nothing for a day that does not exist", () => {
    expect(generateDeadlines({ kind: "final_report", daysAfter: 60 }, "2025-02-29", END)).toEqual([]);
    expect(generateDeadlines({ kind: "final_report", daysAfter: 60 }, START, "")).toEqual([]);
  });
});

describe("regenerate", () => {
  const committee: ObligationRule = { kind: "committee_report", timesPerYear: 2, daysAfter: 30 };
  // Generated over 31.1.2024–31.12.2026: due 29.8.2024, 1.3.2025, 29.8.2025, 1.3.2026, 29.8.2026.
  const existing: ExistingDeadline[] = [
    { id: 11, seq: 1, dueDate: "2024-08-29", status: "submitted" },
    { id: 12, seq: 2, dueDate: "2025-03-01", status: "open" }, // past: overdue, stays
    { id: 13, seq: 3, dueDate: "2025-08-29", status: "returned" }, // future but returned: stays
    { id: 14, seq: 4, dueDate: "2026-03-01", status: "open" },
    { id: 15, seq: 5, dueDate: "2026-08-29", status: "open" },
  ];
  const today = "2025-06-01";

  it("regenerating the same period keeps everything where it is", () => {
    const same = regenerate(existing, generateDeadlines(committee, START, END), today);
    expect(same.insert).toEqual([]);
    expect(same.remove).toEqual([]);
    expect(same.update).toEqual([
      { id: 14, deadline: dl(4, "2025-07-31", "2026-01-30", "2026-03-01") },
      { id: 15, deadline: dl(5, "2026-01-31", "2026-07-30", "2026-08-29") },
    ]);
  });

  it("moves the open future ones (same id, new date), keeps the rest, adds the new seqs", () => {
    // The period moves to 1.3.2024–31.12.2027: seven half-years.
    const generated = generateDeadlines(committee, "2024-03-01", "2027-12-31");
    expect(generated.map((g) => g.dueDate)).toEqual(["2024-09-30", "2025-03-30", "2025-09-30", "2026-03-30", "2026-09-30", "2027-03-30", "2027-09-30"]);
    const r = regenerate(existing, generated, today);
    expect(r.update).toEqual([
      { id: 14, deadline: dl(4, "2025-09-01", "2026-02-28", "2026-03-30") },
      { id: 15, deadline: dl(5, "2026-03-01", "2026-08-31", "2026-09-30") },
    ]);
    expect(r.insert).toEqual([dl(6, "2026-09-01", "2027-02-28", "2027-03-30"), dl(7, "2027-03-01", "2027-08-31", "2027-09-30")]);
    expect(r.remove).toEqual([]);
    // Submitted, accepted, returned and past ones are never touched.
    const touched = new Set([...r.update.map((u) => u.id), ...r.remove]);
    for (const id of [11, 12, 13]) expect(touched.has(id)).toBe(false);
  });

  it("removes the open future ones no longer generated", () => {
    // The end moves to 31.12.2025: three half-years only.
    const r = regenerate(existing, generateDeadlines(committee, START, "2025-12-31"), today);
    expect(r.update).toEqual([]);
    expect(r.insert).toEqual([]);
    expect(r.remove).toEqual([14, 15]);
  });

  it("never inserts a deadline due today or earlier", () => {
    const generated = generateDeadlines(committee, "2024-03-01", "2027-12-31");
    const r = regenerate([], generated, "2025-09-30"); // seq 3 is due today
    expect(r.insert.map((g) => g.seq)).toEqual([4, 5, 6, 7]);
    expect(r.insert.every((g) => g.dueDate > "2025-09-30")).toBe(true);
    expect(r.update).toEqual([]);
    expect(r.remove).toEqual([]);
  });

  it("keeps an open deadline due today as it is", () => {
    const r = regenerate([{ id: 21, seq: 1, dueDate: "2025-06-01", status: "open" }], [dl(1, null, null, "2025-07-01")], "2025-06-01");
    expect(r).toEqual({ update: [], insert: [], remove: [] });
  });

  it("keeps an accepted future deadline and does not duplicate its seq", () => {
    const r = regenerate([{ id: 31, seq: 1, dueDate: "2026-01-01", status: "accepted" }], [dl(1, null, null, "2026-02-01")], "2025-06-01");
    expect(r).toEqual({ update: [], insert: [], remove: [] });
  });
});

describe("bucketOf", () => {
  const today = "2026-05-20";

  it("places open deadlines by their date", () => {
    expect(bucketOf("open", "2026-05-19", today)).toBe("overdue");
    expect(bucketOf("open", "2025-01-01", today)).toBe("overdue");
    expect(bucketOf("open", "2026-05-20", today)).toBe("dueSoon");
    expect(bucketOf("open", "2026-06-19", today)).toBe("dueSoon"); // today + 30
    expect(bucketOf("open", "2026-06-20", today)).toBe("upcoming"); // today + 31
  });

  it("places the others by their status, whatever their date", () => {
    for (const due of ["2026-05-19", "2026-05-20", "2026-06-20"]) {
      expect(bucketOf("submitted", due, today)).toBe("submitted");
      expect(bucketOf("accepted", due, today)).toBe("accepted");
      expect(bucketOf("returned", due, today)).toBe("returned");
    }
  });
});

describe("reminderDue", () => {
  const open = { status: "open" as const, dueDate: "2026-06-30" };
  const none = new Set<string>();

  it("owes nothing before the largest reminder's day", () => {
    expect(reminderDue(open, [30, 7], none, "2026-05-30")).toBeNull(); // 31 days left
  });

  it("owes the 30-day reminder 30 and 20 days before", () => {
    expect(reminderDue(open, [30, 7], none, "2026-05-31")).toEqual({ send: "before:30", skip: [] });
    expect(reminderDue(open, [30, 7], none, "2026-06-10")).toEqual({ send: "before:30", skip: [] });
  });

  it("owes the 7-day one 5 days before and skips the 30-day one not sent", () => {
    expect(reminderDue(open, [30, 7], none, "2026-06-25")).toEqual({ send: "before:7", skip: ["before:30"] });
    expect(reminderDue(open, [7, 30], none, "2026-06-25")).toEqual({ send: "before:7", skip: ["before:30"] });
    expect(reminderDue(open, [30, 7], new Set(["before:30"]), "2026-06-25")).toEqual({ send: "before:7", skip: [] });
  });

  it("owes the 7-day one on the due day itself", () => {
    expect(reminderDue(open, [30, 7], new Set(["before:30"]), "2026-06-30")).toEqual({ send: "before:7", skip: [] });
  });

  it("owes nothing already sent", () => {
    expect(reminderDue(open, [30, 7], new Set(["before:30"]), "2026-06-10")).toBeNull();
    expect(reminderDue(open, [30, 7], new Set(["before:30", "before:7"]), "2026-06-25")).toBeNull();
    expect(reminderDue(open, [30, 7], new Set(["before:7"]), "2026-06-25")).toBeNull();
  });

  it("owes the overdue reminder once, the day after the due date", () => {
    expect(reminderDue(open, [30, 7], new Set(["before:30", "before:7"]), "2026-07-01")).toEqual({ send: "overdue", skip: [] });
    expect(reminderDue(open, [30, 7], none, "2026-07-01")).toEqual({ send: "overdue", skip: [] });
    expect(reminderDue(open, [], none, "2026-07-01")).toEqual({ send: "overdue", skip: [] });
    expect(reminderDue(open, [30, 7], new Set(["overdue"]), "2026-07-01")).toBeNull();
    expect(reminderDue(open, [30, 7], new Set(["overdue"]), "2026-12-01")).toBeNull();
  });

  it("owes nothing before the due date without reminder days", () => {
    expect(reminderDue(open, [], none, "2026-06-29")).toBeNull();
  });

  it("owes nothing for a deadline not open", () => {
    for (const status of ["submitted", "accepted", "returned"] as const) {
      expect(reminderDue({ status, dueDate: "2026-06-30" }, [30, 7], none, "2026-06-25")).toBeNull();
      expect(reminderDue({ status, dueDate: "2026-06-30" }, [30, 7], none, "2026-07-01")).toBeNull();
    }
  });
});

describe("parseReminderDays", () => {
  it.each([
    ["30, 7", [30, 7]],
    ["7 30", [30, 7]],
    ["7;30;7", [30, 7]],
    [" 14 ", [14]],
    ["365", [365]],
    ["1,2,3,4,5,6", [6, 5, 4, 3, 2]],
    ["", []],
    ["   ", []],
  ])("reads %j as %j", (text, days) => {
    expect(parseReminderDays(text)).toEqual(days);
  });

  it.each(["0", "abc", "400", "366", "-7", "7.5", "30, x", "1000"])("refuses %j", (text) => {
    expect(parseReminderDays(text)).toBeNull();
  });
});

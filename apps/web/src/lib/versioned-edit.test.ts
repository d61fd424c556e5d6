import { describe, expect, it } from "vitest";
import { calendarDay, changedValues, compareFields, conflictRow, editStanding, whenLabel, type EditField } from "./versioned-edit";

const row = (version: number) => ({ version, updatedBy: "u-okafor", updatedAt: new Date("2026-03-02T10:00:00Z"), title: `v${version}` });

describe("editStanding", () => {
  it("is current while the live row is still the version the edit started from", () => {
    expect(editStanding(3, row(3), null)).toEqual({ kind: "current" });
  });

  it("is stale as soon as a live refresh brings a newer version, naming that row", () => {
    expect(editStanding(3, row(4), null)).toEqual({ kind: "stale", row: row(4) });
  });

  it("judges against the base version, not whatever the page shows at submit time", () => {
    // The defect: a form that read the live row's version at submit sent 5 here and overwrote silently.
    const live = row(5);
    expect(editStanding(4, live, null).kind).toBe("stale");
  });

  it("shows a refused save's conflict before anything else", () => {
    expect(editStanding(3, row(4), row(4))).toEqual({ kind: "conflict", theirs: row(4) });
  });

  it("has nothing to say before editing starts or when the row is gone", () => {
    expect(editStanding(null, row(9), null)).toEqual({ kind: "current" });
    expect(editStanding(3, undefined, null)).toEqual({ kind: "current" });
  });
});

describe("conflictRow", () => {
  it("accepts the row a CONFLICT carries and nothing else", () => {
    expect(conflictRow(row(2))).toEqual(row(2));
    expect(conflictRow(undefined)).toBeNull();
    expect(conflictRow("v2")).toBeNull();
    expect(conflictRow({ version: "2" })).toBeNull();
  });
});

describe("whenLabel", () => {
  const now = new Date("2026-03-02T10:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  it("reads as a clinician would say it", () => {
    expect(whenLabel(ago(4), now)).toBe("a moment ago");
    expect(whenLabel(ago(59), now)).toBe("a moment ago");
    expect(whenLabel(ago(60), now)).toBe("1 minute ago");
    expect(whenLabel(ago(45 * 60), now)).toBe("45 minutes ago");
    expect(whenLabel(ago(3 * 3600), now)).toBe("3 hours ago");
    expect(whenLabel(ago(30 * 3600), now)).toBe("yesterday");
    expect(whenLabel(ago(5 * 86400), now)).toBe("5 days ago");
  });
  it("never says 'in the future' for a clock a little ahead, and copes with no time", () => {
    expect(whenLabel(new Date(now.getTime() + 5000), now)).toBe("a moment ago");
    expect(whenLabel(null, now)).toBe("recently");
  });
});

describe("compareFields", () => {
  type Edit = { title: string; rationale: string; targetDate: Date | null };
  const fields: EditField<Edit>[] = [
    { key: "title", label: "Title" },
    { key: "rationale", label: "Rationale" },
    { key: "targetDate", label: "Target date" },
  ];
  it("puts their saved value beside the user's unsaved one and marks only what differs", () => {
    const theirs = { title: "Gabapentin 300 mg", rationale: "Neuropathic component", targetDate: new Date("2026-06-01T00:00:00Z") };
    const mine = { title: "Gabapentin 600 mg", rationale: "Neuropathic component", targetDate: null };
    expect(compareFields(fields, theirs, mine)).toEqual([
      { key: "title", label: "Title", theirs: "Gabapentin 300 mg", mine: "Gabapentin 600 mg", differs: true },
      { key: "rationale", label: "Rationale", theirs: "Neuropathic component", mine: "Neuropathic component", differs: false },
      { key: "targetDate", label: "Target date", theirs: "2026-06-01", mine: "—", differs: true },
    ]);
  });
});

describe("calendarDay", () => {
  it("gives the stored calendar day whatever the zone", () => {
    expect(calendarDay(new Date("2026-06-01T00:00:00Z"))).toBe("2026-06-01");
    expect(calendarDay("2026-06-01")).toBe("2026-06-01");
  });
});

describe("changedValues", () => {
  it("keeps only what the user changed, dates compared by their instant", () => {
    const base = { title: "Pregabalin", rationale: "Leg pain", targetDate: new Date("2026-06-01T00:00:00Z"), level: null as string | null };
    expect(changedValues(base, { ...base, targetDate: new Date("2026-06-01T00:00:00Z") })).toEqual({});
    expect(changedValues(base, { ...base, rationale: "Leg pain at night", level: "L5-S1" })).toEqual({ rationale: "Leg pain at night", level: "L5-S1" });
    expect(changedValues(base, { ...base, targetDate: new Date("2026-07-01T00:00:00Z") })).toEqual({ targetDate: new Date("2026-07-01T00:00:00Z") });
  });
});

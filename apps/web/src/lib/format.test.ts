import { format, formatDistanceStrict } from "date-fns";
import { describe, expect, it } from "vitest";
import { fmtAgo, fmtDate, fmtDateTime, fmtTime, fmtWeekdayTime, isoDay } from "./format";

// The hand-written formats must read exactly as date-fns wrote them before.
const instants = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 22 * 3_600_000 + i * 7 * 60_000));

describe("date formats", () => {
  it("reads day, month and year like date-fns' 'd MMM yyyy'", () => {
    for (const d of instants) expect(fmtDate(d)).toBe(format(d, "d MMM yyyy"));
    expect(fmtDate("2026-03-02")).toBe(format(new Date("2026-03-02"), "d MMM yyyy"));
    expect(fmtDate(null)).toBe("—");
  });

  it("adds the time like 'd MMM yyyy, HH:mm'", () => {
    for (const d of instants) expect(fmtDateTime(d.toISOString())).toBe(format(d, "d MMM yyyy, HH:mm"));
    expect(fmtDateTime(undefined)).toBe("—");
  });

  it("writes visit times like 'HH:mm' and 'EEE d MMM, HH:mm'", () => {
    for (const d of instants) {
      expect(fmtTime(d)).toBe(format(d, "HH:mm"));
      expect(fmtWeekdayTime(d.toISOString())).toBe(format(d, "EEE d MMM, HH:mm"));
    }
  });

  it("writes ISO days like 'yyyy-MM-dd'", () => {
    for (const d of instants) expect(isoDay(d)).toBe(format(d, "yyyy-MM-dd"));
  });

  it("says how long ago like formatDistanceStrict, from seconds to years", () => {
    const now = new Date(Date.UTC(2026, 2, 2, 12));
    const gaps = [0, 1_000, 29_400, 59_000, 61_000, 89_000, 59.6 * 60_000, 3_600_000, 5.5 * 3_600_000, 23.7 * 3_600_000, 86_400_000, 29.9 * 86_400_000, 31 * 86_400_000, 200 * 86_400_000, 364.9 * 86_400_000, 366 * 86_400_000, 3 * 365 * 86_400_000];
    for (const gap of gaps) {
      const then = new Date(now.getTime() - gap);
      expect(fmtAgo(then, now)).toBe(`${formatDistanceStrict(then, now)} ago`);
    }
  });
});

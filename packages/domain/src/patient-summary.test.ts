import { describe, expect, it } from "vitest";
import { addDays } from "./common";
import { computeFlags } from "./flags";
import { ladderPosition } from "./ladder-position";
import { nextClinicDay, summarizePatient, summaryValidUntil, type SummaryInput } from "./patient-summary";
import { defaultClinicPolicy } from "./policy";
import { rankWorklist, worklistKey, flagsForRole } from "./worklist";
import { assessment, NOW, planItem, record, session, uid, weeksAgo } from "./test-fixtures";

const input = (parts: Partial<SummaryInput> = {}): SummaryInput => ({ ...record(), actionItems: [], appointments: [], ...parts });
const codesAt = (i: SummaryInput, at: Date) => summarizePatient(i, at).flags.map((f) => f.code);

describe("summaryValidUntil", () => {
  it("is the start of the next clinic day when nothing turns during the day", () => {
    expect(summaryValidUntil(input(), NOW)).toEqual(nextClinicDay(NOW));
    expect(nextClinicDay(NOW)).toEqual(new Date("2026-06-02T00:00:00.000Z"));
  });

  it("is the instant a rule counted from an instant turns: 'not improving' at the step's start plus the policy's weeks, to the millisecond", () => {
    const stepStart = new Date(addDays(NOW, -defaultClinicPolicy.notImprovingAfterWeeks * 7).getTime() + 3 * 3_600_000 + 17);
    const i = input({
      planItems: [planItem({ ladderStep: 2, kind: "medication", discipline: "physician", title: "Duloxetine", startedAt: stepStart })],
      assessments: [assessment("nrs", [7], weeksAgo(20)), assessment("nrs", [7], addDays(NOW, -1))],
    });
    expect(ladderPosition(i.planItems, i.procedures, NOW).currentSince).toEqual(stepStart);
    const turn = addDays(stepStart, defaultClinicPolicy.notImprovingAfterWeeks * 7);
    expect(codesAt(i, NOW)).not.toContain("not_improving");
    expect(codesAt(i, turn)).toContain("not_improving");
    expect(summaryValidUntil(i, NOW)).toEqual(turn);
    // Computed at the turn, the summary holds until the next day.
    expect(summaryValidUntil(i, turn)).toEqual(nextClinicDay(NOW));
  });

  it("is the moment a visit today begins: next and last visit change then", () => {
    const visit = new Date(NOW.getTime() + 2 * 3_600_000);
    const i = input({ appointments: [{ startsAt: visit, status: "booked", discipline: "physical_therapist" }] });
    expect(summarizePatient(i, NOW).nextVisit?.startsAt).toEqual(visit);
    expect(summarizePatient(i, visit).nextVisit?.startsAt).toEqual(visit);
    expect(summaryValidUntil(i, NOW)).toEqual(new Date(visit.getTime() + 1));
  });

  it("a window counted in days turns at a day's start: the next day is soon enough", () => {
    const i = input({
      therapySessions: [session({ id: uid(), attendance: "no_show", sessionDate: new Date("2026-05-03T00:00:00Z") }), session({ id: uid(), attendance: "no_show", sessionDate: new Date("2026-05-20T00:00:00Z") })],
    });
    expect(codesAt(i, NOW)).toContain("missed_sessions");
    expect(summaryValidUntil(i, NOW)).toEqual(nextClinicDay(NOW));
    // The first no-show leaves the window as the next day starts, when the summary is recomputed.
    expect(codesAt(i, new Date(nextClinicDay(NOW).getTime() - 1))).toContain("missed_sessions");
    expect(codesAt(i, nextClinicDay(NOW))).not.toContain("missed_sessions");
  });
});

describe("summarizePatient", () => {
  it("stores the flags computeFlags gives and each role's key as rankWorklist orders it", () => {
    const i = input({ assessments: [assessment("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 1], addDays(NOW, -1))] });
    const s = summarizePatient(i, NOW);
    expect(s.flags).toEqual(computeFlags(i, NOW));
    for (const role of ["physician", "psychologist", "physical_therapist", "coordinator"] as const) {
      expect(s.keys[role]).toEqual(worklistKey(flagsForRole(s.flags, role), role));
      expect(s.keys[role].rank).toBe(0);
    }
    const none = summarizePatient(input(), NOW);
    const ranked = rankWorklist(
      [
        { patient: "calm", flags: none.flags },
        { patient: "flagged", flags: s.flags },
      ],
      "physician",
    );
    expect(ranked.map((e) => e.patient)).toEqual(["flagged", "calm"]);
    expect(none.keys.physician).toEqual({ rank: null, count: 0, codes: [] });
  });

  it("keys an action item's owner apart when the owned flag changes their place", () => {
    const ownerId = uid();
    const i = input({ actionItems: [{ id: uid(), patientId: "p", meetingId: uid(), caseId: uid(), ownerId, description: "Call the pharmacy", dueDate: addDays(NOW, -3), status: "open" } as never] });
    const s = summarizePatient(i, NOW);
    expect(s.flags.map((f) => f.code)).toEqual(["overdue_action"]);
    expect(s.keys.physician.count).toBe(0);
    expect(s.ownerKeys[ownerId]?.physician).toMatchObject({ count: 1, codes: ["overdue_action"] });
    expect(s.ownerKeys[ownerId]?.coordinator).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { listAudit } from "@stepwise/db";
import { demoEmails } from "../test-support";
import { useSeededClinic } from "../test-clinic";
import { collect } from "./live-test-support";

// "Who saw patient X" is one filter on audit_log.patient_id: every list, worklist, schedule, live
// subscription, meeting view and case summary leaves one row per patient it showed.

const { PHYSICIAN, PT, COORD } = demoEmails;
const DAY = 86_400_000;

const clinic = useSeededClinic();

/** The audit rows of one call: those written by `actor` for `action` after `sinceId`. */
async function rowsOf(email: string, action: string, sinceId: number) {
  const rows = await listAudit(clinic.handle.db, { actorId: await clinic.userId(email), action, limit: 5_000 });
  return rows.filter((r) => r.id > sinceId);
}
const newestId = async () => (await listAudit(clinic.handle.db, { limit: 1 }))[0]?.id ?? 0;

describe("one audit row per patient touched", () => {
  it("patients.list: a row for each patient on the page, found by filtering on that patient", async () => {
    const since = await newestId();
    const page = await (await clinic.as(PHYSICIAN)).patients.list({});
    expect(page.items.length).toBeGreaterThan(1);
    const rows = await rowsOf(PHYSICIAN, "patients.list", since);
    expect(rows.map((r) => r.patientId).sort()).toEqual(page.items.map((p) => p.id).sort());
    expect(rows.every((r) => r.outcome === "success" && r.entityType === "patient")).toBe(true);
    const one = page.items[0]!.id;
    expect(await listAudit(clinic.handle.db, { patientId: one, action: "patients.list" })).not.toHaveLength(0);
  });

  it("a search that finds nobody leaves one row about no patient", async () => {
    const since = await newestId();
    const page = await (await clinic.as(PHYSICIAN)).patients.list({ search: "Nobody-by-this-name" });
    expect(page.items).toHaveLength(0);
    const rows = await rowsOf(PHYSICIAN, "patients.list", since);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.patientId).toBeNull();
  });

  it("worklist.mine: a row for each patient on the page returned, not the whole caseload", async () => {
    const physician = await clinic.as(PHYSICIAN);
    const since = await newestId();
    const first = await physician.worklist.mine({ limit: 5 });
    expect(first.total).toBeGreaterThan(5);
    const firstRows = await rowsOf(PHYSICIAN, "worklist.mine", since);
    expect(firstRows.map((r) => r.patientId).sort()).toEqual(first.items.map((p) => p.id).sort());
    const between = await newestId();
    const second = await physician.worklist.mine({ limit: 5, cursor: first.nextCursor! });
    const secondRows = await rowsOf(PHYSICIAN, "worklist.mine", between);
    expect(secondRows.map((r) => r.patientId).sort()).toEqual(second.items.map((p) => p.id).sort());
    expect(secondRows.some((r) => first.items.some((p) => p.id === r.patientId))).toBe(false);
  });

  it("worklist.schedule: a row for each patient booked, once however many visits", async () => {
    const since = await newestId();
    const { today, week } = await (await clinic.as(PT)).worklist.schedule();
    const booked = [...new Set([...today, ...week].map((v) => v.patientId))];
    expect(booked.length).toBeGreaterThan(0);
    const rows = await rowsOf(PT, "worklist.schedule", since);
    expect(rows.map((r) => r.patientId).sort()).toEqual(booked.sort());
  });

  it("live.events: a row for each patient the stream was given, when it subscribes", async () => {
    const physician = await clinic.as(PHYSICIAN);
    const ids = (await physician.patients.list({ limit: 2 })).items.map((p) => p.id);
    const since = await newestId();
    const controller = new AbortController();
    const caller = await clinic.as(PHYSICIAN, undefined, controller.signal);
    const stream = collect((await caller.live.events({ patientIds: ids, meetingIds: [] })) as AsyncIterable<unknown>, controller);
    await stream.waitFor((m) => m.type === "presence");
    const rows = await rowsOf(PHYSICIAN, "live.events", since);
    expect(rows.map((r) => r.patientId).sort()).toEqual([...ids].sort());
    expect(new Set(rows.map((r) => r.entityId)).size).toBe(1);
    await stream.stop();
  });

  it("meetings.get and the case summary: a row for each patient of the caller's teams on the agenda", async () => {
    const coord = await clinic.as(COORD);
    const physician = await clinic.as(PHYSICIAN);
    const [first, second] = (await physician.patients.list({ limit: 2 })).items;
    const meeting = await coord.meetings.schedule({ title: "Audit per patient", scheduledFor: new Date(Date.now() + 2 * DAY), attendeeIds: [await clinic.userId(PHYSICIAN)] });
    await coord.meetings.addCase({ meetingId: meeting.id, patientId: first!.id, reason: "Review" });
    await coord.meetings.addCase({ meetingId: meeting.id, patientId: second!.id, reason: "Review" });

    let since = await newestId();
    await physician.meetings.get({ meetingId: meeting.id });
    const rows = await rowsOf(PHYSICIAN, "meetings.get", since);
    expect(rows.map((r) => r.patientId).sort()).toEqual([first!.id, second!.id].sort());

    since = await newestId();
    await physician.meetings.caseSummary({ meetingId: meeting.id, patientId: first!.id });
    const summary = await rowsOf(PHYSICIAN, "meetings.caseSummary", since);
    expect(summary.map((r) => r.patientId)).toEqual([first!.id]);
  });
});

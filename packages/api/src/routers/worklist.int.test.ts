import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeSummaryRow, listAudit, loadSummaryInputs, refreshDueSummaries, storedSummaries, storedSummaryMembers } from "@stepwise/db";
import { queryAsOwner } from "@stepwise/db/testing";
import { flagsForRole, summaryRulesVersion, worklistKey } from "@stepwise/domain";
import { createBlankPatient, openSeededClinic, type Clinic } from "../test-support";

const PHYSICIAN = "physician@stepwise.test";
const PT = "pt@stepwise.test";
const PSYCH = "psychologist@stepwise.test";
const COORD = "coordinator@stepwise.test";
const DAY = 86_400_000;

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openSeededClinic();
});
afterAll(async () => {
  await clinic?.close();
});

type Caller = Awaited<ReturnType<Clinic["as"]>>;

/** Every page of a view, following nextCursor. */
async function allPages(caller: Caller, view: "worklist" | "flagged" | "sessions" | "clearances", limit: number) {
  const pages = [];
  let cursor: number | null = 0;
  while (cursor !== null) {
    const page = await caller.worklist.mine({ view, cursor, limit });
    pages.push(page);
    cursor = page.nextCursor;
  }
  return pages;
}

/** Every stored summary recomputed from scratch (at the instant it was computed for) and compared. */
async function expectSummariesMatchRules() {
  const stored = await storedSummaries(clinic.handle.db);
  expect(stored.length).toBeGreaterThan(0);
  const inputs = await loadSummaryInputs(
    clinic.handle.db,
    stored.map((s) => s.patientId),
  );
  for (const row of stored) {
    const fresh = computeSummaryRow(row.patientId, inputs.get(row.patientId)!, row.computedAt);
    // Through JSON both ways: the stored row has been through jsonb, the fresh one has not.
    expect(JSON.parse(JSON.stringify({ ...row })), row.patientId).toEqual(JSON.parse(JSON.stringify({ ...row, ...fresh })));
    expect(row.rulesVersion).toBe(summaryRulesVersion);
  }
  // Each member's place: the recomputed flags as they reach the member, one row per care-team membership.
  const { members, team } = await storedSummaryMembers(clinic.handle.db);
  expect(members.map((m) => [m.patientId, m.userId, m.role])).toEqual(team.map((m) => [m.patientId, m.userId, m.role]));
  const byPatient = new Map(stored.map((row) => [row.patientId, row]));
  for (const m of members) {
    const summary = byPatient.get(m.patientId)!;
    const key = worklistKey(flagsForRole(JSON.parse(JSON.stringify(summary.flags)), m.role, m.userId), m.role);
    expect({ rank: m.rank, count: m.flagCount, codes: m.codes }, `${m.patientId} ${m.role}`).toEqual(key);
    expect(m.validUntil).toEqual(summary.validUntil);
  }
  return stored.length;
}

describe("worklist", () => {
  it("lists exactly the caller's patients across pages, flagged ones first, and only flags meant for the role", async () => {
    const physician = await clinic.as(PHYSICIAN);
    const pages = await allPages(physician, "worklist", 7);
    const list = pages.flatMap((p) => p.items);
    const mine = await physician.patients.list({ limit: 100 });
    expect(list.map((e) => e.id).sort()).toEqual(mine.items.map((p) => p.id).sort());
    expect(pages.every((p) => p.total === list.length)).toBe(true);
    const firstUnflagged = list.findIndex((e) => e.flags.length === 0);
    if (firstUnflagged >= 0) expect(list.slice(firstUnflagged).every((e) => e.flags.length === 0)).toBe(true);
    const pt = await clinic.as(PT);
    const ptList = (await allPages(pt, "worklist", 50)).flatMap((p) => p.items);
    // The PT's own flags and what the meeting agenda shows; never another discipline's private work-list items.
    const notForPt = new Set(["outcome_due", "depression_anxiety", "catastrophizing"]);
    expect(ptList.flatMap((e) => e.flags).filter((f) => notForPt.has(f.code))).toEqual([]);
  });

  it("the coordinator's and the PT's lists keep the agenda flags the physician's list shows for the same patient, safety first", async () => {
    const agenda = new Set(["safety_self_harm", "high_opioid_dose", "opioid_review", "candidacy_pending", "not_improving"]);
    const physicianList = (await (await clinic.as(PHYSICIAN)).worklist.mine({ limit: 100 })).items;
    for (const email of [COORD, PT]) {
      const list = (await (await clinic.as(email)).worklist.mine({ limit: 100 })).items;
      let compared = 0;
      for (const entry of list) {
        const theirs = physicianList.find((e) => e.id === entry.id);
        if (!theirs) continue;
        compared += 1;
        const expected = theirs.flags.filter((f) => agenda.has(f.code)).map((f) => f.code);
        expect(entry.flags.map((f) => f.code), `${email} ${entry.familyName}`).toEqual(expect.arrayContaining(expected));
        const safety = entry.flags.findIndex((f) => f.code === "safety_self_harm");
        if (safety >= 0) expect(safety).toBe(0);
      }
      expect(compared, email).toBeGreaterThan(0);
    }
  });

  it("pages in a stable order with no patient twice and none missed, the self-harm flag first across pages, counts for the whole list", async () => {
    for (const email of [PHYSICIAN, PT, PSYCH, COORD]) {
      const caller = await clinic.as(email);
      const whole = await caller.worklist.mine({ view: "flagged", limit: 100 });
      for (const size of [1, 3, 10]) {
        const paged = (await allPages(caller, "flagged", size)).flatMap((p) => p.items);
        expect(paged.map((e) => e.id), `${email} by ${size}`).toEqual(whole.items.map((e) => e.id));
        expect(new Set(paged.map((e) => e.id)).size).toBe(paged.length);
      }
      const list = whole.items;
      expect(list.every((e) => e.flags.length > 0)).toBe(true);
      const withSafety = list.map((e) => e.flags.some((f) => f.code === "safety_self_harm"));
      const lastSafety = withSafety.lastIndexOf(true);
      const firstWithout = withSafety.indexOf(false);
      if (lastSafety >= 0 && firstWithout >= 0) expect(lastSafety, email).toBeLessThan(firstWithout);
      expect(whole.counts.flagged, email).toBe(list.length);
      expect(whole.counts.byCode.safety_self_harm ?? 0, email).toBe(withSafety.filter(Boolean).length);
      const codes = new Map<string, number>();
      for (const e of list) for (const code of new Set(e.flags.map((f) => f.code))) codes.set(code, (codes.get(code) ?? 0) + 1);
      expect(whole.counts.byCode, email).toEqual(Object.fromEntries(codes));
    }
  });

  it("bounds every page: the default fits a screen, larger pages are refused", async () => {
    const physician = await clinic.as(PHYSICIAN);
    const page = await physician.worklist.mine();
    expect(page.items.length).toBeLessThanOrEqual(50);
    await expect(physician.worklist.mine({ limit: 101 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // What an infinite-query client sends with each page.
    expect((await physician.worklist.mine({ view: "flagged", limit: 50, cursor: 0, direction: "forward" })).items.length).toBeGreaterThan(0);
  });

  it("the PT's sessions view and the psychologist's clearances view list only the patients they show", async () => {
    const sessions = (await allPages(await clinic.as(PT), "sessions", 5)).flatMap((p) => p.items);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((e) => e.sessions30d.some((s) => s.attendance === "attended"))).toBe(true);
    expect(sessions.every((e) => e.sessions30d.every((s) => s.sessionDate instanceof Date))).toBe(true);
    const clearances = (await allPages(await clinic.as(PSYCH), "clearances", 5)).flatMap((p) => p.items);
    expect(clearances.every((e) => e.pendingClearances.length > 0 && e.pendingClearances.every((c) => c.requestedAt instanceof Date))).toBe(true);
  });

  it("is empty for the administrator and refused to anonymous callers", async () => {
    expect(await (await clinic.as("admin@stepwise.test")).worklist.mine()).toMatchObject({ items: [], total: 0, nextCursor: null });
    await expect(clinic.anonymous().worklist.mine()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("patient summaries", () => {
  it("stay what the rules say after a realistic sequence of writes across procedures (recomputed from scratch and compared)", async () => {
    const seeded = await expectSummariesMatchRules();
    const p = await createBlankPatient(clinic, [PHYSICIAN, PT, COORD]);
    const doc = await clinic.as(PHYSICIAN);
    const pt = await clinic.as(PT);
    const psych = await clinic.as(PSYCH);
    const coord = await clinic.as(COORD);
    const today = new Date().toISOString().slice(0, 10);
    const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
    // Not yet summarised (created outside the API): the first read computes it.
    expect((await doc.worklist.mine({ limit: 100 })).items.some((e) => e.id === p)).toBe(true);
    await doc.medications.create({ patientId: p, name: "Oxycodone IR", opioid: "oxycodone", doseMg: 15, timesPerDay: 3, route: "oral", startedAt: daysAgo(30) });
    for (const sessionDate of [new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10), today]) {
      await pt.therapySessions.log({ patientId: p, idempotencyKey: randomUUID(), sessionDate, attendance: "no_show", minutes: 0, interventions: [], painBefore: null, painAfter: null });
    }
    await coord.careTeam.add({ patientId: p, userId: await clinic.userId(PSYCH) });
    const phq9 = await psych.assessments.submit({ patientId: p, instrument: "phq9", responses: [2, 2, 2, 2, 1, 1, 1, 1, 2] });
    const urgent = (await doc.worklist.mine({ view: "flagged", limit: 100 })).items;
    expect(urgent[0]?.flags[0]).toMatchObject({ code: "safety_self_harm", severity: "urgent" });
    expect(urgent.find((e) => e.id === p)?.flags.map((f) => f.code)).toEqual(expect.arrayContaining(["safety_self_harm", "opioid_review"]));
    expect((await pt.worklist.mine({ view: "flagged", limit: 100 })).items.find((e) => e.id === p)?.flags.map((f) => f.code)).toEqual(expect.arrayContaining(["safety_self_harm", "missed_sessions"]));
    await pt.safetyResponses.record({ patientId: p, assessmentId: phq9.id, contactMethod: "phone", contactedAt: new Date(Date.now() - 60_000), riskAssessed: "low", safetyPlanInPlace: true, referral: null, notes: "Reached by phone." });
    const acknowledged = (await psych.worklist.mine({ view: "flagged", limit: 100 })).items.find((e) => e.id === p);
    expect(acknowledged?.flags[0]).toMatchObject({ code: "safety_self_harm", severity: "high", acknowledgement: { byName: expect.any(String) } });
    await coord.careTeam.remove({ patientId: p, userId: await clinic.userId(PSYCH) });
    expect((await psych.worklist.mine({ limit: 100 })).items.some((e) => e.id === p)).toBe(false);
    expect(await expectSummariesMatchRules()).toBe(seeded + 1);
  });

  it("turn as the days pass: a later clock recomputes stale summaries and the flags change as the rules say", async () => {
    const start = new Date("2025-03-10T10:00:00Z");
    const p = await createBlankPatient(clinic, [PT, COORD]);
    const pt = await clinic.as(PT, () => start);
    for (const sessionDate of ["2025-03-05", "2025-03-08"]) {
      await pt.therapySessions.log({ patientId: p, idempotencyKey: randomUUID(), sessionDate, attendance: "no_show", minutes: 0, interventions: [], painBefore: null, painAfter: null });
    }
    const flagsOn = async (at: Date) => (await (await clinic.as(PT, () => at)).worklist.mine({ limit: 100 })).items.find((e) => e.id === p)?.flags.map((f) => f.code);
    expect(await flagsOn(start)).toContain("missed_sessions");
    const [before] = await storedSummaries(clinic.handle.db, [p]);
    expect(before?.validUntil).toEqual(new Date("2025-03-11T00:00:00Z"));
    // Thirty days after the first no-show it leaves the window: one no-show is not "missed sessions".
    expect(await flagsOn(new Date("2025-04-03T23:59:00Z"))).toContain("missed_sessions");
    expect(await flagsOn(new Date("2025-04-04T08:00:00Z"))).not.toContain("missed_sessions");
    const [after] = await storedSummaries(clinic.handle.db, [p]);
    expect(after?.computedAt).toEqual(new Date("2025-04-04T08:00:00Z"));
    // Weeks later, and back: each read answers for its own clock.
    expect(await flagsOn(start)).toContain("missed_sessions");
  });

  it("a write to an unrelated patient leaves other summaries as they were; a patient added to a care team appears on the new member's list", async () => {
    const p = await createBlankPatient(clinic, [PHYSICIAN, COORD]);
    const psych = await clinic.as(PSYCH);
    expect((await psych.worklist.mine({ limit: 100 })).items.some((e) => e.id === p)).toBe(false);
    await (await clinic.as(COORD)).careTeam.add({ patientId: p, userId: await clinic.userId(PSYCH) });
    expect((await psych.worklist.mine({ limit: 100 })).items.some((e) => e.id === p)).toBe(true);
  });

  it("a summary stored under other rules is recomputed on the member's next read, found by its rules key alone", async () => {
    const p = await createBlankPatient(clinic, [PSYCH, COORD]);
    const psych = await clinic.as(PSYCH);
    expect((await psych.worklist.mine({ limit: 100 })).items.some((e) => e.id === p)).toBe(true);
    const keyOf = async () =>
      (await queryAsOwner(clinic.handle, "SELECT rules_version, rules_key::text AS key, rules_key = hashtextextended($2::text, 0) AS current FROM patient_summary_members WHERE patient_id = $1 AND user_id = $3", [p, summaryRulesVersion, await clinic.userId(PSYCH)]))[0];
    expect(await keyOf()).toMatchObject({ rules_version: summaryRulesVersion, current: true });
    // Another version of the rules (stored by an older or newer server): its key differs, and the next read recomputes it.
    await queryAsOwner(clinic.handle, "UPDATE patient_summary_members SET rules_version = 'summary-v0+older-rules' WHERE patient_id = $1", [p]);
    const old = await keyOf();
    expect(old).toMatchObject({ rules_version: "summary-v0+older-rules", current: false });
    expect((await psych.worklist.mine({ limit: 100 })).items.some((e) => e.id === p)).toBe(true);
    expect(await keyOf()).toMatchObject({ rules_version: summaryRulesVersion, current: true });
    await expectSummariesMatchRules();
  });

  it("the keeper recomputes, clinic-wide, every summary whose time has passed, and only those", async () => {
    const later = new Date(Date.now() + 3 * DAY);
    const stored = await storedSummaries(clinic.handle.db);
    const due = stored.filter((s) => s.validUntil <= later).length;
    expect(due).toBeGreaterThan(0);
    let done = 0;
    for (let n = await refreshDueSummaries(clinic.handle.db, later, 7); n > 0; n = await refreshDueSummaries(clinic.handle.db, later, 7)) done += n;
    expect(done).toBe(due);
    const after = await storedSummaries(clinic.handle.db);
    expect(after.every((s) => s.validUntil > later)).toBe(true);
    expect(after.filter((s) => s.computedAt.getTime() === later.getTime())).toHaveLength(due);
    await expectSummariesMatchRules();
  });

  it("audits one row per patient on the page returned", async () => {
    const coord = await clinic.as(COORD);
    const page = await coord.worklist.mine({ limit: 3, cursor: 1 });
    const rows = (await listAudit(clinic.handle.db, { action: "worklist.mine", limit: 500 })).filter((r) => r.actorRole === "coordinator").slice(0, page.items.length);
    expect(rows.map((r) => r.patientId).sort()).toEqual(page.items.map((e) => e.id).sort());
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { computeSummaryRow, loadPlanRows, loadSummaryInputs, loadSummaryInputWindows, patientRecordOf, schema, type Database } from "@stepwise/db";
import { computeFlags, isOutcomeSeriesChased, ladderPosition, outcomeSeries, outcomesDue, planWindow, type Flag, type LadderPosition } from "@stepwise/domain";
import { countQueries, createBlankPatient, openSeededClinic, type Clinic } from "../test-support";

// The plan's cost must not grow with the length of the history: a patient whose record is 1×, 10× and
// 100× as long opens with the same statements, a bounded payload and the flags computeFlags gives
// over the whole record.

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const TEAM = ["physician@stepwise.test", "pt@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test"];

let clinic: Clinic;
let db: Database;
let patientId: string;
let ids: { physician: string; pt: string; psych: string; coordinator: string };
/** The ablation whose chase has ended and the one still chased. */
const ablationIds: string[] = [];
/** How many history units the patient has so far; each unit is a few months of visits. */
let units = 0;
/** The 1× record: about as long as the richest demo patient's. */
const UNITS_PER_X = 3;

const meta = (by: string) => ({ patientId, createdBy: by, updatedBy: by });
const order = (type: "facet_joint_injection" | "medial_branch_block" | "radiofrequency_ablation", status: "proposed" | "performed", performedAt: Date | null) => ({
  ...meta(ids.physician),
  procedureType: type,
  region: "lumbar" as const,
  indication: "Axial low back pain",
  intent: "Relief",
  expectedBenefit: "Less pain",
  alternatives: "Continue therapy",
  followUpPlan: "Review",
  status,
  diagnostic: type === "medial_branch_block",
  performedAt,
  preProcedurePain: performedAt ? 7 : null,
  createdAt: performedAt ?? NOW,
});
const phq9 = (item9: number) => [2, 2, 2, 2, 2, 1, 1, 1, item9];

/** The rows of today's plan, the same at every history length. */
async function seedCurrent() {
  await db.insert(schema.planItems).values([
    { ...meta(ids.physician), kind: "medication", ladderStep: 2, discipline: "physician", status: "active", title: "Opioid trial", rationale: "Function", startedAt: daysAgo(140) },
    { ...meta(ids.physician), kind: "medication", ladderStep: 1, discipline: "physician", status: "completed", title: "NSAID", rationale: "First line", startedAt: daysAgo(400), endedAt: daysAgo(200) },
  ]);
  await db.insert(schema.medications).values([
    { ...meta(ids.physician), name: "Oxycodone", drugClass: "opioid", opioid: "oxycodone", doseMg: 20, timesPerDay: 3, route: "oral", status: "active", startedAt: daysAgo(300) },
    { ...meta(ids.physician), name: "Diazepam", drugClass: "benzodiazepine", doseMg: 5, timesPerDay: 1, route: "oral", status: "active", startedAt: daysAgo(100) },
  ]);
  // Two no-shows inside the missed-sessions window, one attended session.
  await db.insert(schema.therapySessions).values(
    [3, 10, 17].map((d, i) => ({
      ...meta(ids.pt),
      idempotencyKey: randomUUID(),
      sessionDate: daysAgo(d),
      attendance: i < 2 ? ("no_show" as const) : ("attended" as const),
      minutes: i < 2 ? 0 : 45,
      painBefore: i < 2 ? null : 7,
      painAfter: i < 2 ? null : 6,
      authorId: ids.pt,
    })),
  );
  const [latestPhq9] = await db
    .insert(schema.assessments)
    .values({ ...meta(ids.psych), instrument: "phq9", responses: phq9(1), score: 15, safetyFlag: true, administeredAt: daysAgo(5) })
    .returning();
  await db.insert(schema.assessments).values([
    { ...meta(ids.psych), instrument: "pcs", responses: [], score: 36, administeredAt: daysAgo(6) },
    { ...meta(ids.physician), instrument: "nrs", responses: [7], score: 7, administeredAt: daysAgo(2) },
  ]);
  await db.insert(schema.safetyResponses).values({
    ...meta(ids.psych),
    assessmentId: latestPhq9!.id,
    contactMethod: "phone",
    contactedAt: daysAgo(4),
    riskAssessed: "low",
    safetyPlanInPlace: true,
  });
  await db.insert(schema.actionItems).values({ ...meta(ids.coordinator), description: "Book the review", ownerId: ids.coordinator, dueDate: daysAgo(7), status: "open" });
  // An ablation long ago whose last follow-up was never recorded (missed: its chase ended long ago),
  // one eight months ago still owing its 6-month point (overdue, still chased), a block this month
  // that opens a work-up reaching back through the history's blocks, a proposal pending.
  for (const performed of [1500, 240]) {
    const [ablation] = await db.insert(schema.procedures).values(order("radiofrequency_ablation", "performed", daysAgo(performed))).returning();
    ablationIds.push(ablation!.id);
    await db.insert(schema.procedureOutcomes).values([
      { ...meta(ids.physician), procedureId: ablation!.id, timePoint: "6w", assessedAt: daysAgo(performed - 45), painScore: 3, reliefPercent: 57 },
      { ...meta(ids.physician), procedureId: ablation!.id, timePoint: "3m", assessedAt: daysAgo(performed - 90), painScore: 4, reliefPercent: 43 },
    ]);
  }
  const [block] = await db.insert(schema.procedures).values(order("medial_branch_block", "performed", daysAgo(20))).returning();
  await db.insert(schema.procedureOutcomes).values({ ...meta(ids.physician), procedureId: block!.id, timePoint: "diary_1h", assessedAt: daysAgo(20), painScore: 2, reliefPercent: 71 });
  await db.insert(schema.procedures).values(order("radiofrequency_ablation", "proposed", null));
}

/**
 * `count` more units of history, each older than two months: sessions, assessments of every kind
 * (pain scores before and after the step's start among them), notes, monitoring checks, stopped
 * medicines, closed action items and answered safety responses.
 */
async function addHistory(count: number) {
  for (let u = 0; u < count; u++) {
    const unit = units++;
    // Spread over the last ~six years, newest units first in time order, never inside the last 60 days.
    const base = 60 + ((unit * 37) % 2100);
    await db.insert(schema.therapySessions).values(
      Array.from({ length: 8 }, (_, i) => ({
        ...meta(ids.pt),
        idempotencyKey: randomUUID(),
        sessionDate: daysAgo(base + i * 3),
        attendance: i % 4 === 3 ? ("no_show" as const) : ("attended" as const),
        minutes: i % 4 === 3 ? 0 : 45,
        painBefore: i % 4 === 3 ? null : 6 + (i % 3),
        painAfter: i % 4 === 3 ? null : 5,
        authorId: ids.pt,
      })),
    );
    const history = await db
      .insert(schema.assessments)
      .values([
        { ...meta(ids.physician), instrument: "nrs" as const, responses: [8], score: 8 - (unit % 3), administeredAt: daysAgo(base + 1) },
        { ...meta(ids.physician), instrument: "peg3" as const, responses: [7, 7, 7], score: 7, administeredAt: daysAgo(base + 2) },
        { ...meta(ids.physician), instrument: "odi" as const, responses: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2], score: 40, administeredAt: daysAgo(base + 3) },
        { ...meta(ids.psych), instrument: "phq9" as const, responses: phq9(unit % 5 === 0 ? 2 : 0), score: 12, safetyFlag: unit % 5 === 0, administeredAt: daysAgo(base + 4) },
        { ...meta(ids.psych), instrument: "gad7" as const, responses: [2, 2, 2, 2, 2, 2, 2], score: 14, administeredAt: daysAgo(base + 5) },
        { ...meta(ids.psych), instrument: "pcs" as const, responses: [], score: 20, administeredAt: daysAgo(base + 6) },
      ])
      .returning();
    const oldPhq9 = history.find((a) => a.instrument === "phq9")!;
    if (unit % 5 === 0) {
      await db.insert(schema.safetyResponses).values({ ...meta(ids.psych), assessmentId: oldPhq9.id, contactMethod: "in_person", contactedAt: daysAgo(base + 3), riskAssessed: "low", safetyPlanInPlace: true });
    }
    await db.insert(schema.psychNotes).values([
      { ...meta(ids.psych), authorId: ids.psych, kind: "shared_summary" as const, body: `Summary ${unit}: engaged, pacing well.`, createdAt: daysAgo(base + 0.25), updatedAt: daysAgo(base + 0.25) },
      { ...meta(ids.psych), authorId: ids.psych, kind: "psychotherapy" as const, body: `Process note ${unit}.`, createdAt: daysAgo(base + 0.75), updatedAt: daysAgo(base + 0.75) },
    ]);
    await db.insert(schema.opioidMonitoring).values([
      { ...meta(ids.physician), kind: "pdmp_check" as const, performedAt: daysAgo(base + 100), result: "consistent" },
      { ...meta(ids.physician), kind: "urine_drug_test" as const, performedAt: daysAgo(base + 101), result: "expected" },
      { ...meta(ids.physician), kind: "naloxone_offered" as const, performedAt: daysAgo(base + 900), result: null },
    ]);
    await db.insert(schema.medications).values({
      ...meta(ids.physician),
      name: "Ibuprofen",
      drugClass: "nsaid",
      doseMg: 400,
      timesPerDay: 3,
      route: "oral",
      status: "stopped",
      startedAt: daysAgo(base + 60),
      stoppedAt: daysAgo(base + 30),
      stopReason: "Course finished",
    });
    await db.insert(schema.actionItems).values({ ...meta(ids.coordinator), description: `Follow-up ${unit}`, ownerId: ids.coordinator, dueDate: daysAgo(base), status: "done" });
    // A block every unit (the units are 37 days apart: one long chain of blocks), every seventh
    // without its diary (missed: not chased past its two weeks), and an injection with its series
    // complete; every tenth unit an injection whose follow-up was never recorded (missed too).
    const [block] = await db.insert(schema.procedures).values(order("medial_branch_block", "performed", daysAgo(60 + unit * 37))).returning();
    if (unit % 7 !== 1) {
      await db.insert(schema.procedureOutcomes).values({ ...meta(ids.physician), procedureId: block!.id, timePoint: "diary_2h", assessedAt: daysAgo(60 + unit * 37), painScore: 3, reliefPercent: 57 });
    }
    if (unit % 10 === 2) await db.insert(schema.procedures).values(order("facet_joint_injection", "performed", daysAgo(base + 300)));
    const [injection] = await db.insert(schema.procedures).values(order("facet_joint_injection", "performed", daysAgo(base + 200))).returning();
    await db.insert(schema.procedureOutcomes).values([
      { ...meta(ids.physician), procedureId: injection!.id, timePoint: "2w", assessedAt: daysAgo(base + 186), painScore: 4, reliefPercent: 43 },
      { ...meta(ids.physician), procedureId: injection!.id, timePoint: "3m", assessedAt: daysAgo(base + 110), painScore: 5, reliefPercent: 29 },
    ]);
    await db.insert(schema.planItems).values({ ...meta(ids.pt), kind: "physical_therapy", ladderStep: 1, discipline: "physical_therapist", status: "completed", title: `Block of therapy ${unit}`, rationale: "Function", startedAt: daysAgo(base + 90), endedAt: daysAgo(base) });
  }
}

/** A flag as the domain states it (the server adds the responder's name to an acknowledgement). */
const comparable = (flags: readonly Flag[]) => flags.map(({ acknowledgement, ...f }) => ({ ...f, acknowledgement: acknowledgement ? { ...acknowledgement, byName: null } : undefined }));

async function measure() {
  const psych = await clinic.as("psychologist@stepwise.test", () => NOW);
  const { value: plan, statements } = await countQueries(clinic.handle, () => psych.carePlan.get({ patientId }));
  const full = await loadPlanRows(db, patientId, ids.psych);
  const expected = computeFlags({ ...patientRecordOf(full), actionItems: full.actionItems }, NOW);
  const ladder = ladderPosition(full.planItems, full.procedures, NOW);
  return { plan, full, expected, ladder, statements, bytes: Buffer.byteLength(JSON.stringify(superjson.serialize(plan).json)) };
}

beforeAll(async () => {
  clinic = await openSeededClinic();
  db = clinic.handle.db;
  patientId = await createBlankPatient(clinic, TEAM);
  ids = {
    physician: await clinic.userId("physician@stepwise.test"),
    pt: await clinic.userId("pt@stepwise.test"),
    psych: await clinic.userId("psychologist@stepwise.test"),
    coordinator: await clinic.userId("coordinator@stepwise.test"),
  };
  await seedCurrent();
}, 120_000);
afterAll(async () => {
  await clinic?.close();
});

describe("carePlan.get with 1×, 10× and 100× history", () => {
  it("sends the same statements, stays within its bounds and raises exactly the flags of the whole record", async () => {
    const results: Awaited<ReturnType<typeof measure>>[] = [];
    for (const target of [1, 10, 100]) {
      await addHistory(target * UNITS_PER_X - units);
      const r = await measure();
      results.push(r);
      // The flags over the bounded rows are the flags over the whole record.
      expect(r.plan.flags.map((f) => f.code)).toEqual(r.expected.map((f) => f.code));
      expect(comparable(r.plan.flags)).toEqual(comparable(r.expected));
      // The ladder too (a work-up's block list aside: the plan reads the blocks that fix its start).
      const withoutBlocks = (l: LadderPosition) => ({ ...l, workUp: l.workUp ? { since: l.workUp.since, until: l.workUp.until } : null });
      expect(withoutBlocks(r.plan.ladder)).toEqual(withoutBlocks(r.ladder));
      // A write's summary read from the window is the summary of the whole record, the instant it stops being true included.
      const windowed = (await loadSummaryInputWindows(db, [patientId], NOW)).get(patientId)!;
      const whole = (await loadSummaryInputs(db, [patientId])).get(patientId)!;
      expect(computeSummaryRow(patientId, windowed, NOW)).toEqual(computeSummaryRow(patientId, whole, NOW));
      // Every series is bounded by its window (plus the rows a rule reads), whatever the length.
      expect(r.plan.therapySessions.length).toBeLessThanOrEqual(planWindow.therapySessions + 3);
      expect(r.plan.assessments.length).toBeLessThanOrEqual(planWindow.assessments + 6 + 4);
      expect(r.plan.psychNotes.length).toBeLessThanOrEqual(planWindow.psychNotes);
      expect(r.plan.opioidMonitoring.length).toBeLessThanOrEqual(planWindow.opioidMonitoring + 3);
      expect(r.plan.safetyResponses.length).toBeLessThanOrEqual(planWindow.safetyResponses + 1);
      expect(r.plan.medications.length).toBeLessThanOrEqual(planWindow.stoppedMedications + 2);
      expect(r.plan.actionItems.length).toBeLessThanOrEqual(planWindow.closedActionItems + 1);
      expect(r.plan.planItems.length).toBeLessThanOrEqual(planWindow.closedPlanItems + 2);
      // Open orders, the latest few, the latest performed of each step and the ablation still owing its 6-month point.
      expect(r.plan.procedures.length).toBeLessThanOrEqual(planWindow.procedures + 4);
      // The chase (outcomes.ts): the ablation eight months ago is overdue on the plan; the one four
      // years ago is missed, so not on it, and every order past its chase without outcomes is missed both ways.
      const [ended, chased] = ablationIds as [string, string];
      expect(r.plan.procedures.map((p) => p.id)).toContain(chased);
      expect(r.plan.procedures.map((p) => p.id)).not.toContain(ended);
      expect(r.plan.flags.filter((f) => f.code === "outcome_due").map((f) => [f.severity, f.evidence[0]?.id])).toEqual([["high", chased]]);
      const endedOrder = r.full.procedures.find((p) => p.id === ended)!;
      expect(outcomeSeries(endedOrder, r.full.procedureOutcomes, NOW)!.points.at(-1)).toMatchObject({ timePoint: "6m", state: "missed", missedBecause: "chase_ended" });
      const missedBothWays = r.full.procedures.filter((p) => p.status === "performed" && !isOutcomeSeriesChased(p, NOW) && !r.full.procedureOutcomes.some((o) => o.procedureId === p.id));
      expect(missedBothWays.length).toBeGreaterThan(0);
      for (const p of missedBothWays) expect(outcomesDue(p, r.full.procedureOutcomes, NOW)).toEqual([]);
      // The outcomes read are those of the orders shown: a work-up's older blocks are read without their diaries.
      expect(new Set(r.plan.procedureOutcomes.map((o) => o.procedureId)).size).toBeLessThanOrEqual(r.plan.procedures.length);
      // The counts say how much lies behind the window.
      expect(r.plan.history).toMatchObject({
        therapySessions: full(r).therapySessions.length,
        assessments: full(r).assessments.length,
        psychNotes: full(r).psychNotes.length,
        medications: full(r).medications.length,
        opioidMonitoring: full(r).opioidMonitoring.length,
        safetyResponses: full(r).safetyResponses.length,
        actionItems: full(r).actionItems.length,
        planItems: full(r).planItems.length,
        procedures: full(r).procedures.length,
        noShows: full(r).therapySessions.filter((s) => s.attendance === "no_show").length,
      });
      // The newest rows are the plan's: the latest sessions and notes, newest first, as the whole record has them.
      expect(r.plan.therapySessions.slice(0, planWindow.therapySessions).map((s) => s.id)).toEqual(full(r).therapySessions.slice(0, planWindow.therapySessions).map((s) => s.id));
      expect(r.plan.psychNotes.map((n) => n.id)).toEqual(full(r).psychNotes.slice(0, planWindow.psychNotes).map((n) => n.id));
    }
    const [one, ten, hundred] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
    // Several rules fire, the history-dependent ones among them.
    expect(one.plan.flags.map((f) => f.code)).toEqual(
      expect.arrayContaining(["safety_self_harm", "high_opioid_dose", "opioid_coprescription", "missed_sessions", "overdue_action", "not_improving", "outcome_due", "candidacy_pending"]),
    );
    expect(hundred.ladder.basis).toBe("work_up");
    expect(hundred.ladder.workUp!.blockIds.length).toBeGreaterThan(100);
    expect(hundred.full.assessments.length).toBeGreaterThan(50 * one.full.assessments.length);
    expect([...ten.statements].sort()).toEqual([...one.statements].sort());
    expect(hundred.statements.length).toBe(one.statements.length);
    expect(hundred.bytes).toBeLessThanOrEqual(1.5 * one.bytes);
    console.log(`carePlan.get payload: ${one.bytes} B at 1×, ${ten.bytes} B at 10×, ${hundred.bytes} B at 100× (${hundred.full.assessments.length} assessments in the record)`);
  }, 300_000);
});

const full = (r: { full: Awaited<ReturnType<typeof loadPlanRows>> }) => r.full;

describe("the history behind the plan, a page at a time", () => {
  it("returns every session, assessment and readable note exactly once across pages, in order", async () => {
    if (units < 3) await addHistory(3 - units);
    const everything = await loadPlanRows(db, patientId, ids.psych);

    const pt = await clinic.as("pt@stepwise.test", () => NOW);
    const sessions: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await pt.therapySessions.page({ patientId, cursor, limit: 7 });
      sessions.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(everything.therapySessions.length / 7));
    expect(new Set(sessions).size).toBe(sessions.length);
    expect(sessions).toEqual(everything.therapySessions.map((s) => s.id));

    const physician = await clinic.as("physician@stepwise.test", () => NOW);
    const from = daysAgo(1000);
    const to = daysAgo(1);
    const inRange = everything.assessments.filter((a) => a.administeredAt >= from && a.administeredAt <= to && (a.instrument === "nrs" || a.instrument === "phq9"));
    const assessments: string[] = [];
    cursor = undefined;
    do {
      const page = await physician.assessments.page({ patientId, instruments: ["nrs", "phq9"], from, to, cursor, limit: 5 });
      expect(page.items.every((a) => a.administeredAt >= from && a.administeredAt <= to)).toBe(true);
      assessments.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(inRange.length).toBeGreaterThan(5);
    expect(new Set(assessments).size).toBe(assessments.length);
    expect([...assessments].sort()).toEqual(inRange.map((a) => a.id).sort());
    const times = assessments.map((id) => everything.assessments.find((a) => a.id === id)!.administeredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The psychologist pages through shared summaries and their own psychotherapy notes; the PT through shared summaries only.
    for (const [email, viewerId] of [["psychologist@stepwise.test", ids.psych], ["pt@stepwise.test", ids.pt]] as const) {
      const readable = (await loadPlanRows(db, patientId, viewerId)).psychNotes;
      const caller = await clinic.as(email, () => NOW);
      const notes: string[] = [];
      cursor = undefined;
      do {
        const page = await caller.psychNotes.page({ patientId, cursor, limit: 4 });
        notes.push(...page.items.map((n) => n.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(notes).toEqual(readable.map((n) => n.id));
      if (viewerId === ids.pt) expect(readable.every((n) => n.kind === "shared_summary")).toBe(true);
    }
  }, 120_000);

  it("keeps the page procedures behind the care team", async () => {
    const stranger = await clinic.as("physician2@stepwise.test", () => NOW);
    await expect(stranger.therapySessions.page({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.assessments.page({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.psychNotes.page({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().therapySessions.page({ patientId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import {
  addDays,
  addMonths,
  assessmentInstrumentsByRole,
  computeFlags,
  currentStep,
  dailyMme,
  defaultClinicPolicy,
  evaluateCandidacy,
  isMeaningfulOdiImprovement,
  percentReduction,
  reliefPercent,
  scoreInstrument,
  type ClinicalRole,
  type FlagCode,
} from "@stepwise/domain";
import type { DatabaseHandle } from "../client";
import { loadPlanRows, patientRecordOf, type PlanRows } from "../repos/record";
import {
  actionItems,
  assessments,
  carePlans,
  careTeamMembers,
  comments,
  goals,
  medications,
  opioidMonitoring,
  planEvents,
  planItems,
  problems,
  procedureOutcomes,
  procedures,
  psychClearances,
  psychNotes,
  safetyProfiles,
  therapySessions,
} from "../schema";
import { countRows, createTestDatabase } from "../testing";
import { demoClinicalStories as story } from "./clinical";
import { demoPatientId, demoTeam, demoUserId, seedDemo } from "./demo";

const fakeHash = async (p: string) => `test-hash:${p}`;

const clinicalTables = {
  care_plans: carePlans,
  problems,
  goals,
  plan_items: planItems,
  procedures,
  medications,
  therapy_sessions: therapySessions,
  psych_notes: psychNotes,
  psych_clearances: psychClearances,
  assessments,
  comments,
  action_items: actionItems,
  procedure_outcomes: procedureOutcomes,
  safety_profiles: safetyProfiles,
  opioid_monitoring: opioidMonitoring,
  plan_events: planEvents,
};

async function countAll(handle: DatabaseHandle): Promise<Record<string, number>> {
  const entries = await Promise.all(Object.entries(clinicalTables).map(async ([name, table]) => [name, await countRows(handle.db, table)] as const));
  return Object.fromEntries(entries);
}

const record = patientRecordOf;

const physicianOf = (index: number): string => {
  const lead = demoTeam(index).find((m) => m.role === "physician");
  if (!lead) throw new Error("no physician");
  return demoUserId(lead.email);
};

const scenarios = [
  // The default: the seed reads the clock itself, as it does when the demo starts.
  { name: "started today", now: undefined },
  // Month ends and the last minutes of a UTC day are where relative dates go wrong.
  { name: "started at a month end, just before midnight UTC", now: new Date("2027-03-31T23:55:00.000Z") },
] as const;

describe.each(scenarios)("clinical demo seed — $name", ({ now: fixedNow }) => {
  let handle: DatabaseHandle;
  let now: Date;
  let seedMs = 0;
  const plan = async (index: number) => loadPlanRows(handle.db, demoPatientId(index), physicianOf(index));
  const flagsOf = (rows: PlanRows): FlagCode[] => computeFlags({ ...record(rows), actionItems: rows.actionItems }, now).map((f) => f.code);

  beforeAll(async () => {
    handle = await createTestDatabase();
    const started = performance.now();
    await seedDemo(handle.db, { hashPassword: fakeHash, now: fixedNow });
    seedMs = performance.now() - started;
    now = fixedNow ?? new Date();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("fills every clinical table quickly, and a rerun adds nothing", async () => {
    const first = await countAll(handle);
    for (const [table, n] of Object.entries(first)) expect(n, table).toBeGreaterThan(0);
    expect(first.care_plans).toBe(41);
    console.info(`[clinical seed, ${handle.kind}] ${Math.round(seedMs)} ms for the whole demo seed; rows: ${JSON.stringify(first)}`);
    expect(seedMs).toBeLessThan(15_000);

    // A later start (another clock) finds everything in place and changes nothing.
    await seedDemo(handle.db, { hashPassword: fakeHash, now: addDays(now, 9) });
    expect(await countAll(handle)).toEqual(first);
  });

  it("1 · RFA candidate: months of PT, two ≥80% medial branch blocks at L4-L5 bilateral, ablation proposed", async () => {
    const rows = await plan(story.rfaCandidate);
    const result = evaluateCandidacy("radiofrequency_ablation", record(rows), defaultClinicPolicy, now);
    expect(result.criteria.filter((c) => c.status !== "met")).toEqual([]);
    expect(result.overall).toBe("candidate");

    const [facet] = rows.problems;
    expect(facet).toMatchObject({ painGenerator: "facet_joint", painPattern: "axial", level: "L4-L5", laterality: "bilateral", imagingConcordant: true });
    const pt = rows.planItems.find((i) => i.kind === "physical_therapy" && i.status === "active");
    expect(pt?.startedAt).toBeInstanceOf(Date);
    const ptStart = pt?.startedAt ?? now;
    expect(ptStart <= addMonths(now, -5)).toBe(true);
    const attended = rows.therapySessions.filter((s) => s.attendance === "attended" && s.sessionDate >= ptStart);
    expect(attended.length).toBeGreaterThanOrEqual(10);

    const blocks = rows.procedures.filter((p) => p.procedureType === "medial_branch_block" && p.status === "performed");
    expect(blocks).toHaveLength(2);
    for (const block of blocks) {
      expect(block).toMatchObject({ level: "L4-L5", side: "bilateral", diagnostic: true });
      expect(block.reliefPercent).toBeGreaterThanOrEqual(80);
    }
    const rfa = rows.procedures.filter((p) => p.procedureType === "radiofrequency_ablation");
    expect(rfa.map((p) => p.status)).toEqual(["proposed"]);
    expect(flagsOf(rows)).toContain("candidacy_pending");
  });

  it("2 · SCS trial for failed back surgery, waiting on the psychologist's clearance", async () => {
    const rows = await plan(story.scsAwaitingClearance);
    const result = evaluateCandidacy("scs_trial", record(rows), defaultClinicPolicy, now);
    expect(result.overall).toBe("not_yet");
    const byId = Object.fromEntries(result.criteria.map((c) => [c.id, c]));
    expect(byId.neuropathic_or_fbss_pain?.status).toBe("met");
    expect(byId.conservative_trial?.status).toBe("met");
    expect(byId.psych_clearance?.status).not.toBe("met");
    expect(byId.psych_clearance?.suppliedBy).toBe("psychologist");

    expect(rows.problems[0]?.findings).toContain("failed_back_surgery_syndrome");
    expect(rows.clearances).toHaveLength(1);
    expect(rows.clearances[0]).toMatchObject({ procedureType: "scs_trial", status: "requested", requestedBy: physicianOf(story.scsAwaitingClearance), decidedBy: null });
    expect(rows.procedures.find((p) => p.procedureType === "scs_trial")?.status).toBe("proposed");
    expect(rows.planItems.some((i) => i.ladderStep === 4 && i.status === "proposed")).toBe(true);
  });

  it("3 · opioid doses: one patient ≥ 90 MME/day, another between 50 and 90", async () => {
    const high = await plan(story.highOpioidDose);
    const highMme = dailyMme(high.medications);
    expect(highMme.total).toBeGreaterThanOrEqual(90);
    expect(high.medications.map((m) => m.opioid)).toEqual(expect.arrayContaining(["fentanyl_transdermal", "oxycodone", null]));
    expect(flagsOf(high)).toContain("high_opioid_dose");

    const review = await plan(story.opioidReview);
    const reviewMme = dailyMme(review.medications);
    expect(reviewMme.total).toBeGreaterThanOrEqual(50);
    expect(reviewMme.total).toBeLessThan(90);
    expect(flagsOf(review)).toContain("opioid_review");
  });

  it("4 · the latest PHQ-9 endorses item 9: the urgent safety flag tops the list", async () => {
    const rows = await plan(story.safetyFlag);
    const phq9 = rows.assessments.filter((a) => a.instrument === "phq9");
    expect(phq9.at(-1)?.responses[8]).toBeGreaterThan(0);
    expect(phq9.at(-1)?.safetyFlag).toBe(true);
    expect(flagsOf(rows)[0]).toBe("safety_self_harm");
  });

  it("5 · improving on conservative care alone: pain down ≥30%, ODI ≥10 points better, goals met", async () => {
    const rows = await plan(story.improvingConservative);
    const series = (instrument: "nrs" | "peg3" | "odi") => rows.assessments.filter((a) => a.instrument === instrument).map((a) => a.score ?? Number.NaN);
    for (const instrument of ["nrs", "peg3"] as const) {
      const scores = series(instrument);
      expect(scores.length).toBeGreaterThanOrEqual(3);
      expect(percentReduction(scores[0] ?? 0, scores.at(-1) ?? 0)).toBeGreaterThanOrEqual(30);
    }
    const odi = series("odi");
    expect(isMeaningfulOdiImprovement(odi[0] ?? 0, odi.at(-1) ?? 0)).toBe(true);
    expect(rows.goals.filter((g) => g.status === "met").length).toBeGreaterThanOrEqual(2);
    expect(rows.procedures).toEqual([]);
    expect(rows.planItems.every((i) => i.ladderStep <= 2)).toBe(true);
    expect(flagsOf(rows)).not.toContain("not_improving");
  });

  it("6 · the worklist stories: no-shows, outcome due, catastrophizing, not improving", async () => {
    const emily = await plan(story.missedSessions);
    const monthAgo = addDays(now, -30);
    expect(emily.therapySessions.filter((s) => s.attendance === "no_show" && s.sessionDate > monthAgo).length).toBeGreaterThanOrEqual(2);
    expect(flagsOf(emily)).toContain("missed_sessions");

    const david = await plan(story.outcomeDue);
    const due = david.procedures.find((p) => p.status === "performed" && p.postProcedurePain === null);
    expect(due?.performedAt && due.performedAt <= addDays(now, -14) && due.performedAt >= addDays(now, -42)).toBe(true);
    expect(flagsOf(david)).toContain("outcome_due");

    const patricia = await plan(story.catastrophizing);
    expect(patricia.assessments.filter((a) => a.instrument === "pcs").at(-1)?.score).toBeGreaterThanOrEqual(30);
    expect(flagsOf(patricia)).toContain("catastrophizing");

    const margaret = await plan(story.notImproving);
    expect(currentStep(margaret.planItems)).toBe(2);
    expect(flagsOf(margaret)).toContain("not_improving");
  });

  it("stores every score exactly as scoreInstrument computes it from the responses", async () => {
    const rows = await handle.db.select().from(assessments);
    for (const row of rows) {
      const scored = scoreInstrument(row.instrument, row.responses);
      expect({ score: row.score, severity: row.severity, subscales: row.subscales, safetyFlag: row.safetyFlag }, row.id).toEqual({
        score: scored.score,
        severity: scored.severity,
        subscales: scored.subscales,
        safetyFlag: scored.safetyFlag,
      });
    }
    for (const p of await handle.db.select().from(procedures)) {
      const expected = p.preProcedurePain !== null && p.postProcedurePain !== null ? reliefPercent(p.preProcedurePain, p.postProcedurePain) : null;
      expect(p.reliefPercent, p.id).toBe(expected);
    }
  });

  it("has every row written by a care-team member of the right discipline, at version 1", async () => {
    const team = new Map((await handle.db.select().from(careTeamMembers)).map((m) => [`${m.patientId}|${m.userId}`, m.role as ClinicalRole]));
    const roleOf = (patientId: string, userId: string | null) => (userId === null ? undefined : team.get(`${patientId}|${userId}`));
    type Checked = { id: string; patientId: string; createdBy: string; updatedBy: string; version: number };
    const check = <R extends Checked>(name: string, rows: R[], allowed: (row: R) => readonly ClinicalRole[], also?: (row: R) => void) => {
      expect(rows.length, name).toBeGreaterThan(0);
      for (const row of rows) {
        const where = `${name} ${row.id}`;
        expect(allowed(row), where).toContain(roleOf(row.patientId, row.createdBy));
        expect(roleOf(row.patientId, row.updatedBy), where).toBeDefined();
        expect(row.version, where).toBe(1);
        also?.(row);
      }
    };
    const db = handle.db;
    check("care_plans", await db.select().from(carePlans), () => ["physician"]);
    check("problems", await db.select().from(problems), () => ["physician"]);
    check("goals", await db.select().from(goals), (g) => [g.discipline], (g) => expect(roleOf(g.patientId, g.updatedBy)).toBe(g.discipline));
    check("plan_items", await db.select().from(planItems), (i) => [i.discipline], (i) => expect(roleOf(i.patientId, i.updatedBy)).toBe(i.discipline));
    check("procedures", await db.select().from(procedures), () => ["physician"], (p) => p.approvedBy && expect(roleOf(p.patientId, p.approvedBy)).toBe("physician"));
    check("medications", await db.select().from(medications), () => ["physician"]);
    check("therapy_sessions", await db.select().from(therapySessions), () => ["physical_therapist"], (s) => expect(s.authorId).toBe(s.createdBy));
    check("psych_notes", await db.select().from(psychNotes), () => ["psychologist"], (n) => expect(n.authorId).toBe(n.createdBy));
    check("psych_clearances", await db.select().from(psychClearances), () => ["physician"], (c) => {
      expect(c.requestedBy).toBe(c.createdBy);
      if (c.decidedBy !== null) expect(roleOf(c.patientId, c.decidedBy)).toBe("psychologist");
    });
    check("assessments", await db.select().from(assessments), (a) =>
      (["physician", "physical_therapist", "psychologist"] as const).filter((r) => assessmentInstrumentsByRole[r].includes(a.instrument)),
    );
    check("comments", await db.select().from(comments), () => ["physician", "physical_therapist", "psychologist", "coordinator"], (c) => expect(c.authorId).toBe(c.createdBy));
    check("action_items", await db.select().from(actionItems), () => ["coordinator"], (a) => expect(roleOf(a.patientId, a.ownerId)).toBeDefined());
    check("procedure_outcomes", await db.select().from(procedureOutcomes), () => ["physician"]);
    check("safety_profiles", await db.select().from(safetyProfiles), () => ["physician"]);
    check("opioid_monitoring", await db.select().from(opioidMonitoring), () => ["physician"]);
  });

  it("narrates the seed in plan_events: every row has its event, in time order, psychotherapy notes private to their author", async () => {
    const db = handle.db;
    const events = await db.select().from(planEvents).orderBy(asc(planEvents.id));
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.occurredAt.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.occurredAt.getTime());
    }
    expect(events.every((e) => e.occurredAt <= now)).toBe(true);

    const withEvents = new Set(events.map((e) => e.entityId));
    const rowIds = (
      await Promise.all([
        db.select({ id: carePlans.id }).from(carePlans),
        db.select({ id: problems.id }).from(problems),
        db.select({ id: goals.id }).from(goals),
        db.select({ id: planItems.id }).from(planItems),
        db.select({ id: procedures.id }).from(procedures),
        db.select({ id: medications.id }).from(medications),
        db.select({ id: therapySessions.id }).from(therapySessions),
        db.select({ id: psychNotes.id }).from(psychNotes),
        db.select({ id: psychClearances.id }).from(psychClearances),
        db.select({ id: assessments.id }).from(assessments),
        db.select({ id: comments.id }).from(comments),
        db.select({ id: actionItems.id }).from(actionItems),
        db.select({ id: procedureOutcomes.id }).from(procedureOutcomes),
        db.select({ id: safetyProfiles.id }).from(safetyProfiles),
        db.select({ id: opioidMonitoring.id }).from(opioidMonitoring),
      ])
    ).flat();
    expect(rowIds.filter((r) => !withEvents.has(r.id))).toEqual([]);

    const notes = new Map((await db.select().from(psychNotes)).map((n) => [n.id, n]));
    expect([...notes.values()].some((n) => n.kind === "psychotherapy")).toBe(true);
    for (const e of events.filter((e) => e.entityType === "psych_note")) {
      const note = notes.get(e.entityId);
      expect(e.psychNoteKind).toBe(note?.kind);
      expect(e.privateTo).toBe(note?.kind === "psychotherapy" ? note.authorId : null);
    }
    expect(events.filter((e) => e.privateTo !== null).every((e) => e.entityType === "psych_note" && e.psychNoteKind === "psychotherapy")).toBe(true);
    expect(events.some((e) => e.summary === "Session logged: attended, 45 min")).toBe(true);
    expect(events.some((e) => e.summary === "Proposed (step 1): Core stabilisation programme")).toBe(true);
  });
});

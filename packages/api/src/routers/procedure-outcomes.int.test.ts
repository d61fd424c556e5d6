import { beforeAll, describe, expect, it } from "vitest";
import { insertRow, listAudit, listEvents, listOutcomesOfProcedure, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import type { ProcedureType } from "@stepwise/domain";
import { demoEmails, createBlankPatient, failure } from "../test-support";
import { useSeededClinic } from "../test-clinic";

const { PHYSICIAN, PT, PSYCH: PSYCHOLOGIST, COORD: COORDINATOR } = demoEmails;

const clinic = useSeededClinic();
let patientId: string;
beforeAll(async () => {
  patientId = await createBlankPatient(clinic, [PHYSICIAN, PT, PSYCHOLOGIST, COORDINATOR]);
});

const DAY = 86_400_000;
const MINUTE = 60_000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

/** A performed order written straight to the table: the series is what these tests are about. */
async function performed(procedureType: ProcedureType, performedAt: Date, preProcedurePain: number | null, diagnostic = false) {
  const doc = await clinic.userId(PHYSICIAN);
  return insertRow(clinic.handle.db, schema.procedures, {
    patientId,
    procedureType,
    level: "L4-L5",
    side: "right",
    region: "lumbar",
    indication: "Facet-mediated low back pain",
    intent: diagnostic ? "Diagnostic" : "Therapeutic",
    expectedBenefit: "Relief",
    alternatives: "Conservative care",
    followUpPlan: "Per the outcome series",
    status: "performed",
    performedAt,
    preProcedurePain,
    diagnostic,
    withSteroid: procedureType.startsWith("esi"),
    createdBy: doc,
    updatedBy: doc,
  });
}

describe("procedures.recordOutcome: one row per time point (§6.7)", () => {
  it("RFA pre 10: 6w 6 → 40% (no headline yet), 3m 4 → 60% (headline), 6m 5 → 50% (headline 50% at 6 months, 180 days)", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const rfa = await performed("radiofrequency_ablation", daysAgo(200), 10);
    const ref = { patientId, id: rfa.id };
    const [rows, events, audits] = await Promise.all([countRows(clinic.handle.db, schema.procedureOutcomes), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);
    const six = await doc.procedures.recordOutcome({ ...ref, expectedVersion: rfa.version, timePoint: "6w", assessedAt: daysAgo(158), painScore: 6 });
    expect(six).toMatchObject({ reliefPercent: null, postProcedurePain: null, version: rfa.version + 1 });
    expect(six.outcomes).toMatchObject([{ timePoint: "6w", painScore: 6, reliefPercent: 40 }]);
    expect(await Promise.all([countRows(clinic.handle.db, schema.procedureOutcomes), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)])).toEqual([
      rows + 1,
      events + 1,
      audits + 1,
    ]);
    const three = await doc.procedures.recordOutcome({ ...ref, expectedVersion: six.version, timePoint: "3m", assessedAt: daysAgo(110), painScore: 4, functionImprovementPercent: 35 });
    expect(three).toMatchObject({ reliefPercent: 60, postProcedurePain: 4, reliefDurationDays: 90 });
    const sixMonths = await doc.procedures.recordOutcome({ ...ref, expectedVersion: three.version, timePoint: "6m", assessedAt: daysAgo(20), painScore: 5 });
    expect(sixMonths).toMatchObject({ preProcedurePain: 10, postProcedurePain: 5, reliefPercent: 50, reliefDurationDays: 180 });
    const series = await listOutcomesOfProcedure(clinic.handle.db, patientId, rfa.id);
    expect(series.map((o) => [o.timePoint, o.painScore, o.reliefPercent, o.functionImprovementPercent])).toEqual([
      ["6w", 6, 40, null],
      ["3m", 4, 60, 35],
      ["6m", 5, 50, null],
    ]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PT), limit: 1 });
    expect(event).toMatchObject({ entityType: "procedure_outcome", eventType: "procedure.outcome_recorded", discipline: "physician" });
    expect(event?.summary).toContain("Outcome at 6 months recorded");
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "procedures.recordOutcome" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "procedure", entityId: rfa.id, detail: { outcome: "6m" } });
  });

  it("a second entry for the same point is an update with the version read; without it, or stale, CONFLICT", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const esi = await performed("esi_transforaminal", daysAgo(20), 8);
    const ref = { patientId, id: esi.id };
    const first = await doc.procedures.recordOutcome({ ...ref, expectedVersion: esi.version, timePoint: "2w", assessedAt: daysAgo(5), painScore: 4 });
    expect(first).toMatchObject({ reliefPercent: 50, reliefDurationDays: 15 });
    const point = first.outcomes[0]!;
    const again = await failure(doc.procedures.recordOutcome({ ...ref, expectedVersion: first.version, timePoint: "2w", assessedAt: daysAgo(5), painScore: 2 }));
    expect(again.code).toBe("CONFLICT");
    const corrected = await doc.procedures.recordOutcome({ ...ref, expectedVersion: first.version, timePoint: "2w", assessedAt: daysAgo(5), painScore: 2, outcomeExpectedVersion: point.version });
    expect(corrected).toMatchObject({ postProcedurePain: 2, reliefPercent: 75 });
    expect(corrected.outcomes[0]).toMatchObject({ id: point.id, version: point.version + 1, reliefPercent: 75 });
    // Stale: the point moved on, or the order did.
    expect((await failure(doc.procedures.recordOutcome({ ...ref, expectedVersion: corrected.version, timePoint: "2w", assessedAt: daysAgo(5), painScore: 3, outcomeExpectedVersion: point.version }))).code).toBe("CONFLICT");
    expect((await failure(doc.procedures.recordOutcome({ ...ref, expectedVersion: first.version, timePoint: "2w", assessedAt: daysAgo(5), painScore: 3, outcomeExpectedVersion: point.version + 1 }))).code).toBe("CONFLICT");
    expect((await listOutcomesOfProcedure(clinic.handle.db, patientId, esi.id)).map((o) => o.painScore)).toEqual([2]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ eventType: "procedure.outcome_updated" });
  });

  it("refuses dates before the procedure or in the future, points outside the order's schedule, and diary points (BAD_REQUEST on the field)", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const esi = await performed("esi_interlaminar", daysAgo(30), 7);
    const ref = { patientId, id: esi.id, expectedVersion: esi.version };
    const fieldOf = async (call: Promise<unknown>) => {
      const err = await failure(call);
      expect(err.code).toBe("BAD_REQUEST");
      return (err.cause as { field?: string } | undefined)?.field;
    };
    expect(await fieldOf(doc.procedures.recordOutcome({ ...ref, timePoint: "2w", assessedAt: daysAgo(31), painScore: 3 }))).toBe("assessedAt");
    expect(await fieldOf(doc.procedures.recordOutcome({ ...ref, timePoint: "2w", assessedAt: daysAgo(-3), painScore: 3 }))).toBe("assessedAt");
    expect(await fieldOf(doc.procedures.recordOutcome({ ...ref, timePoint: "6m", assessedAt: daysAgo(1), painScore: 3 }))).toBe("timePoint");
    expect(await fieldOf(doc.procedures.recordOutcome({ ...ref, timePoint: "diary_1h", assessedAt: daysAgo(30), painScore: 3 }))).toBe("timePoint");
    const noPre = await performed("esi_interlaminar", daysAgo(30), null);
    expect(await fieldOf(doc.procedures.recordOutcome({ patientId, id: noPre.id, expectedVersion: noPre.version, timePoint: "2w", assessedAt: daysAgo(15), painScore: 3 }))).toBe("preProcedurePain");
    expect(await listOutcomesOfProcedure(clinic.handle.db, patientId, esi.id)).toEqual([]);
  });
});

describe("procedures.recordDiary: the post-block pain diary", () => {
  it("pre 7, diary 2, 1, 1, 3, 5 at 30 min–6 h → lowest 1 → 85.7% relief on the order, the diary's rows and one event", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const performedAt = new Date(now.getTime() - 7 * 60 * MINUTE);
    const block = await performed("medial_branch_block", performedAt, 7, true);
    const at = (minutes: number) => new Date(performedAt.getTime() + minutes * MINUTE);
    const out = await doc.procedures.recordDiary({
      patientId,
      id: block.id,
      expectedVersion: block.version,
      points: [
        { timePoint: "diary_30m", painScore: 2, assessedAt: at(30) },
        { timePoint: "diary_1h", painScore: 1, assessedAt: at(60) },
        { timePoint: "diary_2h", painScore: 1, assessedAt: at(120) },
        { timePoint: "diary_4h", painScore: 3, assessedAt: at(240) },
        { timePoint: "diary_6h", painScore: 5, assessedAt: at(360) },
      ],
    });
    expect(out).toMatchObject({ preProcedurePain: 7, postProcedurePain: 1, reliefPercent: 85.7, reliefDurationDays: 0, version: block.version + 1 });
    expect(out.outcomes.map((o) => [o.timePoint, o.reliefPercent])).toEqual([
      ["diary_30m", 71.4],
      ["diary_1h", 85.7],
      ["diary_2h", 85.7],
      ["diary_4h", 57.1],
      ["diary_6h", 28.6],
    ]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(COORDINATOR), limit: 1 });
    expect(event).toMatchObject({ entityType: "procedure", entityId: block.id, eventType: "procedure.diary_recorded" });
    expect(event?.summary).toContain("85.7% relief");
    // A point already charted is not charted again.
    const again = await failure(doc.procedures.recordDiary({ patientId, id: block.id, expectedVersion: out.version, points: [{ timePoint: "diary_1h", painScore: 0, assessedAt: at(60) }] }));
    expect(again.code).toBe("CONFLICT");
    // A stale order version is CONFLICT too, and nothing is written.
    const stale = await failure(doc.procedures.recordDiary({ patientId, id: block.id, expectedVersion: block.version, points: [{ timePoint: "diary_6h", painScore: 0, assessedAt: at(360) }] }));
    expect(stale.code).toBe("CONFLICT");
    expect(await listOutcomesOfProcedure(clinic.handle.db, patientId, block.id)).toHaveLength(5);
  });

  it("refuses a point timed before the block or more than 24 h after it, and a diary on a therapeutic order", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const performedAt = daysAgo(3);
    const block = await performed("medial_branch_block", performedAt, 7, true);
    const ref = { patientId, id: block.id, expectedVersion: block.version };
    const early = await failure(doc.procedures.recordDiary({ ...ref, points: [{ timePoint: "diary_30m", painScore: 2, assessedAt: new Date(performedAt.getTime() - MINUTE) }] }));
    expect(early).toMatchObject({ code: "BAD_REQUEST" });
    expect((early.cause as { field?: string }).field).toBe("points.0.assessedAt");
    const late = await failure(doc.procedures.recordDiary({ ...ref, points: [{ timePoint: "diary_6h", painScore: 2, assessedAt: new Date(performedAt.getTime() + 25 * 60 * MINUTE) }] }));
    expect(late.message).toContain("within 24 h");
    const esi = await performed("esi_transforaminal", daysAgo(3), 7);
    const therapeutic = await failure(doc.procedures.recordDiary({ patientId, id: esi.id, expectedVersion: esi.version, points: [{ timePoint: "diary_30m", painScore: 2, assessedAt: daysAgo(3) }] }));
    expect(therapeutic).toMatchObject({ code: "BAD_REQUEST" });
    expect(await listOutcomesOfProcedure(clinic.handle.db, patientId, block.id)).toEqual([]);
  });

  it("is the physician's: PT, psychologist and coordinator get FORBIDDEN, outsiders NOT_FOUND, anonymous UNAUTHORIZED", async () => {
    const block = await performed("medial_branch_block", daysAgo(1), 7, true);
    const esi = await performed("esi_transforaminal", daysAgo(20), 7);
    const diary = { patientId, id: block.id, expectedVersion: block.version, points: [{ timePoint: "diary_30m" as const, painScore: 2, assessedAt: new Date(block.performedAt!.getTime() + 30 * MINUTE) }] };
    const outcome = { patientId, id: esi.id, expectedVersion: esi.version, timePoint: "2w" as const, assessedAt: daysAgo(5), painScore: 2 };
    for (const email of [PT, PSYCHOLOGIST, COORDINATOR]) {
      const caller = await clinic.as(email);
      await expect(caller.procedures.recordDiary(diary)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.procedures.recordOutcome(outcome)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect((await clinic.as("physician2@stepwise.test")).procedures.recordDiary(diary)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().procedures.recordDiary(diary)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await listOutcomesOfProcedure(clinic.handle.db, patientId, block.id)).toEqual([]);
  });
});

describe("the diary feeds the ablation checklist", () => {
  it("two L4-L5 right blocks, diaries 85.7% and 87.5% → the RFA's diagnostic_blocks criterion is met, citing the diary", async () => {
    const own = await createBlankPatient(clinic, [PHYSICIAN]);
    const doc = await clinic.as(PHYSICIAN);
    const userId = await clinic.userId(PHYSICIAN);
    const block = (days: number, pre: number) =>
      insertRow(clinic.handle.db, schema.procedures, {
        patientId: own,
        procedureType: "medial_branch_block",
        level: "L4-L5",
        side: "right",
        region: "lumbar",
        indication: "Facet pain",
        intent: "Diagnostic",
        expectedBenefit: "Hours",
        alternatives: "PT",
        followUpPlan: "Diary",
        status: "performed",
        performedAt: daysAgo(days),
        preProcedurePain: pre,
        diagnostic: true,
        withSteroid: false,
        createdBy: userId,
        updatedBy: userId,
      });
    const before = await doc.procedures.evaluateCandidacy({ patientId: own, procedureType: "radiofrequency_ablation", target: { level: "L4-L5", side: "right" } });
    expect(before.criteria.find((c) => c.id === "diagnostic_blocks")?.status).not.toBe("met");
    for (const [days, pre, post] of [
      [35, 7, 1],
      [2, 8, 1],
    ] as const) {
      const b = await block(days, pre);
      await doc.procedures.recordDiary({ patientId: own, id: b.id, expectedVersion: b.version, points: [{ timePoint: "diary_1h", painScore: post, assessedAt: new Date(b.performedAt!.getTime() + 60 * MINUTE) }] });
    }
    const after = await doc.procedures.evaluateCandidacy({ patientId: own, procedureType: "radiofrequency_ablation", target: { level: "L4-L5", side: "right" } });
    const criterion = after.criteria.find((c) => c.id === "diagnostic_blocks");
    expect(criterion?.status).toBe("met");
    const evidence = criterion!.evidence.map((e) => e.summary).join(" | ");
    expect(evidence).toContain("85.7% relief");
    expect(evidence).toContain("87.5% relief");
    expect(evidence).toMatch(/diary/i);
  });
});

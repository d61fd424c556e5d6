import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { insertRow, listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { defaultClinicPolicy } from "@stepwise/domain";
import { demoEmails, createBlankPatient, failure, type Clinic, mbbOrder, proposeOverridden } from "../test-support";
import { useSeededClinic } from "../test-clinic";

const { PHYSICIAN, PT, PSYCH: PSYCHOLOGIST, COORD: COORDINATOR } = demoEmails;

const clinic = useSeededClinic();
/** Our own patient with an empty record: nothing supports a block yet. */
let blank: string;
beforeAll(async () => {
  blank = await newPatient("Procedures");
});

const DAY = 86_400_000;
const today = new Date();
const daysAgo = (days: number) => new Date(today.getTime() - days * DAY);
/** A caller whose clock reads `days` days before the test run. */
const asOf = (email: string, days: number) => clinic.as(email, () => daysAgo(days));

/** A patient of our own with an empty record (the demo seed fills every demo patient's). */
const newPatient = (_label: string) => createBlankPatient(clinic, [PHYSICIAN, PT, PSYCHOLOGIST, COORDINATOR]);



/** Proposes an order and overrides whatever its checklist leaves open, so it can be approved on any record. */
async function approvedOrder(patientId: string) {
  const order = await proposeOverridden(clinic, patientId, "Test fixture: decided at the case conference.");
  return (await clinic.as(PHYSICIAN)).procedures.approve({ patientId, id: order.id, expectedVersion: order.version });
}

describe("procedures: proposing and reading", () => {
  it("lets the physician propose an order with its checklist snapshot, writing the row, a plan event and an audit row together", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const before = await Promise.all([countRows(clinic.handle.db, schema.procedures), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);
    const order = await doc.procedures.propose(mbbOrder(blank));
    expect(order).toMatchObject({ status: "proposed", version: 1, diagnostic: true, overrides: [], approvedBy: null });
    expect(order.candidacySnapshot).toMatchObject({ procedureType: "medial_branch_block", policyId: defaultClinicPolicy.id, overall: "not_yet" });
    const after = await Promise.all([countRows(clinic.handle.db, schema.procedures), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);
    // Two plan events: the order's ladder item is created with it (§6.8), then the order itself.
    expect(after).toEqual([before[0] + 1, before[1] + 2, before[2] + 1]);
    const [event] = await listEvents(clinic.handle.db, { patientId: blank, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ entityType: "procedure", entityId: order.id, eventType: "procedure.proposed", discipline: "physician", entityVersion: 1 });
    expect(event?.summary).toContain("Medial branch block L4-L5 left");
    const [audit] = await listAudit(clinic.handle.db, { patientId: blank, action: "procedures.propose" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "procedure", entityId: order.id });
  });

  it("lets every clinical role on the team read the orders and the checklist (and audits the read)", async () => {
    const order = await (await clinic.as(PHYSICIAN)).procedures.propose(mbbOrder(blank));
    for (const email of [PHYSICIAN, PT, PSYCHOLOGIST, COORDINATOR]) {
      const caller = await clinic.as(email);
      expect((await caller.procedures.list({ patientId: blank })).map((p) => p.id)).toContain(order.id);
      const checklist = await caller.procedures.evaluateCandidacy({ patientId: blank, procedureType: "medial_branch_block" });
      expect(checklist).toMatchObject({ policyId: defaultClinicPolicy.id, overall: "not_yet" });
      expect(checklist.criteria.map((c) => c.id)).toEqual(["axial_pain_duration", "conservative_trial", "no_untreated_radiculopathy", "facet_frequency", "mbb_repeat"]);
    }
    const [audit] = await listAudit(clinic.handle.db, { patientId: blank, action: "procedures.evaluateCandidacy" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "coordinator" });
  });

  it("says what is missing and who can supply it", async () => {
    const checklist = await (await clinic.as(PT)).procedures.evaluateCandidacy({ patientId: blank, procedureType: "medial_branch_block" });
    const trial = checklist.criteria.find((c) => c.id === "conservative_trial");
    expect(trial).toMatchObject({ status: "not_met", suppliedBy: "physical_therapist" });
    expect(trial?.missing).toContain("conservative trial");
  });
});

describe("procedures: who may", () => {
  it("refuses PT, psychologist and coordinator (FORBIDDEN), a physician off the team (NOT_FOUND) and anonymous callers (UNAUTHORIZED), writing nothing", async () => {
    const order = await (await clinic.as(PHYSICIAN)).procedures.propose(mbbOrder(blank));
    const ref = { patientId: blank, id: order.id, expectedVersion: 1 };
    const before = await Promise.all([countRows(clinic.handle.db, schema.procedures), countRows(clinic.handle.db, schema.planEvents)]);
    // Thunks, so each call starts only when awaited (no rejection is left unhandled).
    const attempts = (caller: Awaited<ReturnType<Clinic["as"]>>): (() => Promise<unknown>)[] => [
      () => caller.procedures.propose(mbbOrder(blank)),
      () => caller.procedures.approve(ref),
      () => caller.procedures.schedule({ ...ref, scheduledFor: daysAgo(-7) }),
      () => caller.procedures.recordPerformed({ ...ref, performedAt: daysAgo(1), preProcedurePain: 7 }),
      () => caller.procedures.recordOutcome({ ...ref, timePoint: "2w", assessedAt: daysAgo(0), painScore: 2 }),
      () => caller.procedures.recordDiary({ ...ref, points: [{ timePoint: "diary_30m", painScore: 2, assessedAt: daysAgo(0) }] }),
      () => caller.procedures.cancel({ ...ref, reason: "Patient declined" }),
      () => caller.procedures.overrideCriterion({ patientId: blank, procedureId: order.id, criterionId: "conservative_trial", reason: "I should not be able to write this." }),
    ];
    for (const email of [PT, PSYCHOLOGIST, COORDINATOR]) {
      for (const attempt of attempts(await clinic.as(email))) await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    for (const email of ["physician2@stepwise.test", "admin@stepwise.test"]) {
      const outsider = await clinic.as(email);
      for (const attempt of attempts(outsider)) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.procedures.list({ patientId: blank })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.procedures.evaluateCandidacy({ patientId: blank, procedureType: "medial_branch_block" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    for (const attempt of attempts(clinic.anonymous())) await expect(attempt()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(clinic.anonymous().procedures.list({ patientId: blank })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const after = await Promise.all([countRows(clinic.handle.db, schema.procedures), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
    const denied = await listAudit(clinic.handle.db, { patientId: blank, action: "procedures.approve" });
    expect(denied.some((a) => a.outcome === "denied" && a.actorRole === "coordinator")).toBe(true);
  });
});

describe("procedures: lifecycle", () => {
  it("walks proposed → approved → scheduled → performed → pain diary, computing relief on the server", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const approved = await approvedOrder(blank);
    expect(approved).toMatchObject({ status: "approved", approvedBy: await clinic.userId(PHYSICIAN) });
    expect(approved.approvedAt).toBeInstanceOf(Date);
    expect(approved.candidacySnapshot).toMatchObject({ policyId: defaultClinicPolicy.id });
    const ref = { patientId: blank, id: approved.id };
    const scheduled = await doc.procedures.schedule({ ...ref, expectedVersion: approved.version, scheduledFor: daysAgo(-1) });
    expect(scheduled).toMatchObject({ status: "scheduled", scheduledFor: daysAgo(-1) });
    const performed = await doc.procedures.recordPerformed({ ...ref, expectedVersion: scheduled.version, performedAt: daysAgo(0), preProcedurePain: 8 });
    expect(performed).toMatchObject({ status: "performed", preProcedurePain: 8, reliefPercent: null });
    const after = (minutes: number) => new Date(daysAgo(0).getTime() + minutes * 60_000);
    // A medial branch block is diagnostic: its outcome is the pain diary (§6.7), pre 8, 30 min 2 → 75%.
    const outcome = await doc.procedures.recordDiary({ ...ref, expectedVersion: performed.version, points: [{ timePoint: "diary_30m", painScore: 2, assessedAt: after(30) }] });
    expect(outcome).toMatchObject({ preProcedurePain: 8, postProcedurePain: 2, reliefPercent: 75, reliefDurationDays: 0, version: performed.version + 1 });
    // The baseline may be restated; relief is recomputed from the lowest point, never typed: pre 6, lowest 2 → 66.7%.
    const restated = await doc.procedures.recordDiary({ ...ref, expectedVersion: outcome.version, preProcedurePain: 6, points: [{ timePoint: "diary_1h", painScore: 4, assessedAt: after(60) }] });
    expect(restated.reliefPercent).toBe(66.7);
    const events = await listEvents(clinic.handle.db, { patientId: blank, viewerId: await clinic.userId(PHYSICIAN), limit: 20 });
    const mine = events.filter((e) => e.entityId === approved.id).map((e) => e.eventType);
    expect(mine).toEqual(expect.arrayContaining(["procedure.approved", "procedure.scheduled", "procedure.performed", "procedure.diary_recorded"]));
    expect(events.filter((e) => e.entityId === approved.id).every((e) => e.entityType === "procedure" && e.discipline === "physician")).toBe(true);
  });

  it("needs a pain score before the procedure to record an outcome (BAD_REQUEST on preProcedurePain)", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const approved = await approvedOrder(blank);
    const ref = { patientId: blank, id: approved.id };
    const scheduled = await doc.procedures.schedule({ ...ref, expectedVersion: approved.version, scheduledFor: daysAgo(1) });
    const performed = await doc.procedures.recordPerformed({ ...ref, expectedVersion: scheduled.version, performedAt: daysAgo(1) });
    expect(performed.preProcedurePain).toBeNull();
    const point = { timePoint: "diary_30m" as const, painScore: 3, assessedAt: new Date(daysAgo(1).getTime() + 30 * 60_000) };
    const err = await failure(doc.procedures.recordDiary({ ...ref, expectedVersion: performed.version, points: [point] }));
    expect(err.code).toBe("BAD_REQUEST");
    expect((err.cause as { field?: string } | undefined)?.field).toBe("preProcedurePain");
    const outcome = await doc.procedures.recordDiary({ ...ref, expectedVersion: performed.version, preProcedurePain: 6, points: [point] });
    expect(outcome.reliefPercent).toBe(50);
  });

  it("refuses forbidden transitions with PRECONDITION_FAILED", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const proposed = await doc.procedures.propose(mbbOrder(blank));
    const ref = { patientId: blank, id: proposed.id, expectedVersion: 1 };
    await expect(doc.procedures.schedule({ ...ref, scheduledFor: daysAgo(-3) })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(doc.procedures.recordPerformed({ ...ref, performedAt: daysAgo(0) })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(doc.procedures.recordOutcome({ ...ref, timePoint: "2w", assessedAt: daysAgo(0), preProcedurePain: 7, painScore: 2 })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    const approved = await approvedOrder(blank);
    const aref = { patientId: blank, id: approved.id, expectedVersion: approved.version };
    await expect(doc.procedures.approve(aref)).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(
      doc.procedures.overrideCriterion({ patientId: blank, procedureId: approved.id, criterionId: "conservative_trial", reason: "Too late: the order is already approved." }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(doc.procedures.recordOutcome({ ...aref, timePoint: "2w", assessedAt: daysAgo(0), preProcedurePain: 7, painScore: 2 })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    const cancelled = await doc.procedures.cancel({ ...aref, reason: "Patient chose to continue physical therapy first" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "Patient chose to continue physical therapy first" });
    const cref = { patientId: blank, id: cancelled.id, expectedVersion: cancelled.version };
    await expect(doc.procedures.cancel({ ...cref, reason: "Twice" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(doc.procedures.schedule({ ...cref, scheduledFor: daysAgo(-3) })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const [event] = await listEvents(clinic.handle.db, { patientId: blank, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ entityId: cancelled.id, eventType: "procedure.cancelled", entityVersion: cancelled.version });
  });

  it("refuses approval while criteria are open and not overridden, naming them, and writes no event", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const order = await doc.procedures.propose(mbbOrder(blank));
    const events = await countRows(clinic.handle.db, schema.planEvents);
    const err = await failure(doc.procedures.approve({ patientId: blank, id: order.id, expectedVersion: 1 }));
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.message).toContain("conservative_trial");
    expect(err.message).toContain("axial_pain_duration");
    expect(await countRows(clinic.handle.db, schema.planEvents)).toBe(events);
    const [audit] = await listAudit(clinic.handle.db, { patientId: blank, action: "procedures.approve" });
    expect(audit).toMatchObject({ outcome: "failure", detail: { code: "PRECONDITION_FAILED" } });
    const stored = (await doc.procedures.list({ patientId: blank })).find((p) => p.id === order.id);
    expect(stored).toMatchObject({ status: "proposed", version: 1 });
  });

  it("returns CONFLICT with the current row when the order changed since it was read", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const order = await doc.procedures.propose(mbbOrder(blank));
    const overridden = await doc.procedures.overrideCriterion({
      patientId: blank,
      procedureId: order.id,
      criterionId: "conservative_trial",
      reason: "Twelve weeks of home exercise documented in the referral letter.",
    });
    expect(overridden.version).toBe(2);
    const err = await failure(doc.procedures.cancel({ patientId: blank, id: order.id, expectedVersion: 1, reason: "Read an old copy" }));
    expect(err.code).toBe("CONFLICT");
    const current = (err.cause as { details?: { current?: { id: string; version: number; status: string } } } | undefined)?.details?.current;
    expect(current).toMatchObject({ id: order.id, version: 2, status: "proposed" });
    const stored = (await doc.procedures.list({ patientId: blank })).find((p) => p.id === order.id);
    expect(stored).toMatchObject({ status: "proposed", version: 2 });
  });

  it("rejects malformed input with BAD_REQUEST and changes no row", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const order = await doc.procedures.propose(mbbOrder(blank));
    const ref = { patientId: blank, id: order.id, expectedVersion: 1 };
    const before = await Promise.all([countRows(clinic.handle.db, schema.procedures), countRows(clinic.handle.db, schema.planEvents)]);
    const bad: [keyof typeof doc.procedures, unknown][] = [
      ["propose", { ...mbbOrder(blank), procedureType: "laminectomy" }],
      ["propose", { ...mbbOrder(blank), region: "knee" }],
      ["propose", { ...mbbOrder(blank), diagnostic: false }],
      ["propose", { ...mbbOrder(blank), level: "lower back" }],
      ["propose", { ...mbbOrder(blank), indication: "" }],
      ["propose", { ...mbbOrder(blank), indication: "x".repeat(2001) }],
      ["propose", { ...mbbOrder(blank), status: "approved" }],
      ["propose", { ...mbbOrder(blank), patientId: "not-a-uuid" }],
      ["approve", { ...ref, expectedVersion: "1" }],
      ["approve", { ...ref, expectedVersion: 0 }],
      ["schedule", { ...ref, scheduledFor: "next tuesday" }],
      ["recordPerformed", { ...ref, performedAt: daysAgo(-2) }],
      ["recordPerformed", { ...ref, performedAt: daysAgo(1), preProcedurePain: 11 }],
      ["recordPerformed", { ...ref, performedAt: daysAgo(1), preProcedurePain: -1 }],
      ["recordPerformed", { ...ref, performedAt: daysAgo(1), preProcedurePain: 6.5 }],
      ["recordOutcome", { ...ref, timePoint: "2w", assessedAt: daysAgo(0), painScore: 11 }],
      ["recordOutcome", { ...ref, timePoint: "2w", assessedAt: daysAgo(0), painScore: "2" }],
      ["recordOutcome", { ...ref, timePoint: "2w", assessedAt: daysAgo(0), painScore: 2, reliefPercent: 100 }],
      ["recordOutcome", { ...ref, timePoint: "5w", assessedAt: daysAgo(0), painScore: 2 }],
      ["recordDiary", { ...ref, points: [] }],
      ["cancel", { ...ref, reason: "" }],
      ["cancel", { ...ref, reason: "x".repeat(1001) }],
      ["overrideCriterion", { patientId: blank, procedureId: order.id, criterionId: "conservative_trial", reason: "because" }],
      ["overrideCriterion", { patientId: blank, procedureId: order.id, criterionId: "gut_feeling", reason: "A long enough reason to pass the length check." }],
      ["overrideCriterion", { patientId: blank, procedureId: order.id, criterionId: "psych_clearance", reason: "Not a criterion of a medial branch block at all." }],
      ["evaluateCandidacy", { patientId: blank, procedureType: "acupuncture" }],
      ["evaluateCandidacy", { patientId: blank, procedureType: "medial_branch_block", target: { level: "L4-L5", colour: "blue" } }],
    ];
    for (const [name, input] of bad) {
      const call = doc.procedures[name] as (input: never) => Promise<unknown>;
      const err = await failure(call(input as never));
      expect({ name, input, code: err.code }).toMatchObject({ code: "BAD_REQUEST" });
    }
    const after = await Promise.all([countRows(clinic.handle.db, schema.procedures), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
    const stored = (await doc.procedures.list({ patientId: blank })).find((p) => p.id === order.id);
    expect(stored).toMatchObject({ status: "proposed", version: 1, overrides: [] });
  });
});

// --- the radiofrequency ablation story ---------------------------------------------------------

/**
 * A facet-joint patient built through the API as the team would: the physician's problem with
 * concordant imaging, a PT plan item active for six months with attended sessions (inserted
 * directly: the therapy-session router is not this file's subject).
 */
async function buildFacetRecord(patientId: string) {
  const doc = await asOf(PHYSICIAN, 200);
  await doc.problems.create({
    patientId,
    diagnosis: "Lumbar facet arthropathy",
    bodySite: "lower back",
    laterality: "left",
    level: "L4-L5",
    painGenerator: "facet_joint",
    painPattern: "axial",
    onsetDate: daysAgo(400),
    imagingFindings: "Left L4-L5 facet hypertrophy with effusion on MRI",
    imagingConcordant: true,
  });
  const pt = await asOf(PT, 180);
  const item = await pt.planItems.create({
    patientId,
    kind: "physical_therapy",
    ladderStep: 1,
    discipline: "physical_therapist",
    title: "Lumbar stabilisation programme",
    rationale: "Axial low back pain; graded activity twice weekly.",
  });
  await pt.planItems.transition({ patientId, id: item.id, expectedVersion: 1, to: "active" });
  const ptId = await clinic.userId(PT);
  for (const days of [175, 165, 150, 135, 120, 105, 90]) {
    await insertRow(clinic.handle.db, schema.therapySessions, {
      patientId,
      idempotencyKey: randomUUID(),
      sessionDate: daysAgo(days),
      attendance: "attended",
      minutes: 45,
      interventions: ["core stabilisation", "graded walking"],
      painBefore: 6,
      painAfter: 5,
      authorId: ptId,
      createdBy: ptId,
      updatedBy: ptId,
    });
  }
}

/** One diagnostic block at L4-L5 left, ordered `days` ago, performed five days later, outcome recorded. */
async function performedBlock(patientId: string, days: number, pain: { pre: number; post: number }) {
  const doc = await asOf(PHYSICIAN, days);
  const order = await doc.procedures.propose(mbbOrder(patientId));
  // The record supports the block: no override needed.
  expect(order.candidacySnapshot).toMatchObject({ overall: "candidate" });
  const approved = await doc.procedures.approve({ patientId, id: order.id, expectedVersion: 1 });
  const scheduled = await doc.procedures.schedule({ patientId, id: order.id, expectedVersion: approved.version, scheduledFor: daysAgo(days - 5) });
  const later = await asOf(PHYSICIAN, days - 5);
  const performed = await later.procedures.recordPerformed({
    patientId,
    id: order.id,
    expectedVersion: scheduled.version,
    performedAt: daysAgo(days - 5),
    preProcedurePain: pain.pre,
  });
  const oneHourAfter = new Date(daysAgo(days - 5).getTime() + 60 * 60_000);
  return later.procedures.recordDiary({ patientId, id: order.id, expectedVersion: performed.version, points: [{ timePoint: "diary_1h", painScore: pain.post, assessedAt: oneHourAfter }] });
}

const rfaOrder = (patientId: string) => ({
  ...mbbOrder(patientId),
  procedureType: "radiofrequency_ablation" as const,
  intent: "Therapeutic: denervate the L4-L5 facet joint",
  expectedBenefit: "6–12 months of meaningful relief",
  alternatives: "Repeat blocks; continued conservative care",
  followUpPlan: "Review at 6 weeks with NRS and ODI",
});

describe("procedures: the radiofrequency ablation story", () => {
  it("two blocks at one level and side with ≥80% relief make the patient a candidate", async () => {
    const patientId = await newPatient("Ablation candidate");
    await buildFacetRecord(patientId);
    const first = await performedBlock(patientId, 60, { pre: 7, post: 1 });
    const second = await performedBlock(patientId, 30, { pre: 8, post: 1 });
    expect([first.reliefPercent, second.reliefPercent]).toEqual([85.7, 87.5]);

    const doc = await clinic.as(PHYSICIAN);
    const checklist = await doc.procedures.evaluateCandidacy({ patientId, procedureType: "radiofrequency_ablation", target: { level: "L4-L5", side: "left" } });
    expect(checklist).toMatchObject({ overall: "candidate", policyId: defaultClinicPolicy.id, target: { level: "L4-L5", side: "left", region: "lumbar" } });
    const blocks = checklist.criteria.find((c) => c.id === "diagnostic_blocks");
    expect(blocks?.status).toBe("met");
    expect(blocks?.evidence.filter((e) => e.kind === "procedure").map((e) => e.id).sort()).toEqual([first.id, second.id].sort());
    // Each block's relief is cited from its pain diary's lowest point.
    expect(blocks?.evidence.filter((e) => e.kind === "procedure_outcome").map((e) => e.id).sort()).toEqual([first.outcomes[0]!.id, second.outcomes[0]!.id].sort());

    const order = await doc.procedures.propose(rfaOrder(patientId));
    expect(order.candidacySnapshot).toMatchObject({ overall: "candidate" });
    const approved = await doc.procedures.approve({ patientId, id: order.id, expectedVersion: 1 });
    expect(approved).toMatchObject({ status: "approved", overrides: [] });
  });

  it("with one block at 60% it is not yet, says what is missing, and an audited override lets the physician approve", async () => {
    const patientId = await newPatient("Ablation not yet");
    await buildFacetRecord(patientId);
    await performedBlock(patientId, 60, { pre: 7, post: 1 });
    const weak = await performedBlock(patientId, 30, { pre: 5, post: 2 });
    expect(weak.reliefPercent).toBe(60);

    const doc = await clinic.as(PHYSICIAN);
    const checklist = await doc.procedures.evaluateCandidacy({ patientId, procedureType: "radiofrequency_ablation", target: { level: "L4-L5", side: "left" } });
    expect(checklist.overall).toBe("not_yet");
    const blocks = checklist.criteria.find((c) => c.id === "diagnostic_blocks");
    expect(blocks).toMatchObject({ status: "not_met", suppliedBy: "physician" });
    expect(blocks?.missing).toContain("80%");
    expect(checklist.criteria.filter((c) => c.status !== "met").map((c) => c.id)).toEqual(["diagnostic_blocks"]);

    const order = await doc.procedures.propose(rfaOrder(patientId));
    expect(order.candidacySnapshot).toMatchObject({ overall: "not_yet" });
    const refused = await failure(doc.procedures.approve({ patientId, id: order.id, expectedVersion: 1 }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toContain("diagnostic_blocks");

    const reason = "Second block confounded by a flare the same week; 80% relief on day 1 by diary. Agreed at case conference.";
    const overridden = await doc.procedures.overrideCriterion({ patientId, procedureId: order.id, criterionId: "diagnostic_blocks", reason });
    const physicianId = await clinic.userId(PHYSICIAN);
    expect(overridden.version).toBe(2);
    expect(overridden.overrides).toEqual([{ criterionId: "diagnostic_blocks", reason, by: physicianId, at: expect.any(String) }]);
    const [overrideAudit] = await listAudit(clinic.handle.db, { patientId, action: "procedures.overrideCriterion" });
    expect(overrideAudit).toMatchObject({ outcome: "success", entityId: order.id, detail: { criterionId: "diagnostic_blocks", reason } });
    const [overrideEvent] = await listEvents(clinic.handle.db, { patientId, viewerId: physicianId, limit: 1 });
    expect(overrideEvent).toMatchObject({ eventType: "procedure.criterion_overridden", entityVersion: 2 });
    expect(overrideEvent?.summary).toContain("Two diagnostic medial branch blocks");

    const approved = await doc.procedures.approve({ patientId, id: order.id, expectedVersion: 2 });
    expect(approved).toMatchObject({ status: "approved", approvedBy: physicianId, version: 3 });
    expect(approved.candidacySnapshot).toMatchObject({ overall: "not_yet" });
    const [approveAudit] = await listAudit(clinic.handle.db, { patientId, action: "procedures.approve" });
    expect(approveAudit).toMatchObject({
      outcome: "success",
      entityId: order.id,
      detail: { to: "approved", overall: "not_yet", overriddenCriteria: ["diagnostic_blocks"], policyId: defaultClinicPolicy.id },
    });
  });
});

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { insertRow, listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { demoEmails, createBlankPatient, failure } from "../test-support";
import { useSeededClinic } from "../test-clinic";

const { PHYSICIAN, PSYCH: PSYCHOLOGIST, PT, COORD: COORDINATOR } = demoEmails;

const clinic = useSeededClinic();
let blank: string;
beforeAll(async () => {
  blank = await newPatient("Clearances");
});

const DAY = 86_400_000;
const today = new Date();
const daysAgo = (days: number) => new Date(today.getTime() - days * DAY);
const asOf = (email: string, days: number) => clinic.as(email, () => daysAgo(days));

/** A patient of our own with an empty record (the demo seed fills every demo patient's). */
const newPatient = (_label: string) => createBlankPatient(clinic, [PHYSICIAN, PT, PSYCHOLOGIST, COORDINATOR]);


const rationale = "Realistic expectations, good coping repertoire, no active substance use on screening.";

describe("clearances", () => {
  it("lets the physician request a clearance: status requested at the request's clock, with a plan event and audit row", async () => {
    const requestedAt = daysAgo(2);
    const doc = await clinic.as(PHYSICIAN, () => requestedAt);
    const before = await Promise.all([countRows(clinic.handle.db, schema.psychClearances), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);
    const row = await doc.clearances.request({ patientId: blank, procedureType: "scs_trial" });
    expect(row).toMatchObject({ status: "requested", requestedAt, requestedBy: await clinic.userId(PHYSICIAN), decidedAt: null, version: 1 });
    const after = await Promise.all([countRows(clinic.handle.db, schema.psychClearances), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);
    expect(after).toEqual([before[0] + 1, before[1] + 1, before[2] + 1]);
    const [event] = await listEvents(clinic.handle.db, { patientId: blank, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ entityType: "clearance", entityId: row.id, eventType: "clearance.requested", discipline: "physician", entityVersion: 1 });
    const [audit] = await listAudit(clinic.handle.db, { patientId: blank, action: "clearances.request" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "clearance", entityId: row.id });
    for (const email of [PT, PSYCHOLOGIST, COORDINATOR]) {
      expect((await (await clinic.as(email)).clearances.list({ patientId: blank })).map((c) => c.id)).toContain(row.id);
    }
  });

  it("refuses a second open request for the same device (trial and implant share one evaluation)", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const count = await countRows(clinic.handle.db, schema.psychClearances);
    await expect(doc.clearances.request({ patientId: blank, procedureType: "scs_implant" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await countRows(clinic.handle.db, schema.psychClearances)).toBe(count);
    // Another device is another evaluation.
    expect(await doc.clearances.request({ patientId: blank, procedureType: "intrathecal_pump_trial" })).toMatchObject({ status: "requested" });
  });

  it("lets the psychologist record a decision once; deferred stays open and may be decided later", async () => {
    const doc = await clinic.as(PHYSICIAN);
    const psych = await clinic.as(PSYCHOLOGIST);
    const requested = await doc.clearances.request({ patientId: await newPatient("Clearance decided"), procedureType: "intrathecal_pump_trial" });
    const ref = { patientId: requested.patientId, id: requested.id };
    const deferred = await psych.clearances.record({ ...ref, expectedVersion: 1, status: "deferred", rationale: "Re-evaluate after eight sessions of pain CBT." });
    expect(deferred).toMatchObject({ status: "deferred", decidedBy: await clinic.userId(PSYCHOLOGIST), version: 2 });
    const deferredAgain = await psych.clearances.record({ ...ref, expectedVersion: 2, status: "deferred", rationale: "Four more sessions first." });
    const cleared = await psych.clearances.record({ ...ref, expectedVersion: deferredAgain.version, status: "cleared", rationale });
    expect(cleared).toMatchObject({ status: "cleared", rationale, version: 4 });
    expect(cleared.decidedAt).toBeInstanceOf(Date);
    const [event] = await listEvents(clinic.handle.db, { patientId: ref.patientId, viewerId: await clinic.userId(PSYCHOLOGIST), limit: 1 });
    expect(event).toMatchObject({ entityType: "clearance", entityId: cleared.id, eventType: "clearance.cleared", discipline: "psychologist", entityVersion: 4 });
    for (const status of ["cleared", "not_cleared", "deferred"] as const) {
      await expect(psych.clearances.record({ ...ref, expectedVersion: 4, status, rationale })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    }
  });

  it("returns CONFLICT with the current row on a stale version", async () => {
    const patientId = await newPatient("Clearance conflict");
    const requested = await (await clinic.as(PHYSICIAN)).clearances.request({ patientId, procedureType: "scs_trial" });
    const psych = await clinic.as(PSYCHOLOGIST);
    const deferred = await psych.clearances.record({ patientId, id: requested.id, expectedVersion: requested.version, status: "deferred", rationale: "Needs collateral history." });
    const err = await failure(psych.clearances.record({ patientId, id: requested.id, expectedVersion: requested.version, status: "cleared", rationale }));
    expect(err.code).toBe("CONFLICT");
    const current = (err.cause as { details?: { current?: { id: string; version: number; status: string } } } | undefined)?.details?.current;
    expect(current).toMatchObject({ id: requested.id, version: deferred.version, status: "deferred" });
  });

  it("refuses roles that may not, off-team physicians and anonymous callers, writing nothing", async () => {
    const open = await (await clinic.as(PHYSICIAN)).clearances.request({ patientId: await newPatient("Clearance roles"), procedureType: "intrathecal_pump_trial" });
    const recordInput = { patientId: open.patientId, id: open.id, expectedVersion: open.version, status: "cleared" as const, rationale };
    const requestInput = { patientId: open.patientId, procedureType: "scs_trial" as const };
    const before = await Promise.all([countRows(clinic.handle.db, schema.psychClearances), countRows(clinic.handle.db, schema.planEvents)]);
    for (const email of [PT, PSYCHOLOGIST, COORDINATOR]) {
      await expect((await clinic.as(email)).clearances.request(requestInput)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    for (const email of [PHYSICIAN, PT, COORDINATOR]) {
      await expect((await clinic.as(email)).clearances.record(recordInput)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    for (const email of ["physician2@stepwise.test", "admin@stepwise.test"]) {
      const outsider = await clinic.as(email);
      await expect(outsider.clearances.list({ patientId: open.patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.clearances.request(requestInput)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.clearances.record(recordInput)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(clinic.anonymous().clearances.list({ patientId: open.patientId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(clinic.anonymous().clearances.request(requestInput)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(clinic.anonymous().clearances.record(recordInput)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const after = await Promise.all([countRows(clinic.handle.db, schema.psychClearances), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
  });

  it("rejects malformed input with BAD_REQUEST and changes no row", async () => {
    const open = await (await clinic.as(PHYSICIAN)).clearances.request({ patientId: await newPatient("Clearance inputs"), procedureType: "scs_trial" });
    const ref = { patientId: open.patientId, id: open.id, expectedVersion: open.version };
    const before = await Promise.all([countRows(clinic.handle.db, schema.psychClearances), countRows(clinic.handle.db, schema.planEvents)]);
    const doc = await clinic.as(PHYSICIAN);
    for (const input of [
      { patientId: blank, procedureType: "medial_branch_block" },
      { patientId: blank, procedureType: "hypnosis" },
      { patientId: blank, procedureType: "scs_trial", status: "cleared" },
      { patientId: blank },
    ]) {
      await expect(doc.clearances.request(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    const psych = await clinic.as(PSYCHOLOGIST);
    for (const input of [
      { ...ref, status: "cleared" },
      { ...ref, status: "cleared", rationale: "" },
      { ...ref, status: "cleared", rationale: "x".repeat(4001) },
      { ...ref, status: "requested", rationale },
      { ...ref, status: "approved", rationale },
      { ...ref, status: "cleared", rationale, decidedAt: new Date() },
      { ...ref, expectedVersion: "2", status: "cleared", rationale },
      { ...ref, status: "cleared", rationale: 42 },
    ]) {
      await expect(psych.clearances.record(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    const after = await Promise.all([countRows(clinic.handle.db, schema.psychClearances), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
  });
});

// --- spinal cord stimulation waiting on psychological clearance --------------------------------

describe("spinal cord stimulation trial waiting on psychological clearance", () => {
  it("is not yet until the psychologist records cleared; then the criterion is met and the order can be approved", async () => {
    const patientId = await newPatient("SCS trial");
    const doc = await asOf(PHYSICIAN, 300);
    await doc.problems.create({
      patientId,
      diagnosis: "Failed back surgery syndrome after L5-S1 laminectomy",
      bodySite: "lower back and right leg",
      laterality: "right",
      level: "L5-S1",
      painGenerator: "nerve_root",
      painPattern: "neuropathic",
      onsetDate: daysAgo(900),
      imagingFindings: "Epidural fibrosis around the right S1 root; no recurrent herniation",
      imagingConcordant: true,
      findings: ["failed_back_surgery_syndrome"],
    });
    const pt = await asOf(PT, 260);
    const item = await pt.planItems.create({
      patientId,
      kind: "physical_therapy",
      ladderStep: 1,
      discipline: "physical_therapist",
      title: "Graded activity and neural mobilisation",
      rationale: "Persistent radicular pain after surgery; maintain function before neuromodulation.",
    });
    await pt.planItems.transition({ patientId, id: item.id, expectedVersion: 1, to: "active" });
    const ptId = await clinic.userId(PT);
    for (const days of [250, 220, 190, 160, 130, 100, 70, 40]) {
      await insertRow(clinic.handle.db, schema.therapySessions, {
        patientId,
        idempotencyKey: randomUUID(),
        sessionDate: daysAgo(days),
        attendance: "attended",
        minutes: 45,
        authorId: ptId,
        createdBy: ptId,
        updatedBy: ptId,
      });
    }

    const physician = await clinic.as(PHYSICIAN);
    const evaluate = () => physician.procedures.evaluateCandidacy({ patientId, procedureType: "scs_trial", target: { region: "lumbar" } });
    const statusOf = async () => {
      const result = await evaluate();
      return { overall: result.overall, byId: Object.fromEntries(result.criteria.map((c) => [c.id, c])) };
    };

    const first = await statusOf();
    expect(first.overall).toBe("not_yet");
    expect(first.byId.neuropathic_or_fbss_pain?.status).toBe("met");
    expect(first.byId.conservative_trial?.status).toBe("met");
    expect(first.byId.psych_clearance).toMatchObject({ status: "unknown", suppliedBy: "psychologist", missing: "psychological clearance" });

    const order = await physician.procedures.propose({
      patientId,
      procedureType: "scs_trial",
      level: null,
      side: null,
      region: "lumbar",
      indication: "Neuropathic leg-predominant pain after L5-S1 laminectomy despite six months of conservative care",
      intent: "Trial of spinal cord stimulation for 7 days",
      expectedBenefit: "≥50% relief and better walking tolerance during the trial",
      alternatives: "Continued medication and PT; intrathecal therapy",
      followUpPlan: "Daily diary during the trial; decision visit at day 7",
    });
    expect(order.candidacySnapshot).toMatchObject({ overall: "not_yet" });

    const request = await physician.clearances.request({ patientId, procedureType: "scs_trial" });
    expect((await statusOf()).byId.psych_clearance).toMatchObject({ status: "unknown", missing: "psychological clearance (requested, awaiting decision)" });
    const refused = await failure(physician.procedures.approve({ patientId, id: order.id, expectedVersion: 1 }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toContain("psych_clearance");

    const psych = await clinic.as(PSYCHOLOGIST);
    const deferred = await psych.clearances.record({ patientId, id: request.id, expectedVersion: 1, status: "deferred", rationale: "Complete the pain coping programme first." });
    expect((await statusOf()).byId.psych_clearance?.status).toBe("unknown");

    await psych.clearances.record({ patientId, id: request.id, expectedVersion: deferred.version, status: "cleared", rationale });
    const cleared = await statusOf();
    expect(cleared.byId.psych_clearance).toMatchObject({ status: "met" });
    expect(cleared.byId.psych_clearance?.evidence.map((e) => e.id)).toEqual([request.id]);
    expect(cleared.overall).toBe("candidate");

    const approved = await physician.procedures.approve({ patientId, id: order.id, expectedVersion: 1 });
    expect(approved).toMatchObject({ status: "approved", overrides: [] });
    expect(approved.candidacySnapshot).toMatchObject({ overall: "candidate" });
  });
});

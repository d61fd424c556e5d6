import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "@stepwise/domain";
import { findUserByEmail, insertRow, listAudit, schema } from "@stepwise/db";
import { createBlankPatient, createPatientUser, cutPatientAccess, failure, type Clinic } from "../test-support";
import { useSeededClinic } from "../test-clinic";

const clinic = useSeededClinic();
let achterberg: string;
let samuel: string;
beforeAll(async () => {
  achterberg = (await (await clinic.as("physician@stepwise.test")).patients.list({ search: "Achterberg" })).items[0]!.id;
  samuel = await linkedAccount(achterberg);
});

/** The patient's account: the demo one when the seed links it, otherwise one of the test's own. */
async function linkedAccount(patientId: string): Promise<string> {
  const demo = await findUserByEmail(clinic.handle.db, "patient@stepwise.test");
  if (demo) {
    const linked = await clinic.handle.db.query.patientAccounts?.findFirst?.({ where: (a, { eq }) => eq(a.userId, demo.id) });
    if (linked?.patientId === patientId && linked.revokedAt === null) return demo.email;
  }
  return createPatientUser(clinic, patientId);
}

describe("portal.plan", () => {
  it("shows the signed-in patient their own plan in plain words, and audits the read against them", async () => {
    const me = await clinic.as(samuel);
    const plan = await me.portal.plan();
    expect(plan.goals.map((g) => g.description)).toContain("Walk 30 minutes continuously on level ground");
    expect(plan.todo.homeExercises.map((h) => h.title)).toContain("Core stabilisation programme");
    expect(plan.careTeam.length).toBeGreaterThan(0);
    expect(plan.careTeam.every((m) => ["Pain doctor", "Physical therapist", "Psychologist", "Care coordinator"].includes(m.roleLabel))).toBe(true);
    // His psychologist's summary was written for the team: not marked for him, so not shown.
    expect(plan.sharedSummaries).toEqual([]);
    const [audit] = await listAudit(clinic.handle.db, { patientId: achterberg, action: "portal.plan" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "patient", actorId: await clinic.userId(samuel), patientId: achterberg });
  });

  it("answers NOT_FOUND to staff, to a revoked link and to a deactivated account — and audits each refusal", async () => {
    for (const email of ["physician@stepwise.test", "coordinator@stepwise.test", "admin@stepwise.test"]) {
      for (const call of [(c: Awaited<ReturnType<Clinic["as"]>>) => c.portal.plan(), (c: Awaited<ReturnType<Clinic["as"]>>) => c.portal.procedures(), (c: Awaited<ReturnType<Clinic["as"]>>) => c.portal.accessReport()]) {
        expect((await failure(call(await clinic.as(email)))).code).toBe("NOT_FOUND");
      }
    }
    for (const how of ["revoke_link", "deactivate_account"] as const) {
      const patientId = await createBlankPatient(clinic, ["physician@stepwise.test"]);
      const email = await createPatientUser(clinic, patientId, how);
      const caller = await clinic.as(email);
      await caller.portal.plan();
      await cutPatientAccess(clinic, email, how);
      expect((await failure(caller.portal.plan())).code).toBe("NOT_FOUND");
      const [refusal] = await listAudit(clinic.handle.db, { actorId: await clinic.userId(email), action: "portal.plan" });
      expect(refusal).toMatchObject({ outcome: "denied" });
    }
    await expect(clinic.anonymous().portal.plan()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("portal.procedures", () => {
  it("gives each order its handout and, for a booked block, the pain diary and the blood-thinner hold date", async () => {
    const patientId = await createBlankPatient(clinic, ["physician@stepwise.test", "psychologist@stepwise.test"]);
    const email = await createPatientUser(clinic, patientId, "blocks");
    const physicianId = await clinic.userId("physician@stepwise.test");
    const meta = { patientId, createdBy: physicianId, updatedBy: physicianId };
    await insertRow(clinic.handle.db, schema.medications, { ...meta, name: "Apixaban 5 mg", catalogKey: "apixaban", drugClass: "anticoagulant", doseMg: 5, timesPerDay: 2, route: "oral", startedAt: addDays(new Date(), -100) });
    const scheduledFor = addDays(new Date(), 10);
    const block = await insertRow(clinic.handle.db, schema.procedures, {
      ...meta,
      procedureType: "medial_branch_block",
      region: "cervical",
      level: "C5-C6",
      side: "right",
      indication: "Neck pain from the facet joints.",
      intent: "A test block.",
      expectedBenefit: "A few hours of relief if the joints are the source.",
      alternatives: "More exercise.",
      followUpPlan: "Pain diary for six hours.",
      status: "scheduled",
      scheduledFor,
      diagnostic: true,
    });
    const [order] = await (await clinic.as(email)).portal.procedures();
    expect(order).toMatchObject({ id: block.id, statusLabel: "Booked" });
    expect(order!.sections.map((s) => s.id)).toEqual(["why", "what", "benefit", "risks", "alternatives", "afterwards"]);
    expect(order!.sections[0]!.paragraphs).toEqual(["Neck pain from the facet joints."]);
    expect(order!.requests.map((r) => r.kind)).toEqual(["pain_diary", "blood_thinner"]);
    const hold = order!.requests[1]!;
    expect(hold.kind === "blood_thinner" && hold.holdFrom?.toISOString().slice(0, 10)).toBe(addDays(new Date(Date.UTC(scheduledFor.getUTCFullYear(), scheduledFor.getUTCMonth(), scheduledFor.getUTCDate())), -5).toISOString().slice(0, 10));
  });

  it("lists Samuel's own orders only", async () => {
    const orders = await (await clinic.as(samuel)).portal.procedures();
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.map((o) => o.label)).toContain("Radiofrequency ablation (medial branch)");
  });
});

describe("portal.accessReport", () => {
  it("names who looked at the record and how, without the patient's own use", async () => {
    await (await clinic.as("physician@stepwise.test")).carePlan.get({ patientId: achterberg });
    const me = await clinic.as(samuel);
    await me.portal.plan();
    const report = await me.portal.accessReport();
    const physician = await findUserByEmail(clinic.handle.db, "physician@stepwise.test");
    expect(report.accesses.find((a) => a.who === physician!.name)).toMatchObject({ role: "Pain doctor", what: "Looked at your care plan", through: "As a member of your care team", emergency: false });
    expect(report.accesses.some((a) => a.role === "Clinic staff" || a.what.includes("portal"))).toBe(false);
    const [audit] = await listAudit(clinic.handle.db, { patientId: achterberg, action: "portal.accessReport" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "patient" });
  });
});

describe("psychotherapy notes never reach the patient", () => {
  it("neither the body nor the id nor the existence of a psychotherapy note appears in any portal output; a shared summary appears once marked", async () => {
    const patientId = await createBlankPatient(clinic, ["physician@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test"]);
    const email = await createPatientUser(clinic, patientId, "canary");
    const psych = await clinic.as("psychologist@stepwise.test");
    const canary = `CANARY-${crypto.randomUUID()}`;
    const secret = await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: `${canary} discussed in session` });
    const summary = await psych.psychNotes.create({ patientId, kind: "shared_summary", body: "Pacing is going well; keep the daily walks." });
    // Even a psychotherapy row wrongly marked for the patient stays out (filtered in SQL and in the domain).
    if (clinic.handle.pglite) await clinic.handle.pglite.query("update psych_notes set shared_with_patient = true where id = $1", [secret.id]);
    else await clinic.handle.pool!.query("update psych_notes set shared_with_patient = true where id = $1", [secret.id]);

    const me = await clinic.as(email);
    expect((await me.portal.plan()).sharedSummaries).toEqual([]);

    // Sharing: a psychotherapy note is refused exactly as a note that does not exist.
    const onSecret = await failure(psych.psychNotes.shareWithPatient({ patientId, noteId: secret.id, shared: true, version: 1 }));
    const onNothing = await failure(psych.psychNotes.shareWithPatient({ patientId, noteId: crypto.randomUUID(), shared: true, version: 1 }));
    expect([onSecret.code, onSecret.message]).toEqual([onNothing.code, onNothing.message]);
    expect(onSecret.code).toBe("NOT_FOUND");
    expect((await failure((await clinic.as("physician@stepwise.test")).psychNotes.shareWithPatient({ patientId, noteId: summary.id, shared: true, version: 1 }))).code).toBe("FORBIDDEN");

    const shared = await psych.psychNotes.shareWithPatient({ patientId, noteId: summary.id, shared: true, version: 1 });
    expect(shared).toMatchObject({ sharedWithPatient: true, version: 2 });
    expect((await failure(psych.psychNotes.shareWithPatient({ patientId, noteId: summary.id, shared: false, version: 1 }))).code).toBe("CONFLICT");

    const outputs = [await me.portal.plan(), await me.portal.procedures(), await me.portal.accessReport()];
    expect(outputs[0]).toMatchObject({ sharedSummaries: [{ id: summary.id, body: "Pacing is going well; keep the daily walks." }] });
    const wire = JSON.stringify(outputs);
    expect(wire).not.toContain(canary);
    expect(wire).not.toContain(secret.id);
    expect(wire).not.toMatch(/psychotherapy|private note/i);
  });
});

import { describe, expect, it } from "vitest";
import { listAudit, listEvents } from "@stepwise/db";
import { safetyFlagPolicy } from "@stepwise/domain";
import { createBlankPatient, demoEmails, failure } from "../test-support";
import { useSeededClinic } from "../test-clinic";

// §6.9 through the API: the self-harm flag reaches the whole team; any clinician records the
// response, which acknowledges it for everyone (named, dated); a later PHQ-9 with item 9 = 0 clears it.

const { PHYSICIAN, PT, PSYCH, COORD } = demoEmails;
const DAY = 86_400_000;

const clinic = useSeededClinic();

/** A blank patient whose PHQ-9 two days ago answered item 9 with 2. */
async function flaggedPatient() {
  const p = await createBlankPatient(clinic, [PHYSICIAN, PT, PSYCH, COORD]);
  const psych = await clinic.as(PSYCH, () => new Date(Date.now() - 2 * DAY));
  const phq9 = await psych.assessments.submit({ patientId: p, instrument: "phq9", responses: [1, 1, 1, 1, 1, 1, 0, 0, 2] });
  return { p, phq9 };
}

const response = (patientId: string, assessmentId: string) => ({
  patientId,
  assessmentId,
  contactMethod: "phone" as const,
  contactedAt: new Date(Date.now() - 3_600_000),
  riskAssessed: "low" as const,
  safetyPlanInPlace: true,
  referral: "Psychology review this week",
  notes: "Denies plan or intent; lives with partner.",
});

const selfHarmOf = (flags: { code: string }[]) => flags.find((f) => f.code === "safety_self_harm");

describe("safetyResponses.record", () => {
  it("the flag is urgent and first on every team member's list and plan before anyone responds", async () => {
    const { p } = await flaggedPatient();
    for (const email of [PHYSICIAN, PT, PSYCH, COORD]) {
      const caller = await clinic.as(email);
      const entry = (await caller.worklist.mine({ limit: 100 })).items.find((e) => e.id === p);
      expect(entry?.flags[0], email).toMatchObject({ code: "safety_self_harm", severity: "urgent", acknowledgement: null });
      const plan = await caller.carePlan.get({ patientId: p });
      expect(plan.flags[0], email).toMatchObject({ code: "safety_self_harm", severity: "urgent", policyId: safetyFlagPolicy.id });
    }
  });

  it("the PT records the response: a row, a plan event and an audit row; every role then sees 'acknowledged by' the PT with the time, de-emphasised", async () => {
    const { p, phq9 } = await flaggedPatient();
    const pt = await clinic.as(PT);
    const row = await pt.safetyResponses.record(response(p, phq9.id));
    const ptId = await clinic.userId(PT);
    expect(row).toMatchObject({ patientId: p, assessmentId: phq9.id, contactMethod: "phone", riskAssessed: "low", safetyPlanInPlace: true, createdBy: ptId });
    const [event] = await listEvents(clinic.handle.db, { patientId: p, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ entityType: "safety_response", entityId: row.id, eventType: "safety_response.recorded", summary: "Self-harm flag acknowledged: patient contacted by phone, risk low, safety plan in place" });
    const [audit] = await listAudit(clinic.handle.db, { patientId: p, action: "safetyResponses.record" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "safety_response", entityId: row.id });

    for (const email of [PHYSICIAN, PT, PSYCH, COORD]) {
      const caller = await clinic.as(email);
      const flag = selfHarmOf((await caller.carePlan.get({ patientId: p })).flags) as { severity: string; acknowledgement?: { byName: string | null; byId: string; at: Date } } | undefined;
      expect(flag, email).toMatchObject({ severity: "high", acknowledgement: { byId: ptId, byName: expect.any(String), at: row.createdAt } });
      const entry = (await caller.worklist.mine({ limit: 100 })).items.find((e) => e.id === p);
      expect(entry?.flags[0], email).toMatchObject({ code: "safety_self_harm", severity: "high", acknowledgement: { byId: ptId } });
    }
  });

  it("the coordinator may not record a response (matrix: clinicians only) — FORBIDDEN, nothing written; a physician and a psychologist may", async () => {
    const { p, phq9 } = await flaggedPatient();
    const denied = await failure((await clinic.as(COORD)).safetyResponses.record(response(p, phq9.id)));
    expect(denied.code).toBe("FORBIDDEN");
    expect(selfHarmOf((await (await clinic.as(PHYSICIAN)).carePlan.get({ patientId: p })).flags)).toMatchObject({ severity: "urgent" });
    await (await clinic.as(PHYSICIAN)).safetyResponses.record(response(p, phq9.id));
    await (await clinic.as(PSYCH)).safetyResponses.record({ ...response(p, phq9.id), contactMethod: "in_person" });
  });

  it("'unable to reach' is recorded and shown, but the flag stays urgent", async () => {
    const { p, phq9 } = await flaggedPatient();
    await (await clinic.as(PT)).safetyResponses.record({ ...response(p, phq9.id), contactMethod: "unable_to_reach", riskAssessed: null, safetyPlanInPlace: false, referral: null });
    const flag = selfHarmOf((await (await clinic.as(PHYSICIAN)).carePlan.get({ patientId: p })).flags);
    expect(flag).toMatchObject({ severity: "urgent", acknowledgement: { contactMethod: "unable_to_reach" } });
  });

  it("refuses a response to a superseded PHQ-9 or when no flag is open (PRECONDITION_FAILED), and a contact before the PHQ-9 (BAD_REQUEST)", async () => {
    const { p, phq9 } = await flaggedPatient();
    const pt = await clinic.as(PT);
    const early = await failure(pt.safetyResponses.record({ ...response(p, phq9.id), contactedAt: new Date(Date.now() - 5 * DAY) }));
    expect([early.code, early.message]).toEqual(["BAD_REQUEST", "the contact cannot be before the PHQ-9 it responds to"]);
    const psych = await clinic.as(PSYCH, () => new Date(Date.now() - DAY));
    const later = await psych.assessments.submit({ patientId: p, instrument: "phq9", responses: [1, 1, 1, 1, 1, 1, 0, 0, 1] });
    expect((await failure(pt.safetyResponses.record(response(p, phq9.id)))).code).toBe("PRECONDITION_FAILED");
    await pt.safetyResponses.record(response(p, later.id));
    await (await clinic.as(PSYCH)).assessments.submit({ patientId: p, instrument: "phq9", responses: [1, 1, 1, 1, 1, 1, 0, 0, 0] });
    // Item 9 = 0 on the latest PHQ-9: the flag is gone for everyone, and there is nothing to respond to.
    expect(selfHarmOf((await (await clinic.as(COORD)).carePlan.get({ patientId: p })).flags)).toBeUndefined();
    const none = await failure(pt.safetyResponses.record(response(p, later.id)));
    expect(none.code).toBe("PRECONDITION_FAILED");
  });

  it("a clinician outside the care team does not see the patient at all (NOT_FOUND, as everywhere)", async () => {
    const { p, phq9 } = await flaggedPatient();
    const outsider = await clinic.as(demoEmails.PT2);
    expect((await failure(outsider.safetyResponses.record(response(p, phq9.id)))).code).toBe("NOT_FOUND");
  });
});

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { beginMfaEnrolment, confirmMfaEnrolment, hashPassword, totpCode } from "@stepwise/auth";
import { demoPassword, findUserByEmail, insertRow, listAudit, schema } from "@stepwise/db";
import { redactAuditDetail, TEXT_WITHHELD } from "@stepwise/domain";
import { createBlankPatient } from "../test-support";
import { useSeededClinic } from "../test-clinic";

/**
 * Break-the-glass: a clinician outside the care team opens one patient for a declared reason,
 * with the password typed again; 60 minutes, read-only unless a clinical emergency, never
 * psychotherapy notes, announced to the team, audited through the grant, reviewed afterwards.
 */

const SECRET = "SECRET-PSYCHOTHERAPY-5d1e: disclosed history, author's eyes only.";
const FORMER_PSYCHOLOGIST = "psychologist3@stepwise.test";
const LOCKABLE = "locum@stepwise.test";
const WITH_MFA = "mfa-locum@stepwise.test";
const reasonText = "Covering the weekend on-call; patient phoned about a flare.";

const clinic = useSeededClinic();
let patientId: string;
let mrn: string;
let familyName: string;
/** The real time unless a test moves it (audit rows carry the database's own time). */
let moved: Date | null = null;
const now = () => moved ?? new Date();

const as = (email: string) => clinic.as(email, now);

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

async function auditRows(actorEmail: string) {
  const actorId = await clinic.userId(actorEmail);
  return listAudit(clinic.handle.db, { actorId, limit: 500 } as Parameters<typeof listAudit>[1]);
}

beforeAll(async () => {
  const db = clinic.handle.db;
  for (const [email, name, role] of [
    [FORMER_PSYCHOLOGIST, "Dr. Former Psychologist", "psychologist"],
    [LOCKABLE, "Dr. Locum Physician", "physician"],
    [WITH_MFA, "Dr. Two Factor", "physician"],
  ] as const) {
    await insertRow(db, schema.users, { email, name, role, passwordHash: await hashPassword(demoPassword) });
  }
  patientId = await createBlankPatient(clinic, ["physician@stepwise.test", "pt@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test", FORMER_PSYCHOLOGIST]);
  const patient = await (await as("coordinator@stepwise.test")).patients.get({ patientId });
  mrn = patient.mrn;
  familyName = patient.familyName;
  // A psychotherapy note written while on the team; then its author leaves the team.
  const former = await as(FORMER_PSYCHOLOGIST);
  await former.psychNotes.create({ patientId, kind: "psychotherapy", body: SECRET });
  await former.psychNotes.create({ patientId, kind: "shared_summary", body: "Shared summary: pacing and graded activity are helping." });
  await (await as("coordinator@stepwise.test")).careTeam.remove({ patientId, userId: await clinic.userId(FORMER_PSYCHOLOGIST) });
});

describe("lookup: exact only, no browsing", () => {
  it("finds by exact MRN, or by full names (any case) with the birth date; nothing partial", async () => {
    const reyes = await as("physician2@stepwise.test");
    const byMrn = await reyes.emergencyAccess.lookup({ mrn });
    expect(byMrn.found).toEqual({ id: patientId, givenName: "Test", familyName, dateOfBirth: "1970-01-01", mrn });
    expect(byMrn.access).toBe("none");
    expect(Object.keys(byMrn.found!).sort()).toEqual(["dateOfBirth", "familyName", "givenName", "id", "mrn"]);

    const byName = await reyes.emergencyAccess.lookup({ givenName: "TEST", familyName: familyName.toLowerCase(), dateOfBirth: "1970-01-01" });
    expect(byName.found?.id).toBe(patientId);

    expect((await reyes.emergencyAccess.lookup({ mrn: mrn.slice(0, -1) })).found).toBeNull();
    expect((await reyes.emergencyAccess.lookup({ givenName: "Test", familyName: familyName.slice(0, -2), dateOfBirth: "1970-01-01" })).found).toBeNull();
    expect((await reyes.emergencyAccess.lookup({ givenName: "Test", familyName, dateOfBirth: "1970-01-02" })).found).toBeNull();
    expect(await codeOf(() => reyes.emergencyAccess.lookup({ familyName, dateOfBirth: "1970-01-01" } as never))).toBe("BAD_REQUEST");
  });

  it("says when the caller is already on the care team", async () => {
    const okafor = await as("physician@stepwise.test");
    expect((await okafor.emergencyAccess.lookup({ mrn })).access).toBe("care_team");
  });

  it("is refused to the coordinator and the admin, who do not break the glass", async () => {
    expect(await codeOf(async () => (await as("coordinator@stepwise.test")).emergencyAccess.lookup({ mrn }))).toBe("FORBIDDEN");
    expect(await codeOf(async () => (await as("admin@stepwise.test")).emergencyAccess.lookup({ mrn }))).toBe("FORBIDDEN");
  });

  it("is audited against the patient found, its search terms withheld from the admin's viewer", async () => {
    const rows = (await auditRows("physician2@stepwise.test")).filter((r) => r.action === "emergencyAccess.lookup" && r.patientId === patientId);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const shown = redactAuditDetail(rows[0]!.detail);
    expect(shown?.search).toBe(TEXT_WITHHELD);
    expect(JSON.stringify(shown)).not.toContain(familyName);
  });
});

describe("opening a grant", () => {
  it("a non-member gets NOT_FOUND before any grant", async () => {
    const reyes = await as("physician2@stepwise.test");
    expect(await codeOf(() => reyes.carePlan.get({ patientId }))).toBe("NOT_FOUND");
  });

  it("a wrong password is refused, audited and counted like a failed sign-in — five lock the account", async () => {
    const locum = await as(LOCKABLE);
    for (let i = 0; i < 4; i++) {
      expect(await codeOf(() => locum.emergencyAccess.open({ patientId, reason: "other", reasonText, password: "not-the-password" }))).toBe("FORBIDDEN");
    }
    const counted = (await auditRows(LOCKABLE)).find((r) => r.action === "emergencyAccess.open" && r.detail?.kind === "password_reentry");
    expect(counted?.detail).toMatchObject({ reason: "invalid", failedCount: 4 });
    await expect(locum.emergencyAccess.open({ patientId, reason: "other", reasonText, password: "not-the-password" })).rejects.toThrow(/locked/i);
    // Locked now: even the right password is refused, and so is the sign-in form.
    await expect(locum.emergencyAccess.open({ patientId, reason: "other", reasonText, password: demoPassword })).rejects.toThrow(/locked/i);
    const { authenticate } = await import("@stepwise/auth");
    expect(await authenticate(clinic.handle.db, { email: LOCKABLE, password: demoPassword }, now())).toMatchObject({ ok: false, reason: "locked" });
    const denied = (await auditRows(LOCKABLE)).filter((r) => r.action === "emergencyAccess.open" && r.outcome === "denied");
    expect(denied.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(denied.map((r) => r.detail))).not.toContain("not-the-password");
    expect((await (await as("admin@stepwise.test")).emergencyAccess.reviewQueue()).some((g) => g.holder.name === "Dr. Locum Physician")).toBe(false);
  });

  it("the coordinator may not open one", async () => {
    const kim = await as("coordinator@stepwise.test");
    expect(await codeOf(() => kim.emergencyAccess.open({ patientId, reason: "other", reasonText, password: demoPassword }))).toBe("FORBIDDEN");
  });

  it("a care-team member does not need one", async () => {
    const okafor = await as("physician@stepwise.test");
    expect(await codeOf(() => okafor.emergencyAccess.open({ patientId, reason: "other", reasonText, password: demoPassword }))).toBe("CONFLICT");
  });

  it("with two-factor sign-in, the code is required and checked", async () => {
    const user = (await findUserByEmail(clinic.handle.db, WITH_MFA))!;
    const enrolledAt = now();
    const enrolment = (await beginMfaEnrolment(clinic.handle.db, user, enrolledAt))!;
    expect((await confirmMfaEnrolment(clinic.handle.db, user.id, totpCode(enrolment.secret, enrolledAt), enrolledAt)).ok).toBe(true);
    const caller = await as(WITH_MFA);
    const input = { patientId, reason: "urgent_consultation" as const, reasonText, password: demoPassword };
    await expect(caller.emergencyAccess.open(input)).rejects.toThrow(/code/i);
    await expect(caller.emergencyAccess.open({ ...input, code: "000000" === totpCode(enrolment.secret, enrolledAt) ? "111111" : "000000" })).rejects.toThrow(/code/i);
    // The next time step's code (the enrolment's own step is spent).
    moved = new Date(enrolledAt.getTime() + 60_000);
    try {
      const grant = await caller.emergencyAccess.open({ ...input, code: totpCode(enrolment.secret, moved) });
      expect(grant.emergency).toBe(false);
      await caller.emergencyAccess.end({ grantId: grant.id });
    } finally {
      moved = null;
    }
  });
});

describe("a read-only grant (urgent consultation)", () => {
  let grantId: string;
  let expiresAt: Date;
  beforeAll(async () => {
    const reyes = await as("physician2@stepwise.test");
    const grant = await reyes.emergencyAccess.open({ patientId, reason: "urgent_consultation", reasonText, password: demoPassword });
    grantId = grant.id;
    expect(grant.emergency).toBe(false);
    expect(grant.expiresAt.getTime() - grant.grantedAt.getTime()).toBe(60 * 60_000);
    expiresAt = grant.expiresAt;
  });

  it("reads the plan, with write controls off", async () => {
    const reyes = await as("physician2@stepwise.test");
    const plan = await reyes.carePlan.get({ patientId });
    expect(plan.viewer.allowed["carePlan.read"]).toBe(true);
    expect(plan.viewer.allowed["medication.create"]).toBe(false);
    expect(plan.viewer.allowed["psychNote.readPsychotherapy"]).toBe(false);
    expect((await reyes.patients.get({ patientId })).id).toBe(patientId);
    expect((await reyes.emergencyAccess.lookup({ mrn })).access).toBe("emergency_access");
  });

  it("refuses every write (FORBIDDEN, audited through the grant)", async () => {
    const reyes = await as("physician2@stepwise.test");
    expect(await codeOf(() => reyes.problems.create({ patientId, description: "Lumbar radiculopathy", status: "active" } as never))).toBe("FORBIDDEN");
    expect(await codeOf(() => reyes.comments.create({ patientId, targetType: "care_plan", targetId: patientId, body: "A comment" } as never))).toBe("FORBIDDEN");
    const refused = (await auditRows("physician2@stepwise.test")).filter((r) => r.patientId === patientId && r.outcome === "denied" && r.detail?.grantId === grantId);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((r) => r.detail?.through === "emergency_access")).toBe(true);
  });

  it("every read is audited through the grant", async () => {
    const rows = (await auditRows("physician2@stepwise.test")).filter((r) => r.patientId === patientId && r.action === "carePlan.get" && r.outcome === "success");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.detail).toMatchObject({ through: "emergency_access", grantId });
  });

  it("the care team sees who, until when and why; the holder sees their own", async () => {
    const okafor = await as("physician@stepwise.test");
    const seen = await okafor.emergencyAccess.forPatient({ patientId });
    expect(seen).toEqual([expect.objectContaining({ id: grantId, holderName: "Dr. Daniel Reyes", reason: "urgent_consultation", mine: false, emergency: false })]);
    const reyes = await as("physician2@stepwise.test");
    expect((await reyes.emergencyAccess.forPatient({ patientId }))[0]?.mine).toBe(true);
    const timeline = await okafor.timeline.list({ patientId, limit: 50 });
    expect(timeline.items.some((e) => e.eventType === "emergency_access.opened" && e.entityId === grantId)).toBe(true);
  });

  it("is NOT_FOUND again once expired, audited as before", async () => {
    moved = expiresAt;
    try {
      const reyes = await as("physician2@stepwise.test");
      expect(await codeOf(() => reyes.carePlan.get({ patientId }))).toBe("NOT_FOUND");
      const last = (await auditRows("physician2@stepwise.test")).find((r) => r.patientId === patientId && r.action === "carePlan.get");
      expect(last).toMatchObject({ outcome: "denied", detail: { reason: "not_on_care_team" } });
    } finally {
      moved = null;
    }
  });
});

describe("an emergency grant", () => {
  it("allows the role's own writes, not another role's, and ends early at the holder's word", async () => {
    const priya = await as("pt2@stepwise.test");
    const grant = await priya.emergencyAccess.open({ patientId, reason: "clinical_emergency", reasonText, password: demoPassword });
    expect(grant.emergency).toBe(true);
    const session = await priya.therapySessions.log({ patientId, idempotencyKey: randomUUID(), sessionDate: "2026-03-02", attendance: "attended", minutes: 30 });
    expect(session.id).toBeTruthy();
    // The physician's write stays the physician's: a grant gives no more than the role has.
    const problem = {
      patientId,
      diagnosis: "Lumbar radiculopathy",
      bodySite: "lower back and right leg",
      laterality: "right" as const,
      level: "L5-S1" as const,
      painGenerator: "nerve_root" as const,
      painPattern: "neuropathic" as const,
      onsetDate: new Date("2025-01-10T00:00:00Z"),
      imagingFindings: null,
      imagingConcordant: null,
      findings: [] as never[],
    };
    expect(await codeOf(() => priya.problems.create(problem))).toBe("FORBIDDEN");
    const refusal = (await auditRows("pt2@stepwise.test")).find((r) => r.action === "problems.create");
    expect(refusal).toMatchObject({ outcome: "denied", detail: { code: "FORBIDDEN", through: "emergency_access", grantId: grant.id } });
    const write = (await auditRows("pt2@stepwise.test")).find((r) => r.action === "therapySessions.log" && r.outcome === "success");
    expect(write?.detail).toMatchObject({ through: "emergency_access", grantId: grant.id });

    await priya.emergencyAccess.end({ grantId: grant.id });
    expect(await codeOf(() => priya.carePlan.get({ patientId }))).toBe("NOT_FOUND");
    expect(await codeOf(() => priya.emergencyAccess.end({ grantId: grant.id }))).toBe("NOT_FOUND");
  });
});

describe("psychotherapy notes are never part of a grant", () => {
  it("not even for a psychologist with an emergency grant who wrote the note", async () => {
    const former = await as(FORMER_PSYCHOLOGIST);
    const grant = await former.emergencyAccess.open({ patientId, reason: "clinical_emergency", reasonText, password: demoPassword });
    const notes = await former.psychNotes.list({ patientId, limit: 50 });
    expect(notes.map((n) => n.kind)).toEqual(["shared_summary"]);
    const plan = await former.carePlan.get({ patientId });
    const timeline = await former.timeline.list({ patientId, limit: 100 });
    for (const value of [notes, plan, timeline]) expect(JSON.stringify(value)).not.toContain(SECRET);
    expect(timeline.items.some((e) => e.private)).toBe(false);
    expect(plan.psychNotes.some((n) => n.kind === "psychotherapy")).toBe(false);
    await former.emergencyAccess.end({ grantId: grant.id });
    // Back on the team's terms: the author alone reads it (checked by the team's psychologist not seeing it).
    const brooks = await as("psychologist@stepwise.test");
    expect(JSON.stringify(await brooks.psychNotes.list({ patientId, limit: 50 }))).not.toContain(SECRET);
  });
});

describe("review queue", () => {
  it("lists unreviewed uses with what was done; the coordinator reviews with a note; once only", async () => {
    const kim = await as("coordinator@stepwise.test");
    const queue = await kim.emergencyAccess.reviewQueue();
    const mine = queue.filter((g) => g.patient.id === patientId);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    const reyes = mine.find((g) => g.holder.name === "Dr. Daniel Reyes")!;
    expect(reyes).toMatchObject({ reason: "urgent_consultation", reasonText, emergency: false });
    expect(reyes.activity.map((a) => a.action)).toEqual(expect.arrayContaining(["emergencyAccess.open", "carePlan.get"]));
    expect(await codeOf(() => kim.emergencyAccess.review({ grantId: reyes.id, expectedVersion: reyes.version, note: "" }))).toBe("BAD_REQUEST");
    const reviewed = await kim.emergencyAccess.review({ grantId: reyes.id, expectedVersion: reyes.version, note: "Confirmed with Dr. Okafor: covering on-call." });
    expect(reviewed.reviewedAt).toBeTruthy();
    expect(await codeOf(() => kim.emergencyAccess.review({ grantId: reyes.id, expectedVersion: reviewed.version, note: "Again." }))).toBe("CONFLICT");
    expect((await kim.emergencyAccess.reviewQueue()).some((g) => g.id === reyes.id)).toBe(false);
  });

  it("the admin sees every patient's; a coordinator not on the team sees none and may not review", async () => {
    const admin = await as("admin@stepwise.test");
    const queue = await admin.emergencyAccess.reviewQueue();
    const pending = queue.find((g) => g.patient.id === patientId)!;
    expect(pending).toBeTruthy();
    await insertRow(clinic.handle.db, schema.users, { email: "coordinator9@stepwise.test", name: "Other Coordinator", role: "coordinator", passwordHash: await hashPassword(demoPassword) });
    const other = await as("coordinator9@stepwise.test");
    expect((await other.emergencyAccess.reviewQueue()).some((g) => g.patient.id === patientId)).toBe(false);
    expect(await codeOf(() => other.emergencyAccess.review({ grantId: pending.id, expectedVersion: pending.version, note: "Looks fine to me." }))).toBe("NOT_FOUND");
    expect(await codeOf(async () => (await as("physician@stepwise.test")).emergencyAccess.reviewQueue())).toBe("FORBIDDEN");
  });
});

describe("access report", () => {
  it("lists the grant holder's reads as through emergency access", async () => {
    const kim = await as("coordinator@stepwise.test");
    const report = await kim.audit.patientReport({ patientId });
    const reyes = report.users.find((u) => u.actorName === "Dr. Daniel Reyes");
    expect(reyes?.through).toEqual(["emergency_access"]);
    expect(report.accesses.some((a) => a.actorName === "Dr. Daniel Reyes" && a.action === "carePlan.get" && a.through === "emergency_access")).toBe(true);
    const okafor = report.users.find((u) => u.actorName === "Dr. Maya Okafor");
    expect(okafor?.through).toEqual(["care_team"]);
  });

  it("the admin's audit viewer shows through and the grant, never the reason text", async () => {
    const admin = await as("admin@stepwise.test");
    const page = await admin.admin.audit({ patientId, limit: 200 } as never);
    const open = page.items.find((r) => r.action === "emergencyAccess.open" && r.outcome === "success");
    expect(open?.detail).toMatchObject({ through: "emergency_access", emergencyReason: expect.any(String) });
    expect(JSON.stringify(page.items)).not.toContain(reasonText);
  });
});

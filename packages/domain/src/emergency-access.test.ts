import { describe, expect, it } from "vitest";
import {
  decideGrantUse,
  emergencyAccessPolicy,
  emergencyLookupInputSchema,
  grantExpiry,
  isGrantActive,
  isReadAction,
  mayBreakGlass,
  NO_PRIVATE_READER,
  openEmergencyAccessInputSchema,
  privateReaderId,
  reasonAllowsWriting,
} from "./emergency-access";
import { listActions } from "./permissions";

const readOnly = { emergency: false };
const emergency = { emergency: true };

describe("who may break the glass", () => {
  it("the clinicians who treat, not the coordinator or the admin", () => {
    expect(mayBreakGlass("physician")).toBe(true);
    expect(mayBreakGlass("physical_therapist")).toBe(true);
    expect(mayBreakGlass("psychologist")).toBe(true);
    expect(mayBreakGlass("coordinator")).toBe(false);
    expect(mayBreakGlass("admin")).toBe(false);
  });
});

describe("what a grant allows", () => {
  it("reads for every reason; writes only with a clinical emergency", () => {
    expect(decideGrantUse(readOnly, "physician", { write: false, action: "carePlan.read" }).allowed).toBe(true);
    expect(decideGrantUse(readOnly, "physician", { write: true, action: "medication.create" })).toEqual({ allowed: false, reason: "Emergency access for this reason is read-only" });
    expect(decideGrantUse(emergency, "physician", { write: true, action: "medication.create" }).allowed).toBe(true);
    expect(reasonAllowsWriting("clinical_emergency")).toBe(true);
    for (const r of ["covering_absent_clinician", "urgent_consultation", "urgent_medication_or_safety", "other"] as const) expect(reasonAllowsWriting(r)).toBe(false);
  });

  it("never psychotherapy notes, for any grant and any role (the psychologist included)", () => {
    for (const grant of [readOnly, emergency]) {
      for (const role of ["physician", "physical_therapist", "psychologist"] as const) {
        expect(decideGrantUse(grant, role, { write: false, action: "psychNote.readPsychotherapy" }).allowed).toBe(false);
      }
    }
  });

  it("nothing for a role that may not break the glass", () => {
    expect(decideGrantUse(emergency, "coordinator", { write: false, action: "carePlan.read" }).allowed).toBe(false);
    expect(decideGrantUse(emergency, "admin", { write: false }).allowed).toBe(false);
  });

  it("private rows match no reader under a grant", () => {
    const user = "11111111-1111-4111-8111-111111111111";
    expect(privateReaderId({ kind: "care_team" }, user)).toBe(user);
    expect(privateReaderId({ kind: "grant", grantId: "22222222-2222-4222-8222-222222222222", emergency: true, expiresAt: new Date() }, user)).toBe(NO_PRIVATE_READER);
  });

  it("read actions are told from writes", () => {
    const reads = listActions().filter(isReadAction);
    expect(reads).toContain("carePlan.read");
    expect(reads).toContain("psychNote.readSharedSummary");
    expect(reads).not.toContain("comment.create");
    expect(reads).not.toContain("careTeam.manage");
  });
});

describe("grant times", () => {
  const at = new Date("2026-03-02T13:30:00Z");
  it("lasts the policy's 60 minutes; ended or expired grants are not active", () => {
    const expiresAt = grantExpiry(at);
    expect(emergencyAccessPolicy.grantMinutes).toBe(60);
    expect(expiresAt.toISOString()).toBe("2026-03-02T14:30:00.000Z");
    expect(isGrantActive({ expiresAt, endedAt: null }, new Date("2026-03-02T14:29:59Z"))).toBe(true);
    expect(isGrantActive({ expiresAt, endedAt: null }, expiresAt)).toBe(false);
    expect(isGrantActive({ expiresAt, endedAt: new Date("2026-03-02T13:40:00Z") }, new Date("2026-03-02T13:41:00Z"))).toBe(false);
  });
});

describe("inputs", () => {
  it("lookup: an MRN, or full names with a date of birth — never a partial search", () => {
    expect(emergencyLookupInputSchema.safeParse({ mrn: "MRN-1" }).success).toBe(true);
    expect(emergencyLookupInputSchema.safeParse({ givenName: "Ann", familyName: "Lee", dateOfBirth: "1970-01-02" }).success).toBe(true);
    expect(emergencyLookupInputSchema.safeParse({ givenName: "Ann", familyName: "Lee" }).success).toBe(false);
    expect(emergencyLookupInputSchema.safeParse({ familyName: "Lee", dateOfBirth: "1970-01-02" }).success).toBe(false);
    expect(emergencyLookupInputSchema.safeParse({ mrn: "" }).success).toBe(false);
  });

  it("open: the free text must say enough", () => {
    const base = { patientId: "11111111-1111-4111-8111-111111111111", reason: "other", password: "x" };
    expect(openEmergencyAccessInputSchema.safeParse({ ...base, reasonText: "too short" }).success).toBe(false);
    expect(openEmergencyAccessInputSchema.safeParse({ ...base, reasonText: "Patient called the on-call line with new weakness" }).success).toBe(true);
  });
});

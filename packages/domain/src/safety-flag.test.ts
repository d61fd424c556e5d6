import { describe, expect, it } from "vitest";
import type { SafetyResponse } from "./clinical-v2";
import { computeFlags, type Flag } from "./flags";
import type { Role } from "./roles";
import { acknowledgerIds, nameAcknowledgements, recordSafetyResponseInputSchema, safetyFlagPolicy, selfHarmState } from "./safety-flag";
import { assessment, daysAgo, NOW, PATIENT, PT_ID, record, uid } from "./test-fixtures";
import { flagsForRole } from "./worklist";

// clinical-reference.md §6.9. NOW = 2026-06-01T12:00Z.
const positive = assessment("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 2], daysAgo(2)); // item 9 = 2 on 2026-05-30
const response = (assessmentId: string, overrides: Partial<SafetyResponse> = {}): SafetyResponse => ({
  id: uid(),
  patientId: PATIENT,
  assessmentId,
  contactMethod: "phone",
  contactedAt: daysAgo(1),
  riskAssessed: "low",
  safetyPlanInPlace: true,
  referral: null,
  notes: null,
  createdBy: PT_ID,
  createdAt: daysAgo(1),
  ...overrides,
});
const selfHarm = (flags: Flag[]) => flags.find((f) => f.code === "safety_self_harm");
const team: Role[] = ["physician", "physical_therapist", "psychologist", "coordinator"];

describe("self-harm flag (§6.9)", () => {
  it("PHQ-9 item 9 = 2 on 2026-05-30, no response → urgent, to every care-team role, first on each role's list", () => {
    const flags = computeFlags(record({ assessments: [positive] }), NOW);
    expect(selfHarm(flags)).toMatchObject({ severity: "urgent", audience: team, agenda: true, policyId: safetyFlagPolicy.id });
    expect(selfHarm(flags)?.message).toBe("Safety: PHQ-9 item 9 (self-harm) answered 2 on 2026-05-30 — contact the patient today");
    expect(selfHarm(flags)?.acknowledgement).toBeUndefined();
    for (const role of team) expect(flagsForRole(flags, role)[0]?.code, role).toBe("safety_self_harm");
    expect(flagsForRole(flags, "admin")).toEqual([]);
  });

  it("a phone response on 2026-05-31 (risk low, safety plan) acknowledges it: severity high, who/when/what carried, still on every list", () => {
    const r = response(positive.id);
    const flags = computeFlags(record({ assessments: [positive], safetyResponses: [r] }), NOW);
    const flag = selfHarm(flags);
    expect(flag).toMatchObject({ severity: "high", acknowledgement: { responseId: r.id, byId: PT_ID, byName: null, at: daysAgo(1), contactMethod: "phone", riskAssessed: "low", safetyPlanInPlace: true } });
    expect(flag?.message).toBe("Safety: PHQ-9 item 9 (self-harm) answered 2 on 2026-05-30 — responded: contacted by phone 2026-05-31, risk assessed low, safety plan in place");
    expect(flag?.evidence.map((e) => e.kind)).toEqual(["assessment", "safety_response"]);
    for (const role of team) expect(flagsForRole(flags, role).map((f) => f.code), role).toContain("safety_self_harm");
  });

  it("the latest of two responses is the one shown; 'unable to reach' (with a crisis-line referral) keeps the flag urgent", () => {
    const later = response(positive.id, { contactMethod: "unable_to_reach", riskAssessed: null, safetyPlanInPlace: false, referral: "crisis line", createdAt: daysAgo(0.5), contactedAt: daysAgo(0.5) });
    const state = selfHarmState([positive], [response(positive.id), later], NOW);
    expect(state?.acknowledgement?.responseId).toBe(later.id);
    const flag = selfHarm(computeFlags(record({ assessments: [positive], safetyResponses: [response(positive.id), later] }), NOW));
    // Not reached: shown with who tried and when, but it stays urgent.
    expect(flag?.severity).toBe("urgent");
    expect(flag?.message).toBe("Safety: PHQ-9 item 9 (self-harm) answered 2 on 2026-05-30 — responded: contact attempted 2026-06-01, unable to reach, risk not assessed, no safety plan yet, referral: crisis line");
  });

  it("a later PHQ-9 (2026-06-01) with item 9 = 0 clears the flag, responded or not", () => {
    const clear = assessment("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 0], daysAgo(0));
    expect(selfHarm(computeFlags(record({ assessments: [positive, clear] }), NOW))).toBeUndefined();
    expect(selfHarm(computeFlags(record({ assessments: [positive, clear], safetyResponses: [response(positive.id)] }), NOW))).toBeUndefined();
  });

  it("a later PHQ-9 with item 9 = 1 is a new flag: the response to the earlier one does not acknowledge it (urgent again)", () => {
    const again = assessment("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 1], daysAgo(0));
    const flag = selfHarm(computeFlags(record({ assessments: [positive, again], safetyResponses: [response(positive.id)] }), NOW));
    expect(flag).toMatchObject({ severity: "urgent" });
    expect(flag?.acknowledgement).toBeUndefined();
  });

  it("names the responder from the directory: PT_ID → 'Jordan Lee (PT)'; unknown ids stay null", () => {
    const flags = computeFlags(record({ assessments: [positive], safetyResponses: [response(positive.id)] }), NOW);
    expect(acknowledgerIds(flags)).toEqual([PT_ID]);
    expect(selfHarm(nameAcknowledgements(flags, new Map([[PT_ID, "Jordan Lee (PT)"]])))?.acknowledgement?.byName).toBe("Jordan Lee (PT)");
    expect(selfHarm(nameAcknowledgements(flags, new Map()))?.acknowledgement?.byName).toBeNull();
  });
});

describe("recording a response: input (§6.9)", () => {
  const base = { patientId: PATIENT, assessmentId: positive.id, contactMethod: "phone", contactedAt: "2026-05-31", riskAssessed: "low", safetyPlanInPlace: true };
  it("accepts a phone contact on 2026-05-31 with risk low, referral and notes defaulting to null", () => {
    expect(recordSafetyResponseInputSchema.parse(base)).toMatchObject({ contactedAt: new Date("2026-05-31"), referral: null, notes: null });
  });
  it("refuses a risk level when the patient was not reached, and unknown keys", () => {
    expect(recordSafetyResponseInputSchema.safeParse({ ...base, contactMethod: "unable_to_reach" }).success).toBe(false);
    expect(recordSafetyResponseInputSchema.safeParse({ ...base, contactMethod: "unable_to_reach", riskAssessed: null }).success).toBe(true);
    expect(recordSafetyResponseInputSchema.safeParse({ ...base, acknowledged: true }).success).toBe(false);
  });
});

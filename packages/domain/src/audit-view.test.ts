import { describe, expect, it } from "vitest";
import { accessThrough, mayReadAccessReport, patientAccessReportInputSchema, redactAuditDetail, summarizeAccess, TEXT_WITHHELD } from "./audit-view";

const ID = "00000000-0000-4000-8000-000000000123";

describe("redactAuditDetail: an allow-list of safe detail keys", () => {
  it.each([
    ["an override reason", { criterionId: "diagnostic_blocks", reason: "Second block confounded by a flare; agreed at case conference." }, { criterionId: "diagnostic_blocks", reason: TEXT_WITHHELD }],
    ["a patient-name search", { search: "Hollis" }, { search: TEXT_WITHHELD }],
    ["a note or a cancel reason under any unknown key", { note: "Patient tearful today", cancelReason: "declined" }, { note: TEXT_WITHHELD, cancelReason: TEXT_WITHHELD }],
    ["a drug named as free text", { holdConfirmed: "my own words" }, { holdConfirmed: TEXT_WITHHELD }],
  ])("withholds %s", (_name, detail, expected) => {
    expect(redactAuditDetail(detail)).toEqual(expected);
  });

  it("shows ids, enums, versions, counts, flags and times", () => {
    const detail = { meetingIds: [ID], caseId: ID, to: "approved", overriddenCriteria: ["diagnostic_blocks"], revokedSessions: 2, active: false, signedOffAt: "2026-03-02T10:00:00.000Z", code: "FORBIDDEN" };
    expect(redactAuditDetail(detail)).toEqual(detail);
  });

  it("shows the gate's own refusal reasons and nothing else under `reason`", () => {
    expect(redactAuditDetail({ reason: "not_on_care_team" })).toEqual({ reason: "not_on_care_team" });
    expect(redactAuditDetail({ reason: "meeting_not_found" })).toEqual({ reason: "meeting_not_found" });
    expect(redactAuditDetail({ reason: "patient asked" })).toEqual({ reason: TEXT_WITHHELD });
  });

  it("withholds an allow-listed key whose value is not of its shape (prose under an enum key, text among ids)", () => {
    expect(redactAuditDetail({ to: "stopped because of nausea", meetingIds: [ID, "free text"], proposals: "three", active: "yes" })).toEqual({
      to: TEXT_WITHHELD,
      meetingIds: TEXT_WITHHELD,
      proposals: TEXT_WITHHELD,
      active: TEXT_WITHHELD,
    });
  });

  it("goes through the admin's own filter with the same list", () => {
    expect(redactAuditDetail({ filter: { patientId: ID, action: "patients.list", limit: 50, search: "Whitaker" } })).toEqual({ filter: { patientId: ID, action: "patients.list", limit: 50, search: TEXT_WITHHELD } });
  });

  it("keeps no detail as none, and an own __proto__ key as a plain withheld key", () => {
    expect(redactAuditDetail(null)).toBeNull();
    expect(redactAuditDetail(JSON.parse('{"__proto__": {"code": "x"}, "constructor": "y"}') as Record<string, unknown>)).toEqual(JSON.parse(`{"__proto__": "${TEXT_WITHHELD}", "constructor": "${TEXT_WITHHELD}"}`));
  });
});

describe("accessThrough", () => {
  it("is the care team for a clinician today, administration for the admin, and a path a row names when it names one", () => {
    expect(accessThrough({ actorRole: "physician", detail: null })).toBe("care_team");
    expect(accessThrough({ actorRole: "coordinator", detail: { search: "x" } })).toBe("care_team");
    expect(accessThrough({ actorRole: "admin", detail: null })).toBe("administration");
    expect(accessThrough({ actorRole: "physician", detail: { through: "emergency_grant" } })).toBe("emergency_grant");
  });
});

describe("summarizeAccess", () => {
  const at = (h: number) => new Date(Date.UTC(2026, 2, 2, h));
  it("one line per user with count, first, last, actions and paths; the most recent first", () => {
    const rows = [
      { actorId: "a", actorName: "Dr A", actorRole: "physician", action: "carePlan.get", at: at(9), through: "care_team" },
      { actorId: "b", actorName: "PT B", actorRole: "physical_therapist", action: "patients.list", at: at(11), through: "care_team" },
      { actorId: "a", actorName: "Dr A", actorRole: "physician", action: "goals.create", at: at(8), through: "care_team" },
      { actorId: "a", actorName: "Dr A", actorRole: "physician", action: "carePlan.get", at: at(10), through: "care_team" },
    ];
    expect(summarizeAccess(rows)).toEqual([
      { actorId: "b", actorName: "PT B", actorRole: "physical_therapist", accesses: 1, first: at(11), last: at(11), actions: ["patients.list"], through: ["care_team"] },
      { actorId: "a", actorName: "Dr A", actorRole: "physician", accesses: 3, first: at(8), last: at(10), actions: ["carePlan.get", "goals.create"], through: ["care_team"] },
    ]);
  });
});

describe("patientAccessReportInputSchema", () => {
  it("takes a patient and an optional period that does not run backwards", () => {
    expect(patientAccessReportInputSchema.safeParse({ patientId: ID }).success).toBe(true);
    expect(patientAccessReportInputSchema.safeParse({ patientId: ID, from: "2026-01-01", to: "2026-02-01" }).success).toBe(true);
    expect(patientAccessReportInputSchema.safeParse({ patientId: ID, from: "2026-02-01", to: "2026-01-01" }).error?.issues[0]?.path).toEqual(["from"]);
    expect(patientAccessReportInputSchema.safeParse({ patientId: "nope" }).success).toBe(false);
  });
});

describe("mayReadAccessReport", () => {
  it("the admin for any patient, a coordinator for their own team's, no clinician", () => {
    expect(mayReadAccessReport("admin", false)).toBe(true);
    expect(mayReadAccessReport("coordinator", true)).toBe(true);
    expect(mayReadAccessReport("coordinator", false)).toBe(false);
    for (const role of ["physician", "physical_therapist", "psychologist"] as const) expect(mayReadAccessReport(role, true)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { can, decide, listActions, matrixEntries, permissionMatrix, type Action } from "./permissions";
import { roles, type Role } from "./roles";

// Hand-written from DESIGN.md §5 and the brief — NOT derived from permissionMatrix.
// Columns: physician, physical_therapist, psychologist, coordinator, admin, patient.
// A = allow · O = own discipline · W = author only · I = by instrument · - = deny
const EXPECTED: Record<Action, string> = {
  "caseload.read": "AAAAA-",
  "patient.read": "AAAA--",
  "carePlan.read": "AAAA--",
  "carePlan.update": "A-----",
  "problem.create": "A-----",
  "problem.update": "A-----",
  "goal.create": "OOO---",
  "goal.update": "OOO---",
  "planItem.create": "OOO---",
  "planItem.update": "OOO---",
  "planItem.transition": "OOO---",
  "procedure.propose": "A-----",
  "procedure.approve": "A-----",
  "procedure.schedule": "A-----",
  "procedure.recordPerformed": "A-----",
  "procedure.recordOutcome": "A-----",
  "procedure.cancel": "A-----",
  "procedure.evaluate": "AAAA--",
  "procedure.override": "A-----",
  "procedure.coSignOverride": "--A---",
  "procedure.confirmHold": "A--A--",
  "procedure.recordDiary": "A-----",
  "medication.create": "A-----",
  "medication.update": "A-----",
  "medication.recordMonitoring": "A-----",
  "safetyProfile.read": "AAAA--",
  "safetyProfile.update": "AAA---",
  "safetyFlag.respond": "AAA---",
  "therapySession.log": "-A----",
  "therapySession.correct": "-W----",
  "therapySession.read": "AAAA--",
  "psychNote.create": "--A---",
  "psychNote.readSharedSummary": "AAAA--",
  "psychNote.readPsychotherapy": "--W---",
  "clearance.request": "A-----",
  "clearance.record": "--A---",
  "assessment.submit": "III---",
  "assessment.read": "AAAA--",
  "comment.create": "AAAA--",
  "comment.read": "AAAA--",
  "comment.update": "WWWW--",
  "timeline.read": "AAAA--",
  "careTeam.manage": "---A--",
  "meeting.manage": "---A--",
  "meeting.read": "AAAA--",
  "actionItem.update": "AAAA--",
  "audit.read": "----A-",
  "audit.patientReport": "---AA-",
  "emergencyAccess.open": "AAA---",
  "emergencyAccess.review": "---AA-",
  "user.manage": "----A-",
  "portal.read": "-----A",
  "portal.submitQuestionnaire": "-----A",
  "portal.recordDiary": "-----A",
  "message.read": "AAAA-A",
  "message.send": "AAAA-A",
  "message.triage": "---A--",
  "questionnaireSchedule.manage": "AAAA--",
  "patientAccount.invite": "AAAA--",
  "patientAccount.revoke": "---A--",
  "psychNote.shareWithPatient": "--W---",
  "clinicSettings.manage": "----A-",
  "record.export": "A--A--",
  "record.bulkExport": "---AA-",
  "record.import": "A--A--",
};
const ROLE_ORDER: Role[] = ["physician", "physical_therapist", "psychologist", "coordinator", "admin", "patient"];
const LETTER = { allow: "A", own_discipline: "O", author_only: "W", by_instrument: "I", deny: "-" } as const;

describe("permission matrix", () => {
  it("covers exactly the expected actions", () => {
    expect([...listActions()].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(permissionMatrix).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED) as [Action, string][])("%s matches the hand-written table", (action, row) => {
    const actual = ROLE_ORDER.map((role) => LETTER[matrixEntries().find((e) => e.role === role && e.action === action)?.rule ?? "deny"]).join("");
    expect(actual).toBe(row);
  });

  it("walks every role × action with can()", () => {
    const userId = "u1";
    for (const action of listActions()) {
      ROLE_ORDER.forEach((role, index) => {
        const letter = EXPECTED[action][index];
        const discipline = role === "physician" || role === "physical_therapist" || role === "psychologist" ? role : "physician";
        const ownRow = { userId, rowAuthorId: userId, rowDiscipline: discipline, instrument: role === "psychologist" ? "phq9" : "nrs" } as const;
        expect(can(role, action, ownRow), `${role} ${action}`).toBe(letter !== "-");
      });
    }
  });

  it("admin has no patient-scoped permission at all", () => {
    for (const action of listActions()) {
      const expected = ["caseload.read", "audit.read", "audit.patientReport", "emergencyAccess.review", "user.manage", "clinicSettings.manage", "record.bulkExport"].includes(action);
      expect(can("admin", action, { userId: "a", rowAuthorId: "a", rowDiscipline: "physician", instrument: "nrs" }), action).toBe(expected);
    }
  });
});

describe("contextual rules", () => {
  it("own_discipline: edits only rows of the caller's discipline", () => {
    expect(can("physical_therapist", "goal.update", { rowDiscipline: "physical_therapist" })).toBe(true);
    expect(can("physical_therapist", "goal.update", { rowDiscipline: "psychologist" })).toBe(false);
    expect(can("psychologist", "planItem.transition", { rowDiscipline: "physician" })).toBe(false);
    expect(decide("physician", "planItem.update").allowed).toBe(false);
  });

  it("a psychotherapy note is readable by its author alone", () => {
    expect(can("psychologist", "psychNote.readPsychotherapy", { userId: "p1", rowAuthorId: "p1" })).toBe(true);
    expect(can("psychologist", "psychNote.readPsychotherapy", { userId: "p2", rowAuthorId: "p1" })).toBe(false);
    for (const role of roles.filter((r) => r !== "psychologist")) {
      expect(can(role, "psychNote.readPsychotherapy", { userId: "p1", rowAuthorId: "p1" }), role).toBe(false);
    }
  });

  it("therapy sessions are corrected by their author only", () => {
    expect(can("physical_therapist", "therapySession.correct", { userId: "t1", rowAuthorId: "t1" })).toBe(true);
    expect(can("physical_therapist", "therapySession.correct", { userId: "t2", rowAuthorId: "t1" })).toBe(false);
  });

  it("assessments by instrument: every clinician on the team submits every instrument (intake screens included), the coordinator none", () => {
    const table: Record<"physician" | "physical_therapist" | "psychologist", Record<string, boolean>> = {
      physician: { nrs: true, peg3: true, odi: true, phq9: true, gad7: true, pcs: true },
      physical_therapist: { nrs: true, peg3: true, odi: true, phq9: true, gad7: true, pcs: true },
      psychologist: { nrs: true, peg3: true, odi: true, phq9: true, gad7: true, pcs: true },
    };
    for (const [role, row] of Object.entries(table) as [keyof typeof table, Record<string, boolean>][]) {
      for (const [instrument, allowed] of Object.entries(row)) {
        expect(can(role, "assessment.submit", { instrument: instrument as "nrs" }), `${role} ${instrument}`).toBe(allowed);
      }
    }
    expect(can("coordinator", "assessment.submit", { instrument: "nrs" })).toBe(false);
    expect(decide("physician", "assessment.submit").allowed).toBe(false);
  });

  it("decide explains its answer", () => {
    expect(decide("coordinator", "medication.create")).toEqual({ allowed: false, rule: "deny", reason: "coordinator may not medication.create" });
    expect(decide("physician", "medication.create").allowed).toBe(true);
  });
});

describe("the patient role", () => {
  it("reaches nothing of the clinical record except through the portal and the conversation", () => {
    const allowed = listActions().filter((action) => can("patient", action, { userId: "p", rowAuthorId: "p", rowDiscipline: "physician", instrument: "phq9" }));
    expect(allowed.sort()).toEqual(["message.read", "message.send", "portal.read", "portal.recordDiary", "portal.submitQuestionnaire"]);
  });
});

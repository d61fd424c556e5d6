import { describe, expect, it } from "vitest";
import { patientVisibleEvent, planEventViewClass, visiblePlanEvents } from "./projections";
import { roles } from "./roles";
import { OTHER_PSYCH_ID, PATIENT, PHYSICIAN_ID, PSYCH_ID, uid } from "./test-fixtures";

const row = (overrides: Partial<Parameters<typeof patientVisibleEvent>[0]> = {}): Parameters<typeof patientVisibleEvent>[0] => ({
  id: 7,
  patientId: PATIENT,
  entityType: "goal",
  entityId: uid(),
  eventType: "goal.created",
  psychNoteKind: null,
  authorId: null,
  privateTo: null,
  ...overrides,
});

describe("patientVisibleEvent: the patient's own stream is told that their plan changed, never what", () => {
  it.each(["care_plan", "problem", "goal", "plan_item", "procedure", "medication", "assessment"])("%s: a content-free signal of ids and entity type", (entityType) => {
    const source = { ...row({ entityType }), summary: "Reduce oxycodone to 10 mg", actorId: PSYCH_ID };
    const signal = patientVisibleEvent(source);
    expect(signal).toEqual({ id: 7, patientId: PATIENT, entityType, entityId: source.entityId });
    expect(JSON.stringify(signal)).not.toContain("oxycodone");
  });

  it.each(["psych_note", "therapy_session", "comment", "meeting", "action_item", "safety_profile", "safety_response", "opioid_monitoring", "clearance", "procedure_outcome", "access_grant", "not_a_known_type"])(
    "%s: nothing",
    (entityType) => {
      expect(patientVisibleEvent(row({ entityType }))).toBeNull();
    },
  );

  it("nothing for a psych-note kind on any entity, a private row, or a care-team or emergency-access change", () => {
    expect(patientVisibleEvent(row({ psychNoteKind: "shared_summary" }))).toBeNull();
    expect(patientVisibleEvent(row({ privateTo: PSYCH_ID }))).toBeNull();
    expect(patientVisibleEvent(row({ entityType: "care_plan", eventType: "care_team.added" }))).toBeNull();
    expect(patientVisibleEvent(row({ entityType: "care_plan", eventType: "emergency_access.granted" }))).toBeNull();
  });
});

describe("planEventViewClass: viewers with one key are shown a row alike", () => {
  const rows = [
    row(),
    row({ entityType: "psych_note", psychNoteKind: "psychotherapy", authorId: PSYCH_ID }),
    row({ entityType: "psych_note", psychNoteKind: "shared_summary", authorId: PSYCH_ID }),
    row({ entityType: "comment", privateTo: PSYCH_ID }),
    row({ entityType: "therapy_session" }),
  ];
  const viewers = roles.flatMap((role) => [PSYCH_ID, OTHER_PSYCH_ID, PHYSICIAN_ID].map((userId) => ({ role, userId })));
  it("the same key never gets a different answer", () => {
    for (const r of rows) {
      const answers = new Map<string, boolean>();
      for (const viewer of viewers) {
        const key = planEventViewClass(r, viewer);
        const shown = visiblePlanEvents([r], viewer).length === 1;
        if (answers.has(key)) expect([key, shown]).toEqual([key, answers.get(key)]);
        answers.set(key, shown);
      }
    }
  });
});

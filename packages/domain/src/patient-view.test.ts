import { describe, expect, it } from "vitest";
import { addDays } from "./common";
import { handoutSections, plainAccessAction, projectAccessReport, projectPatientPlan, projectPatientProcedure, type PatientViewSource } from "./patient-view";
import { procedureCatalog } from "./procedure-catalog";
import { procedureInfo } from "./procedure-info";
import { NOW, PHYSICIAN_ID, PSYCH_ID, PT_ID, uid } from "./test-fixtures";

const PATIENT_USER = "00000000-0000-4000-8000-0000000fa7e1";
const CANARY = "CANARY-psychotherapy-7f3a";
const psychotherapyNoteId = uid();

/** A record as the team sees it, with everything the patient must never see riding along. */
function fullRecord() {
  const source: PatientViewSource = {
    patientUserId: PATIENT_USER,
    now: NOW,
    goals: [
      { id: uid(), description: "Walk 30 minutes on level ground", target: "30 minutes", targetDate: addDays(NOW, 40), discipline: "physical_therapist", status: "active" },
      { id: uid(), description: "Dropped goal", target: "x", targetDate: addDays(NOW, 10), discipline: "physician", status: "discontinued" },
      { id: uid(), description: "Cook a meal standing", target: "45 minutes", targetDate: addDays(NOW, 20), discipline: "physician", status: "met" },
    ],
    planItems: [
      { id: uid(), kind: "physical_therapy", discipline: "physical_therapist", status: "active", title: "Core stabilisation programme" },
      { id: uid(), kind: "lifestyle", discipline: "physical_therapist", status: "active", title: "Graded walking programme" },
      { id: uid(), kind: "lifestyle", discipline: "physical_therapist", status: "completed", title: "Old walking programme" },
      { id: uid(), kind: "medication", discipline: "physician", status: "stopped", title: "Naproxen (stopped)" },
      { id: uid(), kind: "psychology", discipline: "psychologist", status: "proposed", title: "Pain coping skills" },
    ],
    appointments: [
      { id: uid(), startsAt: addDays(NOW, 3), durationMinutes: 45, status: "booked", discipline: "physical_therapist", clinicianName: "Pat Therapist" },
      { id: uid(), startsAt: addDays(NOW, -3), durationMinutes: 45, status: "completed", discipline: "physical_therapist", clinicianName: "Pat Therapist" },
      { id: uid(), startsAt: addDays(NOW, 5), durationMinutes: 45, status: "cancelled", discipline: "physician", clinicianName: "Dr Who" },
    ],
    procedures: [
      { id: uid(), procedureType: "radiofrequency_ablation", status: "scheduled", scheduledFor: addDays(NOW, 1), performedAt: null },
      { id: uid(), procedureType: "medial_branch_block", status: "performed", scheduledFor: addDays(NOW, -30), performedAt: addDays(NOW, -30) },
    ],
    actionItems: [
      { id: uid(), description: "Bring your walking log to the next visit", dueDate: addDays(NOW, 7), status: "open", ownerId: PATIENT_USER },
      { id: uid(), description: "Call the prescriber about warfarin (team task)", dueDate: addDays(NOW, 2), status: "open", ownerId: PHYSICIAN_ID },
      { id: uid(), description: "Done already", dueDate: addDays(NOW, -2), status: "done", ownerId: PATIENT_USER },
    ],
    careTeam: [
      { userId: PT_ID, name: "Pat Therapist", role: "physical_therapist", isLead: false },
      { userId: PHYSICIAN_ID, name: "Dr Lead", role: "physician", isLead: true },
      { userId: PSYCH_ID, name: "Sam Psych", role: "psychologist", isLead: false },
    ],
    psychNotes: [
      { id: psychotherapyNoteId, kind: "psychotherapy", body: `${CANARY} trauma history`, createdAt: NOW, sharedWithPatient: true },
      { id: uid(), kind: "shared_summary", body: "UNSHARED-summary-for-the-team", createdAt: NOW, sharedWithPatient: false },
      { id: uid(), kind: "shared_summary", body: "You are using pacing well.", createdAt: NOW, sharedWithPatient: true },
    ],
  };
  // What the team's plan also carries: none of it is part of the patient's source, but a caller
  // passing the whole record must not leak it either.
  return {
    ...source,
    comments: [{ id: uid(), body: "INTERNAL-COMMENT-canary: patient seems anxious", authorId: PHYSICIAN_ID }],
    meetingDecisions: [{ id: uid(), description: "MEETING-DISCUSSION-canary: consider stopping PT" }],
    flags: [{ kind: "self_harm", message: "FLAG-canary PHQ-9 item 9 positive", severity: "urgent" }],
    problems: [{ id: uid(), diagnosis: "Facet arthropathy", imagingFindings: "IMAGING-canary" }],
  };
}

describe("projectPatientPlan", () => {
  const record = fullRecord();
  const view = projectPatientPlan(record);
  const wire = JSON.stringify(view);

  it("never yields a psychotherapy note — its body, its id or its existence — even one wrongly marked shared", () => {
    expect(wire).not.toContain(CANARY);
    expect(wire).not.toContain(psychotherapyNoteId);
    expect(wire).not.toMatch(/psychotherapy/i);
    expect(view.sharedSummaries).toHaveLength(1);
  });

  it("yields no summary the psychologist has not marked for the patient", () => {
    expect(wire).not.toContain("UNSHARED-summary-for-the-team");
    expect(view.sharedSummaries.map((s) => s.body)).toEqual(["You are using pacing well."]);
  });

  it("yields no internal comment, meeting discussion, flag wording or clinical detail", () => {
    for (const canary of ["INTERNAL-COMMENT-canary", "MEETING-DISCUSSION-canary", "FLAG-canary", "IMAGING-canary", "self_harm"]) expect(wire).not.toContain(canary);
    expect(Object.keys(view).sort()).toEqual(["byDiscipline", "careTeam", "goals", "sharedSummaries", "todo", "upcoming"]);
  });

  it("shows only action items addressed to the patient and still open", () => {
    expect(view.todo.actionItems.map((a) => a.description)).toEqual(["Bring your walking log to the next visit"]);
    expect(wire).not.toContain("team task");
  });

  it("lists the physical therapist's active programmes as home exercises", () => {
    expect(view.todo.homeExercises.map((h) => h.title)).toEqual(["Core stabilisation programme", "Graded walking programme"]);
  });

  it("puts goals in plain words, active first, without dropped goals", () => {
    expect(view.goals.map((g) => [g.description, g.statusLabel, g.who])).toEqual([
      ["Walk 30 minutes on level ground", "Working on it", "Your physical therapist"],
      ["Cook a meal standing", "Reached", "Your pain doctor"],
    ]);
  });

  it("groups plan items by discipline with plain statuses, leaving stopped items out", () => {
    const pt = view.byDiscipline.find((d) => d.discipline === "physical_therapist")!;
    expect(pt.items.map((i) => i.statusLabel)).toEqual(["Under way", "Under way", "Finished"]);
    expect(view.byDiscipline.find((d) => d.discipline === "physician")!.items).toEqual([]);
    expect(view.byDiscipline.find((d) => d.discipline === "psychologist")!.items[0]).toMatchObject({ title: "Pain coping skills", statusLabel: "Being discussed", kindLabel: "Talking therapy and coping skills" });
  });

  it("lists booked visits and scheduled procedures from today on, soonest first", () => {
    expect(view.upcoming.map((u) => [u.kind, u.title])).toEqual([
      ["procedure", procedureCatalog.radiofrequency_ablation.label],
      ["appointment", "Physical therapy session"],
    ]);
  });

  it("names the care team with plain roles, the lead first", () => {
    expect(view.careTeam).toEqual([
      { name: "Dr Lead", roleLabel: "Pain doctor", lead: true },
      { name: "Pat Therapist", roleLabel: "Physical therapist", lead: false },
      { name: "Sam Psych", roleLabel: "Psychologist", lead: false },
    ]);
  });
});

const order = (overrides: Partial<Parameters<typeof projectPatientProcedure>[0]["order"]> = {}) => ({
  id: uid(),
  procedureType: "radiofrequency_ablation" as const,
  region: "lumbar" as const,
  level: "L4-L5",
  side: "bilateral" as const,
  indication: "Two positive blocks.",
  intent: "Longer relief.",
  expectedBenefit: "Months of relief.",
  alternatives: "Keep exercising.",
  followUpPlan: "Review at 6 weeks.",
  withSteroid: false,
  risks: "",
  status: "scheduled" as const,
  scheduledFor: new Date("2026-06-10T09:00:00Z"),
  performedAt: null,
  diagnostic: false,
  holdConfirmations: [],
  ...overrides,
});
const apixaban = { id: uid(), name: "Apixaban 5 mg", catalogKey: "apixaban", drugClass: "anticoagulant" as const, status: "active" as const };

describe("projectPatientProcedure", () => {
  it("carries the handout's sections, the clinic's text where the order leaves risks blank", () => {
    const view = projectPatientProcedure({ order: order(), medications: [], safetyProfile: null, now: NOW });
    expect(view.sections.map((s) => s.title)).toEqual(["Why we are suggesting it", "What it is", "What benefit you can expect", "Risks and side effects", "Other options", "What happens afterwards"]);
    expect(view.sections.find((s) => s.id === "risks")!.paragraphs[0]).toBe(procedureInfo.radiofrequency_ablation.risks);
    expect(view).toMatchObject({ label: procedureCatalog.radiofrequency_ablation.label, statusLabel: "Booked", requests: [] });
  });

  it("asks for a blood thinner to be held from the §6.4 date, in plain words", () => {
    // A lumbar medial branch block is low risk: no hold. A cervical one is intermediate: apixaban 5 days.
    const low = projectPatientProcedure({ order: order({ procedureType: "medial_branch_block", diagnostic: true }), medications: [apixaban], safetyProfile: null, now: NOW });
    expect(low.requests.map((r) => r.kind)).toEqual(["pain_diary"]);
    const cervical = projectPatientProcedure({ order: order({ procedureType: "medial_branch_block", region: "cervical", diagnostic: true }), medications: [apixaban], safetyProfile: null, now: NOW });
    const hold = cervical.requests.find((r) => r.kind === "blood_thinner")!;
    expect(hold).toMatchObject({ drugName: "Apixaban 5 mg", holdFrom: new Date("2026-06-05T00:00:00Z"), confirmed: false });
    expect(hold.text).toContain("Stop taking Apixaban 5 mg from Friday, 5 June 2026");
    expect(hold.text).not.toMatch(/policy|asra|intermediate/i);
  });

  it("before a date is set, says a hold will be needed without naming a date", () => {
    const view = projectPatientProcedure({ order: order({ procedureType: "esi_interlaminar", status: "approved", scheduledFor: null }), medications: [apixaban], safetyProfile: null, now: NOW });
    expect(view.requests).toMatchObject([{ kind: "blood_thinner", holdFrom: null }]);
    expect(view.requests[0]!.text).toContain("We will tell you the date once it is booked");
  });

  it("asks for the pain diary on a diagnostic block's day and for a day after, not later", () => {
    const performed = (hoursAgo: number) => order({ procedureType: "medial_branch_block", diagnostic: true, status: "performed", performedAt: new Date(NOW.getTime() - hoursAgo * 3_600_000) });
    expect(projectPatientProcedure({ order: performed(3), medications: [], safetyProfile: null, now: NOW }).requests).toMatchObject([{ kind: "pain_diary" }]);
    expect(projectPatientProcedure({ order: performed(30), medications: [], safetyProfile: null, now: NOW }).requests).toEqual([]);
  });

  it("the staff handout and the patient's page read the same sections", () => {
    const o = order({ risks: "Written by the physician." });
    expect(handoutSections(o).find((s) => s.id === "risks")!.paragraphs[0]).toBe("Written by the physician.");
  });
});

describe("projectAccessReport", () => {
  const grant = uid();
  const row = (over: Partial<Parameters<typeof projectAccessReport>[0]["accesses"][number]>) => ({
    id: 1,
    at: NOW,
    actorId: PHYSICIAN_ID,
    actorName: "Dr Lead",
    actorRole: "physician",
    action: "carePlan.get",
    through: "care_team",
    grantId: null,
    ...over,
  });

  it("leaves the patient's own use out and puts the rest in plain words", () => {
    const lines = projectAccessReport({
      patientUserId: PATIENT_USER,
      grantReasons: new Map([[grant, "clinical_emergency"]]),
      accesses: [
        row({ id: 1 }),
        row({ id: 2, actorId: PATIENT_USER, actorRole: "patient", action: "portal.plan", through: "patient_portal" }),
        row({ id: 3, actorId: uid(), actorName: "Dr Other", action: "medications.create", through: "emergency_access", grantId: grant }),
      ],
    });
    expect(lines.map((l) => [l.who, l.role, l.what, l.through, l.emergency])).toEqual([
      ["Dr Lead", "Pain doctor", "Looked at your care plan", "As a member of your care team", false],
      ["Dr Other", "Pain doctor", "Updated your medicines", "Emergency access — clinical emergency", true],
    ]);
  });

  it("folds the accesses of one person doing the same on one day into one line with a count", () => {
    const at = (h: number) => new Date(Date.UTC(2026, 5, 1, h));
    const lines = projectAccessReport({
      patientUserId: PATIENT_USER,
      grantReasons: new Map(),
      accesses: [row({ id: 5, at: at(11) }), row({ id: 4, at: at(10), action: "goals.update" }), row({ id: 3, at: at(9) }), row({ id: 2, at: new Date(Date.UTC(2026, 4, 31, 9)) })],
    });
    expect(lines.map((l) => [l.id, l.times, l.what])).toEqual([
      ["5", 2, "Looked at your care plan"],
      ["4", 1, "Updated your goals"],
      ["2", 1, "Looked at your care plan"],
    ]);
    expect(lines[0]!.since).toEqual(at(9));
    expect(Object.keys(lines[0]!)).not.toContain("actorId");
  });

  it("describes psychology-note accesses as the record in general, so no note kind shows through", () => {
    expect(plainAccessAction("psychNotes.create")).toBe("Updated your record");
    expect(plainAccessAction("psychNotes.list")).toBe("Looked at your record");
    expect(plainAccessAction("comments.create")).toBe("Updated your record");
    expect(plainAccessAction("__proto__.x")).toBe("Looked at your record");
  });
});

import { z } from "zod";
import type { Discipline } from "./discipline";
import { disciplineOfRole } from "./discipline";
import { instruments, type Instrument } from "./instruments";
import { roles, type Role } from "./roles";

export const actions = [
  // The caller's own lists across their patients (the patient list, the worklist, the week's visits).
  "caseload.read",
  "patient.read",
  "carePlan.read",
  "carePlan.update",
  "problem.create",
  "problem.update",
  "goal.create",
  "goal.update",
  "planItem.create",
  "planItem.update",
  "planItem.transition",
  "procedure.propose",
  "procedure.approve",
  "procedure.schedule",
  "procedure.recordPerformed",
  "procedure.recordOutcome",
  "procedure.cancel",
  "procedure.evaluate",
  "procedure.override",
  "procedure.coSignOverride",
  "procedure.confirmHold",
  "procedure.recordDiary",
  "medication.create",
  "medication.update",
  "medication.recordMonitoring",
  "safetyProfile.read",
  "safetyProfile.update",
  "safetyFlag.respond",
  "therapySession.log",
  "therapySession.correct",
  "therapySession.read",
  "psychNote.create",
  "psychNote.readSharedSummary",
  "psychNote.readPsychotherapy",
  "clearance.request",
  "clearance.record",
  "assessment.submit",
  "assessment.read",
  "comment.create",
  "comment.read",
  "comment.update",
  "timeline.read",
  "careTeam.manage",
  "meeting.manage",
  "meeting.read",
  "actionItem.update",
  "audit.read",
  "audit.patientReport",
  "emergencyAccess.open",
  "emergencyAccess.review",
  "user.manage",
  // The patient's side (the portal): the patient reaches only their own record, through these.
  "portal.read",
  "portal.submitQuestionnaire",
  "portal.recordDiary",
  "message.read",
  "message.send",
  "message.triage",
  "questionnaireSchedule.manage",
  "patientAccount.invite",
  "patientAccount.revoke",
  "psychNote.shareWithPatient",
  "clinicSettings.manage",
  // FHIR R4 interchange with the clinic's EHR.
  "record.export",
  "record.bulkExport",
  "record.import",
] as const;
export const actionSchema = z.enum(actions);
export type Action = z.infer<typeof actionSchema>;

/**
 * allow — any member of the role; own_discipline — only rows whose discipline is the caller's;
 * author_only — only rows the caller wrote; by_instrument — assessment instruments listed per role
 * in `assessmentInstrumentsByRole`; deny — never. A role missing from an action's row is denied.
 */
export const permissionRules = ["allow", "own_discipline", "author_only", "by_instrument", "deny"] as const;
export type PermissionRule = (typeof permissionRules)[number];

/** Actions that touch one patient's data; all others are clinic-wide (audit, users). */
export const clinicWideActions = ["caseload.read", "audit.read", "audit.patientReport", "emergencyAccess.open", "emergencyAccess.review", "user.manage", "clinicSettings.manage", "record.bulkExport"] as const satisfies readonly Action[];

const CLINICAL_READERS = { physician: "allow", physical_therapist: "allow", psychologist: "allow", coordinator: "allow" } as const;
const OWN_DISCIPLINE = { physician: "own_discipline", physical_therapist: "own_discipline", psychologist: "own_discipline" } as const;
const PHYSICIAN_ONLY = { physician: "allow" } as const;
/** Clinicians who see the patient: any of them may record what they observe or do (§6.4, §6.9). */
const CLINICIANS = { physician: "allow", physical_therapist: "allow", psychologist: "allow" } as const;

/**
 * The permission matrix (DESIGN.md §5). Each clinical role edits its own discipline and reads the
 * rest; admin has no patient-scoped action at all. Anything not written here is denied.
 */
export const permissionMatrix: Record<Action, Partial<Record<Role, PermissionRule>>> = {
  // Staff lists, each filtered to the caller's care teams (the admin's is empty); a patient account
  // has no caseload and is refused rather than handed an empty list.
  "caseload.read": { ...CLINICAL_READERS, admin: "allow" },
  "patient.read": CLINICAL_READERS,
  "carePlan.read": CLINICAL_READERS,
  // The physician leads the plan and signs its decisions.
  "carePlan.update": PHYSICIAN_ONLY,
  "problem.create": PHYSICIAN_ONLY,
  "problem.update": PHYSICIAN_ONLY,
  "goal.create": OWN_DISCIPLINE,
  "goal.update": OWN_DISCIPLINE,
  "planItem.create": OWN_DISCIPLINE,
  "planItem.update": OWN_DISCIPLINE,
  "planItem.transition": OWN_DISCIPLINE,
  "procedure.propose": PHYSICIAN_ONLY,
  "procedure.approve": PHYSICIAN_ONLY,
  "procedure.schedule": PHYSICIAN_ONLY,
  "procedure.recordPerformed": PHYSICIAN_ONLY,
  "procedure.recordOutcome": PHYSICIAN_ONLY,
  "procedure.cancel": PHYSICIAN_ONLY,
  // Reading the checklist is reading the plan; only deciding on it is the physician's.
  "procedure.evaluate": CLINICAL_READERS,
  "procedure.override": PHYSICIAN_ONLY,
  // §6 clinic policy: a clearance criterion overridden by the physician needs a psychologist's co-signature.
  "procedure.coSignOverride": { psychologist: "allow" },
  // The hold is confirmed with the prescriber: the physician or the coordinator who makes the call.
  "procedure.confirmHold": { physician: "allow", coordinator: "allow" },
  // The post-block pain diary is charted by the physician (the patient's own entry comes with the patient role).
  "procedure.recordDiary": PHYSICIAN_ONLY,
  "medication.create": PHYSICIAN_ONLY,
  "medication.update": PHYSICIAN_ONLY,
  "medication.recordMonitoring": PHYSICIAN_ONLY,
  "safetyProfile.read": CLINICAL_READERS,
  "safetyProfile.update": CLINICIANS,
  "safetyFlag.respond": CLINICIANS,
  "therapySession.log": { physical_therapist: "allow" },
  "therapySession.correct": { physical_therapist: "author_only" },
  "therapySession.read": CLINICAL_READERS,
  "psychNote.create": { psychologist: "allow" },
  "psychNote.readSharedSummary": CLINICAL_READERS,
  // A psychotherapy note is its author's alone: no other psychologist, no coordinator, no admin.
  "psychNote.readPsychotherapy": { psychologist: "author_only" },
  "clearance.request": PHYSICIAN_ONLY,
  "clearance.record": { psychologist: "allow" },
  "assessment.submit": { physician: "by_instrument", physical_therapist: "by_instrument", psychologist: "by_instrument" },
  "assessment.read": CLINICAL_READERS,
  "comment.create": CLINICAL_READERS,
  "comment.read": CLINICAL_READERS,
  "comment.update": { physician: "author_only", physical_therapist: "author_only", psychologist: "author_only", coordinator: "author_only" },
  "timeline.read": CLINICAL_READERS,
  "careTeam.manage": { coordinator: "allow" },
  "meeting.manage": { coordinator: "allow" },
  "meeting.read": CLINICAL_READERS,
  "actionItem.update": CLINICAL_READERS,
  "audit.read": { admin: "allow" },
  // Who saw this patient: the admin for any patient; a coordinator only for patients of their own care teams (checked by the procedure).
  "audit.patientReport": { coordinator: "allow", admin: "allow" },
  // Break-the-glass is for the clinicians who treat; the coordinator and the admin do not treat — they review each use
  // (the coordinator for their own teams' patients, the admin for all; checked by the procedure).
  "emergencyAccess.open": CLINICIANS,
  "emergencyAccess.review": { coordinator: "allow", admin: "allow" },
  "user.manage": { admin: "allow" },
  // The patient's own view of their plan (a projection: no psychotherapy notes, internal comments,
  // meeting discussions or flags' internal wording), their questionnaires and their pain diary.
  "portal.read": { patient: "allow" },
  "portal.submitQuestionnaire": { patient: "allow" },
  "portal.recordDiary": { patient: "allow" },
  // One conversation per patient, between the patient and the care team; the coordinator triages it.
  "message.read": { ...CLINICAL_READERS, patient: "allow" },
  "message.send": { ...CLINICAL_READERS, patient: "allow" },
  "message.triage": { coordinator: "allow" },
  // The team sets which questionnaires the patient answers between visits, and how often.
  "questionnaireSchedule.manage": CLINICAL_READERS,
  // The coordinator or any clinician on the team invites the patient; the coordinator revokes access.
  "patientAccount.invite": CLINICAL_READERS,
  "patientAccount.revoke": { coordinator: "allow" },
  // Only the summary's author marks it for the patient; psychotherapy notes can never be shared.
  "psychNote.shareWithPatient": { psychologist: "author_only" },
  // Clinic-wide texts the patient sees (crisis resources).
  "clinicSettings.manage": { admin: "allow" },
  // A patient's record leaves the clinic (to the EHR, to the GP) through the physician who leads the
  // plan or the coordinator who handles transfers; never with psychotherapy notes.
  "record.export": { physician: "allow", coordinator: "allow" },
  // A bulk export: the coordinator for the patients of their own care teams, the admin for the clinic.
  "record.bulkExport": { coordinator: "allow", admin: "allow" },
  // Taking a patient's problems, medications, allergies and scores from the EHR into the plan.
  "record.import": { physician: "allow", coordinator: "allow" },
};

/**
 * Who may submit which instrument: any clinician on the team may record any instrument (intake
 * screens such as PHQ-9, GAD-7 and PCS are often given by the physician or PT); the coordinator records none.
 */
export const assessmentInstrumentsByRole: Record<Role, readonly Instrument[]> = {
  physician: instruments,
  physical_therapist: instruments,
  psychologist: instruments,
  coordinator: [],
  admin: [],
  // The patient answers their own questionnaires through the portal (portal.submitQuestionnaire), not this action.
  patient: [],
};

export type PermissionContext = {
  userId?: string;
  rowDiscipline?: Discipline;
  rowAuthorId?: string;
  instrument?: Instrument;
};

export type Decision = { allowed: boolean; rule: PermissionRule; reason: string };

export function ruleFor(role: Role, action: Action): PermissionRule {
  return permissionMatrix[action][role] ?? "deny";
}

/** Like `can`, but says why, for audit rows and error messages. */
export function decide(role: Role, action: Action, ctx: PermissionContext = {}): Decision {
  const rule = ruleFor(role, action);
  switch (rule) {
    case "allow":
      return { allowed: true, rule, reason: `${role} may ${action}` };
    case "deny":
      return { allowed: false, rule, reason: `${role} may not ${action}` };
    case "own_discipline": {
      const own = disciplineOfRole(role);
      if (ctx.rowDiscipline === undefined) return { allowed: false, rule, reason: `${action} needs the row's discipline` };
      return ctx.rowDiscipline === own
        ? { allowed: true, rule, reason: `${role} edits their own discipline` }
        : { allowed: false, rule, reason: `${role} may not ${action} on ${ctx.rowDiscipline} rows` };
    }
    case "author_only":
      if (ctx.userId === undefined || ctx.rowAuthorId === undefined) return { allowed: false, rule, reason: `${action} needs the row's author and the caller` };
      return ctx.userId === ctx.rowAuthorId
        ? { allowed: true, rule, reason: `the author may ${action}` }
        : { allowed: false, rule, reason: `only the author may ${action}` };
    case "by_instrument":
      if (ctx.instrument === undefined) return { allowed: false, rule, reason: `${action} needs the instrument` };
      return assessmentInstrumentsByRole[role].includes(ctx.instrument)
        ? { allowed: true, rule, reason: `${role} may submit ${ctx.instrument}` }
        : { allowed: false, rule, reason: `${role} may not submit ${ctx.instrument}` };
  }
}

export function can(role: Role, action: Action, ctx: PermissionContext = {}): boolean {
  return decide(role, action, ctx).allowed;
}

export function listActions(): readonly Action[] {
  return actions;
}

/** Every (role, action, rule) triple, for admin screens and the matrix test. */
export function matrixEntries(): { role: Role; action: Action; rule: PermissionRule }[] {
  return actions.flatMap((action) => roles.map((role) => ({ role, action, rule: ruleFor(role, action) })));
}

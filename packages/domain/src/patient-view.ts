import { z } from "zod";
import type { SafetyProfile } from "./clinical-v2";
import { expectedVersionSchema, idSchema } from "./common";
import type { Discipline } from "./discipline";
import { emergencyReasonSchema, emergencyReasonLabels } from "./emergency-access";
import { NotFoundError } from "./errors";
import type { GoalStatus, Medication, ProcedureOrder, ProcedureStatus, PsychNoteKind } from "./entities";
import type { PlanItemKind, PlanItemStatus } from "./plan-item";
import { procedureCatalog } from "./procedure-catalog";
import { genericAlternatives, procedureInfo } from "./procedure-info";
import type { Role } from "./roles";
import { holdPlan, type HoldLine, type OrderForSafety } from "./safety";

// What of their own record a patient sees (the portal's projection), in plain words. Everything is
// built field by field from an allow-list: whatever else the record holds — psychotherapy notes,
// summaries not marked for the patient, comments, meeting discussions, flags — has no way out.

/** The discipline as the patient knows the person: "your physical therapist". */
export const patientDisciplineLabels: Record<Discipline, string> = {
  physician: "Your pain doctor",
  physical_therapist: "Your physical therapist",
  psychologist: "Your psychologist",
};

const teamRoleLabels: Partial<Record<Role, string>> = {
  physician: "Pain doctor",
  physical_therapist: "Physical therapist",
  psychologist: "Psychologist",
  coordinator: "Care coordinator",
};

export const patientGoalStatusLabels: Record<GoalStatus, string> = {
  active: "Working on it",
  met: "Reached",
  not_met: "Not reached yet",
  discontinued: "No longer a goal",
};

export const patientPlanItemStatusLabels: Record<PlanItemStatus, string> = {
  proposed: "Being discussed",
  active: "Under way",
  on_hold: "Paused",
  completed: "Finished",
  stopped: "Stopped",
};

export const patientPlanItemKindLabels: Record<PlanItemKind, string> = {
  medication: "Medicine",
  physical_therapy: "Exercise and physical therapy",
  psychology: "Talking therapy and coping skills",
  lifestyle: "Everyday activity",
  complementary: "Other treatment",
  procedure: "Procedure",
  referral: "Referral to another service",
};

export const patientProcedureStatusLabels: Record<ProcedureStatus, string> = {
  proposed: "Suggested — not decided yet",
  approved: "Agreed — a date will be set",
  scheduled: "Booked",
  performed: "Done",
  cancelled: "Cancelled",
};

const appointmentDisciplineLabels: Record<Discipline, string> = {
  physician: "Visit with your pain doctor",
  physical_therapist: "Physical therapy session",
  psychologist: "Session with your psychologist",
};

// --- what the projection reads ----------------------------------------------------------------------

export type PatientViewSource = {
  /** The patient's own user id: action items addressed to them. */
  patientUserId: string;
  now: Date;
  goals: readonly { id: string; description: string; target: string; targetDate: Date; discipline: Discipline; status: GoalStatus }[];
  planItems: readonly { id: string; kind: PlanItemKind; discipline: Discipline; status: PlanItemStatus; title: string }[];
  appointments: readonly { id: string; startsAt: Date; durationMinutes: number; status: string; discipline: Discipline; clinicianName: string }[];
  procedures: readonly Pick<ProcedureOrder, "id" | "procedureType" | "status" | "scheduledFor" | "performedAt">[];
  actionItems: readonly { id: string; description: string; dueDate: Date; status: string; ownerId: string }[];
  careTeam: readonly { userId: string; name: string; role: Role; isLead: boolean }[];
  psychNotes: readonly { id: string; kind: PsychNoteKind; body: string; createdAt: Date; sharedWithPatient: boolean }[];
};

/** Only a shared summary its psychologist marked for the patient; a psychotherapy note never, whatever its flags say. */
export function isSharedWithPatient(note: { kind: PsychNoteKind; sharedWithPatient: boolean }): boolean {
  return note.kind === "shared_summary" && note.sharedWithPatient;
}

/** Plan items the patient carries out at home: the physical therapist's exercise and activity programmes. */
export function isHomeExercise(item: { kind: PlanItemKind; discipline: Discipline; status: PlanItemStatus }): boolean {
  return item.status === "active" && item.discipline === "physical_therapist" && (item.kind === "physical_therapy" || item.kind === "lifestyle");
}

const SHOWN_ITEM_STATUSES: readonly PlanItemStatus[] = ["active", "proposed", "on_hold", "completed"];
const ITEM_ORDER: Record<PlanItemStatus, number> = { active: 0, proposed: 1, on_hold: 2, completed: 3, stopped: 4 };
const UPCOMING_PROCEDURE: readonly ProcedureStatus[] = ["scheduled"];

/** The start of the day `now` falls on (UTC): a visit earlier today still shows as today's. */
const startOfDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

export type PatientPlanView = ReturnType<typeof projectPatientPlan>;

/** My plan: goals, what each discipline is doing, what is coming up, what to do, who is on the team. */
export function projectPatientPlan(source: PatientViewSource) {
  const today = startOfDay(source.now);
  const goals = source.goals
    .filter((g) => g.status !== "discontinued")
    .map((g) => ({ id: g.id, description: g.description, target: g.target, targetDate: g.targetDate, status: g.status, statusLabel: patientGoalStatusLabels[g.status], who: patientDisciplineLabels[g.discipline] }))
    .sort((a, b) => Number(a.status !== "active") - Number(b.status !== "active") || a.targetDate.getTime() - b.targetDate.getTime());

  const byDiscipline = (["physician", "physical_therapist", "psychologist"] as const).map((discipline) => ({
    discipline,
    label: patientDisciplineLabels[discipline],
    items: source.planItems
      .filter((i) => i.discipline === discipline && SHOWN_ITEM_STATUSES.includes(i.status))
      .sort((a, b) => ITEM_ORDER[a.status] - ITEM_ORDER[b.status])
      .map((i) => ({ id: i.id, title: i.title, kindLabel: patientPlanItemKindLabels[i.kind], status: i.status, statusLabel: patientPlanItemStatusLabels[i.status] })),
  }));

  const upcoming = [
    ...source.appointments
      .filter((a) => a.status === "booked" && a.startsAt >= today)
      .map((a) => ({ kind: "appointment" as const, id: a.id, at: a.startsAt, title: appointmentDisciplineLabels[a.discipline], detail: `With ${a.clinicianName}, ${a.durationMinutes} minutes` })),
    ...source.procedures
      .filter((p) => UPCOMING_PROCEDURE.includes(p.status) && p.scheduledFor !== null && p.scheduledFor >= today)
      .map((p) => ({ kind: "procedure" as const, id: p.id, at: p.scheduledFor!, title: procedureCatalog[p.procedureType].label, detail: "Procedure — see My procedures for how to prepare" })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  const homeExercises = source.planItems.filter(isHomeExercise).map((i) => ({ id: i.id, title: i.title }));
  const actionItems = source.actionItems
    .filter((a) => a.ownerId === source.patientUserId && a.status === "open")
    .map((a) => ({ id: a.id, description: a.description, dueDate: a.dueDate, overdue: a.dueDate < today }))
    .sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime());

  const careTeam = source.careTeam
    .filter((m) => teamRoleLabels[m.role] !== undefined)
    .map((m) => ({ name: m.name, roleLabel: teamRoleLabels[m.role]!, lead: m.isLead }))
    .sort((a, b) => Number(b.lead) - Number(a.lead) || a.roleLabel.localeCompare(b.roleLabel) || a.name.localeCompare(b.name));

  const sharedSummaries = source.psychNotes
    .filter(isSharedWithPatient)
    .map((n) => ({ id: n.id, body: n.body, createdAt: n.createdAt }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());

  return { goals, byDiscipline, upcoming, todo: { homeExercises, actionItems }, careTeam, sharedSummaries };
}

// --- My procedures ----------------------------------------------------------------------------------

type HandoutOrder = Pick<ProcedureOrder, "procedureType" | "indication" | "intent" | "expectedBenefit" | "alternatives" | "followUpPlan" | "withSteroid"> & { risks: string };

/**
 * The handout's sections, as printed for the patient and shown on their phone: the order as its
 * physician wrote it, then the clinic's plain-language text for its kind.
 */
export function handoutSections(order: HandoutOrder) {
  const info = procedureInfo[order.procedureType];
  return [
    { id: "why", title: "Why we are suggesting it", paragraphs: [order.indication] },
    {
      id: "what",
      title: "What it is",
      paragraphs: [info.whatItIs, order.intent, order.withSteroid ? "This injection contains a steroid (an anti-inflammatory medicine)." : "This procedure does not use a steroid."],
    },
    { id: "benefit", title: "What benefit you can expect", paragraphs: [order.expectedBenefit, info.expectedBenefit] },
    {
      id: "risks",
      title: "Risks and side effects",
      paragraphs: [
        order.risks.trim() !== "" ? order.risks : info.risks,
        "Tell us before the procedure if you take blood thinners, have an allergy (especially to X-ray contrast, latex or local anaesthetic), have diabetes, may be pregnant, or feel unwell or feverish.",
      ],
    },
    { id: "alternatives", title: "Other options", paragraphs: [order.alternatives, genericAlternatives] },
    { id: "afterwards", title: "What happens afterwards", paragraphs: [order.followUpPlan, info.afterwards] },
  ].map((s) => ({ ...s, paragraphs: s.paragraphs.filter((p) => p.trim() !== "") }));
}

export type PatientRequest =
  | { kind: "pain_diary"; procedureId: string; text: string }
  | { kind: "blood_thinner"; drugName: string; holdFrom: Date | null; withTime: boolean; confirmed: boolean; text: string };

const OPEN_ORDER: readonly ProcedureStatus[] = ["proposed", "approved", "scheduled"];
const DIARY_OPEN_MS = 24 * 3_600_000;

const longDay = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const longDayTime = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

/** One §6.4 hold line in the patient's words; null where there is nothing for them to do. */
function bloodThinnerRequest(line: HoldLine): PatientRequest | null {
  const base = { kind: "blood_thinner" as const, drugName: line.name, confirmed: line.state === "confirmed", withTime: line.rule?.unit === "hours" };
  const ask = "Do not stop it on your own: if you are unsure, ask your team.";
  if (line.holdBy !== null) {
    const when = base.withTime ? longDayTime.format(line.holdBy) : longDay.format(line.holdBy);
    const checked = base.confirmed ? " Your team has agreed this with the doctor who prescribes it." : " Your team is confirming this with the doctor who prescribes it.";
    return { ...base, holdFrom: line.holdBy, text: `Stop taking ${line.name} from ${when} until after the procedure.${checked} ${ask}` };
  }
  switch (line.state) {
    case "not_scheduled":
    case "confirmed":
      return { ...base, holdFrom: null, text: `You will probably need to stop ${line.name} for ${line.holdAmount ?? "a few"} ${line.rule?.unit ?? "days"} before the procedure. We will tell you the date once it is booked. ${ask}` };
    case "no_default":
      return { ...base, holdFrom: null, text: `Your team will check with the doctor who prescribes ${line.name} whether you need to stop it before the procedure. ${ask}` };
    default:
      return null;
  }
}

export type PatientProcedureSource = {
  order: HandoutOrder & Pick<ProcedureOrder, "id" | "status" | "scheduledFor" | "performedAt" | "diagnostic" | "region" | "level" | "side"> & Pick<OrderForSafety, "holdConfirmations">;
  medications: readonly Pick<Medication, "id" | "name" | "catalogKey" | "drugClass" | "status">[];
  safetyProfile: Pick<SafetyProfile, "anticoagulantsTaking" | "renalImpairment"> | null;
  now: Date;
};

/** A diagnostic block's diary: from the booked day until a day after the block. */
export function painDiaryOpen(order: Pick<ProcedureOrder, "diagnostic" | "status" | "performedAt">, now: Date): boolean {
  if (!order.diagnostic) return false;
  if (order.status === "scheduled") return true;
  return order.status === "performed" && order.performedAt !== null && now.getTime() - order.performedAt.getTime() <= DIARY_OPEN_MS;
}

/** One order as the patient reads it: the handout, where it stands, and what the team needs from them. */
export function projectPatientProcedure({ order, medications, safetyProfile, now }: PatientProcedureSource) {
  const requests: PatientRequest[] = [];
  if (painDiaryOpen(order, now)) {
    requests.push({
      kind: "pain_diary",
      procedureId: order.id,
      text: "This is a test block. On the day, write down your pain before the block and at the times we prompt you afterwards — your answers tell us whether the block worked.",
    });
  }
  if (OPEN_ORDER.includes(order.status)) {
    const plan = holdPlan(order, { medications, safetyProfile }, now);
    for (const line of plan.lines) {
      const request = bloodThinnerRequest(line);
      if (request) requests.push(request);
    }
  }
  return {
    id: order.id,
    label: procedureCatalog[order.procedureType].label,
    status: order.status,
    statusLabel: patientProcedureStatusLabels[order.status],
    scheduledFor: order.status === "scheduled" ? order.scheduledFor : null,
    performedAt: order.status === "performed" ? order.performedAt : null,
    sections: handoutSections(order),
    requests,
  };
}

export type PatientProcedureView = ReturnType<typeof projectPatientProcedure>;

// --- Who looked at my record ----------------------------------------------------------------------

const WRITE_VERBS = /^(create|update|transition|propose|approve|schedule|record|cancel|override|coSign|confirm|respond|log|correct|add|remove|set|submit|send|triage|invite|revoke|share|open|end|sign|close|start|stop|reorder|decide|apply|assign|mark|edit|delete|resolve|carry|request|review)/;

/** The procedure's area, in the patient's words; anything not listed is "your record" (psychology included). */
const AREA_WORDS: Record<string, string> = {
  carePlan: "your care plan",
  goals: "your goals",
  planItems: "your care plan",
  problems: "your diagnoses",
  procedures: "your procedures",
  procedureOutcomes: "your procedure results",
  medications: "your medicines",
  assessments: "your questionnaires",
  questionnaires: "your questionnaires",
  therapySessions: "your therapy sessions",
  safetyProfile: "your safety details (allergies, blood thinners)",
  messages: "your messages",
  timeline: "your care plan history",
  careTeam: "your care team",
  patients: "your details",
  patientAccess: "your sign-in to this app",
};

/**
 * What an access did, in plain words, from the procedure path alone — never its detail. Psychology
 * notes, comments and meetings read as "your record": the words must not tell a note from another.
 */
export function plainAccessAction(path: string): string {
  const [router = "", procedure = ""] = path.split(".");
  const area = Object.hasOwn(AREA_WORDS, router) ? AREA_WORDS[router]! : "your record";
  return WRITE_VERBS.test(procedure) ? `Updated ${area}` : `Looked at ${area}`;
}

export type AccessReportSource = {
  accesses: readonly { id: number | string; at: Date; actorId: string | null; actorName: string | null; actorRole: string | null; action: string; through: string; grantId: string | null }[];
  /** The reason recorded on each emergency-access grant named by the rows. */
  grantReasons: ReadonlyMap<string, string>;
  patientUserId: string;
};

function plainThrough(through: string, reason: string | undefined): { kind: "care_team" | "emergency_access" | "administration" | "other"; label: string } {
  if (through === "emergency_access") {
    const parsed = emergencyReasonSchema.safeParse(reason);
    return { kind: "emergency_access", label: parsed.success ? `Emergency access — ${emergencyReasonLabels[parsed.data].toLowerCase()}` : "Emergency access" };
  }
  if (through === "care_team") return { kind: "care_team", label: "As a member of your care team" };
  if (through === "administration") return { kind: "administration", label: "Clinic administration" };
  return { kind: "other", label: "Other clinic access" };
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Who looked at or changed the patient's record, newest first, in plain words; the patient's own
 * use of the app is left out (it is theirs to know already). The accesses of one person doing the
 * same, the same way, on one day, read as one line (at its latest) with how many times.
 */
export function projectAccessReport(source: AccessReportSource) {
  type Line = { id: string; at: Date; since: Date; times: number; actorId: string | null; who: string; role: string; what: string; through: string; emergency: boolean };
  const lines: Line[] = [];
  const byKey = new Map<string, Line>();
  for (const a of source.accesses) {
    if (a.actorId === source.patientUserId) continue;
    const through = plainThrough(a.through, a.grantId ? source.grantReasons.get(a.grantId) : undefined);
    const role = a.actorRole && Object.hasOwn(teamRoleLabels, a.actorRole) ? teamRoleLabels[a.actorRole as Role]! : a.actorRole === "admin" ? "Clinic administrator" : "Clinic staff";
    const what = plainAccessAction(a.action);
    const key = JSON.stringify([a.actorId, what, through.label, utcDay(a.at)]);
    const same = byKey.get(key);
    if (same) {
      same.times += 1;
      if (a.at < same.since) same.since = a.at;
      continue;
    }
    const line: Line = { id: String(a.id), at: a.at, since: a.at, times: 1, actorId: a.actorId, who: a.actorName ?? "A former member of staff", role, what, through: through.label, emergency: through.kind === "emergency_access" };
    byKey.set(key, line);
    lines.push(line);
  }
  return lines.map(({ actorId: _actorId, ...line }) => line);
}

export type PatientAccessLine = ReturnType<typeof projectAccessReport>[number];

// --- the psychologist's "share with the patient" ------------------------------------------------------

/** Marks (or unmarks) one shared summary for the patient; `version` is the one the psychologist read. */
export const sharePsychSummaryInputSchema = z.strictObject({
  patientId: idSchema,
  noteId: idSchema,
  shared: z.boolean(),
  version: expectedVersionSchema,
});
export type SharePsychSummaryInput = z.infer<typeof sharePsychSummaryInputSchema>;

/**
 * Only a shared summary can be shown to the patient. A psychotherapy note is answered exactly as a
 * note that does not exist, so the refusal tells nobody one is there.
 */
export function assertShareableWithPatient(note: { kind: PsychNoteKind } | undefined): void {
  if (!note || note.kind !== "shared_summary") throw new NotFoundError("Psychology note", "noteId");
}

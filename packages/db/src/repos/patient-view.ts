import { and, asc, desc, eq, gte, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accessGrants, actionItems, appointments, careTeamMembers, goals, medications, planItems, procedures, psychNotes, users } from "../schema";

// The patient's own view (the portal) reads only what it shows, a bounded number of rows per part,
// each on an index by patient. Psychology notes are filtered here as well as in the domain: only
// shared summaries marked for the patient ever leave the database on this path.

const MAX_GOALS = 50;
const MAX_ITEMS = 100;
const MAX_UPCOMING = 20;
const MAX_ACTION_ITEMS = 30;
const MAX_SHARED_SUMMARIES = 10;
/** Orders the patient's procedures page lists (newest first). */
export const maxPatientProcedures = 30;

/** What My plan reads about one patient; `patientUserId` selects the action items addressed to the patient. */
export async function loadPatientPlanRows(db: DbOrTx, patientId: string, patientUserId: string, now: Date) {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [goalRows, itemRows, appointmentRows, procedureRows, actionRows, teamRows, noteRows] = await Promise.all([
    db
      .select({ id: goals.id, description: goals.description, target: goals.target, targetDate: goals.targetDate, discipline: goals.discipline, status: goals.status })
      .from(goals)
      .where(and(eq(goals.patientId, patientId), ne(goals.status, "discontinued")))
      .orderBy(asc(goals.targetDate), asc(goals.id))
      .limit(MAX_GOALS),
    db
      .select({ id: planItems.id, kind: planItems.kind, discipline: planItems.discipline, status: planItems.status, title: planItems.title })
      .from(planItems)
      .where(and(eq(planItems.patientId, patientId), inArray(planItems.status, ["active", "proposed", "on_hold", "completed"])))
      .orderBy(asc(planItems.ladderStep), asc(planItems.createdAt), asc(planItems.id))
      .limit(MAX_ITEMS),
    db
      .select({ id: appointments.id, startsAt: appointments.startsAt, durationMinutes: appointments.durationMinutes, status: appointments.status, discipline: appointments.discipline, clinicianName: users.name })
      .from(appointments)
      .innerJoin(users, eq(users.id, appointments.clinicianId))
      .where(and(eq(appointments.patientId, patientId), eq(appointments.status, "booked"), gte(appointments.startsAt, today)))
      .orderBy(asc(appointments.startsAt))
      .limit(MAX_UPCOMING),
    db
      .select({ id: procedures.id, procedureType: procedures.procedureType, status: procedures.status, scheduledFor: procedures.scheduledFor, performedAt: procedures.performedAt })
      .from(procedures)
      .where(and(eq(procedures.patientId, patientId), eq(procedures.status, "scheduled"), gte(procedures.scheduledFor, today)))
      .orderBy(asc(procedures.scheduledFor))
      .limit(MAX_UPCOMING),
    db
      .select({ id: actionItems.id, description: actionItems.description, dueDate: actionItems.dueDate, status: actionItems.status, ownerId: actionItems.ownerId })
      .from(actionItems)
      .where(and(eq(actionItems.patientId, patientId), eq(actionItems.ownerId, patientUserId), eq(actionItems.status, "open")))
      .orderBy(asc(actionItems.dueDate))
      .limit(MAX_ACTION_ITEMS),
    db
      .select({ userId: careTeamMembers.userId, name: users.name, role: careTeamMembers.role, isLead: careTeamMembers.isLead })
      .from(careTeamMembers)
      .innerJoin(users, eq(users.id, careTeamMembers.userId))
      .where(and(eq(careTeamMembers.patientId, patientId), eq(users.active, true))),
    db
      .select({ id: psychNotes.id, kind: psychNotes.kind, body: psychNotes.body, createdAt: psychNotes.createdAt, sharedWithPatient: psychNotes.sharedWithPatient })
      .from(psychNotes)
      .where(and(eq(psychNotes.patientId, patientId), eq(psychNotes.kind, "shared_summary"), eq(psychNotes.sharedWithPatient, true)))
      .orderBy(desc(psychNotes.createdAt), desc(psychNotes.id))
      .limit(MAX_SHARED_SUMMARIES),
  ]);
  return { goals: goalRows, planItems: itemRows, appointments: appointmentRows, procedures: procedureRows, actionItems: actionRows, careTeam: teamRows, psychNotes: noteRows };
}

/** The patient's procedure orders (not cancelled), newest first, with what the hold rules read. */
export async function loadPatientProcedureRows(db: DbOrTx, patientId: string) {
  const [orders, meds] = await Promise.all([
    db
      .select({
        id: procedures.id,
        procedureType: procedures.procedureType,
        region: procedures.region,
        level: procedures.level,
        side: procedures.side,
        indication: procedures.indication,
        intent: procedures.intent,
        expectedBenefit: procedures.expectedBenefit,
        alternatives: procedures.alternatives,
        followUpPlan: procedures.followUpPlan,
        withSteroid: procedures.withSteroid,
        risks: procedures.risks,
        status: procedures.status,
        scheduledFor: procedures.scheduledFor,
        performedAt: procedures.performedAt,
        diagnostic: procedures.diagnostic,
        holdConfirmations: procedures.holdConfirmations,
        createdAt: procedures.createdAt,
      })
      .from(procedures)
      .where(and(eq(procedures.patientId, patientId), ne(procedures.status, "cancelled")))
      .orderBy(desc(procedures.createdAt), desc(procedures.id))
      .limit(maxPatientProcedures),
    db
      .select({ id: medications.id, name: medications.name, catalogKey: medications.catalogKey, drugClass: medications.drugClass, status: medications.status })
      .from(medications)
      .where(and(eq(medications.patientId, patientId), eq(medications.status, "active"))),
  ]);
  return { orders, medications: meds };
}

/** The reason (an enum, never the free text) of each emergency-access grant on this patient among `grantIds`. */
export async function grantReasonsOf(db: DbOrTx, patientId: string, grantIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(grantIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: accessGrants.id, reason: accessGrants.reason })
    .from(accessGrants)
    .where(and(eq(accessGrants.patientId, patientId), inArray(accessGrants.id, ids)));
  return new Map(rows.map((r) => [r.id, r.reason]));
}

import type { Discipline } from "./discipline";
import { disciplineOfRole, disciplines } from "./discipline";
import { CASE_REASON_MAX, clipReason, defaultQuorumPolicy, type QuorumPolicy } from "./meeting-text";
import { ConflictError, ForbiddenError, PreconditionError } from "./errors";
import { compareFlags, type Flag, type FlagCode } from "./flags";
import { decide, type Action, type PermissionContext } from "./permissions";
import { PHQ9_SAFETY_ITEM } from "./instruments";
import type { SafetyResponse } from "./clinical-v2";
import type { Assessment } from "./entities";
import { responseSummary, selfHarmState } from "./safety-flag";
import { stewardshipSummary, type NaloxoneCoverage, type StewardshipMedication, type StewardshipRecord } from "./stewardship";
import type { Role } from "./roles";

export { CASE_REASON_MAX, clipReason, defaultQuorumPolicy, type QuorumPolicy };

// The rules of a team review meeting, on the meeting's own terms: who is in the room, when it may
// close, what a decision may change and who confirms it, what carries over and what is proposed.

export const meetingDecisionKinds = [
  "approve_procedure",
  "decline_procedure",
  "transition_item",
  "add_goal",
  "start_medication",
  "stop_medication",
  "request_clearance",
  "note",
] as const;
export type MeetingDecisionKind = (typeof meetingDecisionKinds)[number];

export const meetingDecisionStatuses = ["proposed", "confirmed", "declined"] as const;
export type MeetingDecisionStatus = (typeof meetingDecisionStatuses)[number];

// --- quorum --------------------------------------------------------------------------------------

export interface MeetingAttendee {
  userId: string;
  role: Role;
  /** Marked by the chair; null until they do. */
  attended: boolean | null;
  signedOffAt: Date | null;
}

export interface Quorum {
  met: boolean;
  missing: Discipline[];
  policyId: string;
  policy: string;
}

export function quorumOf(attendees: readonly Pick<MeetingAttendee, "role" | "attended">[], policy: QuorumPolicy = defaultQuorumPolicy): Quorum {
  const present = new Set(attendees.filter((a) => a.attended === true).map((a) => disciplineOfRole(a.role)));
  const missing = policy.required.filter((d) => !present.has(d));
  return { met: missing.length === 0, missing, policyId: policy.id, policy: policy.label };
}

// --- the meeting's clock and its chair -----------------------------------------------------------

export interface MeetingFacts {
  status: "scheduled" | "in_progress" | "closed";
  scheduledFor: Date;
  chairId: string;
}

export const hasStarted = (meeting: Pick<MeetingFacts, "scheduledFor">, now: Date): boolean => now.getTime() >= meeting.scheduledFor.getTime();

export function assertMeetingOpen(meeting: Pick<MeetingFacts, "status">): void {
  if (meeting.status === "closed") throw new PreconditionError("This meeting is closed: its minutes are final.", "meetingId");
}

/** The chair runs the room; whoever manages every meeting (the coordinator) may stand in. */
export const isChair = (meeting: Pick<MeetingFacts, "chairId">, userId: string): boolean => meeting.chairId === userId;

export function assertMayMarkAttendance(meeting: Pick<MeetingFacts, "chairId" | "status">, userId: string): void {
  if (!isChair(meeting, userId)) throw new ForbiddenError("Only the chair marks attendance");
  assertMeetingOpen(meeting);
}

export interface CloseRequest {
  now: Date;
  quorum: Quorum;
  acknowledgeNoQuorum: boolean;
}

/** Not before the scheduled start; without quorum only when the chair says so, which the minutes keep. */
export function assertMayClose(meeting: Pick<MeetingFacts, "status" | "scheduledFor">, r: CloseRequest): void {
  assertMeetingOpen(meeting);
  if (!hasStarted(meeting, r.now)) throw new PreconditionError("This meeting has not started yet: it closes after its scheduled start.", "meetingId");
  if (!r.quorum.met && !r.acknowledgeNoQuorum) {
    throw new PreconditionError(`No quorum (${r.quorum.policy}); missing: ${r.quorum.missing.join(", ")}. Close anyway only with acknowledgeNoQuorum.`,
      "acknowledgeNoQuorum",
    );
  }
}

/** Each attendee signs for themselves, once they were marked present and the meeting has begun. */
export function assertMaySignOff(meeting: Pick<MeetingFacts, "scheduledFor">, attendee: Pick<MeetingAttendee, "attended"> | undefined, now: Date): void {
  if (!attendee) throw new ForbiddenError("Only an attendee signs off a meeting", "meetingId");
  if (!hasStarted(meeting, now)) throw new PreconditionError("This meeting has not started yet.", "meetingId");
  if (attendee.attended !== true) throw new PreconditionError("Only an attendee marked present signs off.", "meetingId");
}

/** Meetings that wait on this attendee: started, marked present, not yet signed. */
export const awaitsSignOff = (meeting: Pick<MeetingFacts, "scheduledFor">, attendee: Pick<MeetingAttendee, "attended" | "signedOffAt">, now: Date): boolean =>
  hasStarted(meeting, now) && attendee.attended === true && attendee.signedOffAt === null;

// --- decisions -----------------------------------------------------------------------------------

/** What a decision would change, in the permission matrix's terms. */
export type DecisionTarget =
  | { kind: "approve_procedure" }
  | { kind: "decline_procedure" }
  | { kind: "transition_item"; rowDiscipline: Discipline }
  | { kind: "add_goal"; rowDiscipline: Discipline }
  | { kind: "start_medication" }
  | { kind: "stop_medication" }
  | { kind: "request_clearance" }
  | { kind: "note" };

const actionOfKind: Record<Exclude<MeetingDecisionKind, "note">, Action> = {
  approve_procedure: "procedure.approve",
  decline_procedure: "procedure.cancel",
  transition_item: "planItem.transition",
  add_goal: "goal.create",
  start_medication: "medication.create",
  stop_medication: "medication.update",
  request_clearance: "clearance.request",
};

/** The action a decision performs when applied, with the row facts its permission needs; null for a note. */
export function decisionPermission(target: DecisionTarget): { action: Action; row: PermissionContext } | null {
  if (target.kind === "note") return null;
  return { action: actionOfKind[target.kind], row: "rowDiscipline" in target ? { rowDiscipline: target.rowDiscipline } : {} };
}

/** The discipline whose member confirms: the one the permission matrix lets perform the change. */
export function ownerDiscipline(target: DecisionTarget): Discipline | null {
  const permission = decisionPermission(target);
  if (!permission) return null;
  const owner = disciplines.find((d) => decide(d, permission.action, permission.row).allowed);
  if (!owner) throw new Error(`no discipline may ${permission.action}`);
  return owner;
}

/** Whether this role may make the change itself (then a recorded decision applies at once). */
export function mayApply(role: Role, target: DecisionTarget): boolean {
  const permission = decisionPermission(target);
  return permission === null || decide(role, permission.action, permission.row).allowed;
}

/** Recorded by someone who may make the change, it is confirmed at once; otherwise it waits for the owner. */
export const statusOnRecord = (role: Role, target: DecisionTarget): MeetingDecisionStatus => (mayApply(role, target) ? "confirmed" : "proposed");

export interface DecisionFacts {
  status: MeetingDecisionStatus;
  version: number;
}

/** Only by a member of its owner discipline, at the version read, and only while it is a proposal. */
export function assertMayDecide(role: Role, target: DecisionTarget, decision: DecisionFacts, expectedVersion: number): void {
  if (!mayApply(role, target)) {
    const owner = ownerDiscipline(target);
    throw new ForbiddenError(`Only a ${owner ?? "team member"} confirms this decision`);
  }
  // A stale read first: whoever confirmed or declined it since is the news, not its new status.
  if (decision.version !== expectedVersion) throw new ConflictError("This decision changed since you read it.", { field: "expectedVersion" });
  if (decision.status !== "proposed") throw new PreconditionError(`This decision is already ${decision.status}.`, "decisionId");
}

// --- agenda --------------------------------------------------------------------------------------

export interface AgendaCandidate {
  patientId: string;
  patientName: string;
  /** The patient's flags that put them on an agenda, most urgent first. */
  flags: readonly Flag[];
  /** A case an earlier meeting did not reach, if any. */
  leftover: { caseId: string; meetingId: string; title: string; scheduledFor: Date; reason: string } | null;
}

export interface AgendaProposal {
  patientId: string;
  patientName: string;
  reason: string;
  flagCodes: FlagCode[];
  flags: { code: FlagCode; severity: Flag["severity"]; message: string }[];
  carriedFromCaseId: string | null;
  carriedFrom: { meetingId: string; title: string; scheduledFor: Date } | null;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The reason a case not reached carries into the next meeting. */
export const carriedReason = (from: { title: string; scheduledFor: Date }, reason: string): string =>
  clipReason(`Not reached at ${from.title} (${isoDay(from.scheduledFor)}): ${reason}`);

/**
 * Patients who need the team: an agenda flag now, or a case an earlier meeting did not reach.
 * Most urgent flag first, then carried cases, then more flags, then by name.
 */
export function proposeAgenda(candidates: readonly AgendaCandidate[]): AgendaProposal[] {
  const ranked = candidates.flatMap((c) => {
    const flags = [...c.flags].sort(compareFlags);
    if (flags.length === 0 && !c.leftover) return [];
    const carried = c.leftover ? carriedReason(c.leftover, c.leftover.reason) : null;
    const proposal: AgendaProposal = {
      patientId: c.patientId,
      patientName: c.patientName,
      reason: clipReason([...flags.map((f) => f.message), ...(carried ? [carried] : [])].join("; ")),
      flagCodes: flags.map((f) => f.code),
      flags: flags.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
      carriedFromCaseId: c.leftover?.caseId ?? null,
      carriedFrom: c.leftover ? { meetingId: c.leftover.meetingId, title: c.leftover.title, scheduledFor: c.leftover.scheduledFor } : null,
    };
    return [{ proposal, top: flags[0] }];
  });
  ranked.sort(
    (a, b) =>
      (a.top && b.top ? compareFlags(a.top, b.top) : a.top ? -1 : b.top ? 1 : 0) ||
      Number(b.proposal.carriedFromCaseId !== null) - Number(a.proposal.carriedFromCaseId !== null) ||
      b.proposal.flagCodes.length - a.proposal.flagCodes.length ||
      a.proposal.patientName.localeCompare(b.proposal.patientName),
  );
  return ranked.map((r) => r.proposal);
}

/** One page of a list, with what the next page starts at (null on the last). */
export function pageOf<T>(items: readonly T[], offset: number, limit: number): { items: T[]; total: number; nextOffset: number | null } {
  const page = items.slice(offset, offset + limit);
  const next = offset + page.length;
  return { items: page, total: items.length, nextOffset: next < items.length ? next : null };
}

// --- a case, by the flag that brought it -----------------------------------------------------------

export type CaseMedication = StewardshipMedication & { route: string };

/**
 * What the room needs in front of it for each flag: an opioid case its medications and MME with the
 * table used, naloxone coverage and monitoring dates from the stewardship rules (§6.5); a safety
 * case the self-harm answer and the team's response (§6.9) — the same functions the plan uses.
 */
export function caseByFlag(
  flagCodes: readonly FlagCode[],
  record: Omit<StewardshipRecord, "medications"> & { medications: readonly CaseMedication[]; assessments: readonly Assessment[]; safetyResponses: readonly SafetyResponse[] },
  now: Date,
) {
  const opioidCase = flagCodes.includes("high_opioid_dose") || flagCodes.includes("opioid_review");
  const stewardship = opioidCase ? stewardshipSummary(record, now) : null;
  const opioid = stewardship
    ? {
        medications: record.medications
          .filter((m) => m.status === "active")
          .map((m) => ({ id: m.id, name: m.name, doseMg: m.doseMg, timesPerDay: m.timesPerDay, route: m.route, mme: stewardship.mme.lines.find((l) => l.medicationId === m.id)?.mme ?? null })),
        totalMme: stewardship.mme.total,
        level: stewardship.mme.level,
        table: stewardship.mme.table,
        tableLabel: stewardship.mme.tableLabel,
        naloxone: naloxoneStatus(stewardship.naloxone),
        monitoring: stewardship.monitoring.length > 0 ? stewardship.monitoring.map((m) => `${m.label}: ${m.state} — ${m.summary}`).join("; ") : NOT_RECORDED,
        policyId: stewardship.policyId,
      }
    : null;
  const selfHarm = flagCodes.includes("safety_self_harm") ? selfHarmState([...record.assessments], [...record.safetyResponses], now) : null;
  const safety = selfHarm
    ? {
        assessmentId: selfHarm.assessment.id,
        item: PHQ9_SAFETY_ITEM,
        answer: selfHarm.item9,
        administeredAt: selfHarm.assessment.administeredAt,
        response: selfHarm.acknowledgement ? responseSummary(selfHarm.acknowledgement) : NO_RESPONSE_RECORDED,
      }
    : null;
  return { opioid, safety, candidacy: flagCodes.includes("candidacy_pending") };
}

export const NOT_RECORDED = "not recorded";
export const NO_NALOXONE = "none on the medication list and no offer recorded";

/** Naloxone as the room reads it: what covers it, or why it is needed, from the stewardship rules. */
export function naloxoneStatus(coverage: NaloxoneCoverage): string {
  if (coverage.covered) return coverage.covered.summary;
  return coverage.needed ? `${NO_NALOXONE} — offer: ${coverage.reasons.join("; ")}` : NO_NALOXONE;
}
export const NO_RESPONSE_RECORDED = "no response recorded";

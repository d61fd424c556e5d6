import { z } from "zod";
import { addDays } from "./common";
import { clinicalRoles, type ClinicalRole } from "./roles";
import { computeFlags, type Flag } from "./flags";
import { instruments, type Instrument } from "./instruments";
import { ladderPolicy, ladderPosition } from "./ladder-position";
import { dailyMme } from "./mme";
import { defaultOutcomeSeriesPolicy } from "./outcomes";
import type { FlagInput } from "./patient-record";
import type { ProcedureType } from "./procedure-catalog";
import { defaultClinicPolicy } from "./policy";
import { safetyFlagPolicy } from "./safety-flag";
import { defaultSafetyPolicy } from "./safety";
import { defaultStewardshipPolicy } from "./stewardship";
import { flagsForRole, worklistKey, type WorklistKey } from "./worklist";

/**
 * The versions of every rule a stored summary was computed with. A summary stored under another
 * version is recomputed before it is shown, so a rule change never leaves old results on a home.
 */
export const summaryRulesVersion = [
  "summary-v1",
  defaultClinicPolicy.id,
  ladderPolicy.id,
  safetyFlagPolicy.id,
  defaultStewardshipPolicy.id,
  defaultSafetyPolicy.id,
  defaultOutcomeSeriesPolicy.id,
  defaultOutcomeSeriesPolicy.chase.id,
].join("+");

/** The roles whose homes list patients in their own order. */
export const summaryRoles: readonly ClinicalRole[] = clinicalRoles;

/** Days of therapy sessions a home shows (the PT's pain before/after trend). */
export const summarySessionDays = 30;

export interface SummaryVisit {
  startsAt: Date;
  discipline: string;
}

export interface SummaryInput extends FlagInput {
  appointments: readonly { startsAt: Date; status: string; discipline: string }[];
}

/** What the homes show about one patient, computed by the domain's rules at one instant. */
export interface PatientSummaryValues {
  flags: Flag[];
  ladder: { current: number; currentLabel: string; basis: string; highestReached: number; policyId: string };
  mme: number;
  latestScores: Partial<Record<Instrument, { score: number; at: Date }>>;
  sessions30d: { sessionDate: Date; attendance: string; painBefore: number | null; painAfter: number | null }[];
  pendingClearances: { id: string; procedureType: ProcedureType; requestedAt: Date }[];
  nextVisit: SummaryVisit | null;
  lastVisit: SummaryVisit | null;
  /** Each role's place on its list, from the flags addressed to the role. */
  keys: Record<ClinicalRole, WorklistKey>;
  /** Users some flag names (an action item's owner) whose place differs from their role's, by user then role. */
  ownerKeys: Record<string, Partial<Record<ClinicalRole, WorklistKey>>>;
}

export function summarizePatient(input: SummaryInput, now: Date): PatientSummaryValues {
  const flags = computeFlags(input, now);
  const ladder = ladderPosition(input.planItems, input.procedures, now);
  const latestScores: PatientSummaryValues["latestScores"] = {};
  for (const instrument of instruments) {
    const last = input.assessments
      .filter((a) => a.instrument === instrument && a.score !== null && a.administeredAt <= now)
      .reduce<(typeof input.assessments)[number] | undefined>((acc, a) => (acc === undefined || a.administeredAt >= acc.administeredAt ? a : acc), undefined);
    if (last && last.score !== null) latestScores[instrument] = { score: last.score, at: last.administeredAt };
  }
  const since = addDays(now, -summarySessionDays);
  const visits = input.appointments.filter((a) => a.status !== "cancelled");
  const upcoming = visits.filter((a) => a.status === "booked" && a.startsAt >= now).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  const past = visits.filter((a) => a.startsAt < now).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0];
  const keys = Object.fromEntries(summaryRoles.map((role) => [role, worklistKey(flagsForRole(flags, role), role)])) as Record<ClinicalRole, WorklistKey>;
  const ownerKeys: PatientSummaryValues["ownerKeys"] = {};
  for (const userId of new Set(flags.flatMap((f) => f.ownerIds ?? []))) {
    for (const role of summaryRoles) {
      const key = worklistKey(flagsForRole(flags, role, userId), role);
      if (key.count !== keys[role].count) (ownerKeys[userId] ??= {})[role] = key;
    }
  }
  return {
    flags,
    ladder: { current: ladder.current, currentLabel: ladder.currentLabel, basis: ladder.basis, highestReached: ladder.highestReached, policyId: ladder.policyId },
    mme: dailyMme(input.medications).total,
    latestScores,
    sessions30d: input.therapySessions
      .filter((s) => s.sessionDate >= since && s.sessionDate <= now)
      .sort((a, b) => a.sessionDate.getTime() - b.sessionDate.getTime())
      .map((s) => ({ sessionDate: s.sessionDate, attendance: s.attendance, painBefore: s.painBefore ?? null, painAfter: s.painAfter ?? null })),
    pendingClearances: input.clearances
      .filter((c) => c.status === "requested")
      .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())
      .map((c) => ({ id: c.id, procedureType: c.procedureType, requestedAt: c.requestedAt })),
    nextVisit: upcoming ? { startsAt: upcoming.startsAt, discipline: upcoming.discipline } : null,
    lastVisit: past ? { startsAt: past.startsAt, discipline: past.discipline } : null,
    keys,
    ownerKeys,
  };
}

/** The clinic day an instant falls on (UTC, as the overdue rules count days), and the start of the next one. */
export function clinicDayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
export function nextClinicDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * Until when a summary computed at `now` stays what the rules would say: the start of the next
 * clinic day (date-based rules: overdue dates, windows counted in days, the next visit's day), or
 * earlier when a rule counted from an instant (a procedure's outcome window, a step's weeks, a
 * hold before an order, a visit's hour) turns during the day. The rules are asked, not copied:
 * the summary is recomputed at the end of the day and, if anything differs, the turning point is
 * searched to the millisecond.
 */
export function summaryValidUntil(input: SummaryInput, now: Date): Date {
  const end = nextClinicDay(now);
  const at = (t: number) => JSON.stringify(summarizePatient(input, new Date(t)));
  const base = at(now.getTime());
  let lo = now.getTime();
  let hi = end.getTime() - 1;
  // A visit moves from next to last just after it starts: sample those instants too, so one turning point cannot hide another.
  const visitTurns = input.appointments.map((a) => a.startsAt.getTime() + 1).filter((t) => t > lo && t <= hi);
  const firstVisitTurn = visitTurns.length ? Math.min(...visitTurns) : null;
  if (firstVisitTurn !== null && at(firstVisitTurn) !== base) hi = firstVisitTurn;
  else if (at(hi) === base) return end;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid) === base) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

/** The lists a home pages through: the role's ranked worklist (all, or flagged only), recent sessions, pending clearances. */
export const summaryViews = ["worklist", "flagged", "sessions", "clearances"] as const;
export type SummaryView = (typeof summaryViews)[number];

/** A page fits a screen; the cap bounds every response whatever the caseload. */
export const worklistPageSize = { default: 50, max: 100 } as const;

export const worklistPageInputSchema = z
  .object({
    view: z.enum(summaryViews).default("worklist"),
    /** Patients already shown (the next page starts after them). */
    cursor: z.number().int().min(0).max(1_000_000).default(0),
    limit: z.number().int().min(1).max(worklistPageSize.max).default(worklistPageSize.default),
    /** Sent by infinite-query clients; pages only go forward. */
    direction: z.enum(["forward", "backward"]).optional(),
  })
  .strict()
  .default({ view: "worklist", cursor: 0, limit: worklistPageSize.default });
export type WorklistPageInput = z.infer<typeof worklistPageInputSchema>;

export { flagGroupLabels } from "./flag-display";

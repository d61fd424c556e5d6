import { compareFlags, type Flag, type FlagCode } from "./flags";
import type { Role } from "./roles";
import { isAcknowledged } from "./safety-flag";

/**
 * What each role looks at first. Safety tops every list; then each role's own concerns — for the
 * physician: high opioid dose, candidacy decisions pending, outcomes due, patients not improving.
 * A flag the role sees that is not named here follows the named ones, most severe first.
 */
export const worklistOrder: Record<Role, readonly FlagCode[]> = {
  physician: ["safety_self_harm", "high_opioid_dose", "opioid_review", "candidacy_pending", "outcome_due", "not_improving", "depression_anxiety", "overdue_action", "missed_sessions", "catastrophizing"],
  psychologist: ["safety_self_harm", "depression_anxiety", "catastrophizing", "overdue_action", "not_improving", "high_opioid_dose", "candidacy_pending"],
  physical_therapist: ["safety_self_harm", "missed_sessions", "not_improving", "overdue_action", "high_opioid_dose", "candidacy_pending"],
  coordinator: ["safety_self_harm", "overdue_action", "missed_sessions", "candidacy_pending", "not_improving", "high_opioid_dose"],
  admin: [],
  patient: [],
};

/** Roles that sit in the team review meeting: whatever the agenda shows about a patient, their lists show too. */
export const agendaRoles: readonly Role[] = ["physician", "psychologist", "physical_therapist", "coordinator"];

export interface WorklistEntry<P> {
  patient: P;
  flags: Flag[];
}

/** Whether this role (and user) should see the flag: its audience, its owner, or the meeting agenda. */
export function flagReaches(flag: Flag, role: Role, userId?: string): boolean {
  return flag.audience.includes(role) || (userId !== undefined && (flag.ownerIds?.includes(userId) ?? false)) || (flag.agenda && agendaRoles.includes(role));
}

/** Position of a flag in the role's list; an acknowledged self-harm flag sits after the open ones but still ahead of everything else. */
function rankOf(flag: Flag, role: Role): number {
  const order = worklistOrder[role];
  const index = order.indexOf(flag.code);
  const base = index === -1 ? order.length : index;
  return flag.code === "safety_self_harm" && isAcknowledged(flag.acknowledgement) ? base + 0.5 : base;
}

/** The flags this role should act on, in the role's order (safety first, for every role). */
export function flagsForRole(flags: readonly Flag[], role: Role, userId?: string): Flag[] {
  if (role === "admin") return [];
  return flags.filter((f) => flagReaches(f, role, userId)).sort((a, b) => rankOf(a, role) - rankOf(b, role) || compareFlags(a, b));
}

/**
 * Where a patient sits on this role's list, from the flags that reach the role (flagsForRole):
 * the most pressing flag's position (null without flags: after every flagged patient), then more
 * flags first. A stored summary keeps this key so a list can be read in order one page at a time.
 */
export interface WorklistKey {
  rank: number | null;
  count: number;
  codes: FlagCode[];
}

export function worklistKey(roleFlags: readonly Flag[], role: Role): WorklistKey {
  return {
    rank: roleFlags.length ? Math.min(...roleFlags.map((f) => rankOf(f, role))) : null,
    count: roleFlags.length,
    codes: [...new Set(roleFlags.map((f) => f.code))],
  };
}

/** Orders two keys the way rankWorklist does (ties keep their given order). */
export function compareWorklistKeys(a: WorklistKey, b: WorklistKey): number {
  return (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || b.count - a.count;
}

/** Patients ordered by their most pressing flag for this role, then by how many flags they carry. */
export function rankWorklist<P>(entries: readonly WorklistEntry<P>[], role: Role): WorklistEntry<P>[] {
  return [...entries].sort((a, b) => compareWorklistKeys(worklistKey(a.flags, role), worklistKey(b.flags, role)));
}

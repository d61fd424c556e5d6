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

/** Patients ordered by their most pressing flag for this role, then by how many flags they carry. */
export function rankWorklist<P>(entries: readonly WorklistEntry<P>[], role: Role): WorklistEntry<P>[] {
  const best = (e: WorklistEntry<P>) => (e.flags.length ? Math.min(...e.flags.map((f) => rankOf(f, role))) : Number.POSITIVE_INFINITY);
  return [...entries].sort((a, b) => best(a) - best(b) || b.flags.length - a.flags.length);
}

import type { Flag, FlagCode } from "./flags";
import type { Role } from "./roles";

/**
 * What each role looks at first. Safety tops every list; then each role's own concerns — for the
 * physician: high opioid dose, candidacy decisions pending, outcomes due, patients not improving.
 */
export const worklistOrder: Record<Role, readonly FlagCode[]> = {
  physician: ["safety_self_harm", "high_opioid_dose", "opioid_review", "candidacy_pending", "outcome_due", "not_improving", "depression_anxiety", "overdue_action", "missed_sessions", "catastrophizing"],
  psychologist: ["safety_self_harm", "depression_anxiety", "catastrophizing", "overdue_action", "not_improving"],
  physical_therapist: ["safety_self_harm", "missed_sessions", "not_improving", "overdue_action"],
  coordinator: ["safety_self_harm", "overdue_action", "missed_sessions", "candidacy_pending", "not_improving", "high_opioid_dose"],
  admin: [],
};

export interface WorklistEntry<P> {
  patient: P;
  flags: Flag[];
}

/** The flags this role should act on, in the role's order. */
export function flagsForRole(flags: readonly Flag[], role: Role, userId?: string): Flag[] {
  const order = worklistOrder[role];
  return flags
    .filter((f) => order.includes(f.code) && (f.audience.includes(role) || (userId !== undefined && f.ownerIds?.includes(userId))))
    .sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
}

/** Patients ordered by their most pressing flag for this role, then by how many flags they carry. */
export function rankWorklist<P>(entries: readonly WorklistEntry<P>[], role: Role): WorklistEntry<P>[] {
  const order = worklistOrder[role];
  const best = (e: WorklistEntry<P>) => (e.flags.length ? Math.min(...e.flags.map((f) => order.indexOf(f.code))) : Number.POSITIVE_INFINITY);
  return [...entries].sort((a, b) => best(a) - best(b) || b.flags.length - a.flags.length);
}

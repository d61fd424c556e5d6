// What the meeting room shows without zod: discipline names, the clinic's quorum policy and the
// agenda's reason limit. The room imports these through "@stepwise/domain/meeting-text" so the
// schema library stays out of its first load; discipline.ts and meetings.ts re-export them.

/** The clinical disciplines that own plan content; coordinator and admin own none. */
export const disciplines = ["physician", "physical_therapist", "psychologist"] as const;
export type Discipline = (typeof disciplines)[number];

export const disciplineLabels: Record<Discipline, string> = {
  physician: "physician",
  physical_therapist: "physical therapist",
  psychologist: "psychologist",
};

/** Why a patient is on the agenda; carried-over cases prefix it, so it stays well under a page. */
export const CASE_REASON_MAX = 1000;

/** Clinic policy, as data: which disciplines must be in the room for the team's decisions to stand. */
export interface QuorumPolicy {
  id: string;
  label: string;
  required: readonly Discipline[];
}

export const defaultQuorumPolicy: QuorumPolicy = {
  id: "quorum-2025-01",
  label: "A physician, a physical therapist and a psychologist present",
  required: ["physician", "physical_therapist", "psychologist"],
};

export const clipReason = (s: string, max = CASE_REASON_MAX): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

import { z } from "zod";
import { idSchema, plainText, singleLine } from "./common";
import { can, type Action } from "./permissions";
import type { Role } from "./roles";
import { emergencyAccessPolicy, emergencyReasonLabels, emergencyReasons, type EmergencyReason } from "./emergency-access-text";

/**
 * Break-the-glass: a clinician who is not on a patient's care team opens that one patient for a
 * declared reason, for a bounded time, and every use is reviewed afterwards. The rules live here;
 * the patient gate, the live stream and the screens ask these functions.
 */

// The policy, the reasons and their labels are zod-free (the screens import them by subpath); re-exported here.
export { emergencyAccessPolicy, emergencyReasonLabels, emergencyReasons, reasonAllowsWriting, type EmergencyReason } from "./emergency-access-text";
export const emergencyReasonSchema = z.enum(emergencyReasons);

/** Who may break the glass: the matrix's `emergencyAccess.open` (the clinicians who treat). */
export function mayBreakGlass(role: Role): boolean {
  return can(role, "emergencyAccess.open");
}

/** Actions no grant ever includes, whatever the reason and the role: psychotherapy notes are the author's alone. */
export const actionsNeverGranted = ["psychNote.readPsychotherapy"] as const satisfies readonly Action[];

export interface GrantTimes {
  expiresAt: Date;
  endedAt: Date | null;
}

/** Active: not ended early and not yet expired. */
export function isGrantActive(grant: GrantTimes, now: Date): boolean {
  return grant.endedAt === null && now.getTime() < grant.expiresAt.getTime();
}

export function grantExpiry(grantedAt: Date): Date {
  return new Date(grantedAt.getTime() + emergencyAccessPolicy.grantMinutes * 60_000);
}

/** When a grant stopped (or will stop) giving access: ended early, or its expiry. */
export function grantEnd(grant: GrantTimes): Date {
  return grant.endedAt && grant.endedAt < grant.expiresAt ? grant.endedAt : grant.expiresAt;
}

/** How a caller reached a patient's record: the care team, or an emergency-access grant. */
export type PatientAccess = { kind: "care_team" } | { kind: "grant"; grantId: string; emergency: boolean; expiresAt: Date };

/** What every audit row written through a grant carries, so the access report can say "through emergency access". */
export function grantAuditDetail(access: PatientAccess): { through: "emergency_access"; grantId: string } | undefined {
  return access.kind === "grant" ? { through: "emergency_access", grantId: access.grantId } : undefined;
}

/** Actions that only read: everything else a procedure checks changes the record. */
export function isReadAction(action: Action): boolean {
  return action.endsWith(".read") || action.startsWith("psychNote.read") || action === "procedure.evaluate";
}

export type GrantDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * What an active grant lets its holder do — asked by the patient gate for every call (write or
 * read) and for every action a procedure checks. On top of this, the role's own permissions apply
 * exactly as for a care-team member: a grant never gives more than the role has.
 */
export function decideGrantUse(grant: { emergency: boolean }, role: Role, use: { write: boolean; action?: Action }): GrantDecision {
  if (!mayBreakGlass(role)) return { allowed: false, reason: `${role} may not use emergency access` };
  if (use.action && (actionsNeverGranted as readonly Action[]).includes(use.action)) return { allowed: false, reason: "Psychotherapy notes are never part of emergency access" };
  if (use.write && !grant.emergency) return { allowed: false, reason: "Emergency access for this reason is read-only" };
  return { allowed: true };
}

/**
 * Rows private to one user (psychotherapy notes, their comments and events) are matched against
 * the reader's id. Under a grant that id is one no user has, so nothing private ever matches —
 * not even a note the holder once wrote while on the team.
 */
export const NO_PRIVATE_READER = "00000000-0000-0000-0000-000000000000";

export function privateReaderId(access: PatientAccess, userId: string): string {
  return access.kind === "grant" ? NO_PRIVATE_READER : userId;
}

// --- inputs -----------------------------------------------------------------------------------------

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");

/**
 * The lookup finds one patient, never a list: an exact MRN, or the full given and family names
 * with the date of birth (names compared exactly, ignoring case and surrounding spaces).
 */
export const emergencyLookupInputSchema = z.union([
  z.strictObject({ mrn: singleLine(40) }),
  z.strictObject({ givenName: singleLine(120), familyName: singleLine(120), dateOfBirth: isoDate }),
]);
export type EmergencyLookupInput = z.infer<typeof emergencyLookupInputSchema>;

export const openEmergencyAccessInputSchema = z.strictObject({
  patientId: idSchema,
  reason: emergencyReasonSchema,
  reasonText: plainText(emergencyAccessPolicy.reasonTextMaxLength).min(emergencyAccessPolicy.reasonTextMinLength, `at least ${emergencyAccessPolicy.reasonTextMinLength} characters`),
  /** The caller's password, typed again. Kept exactly as typed. */
  password: z.string().min(1).max(512),
  /** A TOTP or recovery code; required when the caller has two-factor sign-in. */
  code: z.string().trim().max(64).optional(),
});
export type OpenEmergencyAccessInput = z.infer<typeof openEmergencyAccessInputSchema>;

export const grantRefInputSchema = z.strictObject({ grantId: idSchema });

export const reviewGrantInputSchema = z.strictObject({
  grantId: idSchema,
  note: plainText(emergencyAccessPolicy.reviewNoteMaxLength).min(emergencyAccessPolicy.reviewNoteMinLength, `at least ${emergencyAccessPolicy.reviewNoteMinLength} characters`),
  expectedVersion: z.number().int().min(1).max(2_147_483_647),
});
export type ReviewGrantInput = z.infer<typeof reviewGrantInputSchema>;

/** "14:30" in the clinic's display, for banners. */
export function grantBannerText(g: { holderName: string; reason: EmergencyReason; expiresAt: Date }, formatTime: (d: Date) => string): string {
  return `${g.holderName} has emergency access until ${formatTime(g.expiresAt)} — reason: ${emergencyReasonLabels[g.reason]}`;
}

import { z } from "zod";
import { passwordSchema } from "./account-inputs";
import { normalizeResetCode, resetCodeAlphabet, resetCodePolicy } from "./account-resets";
import { patientRefInputSchema } from "./inputs";

/**
 * A patient joins through a one-time invitation a clinician hands over (printed, read out): the
 * code and its link are shown once, valid 7 days. The code is a public selector (one group, to find
 * the invitation without trying every hash) and a secret of 100 bits (four groups, argon2-hashed
 * like a password), in the same Crockford base32 as the reset codes: `7KQ2M-XW9PD-3RT8V-NC4HF-A1B2C`.
 */
export const invitationPolicy = {
  validityMs: 7 * 24 * 60 * 60 * 1000,
  selectorGroups: 1,
  secretGroups: resetCodePolicy.groups,
  groupLength: resetCodePolicy.groupLength,
} as const;

const selectorLength = invitationPolicy.selectorGroups * invitationPolicy.groupLength;
const codeLength = (invitationPolicy.selectorGroups + invitationPolicy.secretGroups) * invitationPolicy.groupLength;

/** Bits of the secret part alone: what an attacker who knows the selector still has to guess. */
export const invitationSecretBits = invitationPolicy.secretGroups * invitationPolicy.groupLength * Math.log2(resetCodeAlphabet.length);

/** Groups a raw code as it is shown and printed. */
export function formatInvitationCode(raw: string): string {
  const groups: string[] = [];
  for (let i = 0; i < raw.length; i += invitationPolicy.groupLength) groups.push(raw.slice(i, i + invitationPolicy.groupLength));
  return groups.join("-");
}

/** A typed code split into its selector and its secret, or undefined when it is not shaped like one. */
export function parseInvitationCode(typed: string): { selector: string; secret: string } | undefined {
  const code = normalizeResetCode(typed);
  if (code.length !== codeLength || ![...code].every((c) => resetCodeAlphabet.includes(c))) return undefined;
  return { selector: code.slice(0, selectorLength), secret: code.slice(selectorLength) };
}

/** The invitation's own expiry: 7 days from when it was made. */
export function invitationExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + invitationPolicy.validityMs);
}

/** Whether an invitation still opens an account: not used, not revoked (or replaced), not expired. */
export function isInvitationLive(invitation: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): boolean {
  return !invitation.usedAt && !invitation.revokedAt && invitation.expiresAt > now;
}

/** The page a code is redeemed on; the web puts its own origin in front. */
export function invitationPath(code: string): string {
  return `/invite?code=${encodeURIComponent(code)}`;
}

/** Where a patient's access stands, as the team reads it on the plan page. */
export type PatientAccessStatus =
  | { state: "none" }
  | { state: "invited"; validUntil: Date }
  | { state: "active"; since: Date; email: string }
  | { state: "revoked"; revokedAt: Date };

/**
 * From the newest account link and the newest invitation: an active account wins; a live invitation
 * is pending; otherwise a revoked account says so; otherwise nothing was ever set up (or it lapsed).
 */
export function patientAccessStatus(
  account: { createdAt: Date; revokedAt: Date | null; email: string } | undefined,
  invitation: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | undefined,
  now: Date,
): PatientAccessStatus {
  if (account && !account.revokedAt) return { state: "active", since: account.createdAt, email: account.email };
  if (invitation && isInvitationLive(invitation, now)) return { state: "invited", validUntil: invitation.expiresAt };
  if (account?.revokedAt) return { state: "revoked", revokedAt: account.revokedAt };
  return { state: "none" };
}

/** A new invitation; the patient's email only when the clinic e-mails invitations (it is used once to send, never stored). */
export const inviteInputSchema = patientRefInputSchema.extend({ email: z.email("Enter the patient's email address.").max(254).optional() });
export type InviteInput = z.infer<typeof inviteInputSchema>;

/** What the patient types on the invitation page: the code, the email they will sign in with, and a password (the clinicians' policy). */
export const redeemInvitationInputSchema = z
  .strictObject({
    code: z.string().max(64),
    email: z.email("Enter an email address you can sign in with.").max(254),
    password: passwordSchema,
    confirmPassword: z.string().max(256),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });
export type RedeemInvitationInput = z.infer<typeof redeemInvitationInputSchema>;

/** One refusal for every code that does not open an account (wrong, used, expired, revoked, replaced). */
export const invitationMessages = {
  refused: "This invitation code does not work. It may be mistyped, already used, or out of date. Ask your care team for a new one.",
  locked: "Too many tries with this code. Wait 15 minutes, or ask your care team for a new one.",
  emailTaken: "This email is already used for a Stepwise account. Choose another email.",
  alreadyLinked: "This record already has an account. Ask your care team if you cannot sign in.",
} as const;

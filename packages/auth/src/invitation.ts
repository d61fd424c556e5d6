import { randomInt } from "node:crypto";
import {
  consumeInvitation,
  findLiveInvitations,
  findUserByEmail,
  hasActivePatientAccount,
  insertPatientAccount,
  insertUser,
  patientDisplayName,
  releaseLoginAttempts,
  reopenPatientAccount,
  reserveLoginAttempt,
  wasRevokedFromPatient,
  writeAudit,
  type Database,
} from "@stepwise/db";
import { formatInvitationCode, invitationExpiry, invitationMessages, invitationPolicy, parseInvitationCode, redeemInvitationInputSchema, resetCodeAlphabet } from "@stepwise/domain";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { authPolicy, type AuthPolicy } from "./policy";

export interface IssuedInvitation {
  /** Shown once to the clinician to hand over; never stored, never audited. */
  code: string;
  selector: string;
  codeHash: string;
  expiresAt: Date;
}

const randomGroup = (groups: number) =>
  Array.from({ length: groups * invitationPolicy.groupLength }, () => resetCodeAlphabet[randomInt(resetCodeAlphabet.length)]).join("");

/** A new invitation code: a public selector and a 100-bit secret, the secret argon2-hashed like a password. */
export async function issueInvitationCode(now: Date): Promise<IssuedInvitation> {
  const selector = randomGroup(invitationPolicy.selectorGroups);
  const secret = randomGroup(invitationPolicy.secretGroups);
  return { code: formatInvitationCode(selector + secret), selector, codeHash: await hashPassword(secret), expiresAt: invitationExpiry(now) };
}

export type RedeemResult =
  | { ok: true; userId: string; email: string; patientId: string }
  | { ok: false; reason: "invalid"; field: "email" | "password" | "confirmPassword"; message: string }
  | { ok: false; reason: "refused" | "locked"; field: "code"; message: string }
  | { ok: false; reason: "email_taken"; field: "email"; message: string };

/** Tries against one invitation are counted like sign-in attempts against one email: the same limit and lock. */
const throttleKey = (selector: string) => `invitation:${selector}`;

/**
 * The patient opens their account with an invitation: their own sign-in email and a password under
 * the clinicians' policy. Every code that does not open an account — mistyped, wrong, used,
 * expired, revoked, replaced — gets one refusal after the same single argon2 check, and tries are
 * counted per code like sign-in attempts per email. In one transaction the invitation is spent
 * (compare-and-set), the `patient` user is made (or their own revoked account reopened) and linked to the record, and the redemption is
 * audited against the patient; the code itself is never written anywhere.
 */
export async function redeemInvitation(db: Database, input: unknown, now: Date = new Date(), policy: AuthPolicy = authPolicy): Promise<RedeemResult> {
  const parsed = redeemInvitationInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    if (field === "code") return refused();
    return { ok: false, reason: "invalid", field: field === "email" || field === "confirmPassword" ? field : "password", message: issue?.message ?? "Check what you entered." };
  }
  const { code, password } = parsed.data;
  const email = parsed.data.email.trim().toLowerCase();
  const parts = parseInvitationCode(code);
  if (!parts) {
    // Not shaped like a code: nothing to count against, the same check's cost and the same refusal.
    await burnPasswordCheck(code);
    await writeAudit(db, { action: "patientAccess.redeem", outcome: "denied", detail: { reason: "invalid_code" } });
    return refused();
  }

  const reservation = await reserveLoginAttempt(db, throttleKey(parts.selector), now, policy.maxFailedAttempts, policy.lockoutMs);
  if (!reservation.reserved) {
    await writeAudit(db, { action: "patientAccess.redeem", outcome: "denied", detail: { reason: "locked" } });
    return { ok: false, reason: "locked", field: "code", message: invitationMessages.locked };
  }
  const candidates = await findLiveInvitations(db, parts.selector, now);
  let invitation: (typeof candidates)[number] | undefined;
  for (const candidate of candidates) {
    if (await verifyPassword(candidate.codeHash, parts.secret)) invitation = candidate;
  }
  if (candidates.length === 0) await burnPasswordCheck(parts.secret);
  const refuse = async (reason: string): Promise<RedeemResult> => {
    await writeAudit(db, { action: "patientAccess.redeem", outcome: "denied", patientId: invitation?.patientId ?? null, detail: { reason, failedCount: reservation.attempt } });
    return refused();
  };
  if (!invitation) return refuse("invalid_code");
  if (await hasActivePatientAccount(db, invitation.patientId)) return refuse("already_linked");
  // An email already in use opens nothing, except the patient's own account revoked from this same
  // record: a new invitation reopens it. Anyone else's (staff, another patient, an active account) gets the same refusal.
  const existing = await findUserByEmail(db, email);
  const reopening = existing && existing.role === "patient" && !existing.active && (await wasRevokedFromPatient(db, existing.id, invitation.patientId)) ? existing : undefined;
  if (existing && !reopening) return { ok: false, reason: "email_taken", field: "email", message: invitationMessages.emailTaken };

  const name = (await patientDisplayName(db, invitation.patientId)) ?? email;
  const passwordHash = await hashPassword(password);
  const found = invitation;
  const created = await db
    .transaction(async (tx) => {
      const link = { patientId: found.patientId, createdBy: found.createdBy, createdAt: now };
      let user: { id: string };
      if (reopening) {
        if (!(await reopenPatientAccount(tx, { ...link, userId: reopening.id, passwordHash }))) throw new SpentInvitation();
        user = reopening;
      } else {
        user = await insertUser(tx, { email, name, role: "patient", passwordHash, mustChangePassword: false });
        await insertPatientAccount(tx, { ...link, userId: user.id });
      }
      if (!(await consumeInvitation(tx, found.id, user.id, now))) throw new SpentInvitation();
      await releaseLoginAttempts(tx, throttleKey(parts.selector), policy.maxFailedAttempts);
      await writeAudit(tx, {
        actorId: user.id,
        actorRole: "patient",
        action: "patientAccess.redeem",
        outcome: "success",
        patientId: found.patientId,
        entityType: "patient_invitation",
        entityId: found.id,
        ...(reopening ? { detail: { reopened: true } } : {}),
      });
      return user;
    })
    .catch((error: unknown) => {
      // Spent by a concurrent redemption, or the email / the record's one account taken meanwhile.
      if (error instanceof SpentInvitation || isUniqueViolation(error)) return undefined;
      throw error;
    });
  if (!created) return refuse("raced");
  return { ok: true, userId: created.id, email, patientId: found.patientId };
}

function refused(): RedeemResult {
  return { ok: false, reason: "refused", field: "code", message: invitationMessages.refused };
}

class SpentInvitation extends Error {
  override readonly name = "SpentInvitation";
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import {
  claimTotpStep,
  countUnusedRecoveryCodes,
  enableMfa,
  findUserMfa,
  releaseLoginAttempts,
  replaceRecoveryCodes,
  reserveLoginAttempt,
  savePendingMfa,
  useRecoveryCode,
  writeAudit,
  type Database,
  type LoginReservation,
} from "@stepwise/db";
import { generateRecoveryCodes, hashRecoveryCode, mfaKey, normaliseRecoveryCode, openSecret, sealSecret, SealedSecretError } from "./mfa-crypto";
import { authPolicy, type AuthPolicy } from "./policy";

export const totpIssuer = "Stepwise";
const period = 30;
/** One step either side of now: a phone clock a little off, or a code typed as it changed. */
const window = 1;

function totpFor(secretBase32: string, label = "") {
  return new TOTP({ issuer: totpIssuer, label, algorithm: "SHA1", digits: 6, period, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountName: string): string {
  return totpFor(secretBase32, accountName).toString();
}

/** The six-digit code for a secret at a moment (tests and the demo use it; the server never sends it). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpFor(secretBase32).generate({ timestamp: at.getTime() });
}

/** The time step of a code accepted now, or null: within ±1 step of `now`. */
function acceptedStep(secretBase32: string, token: string, now: Date): number | null {
  const delta = totpFor(secretBase32).validate({ token, timestamp: now.getTime(), window });
  if (delta === null) return null;
  return TOTP.counter({ period, timestamp: now.getTime() }) + delta;
}

/**
 * The stored secret, or null when it no longer opens (the sealing key changed): the factor then
 * fails like a wrong code, and an administrator's removal lets the user enrol again.
 */
function openedSecret(sealed: string, userId: string, key: Buffer): string | null {
  try {
    return openSecret(sealed, userId, key);
  } catch (error) {
    if (error instanceof SealedSecretError) return null;
    throw error;
  }
}

/** The base32 key grouped in fours, as people type it into an app by hand. */
export function formatManualKey(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The rate limit for second-factor codes: the password's policy, counted per user in its own namespace. */
export const mfaThrottleKey = (userId: string) => `mfa:${userId}`;

/** What a second-factor attempt is audited as: confirming enrolment, or signing in. */
type MfaAttemptAction = "auth.mfa_enrol" | "auth.mfa_verify";

/** Audits a refused second-factor attempt (never with the code itself). */
function auditMfaDenied(db: Database, userId: string, action: MfaAttemptAction, detail: Record<string, unknown>): Promise<void> {
  return writeAudit(db, { actorId: userId, action, outcome: "denied", entityType: "user", entityId: userId, detail });
}

/**
 * Counts an attempt against the user's second-factor limit before its code is checked. Null, and
 * audited as locked, while the user is locked out.
 */
async function reserveMfaAttempt(db: Database, userId: string, action: MfaAttemptAction, now: Date, policy: AuthPolicy): Promise<LoginReservation | null> {
  const reservation = await reserveLoginAttempt(db, mfaThrottleKey(userId), now, policy.maxFailedAttempts, policy.lockoutMs);
  if (reservation.reserved) return reservation;
  await auditMfaDenied(db, userId, action, { reason: "locked" });
  return null;
}

/**
 * Refuses a wrong code: audited with `why` and the count so far, or as locked when this attempt
 * reached the limit (the caller sees only invalid or locked).
 */
async function refuseMfaAttempt(
  db: Database,
  userId: string,
  action: MfaAttemptAction,
  reservation: LoginReservation,
  policy: AuthPolicy,
  detail: Record<string, unknown>,
  why: string,
): Promise<{ ok: false; reason: "invalid" | "locked" }> {
  const locked = reservation.attempt >= policy.maxFailedAttempts;
  await auditMfaDenied(db, userId, action, { ...detail, reason: locked ? "locked" : why, failedCount: reservation.attempt });
  return { ok: false, reason: locked ? "locked" : "invalid" };
}

export async function hasMfa(db: Database, userId: string): Promise<boolean> {
  const row = await findUserMfa(db, userId);
  return !!row?.enabledAt;
}

export interface MfaStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

export async function mfaStatus(db: Database, userId: string): Promise<MfaStatus> {
  const row = await findUserMfa(db, userId);
  const enabledAt = row?.enabledAt ?? null;
  return { enabled: !!enabledAt, enabledAt, recoveryCodesLeft: enabledAt ? await countUnusedRecoveryCodes(db, userId) : 0 };
}

export interface Enrolment {
  /** Base32, for the code computation only; show `manualKey` to people. */
  secret: string;
  manualKey: string;
  uri: string;
  /** The QR code of `uri`, as an SVG data URL (the CSP allows `img-src data:`). */
  qrDataUrl: string;
}

/**
 * Starts (or resumes) enrolment: a pending secret is kept, so reloading the page shows the same QR
 * code the user may already have scanned. Null when a second factor is already on.
 */
export async function beginMfaEnrolment(db: Database, user: { id: string; email: string }, now: Date = new Date(), key: Buffer = mfaKey()): Promise<Enrolment | null> {
  const existing = await findUserMfa(db, user.id);
  if (existing?.enabledAt) return null;
  // A pending secret that no longer opens (the key changed) is replaced like a missing one.
  let secret = existing ? openedSecret(existing.secretSealed, user.id, key) : null;
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    const saved = await savePendingMfa(db, user.id, sealSecret(secret, user.id, key), now);
    if (!saved) return null;
    await writeAudit(db, { actorId: user.id, action: "auth.mfa_enrol_start", outcome: "success", entityType: "user", entityId: user.id });
  }
  const uri = totpUri(secret, user.email);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, manualKey: formatManualKey(secret), uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

export type ConfirmEnrolmentResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: "invalid" | "locked" | "not_pending" };

/**
 * Confirms enrolment with a first correct code: the factor is on, that code's step is used, and
 * ten recovery codes are returned once (only their keyed hashes are stored).
 */
export async function confirmMfaEnrolment(
  db: Database,
  userId: string,
  code: string,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
  key: Buffer = mfaKey(),
): Promise<ConfirmEnrolmentResult> {
  const pending = await findUserMfa(db, userId);
  if (!pending || pending.enabledAt) return { ok: false, reason: "not_pending" };
  const throttle = mfaThrottleKey(userId);
  const reservation = await reserveMfaAttempt(db, userId, "auth.mfa_enrol", now, policy);
  if (!reservation) return { ok: false, reason: "locked" };
  const token = code.replace(/\s/g, "");
  const secret = openedSecret(pending.secretSealed, userId, key);
  const step = secret && /^\d{6}$/.test(token) ? acceptedStep(secret, token, now) : null;
  if (step !== null) {
    const recoveryCodes = generateRecoveryCodes();
    const enabled = await db.transaction(async (tx) => {
      const row = await enableMfa(tx, userId, pending.version, step, now);
      if (!row) return false;
      await replaceRecoveryCodes(tx, userId, recoveryCodes.map((c) => hashRecoveryCode(normaliseRecoveryCode(c)!, userId, key)), now);
      await releaseLoginAttempts(tx, throttle, policy.maxFailedAttempts);
      await writeAudit(tx, { actorId: userId, action: "auth.mfa_enrol", outcome: "success", entityType: "user", entityId: userId, detail: { recoveryCodes: recoveryCodes.length } });
      return true;
    });
    if (enabled) return { ok: true, recoveryCodes };
  }
  return refuseMfaAttempt(db, userId, "auth.mfa_enrol", reservation, policy, {}, "invalid");
}

export type SecondFactorResult = { ok: true } | { ok: false; reason: "invalid" | "locked" | "not_enrolled" };

/**
 * Checks a second factor: a six-digit TOTP code (±1 step, each step accepted once) or a recovery
 * code (each usable once). Counted and locked like the password, per user; every attempt is
 * audited, never with the code itself.
 */
export async function verifySecondFactor(
  db: Database,
  userId: string,
  code: string,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
  key: Buffer = mfaKey(),
): Promise<SecondFactorResult> {
  const mfa = await findUserMfa(db, userId);
  if (!mfa?.enabledAt) {
    await auditMfaDenied(db, userId, "auth.mfa_verify", { reason: "not_enrolled" });
    return { ok: false, reason: "not_enrolled" };
  }
  const throttle = mfaThrottleKey(userId);
  const reservation = await reserveMfaAttempt(db, userId, "auth.mfa_verify", now, policy);
  if (!reservation) return { ok: false, reason: "locked" };

  const token = code.replace(/\s/g, "");
  const recovery = /^\d{6}$/.test(token) ? null : normaliseRecoveryCode(code);
  const method = recovery ? "recovery_code" : "totp";
  let ok = false;
  let why = "invalid";
  if (recovery) {
    ok = await useRecoveryCode(db, userId, hashRecoveryCode(recovery, userId, key), now);
  } else if (/^\d{6}$/.test(token)) {
    const secret = openedSecret(mfa.secretSealed, userId, key);
    const step = secret ? acceptedStep(secret, token, now) : null;
    if (!secret) why = "secret_unreadable";
    if (step !== null) {
      ok = await claimTotpStep(db, userId, step, now);
      if (!ok) why = "reused";
    }
  }

  if (ok) {
    await releaseLoginAttempts(db, throttle, policy.maxFailedAttempts);
    await writeAudit(db, { actorId: userId, action: "auth.mfa_verify", outcome: "success", entityType: "user", entityId: userId, detail: { method } });
    return { ok: true };
  }
  return refuseMfaAttempt(db, userId, "auth.mfa_verify", reservation, policy, { method }, why);
}

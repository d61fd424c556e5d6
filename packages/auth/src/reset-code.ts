import { randomBytes, randomInt } from "node:crypto";
import { formatResetCode, normalizeResetCode, resetCodeAlphabet, resetCodePolicy } from "@stepwise/domain";
import { hashPassword } from "./password";

export interface IssuedResetCode {
  /** Shown once to the administrator to hand over; never stored, never audited. */
  code: string;
  codeHash: string;
  expiresAt: Date;
  /** Replaces the user's password hash: a valid argon2 hash of a secret nobody holds. */
  unusablePasswordHash: string;
}

/**
 * A new one-time reset code (100 random bits, Crockford base32, grouped for reading aloud). Its hash
 * is argon2 like a password's, so that signing in with a code costs what signing in with a password
 * costs, and the user's old password is replaced by a hash nobody can match — rather than a marker
 * that would make the refusal faster, and so tell a reset account apart by timing.
 */
export async function issueResetCode(now: Date): Promise<IssuedResetCode> {
  const length = resetCodePolicy.groups * resetCodePolicy.groupLength;
  const raw = Array.from({ length }, () => resetCodeAlphabet[randomInt(resetCodeAlphabet.length)]).join("");
  const [codeHash, unusablePasswordHash] = await Promise.all([hashPassword(raw), hashPassword(randomBytes(32).toString("base64url"))]);
  return { code: formatResetCode(raw), codeHash, expiresAt: new Date(now.getTime() + resetCodePolicy.validityMs), unusablePasswordHash };
}

/** What a typed code is checked as: its canonical characters (case, dashes and look-alikes forgiven). */
export const resetCodeCandidate = normalizeResetCode;

import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from "node:crypto";
import { authSecret, isProductionMode, MissingEnvError } from "./env";

/**
 * The key that seals TOTP secrets at rest: STEPWISE_MFA_KEY (required in production mode), or in
 * the demo and development one derived from AUTH_SECRET. Either way it is stretched with HKDF to
 * exactly 32 bytes for AES-256-GCM.
 */
export function mfaKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = env.STEPWISE_MFA_KEY;
  if (configured && configured.length >= 32) return derive(configured, "stepwise/mfa/seal");
  if (isProductionMode(env)) {
    throw new MissingEnvError("STEPWISE_MFA_KEY", "production mode needs a random key of at least 32 characters to seal two-factor secrets (e.g. `openssl rand -base64 33`).");
  }
  return derive(authSecret(env), "stepwise/mfa/seal-from-auth-secret");
}

function derive(material: string, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", material, "stepwise", info, 32));
}

const version = "v1";

/**
 * AES-256-GCM with a random 96-bit nonce; the user id is bound as associated data, so a sealed
 * secret copied onto another user's row does not open.
 */
export function sealSecret(plain: string, userId: string, key: Buffer = mfaKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`user_mfa:${userId}`));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${version}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export class SealedSecretError extends Error {
  constructor() {
    super("The sealed two-factor secret could not be opened (wrong key, other user, or altered).");
    this.name = "SealedSecretError";
  }
}

export function openSecret(sealed: string, userId: string, key: Buffer = mfaKey()): string {
  const [v, payload] = sealed.split(".");
  if (v !== version || !payload) throw new SealedSecretError();
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < 12 + 16) throw new SealedSecretError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`user_mfa:${userId}`));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealedSecretError();
  }
}

/** Crockford-style alphabet without 0/O, 1/I/L or U: easy to read aloud and to type. */
const recoveryAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const recoveryLength = 12;
export const recoveryCodeCount = 10;

/** Ten codes of twelve characters (about 59 bits each), shown grouped as XXXX-XXXX-XXXX. */
export function generateRecoveryCodes(count: number = recoveryCodeCount): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: recoveryLength }, () => recoveryAlphabet[randomInt(recoveryAlphabet.length)]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** What the user typed, as a recovery code (case, spaces and hyphens ignored), or null. */
export function normaliseRecoveryCode(input: string): string | null {
  const chars = input.replace(/[\s-]/g, "").toUpperCase();
  return chars.length === recoveryLength && [...chars].every((c) => recoveryAlphabet.includes(c)) ? chars : null;
}

/**
 * Recovery codes are random and long, so a keyed fast hash (HMAC-SHA256) protects them as well as
 * a slow password hash would, and lets one indexed lookup find the code; the key is not in the
 * database, so a copy of the table alone cannot test guesses.
 */
export function hashRecoveryCode(normalised: string, userId: string, key: Buffer = mfaKey()): string {
  return createHmac("sha256", derive(key.toString("base64"), "stepwise/mfa/recovery")).update(`${userId}:${normalised}`).digest("hex");
}

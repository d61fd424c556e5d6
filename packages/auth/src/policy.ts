import type { Role } from "@stepwise/domain";
import { isProductionMode } from "./env";

/** Session and sign-in policy. HIPAA §164.312(a)(2)(iii) automatic logoff; OWASP lockout guidance. */
export const authPolicy = {
  idleTimeoutMs: 15 * 60 * 1000,
  absoluteLifetimeMs: 12 * 60 * 60 * 1000,
  maxFailedAttempts: 5,
  lockoutMs: 15 * 60 * 1000,
} as const;

export type AuthPolicy = typeof authPolicy;

export const authMessages = {
  invalid: "That email and password do not match an active account.",
  locked: "Too many failed attempts. This account is locked for 15 minutes — try again later or ask an administrator to unlock it.",
  codeInvalid: "That code is not right, or it has already been used. Enter the current code from your authenticator app, or a recovery code.",
  codeLocked: "Too many wrong codes. Two-factor sign-in is locked for 15 minutes — try again later or ask an administrator.",
} as const;

/** The roles that must use a second factor when the clinic requires one: the staff (a patient may enrol one, never must). */
export const mfaRoles: readonly Role[] = ["physician", "physical_therapist", "psychologist", "coordinator", "admin"];

/**
 * Whether a role must enrol a second factor: STEPWISE_REQUIRE_MFA=1 requires it, =0 does not;
 * unset, production mode requires it and the demo and development do not.
 */
export function isMfaRequired(role: Role, env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.STEPWISE_REQUIRE_MFA;
  const required = flag === "1" ? true : flag === "0" ? false : isProductionMode(env);
  return required && mfaRoles.includes(role);
}

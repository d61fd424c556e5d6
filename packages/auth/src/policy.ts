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
} as const;

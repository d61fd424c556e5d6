// What a user reads about changes made to their account, without zod: every role's home shows it
// ("@stepwise/domain/account-notice-text"); account-resets.ts re-exports it.
export const accountNoticeKinds = ["password_reset", "mfa_removed"] as const;
export type AccountNoticeKind = (typeof accountNoticeKinds)[number];

/** What the user reads at their next sign-in; the caller appends when ("on 2 Dec 2026, 09:14"). */
export function accountNoticeMessage(kind: AccountNoticeKind, actorName: string): string {
  return kind === "password_reset" ? `Your password was reset by ${actorName}` : `Two-factor sign-in was removed from your account by ${actorName}`;
}

import { z } from "zod";
import { idSchema } from "./common";
import { passwordSchema } from "./account-inputs";

/**
 * A password reset hands the user a one-time code, never a password the administrator chose: the
 * code signs in once, within its validity, and only to choose a new password.
 */
export const resetCodePolicy = {
  validityMs: 24 * 60 * 60 * 1000,
  /** Crockford base32 (no I, L, O, U): 4 groups of 5 characters, 100 bits. */
  groups: 4,
  groupLength: 5,
} as const;

export const resetCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Groups a code as it is shown and handed over: `7KQ2M-XW9PD-3RT8V-NC4HF`. */
export function formatResetCode(raw: string): string {
  const groups: string[] = [];
  for (let i = 0; i < raw.length; i += resetCodePolicy.groupLength) groups.push(raw.slice(i, i + resetCodePolicy.groupLength));
  return groups.join("-");
}

/**
 * The code as typed, back to its canonical characters: case, spaces and dashes do not matter, and
 * the letters a reader confuses with digits (O, I, L) read as those digits.
 */
export function normalizeResetCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** Whether what was typed has the shape of a reset code at all (it may still be wrong). */
export function hasResetCodeShape(typed: string): boolean {
  const code = normalizeResetCode(typed);
  return code.length === resetCodePolicy.groups * resetCodePolicy.groupLength && [...code].every((c) => resetCodeAlphabet.includes(c));
}

/**
 * Choosing a new password. `currentPassword` is required when a signed-in user changes theirs;
 * the step forced after a reset code has no current password to ask for.
 */
export const changePasswordInputSchema = z
  .strictObject({
    currentPassword: z.string().max(512).optional(),
    newPassword: passwordSchema,
    confirmPassword: z.string().max(256),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });
export type ChangePasswordInput = z.infer<typeof changePasswordInputSchema>;

export { accountNoticeKinds, accountNoticeMessage, type AccountNoticeKind } from "./account-notice-text";

export const acknowledgeNoticesInputSchema = z.strictObject({ noticeIds: z.array(idSchema).min(1).max(50) });

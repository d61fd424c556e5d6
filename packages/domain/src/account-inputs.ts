import { z } from "zod";
import { expectedVersionSchema, idSchema, singleLine, textIssue } from "./common";
import { staffRoles } from "./roles";

// Inputs of account administration (the administrator's, clinic-wide: no patient in them).

/**
 * Passwords are kept exactly as typed (no trimming: a space is a character), but a control
 * character cannot be typed at a sign-in form, so one here is a client bug, not a password.
 */
export const passwordSchema = z
  .string()
  .min(12, "at least 12 characters")
  .max(256)
  .check((ctx) => {
    const issue = textIssue(ctx.value, "single");
    if (issue) ctx.issues.push({ code: "custom", input: ctx.value, message: issue });
  });

const userRef = { userId: idSchema };

/**
 * A new account gets a one-time code to choose its own password with, never one the administrator chose.
 * Staff only: a patient's account is opened by the patient, with the invitation their care team gave them.
 */
export const createUserInputSchema = z.strictObject({ email: z.email().max(254), name: singleLine(120), role: z.enum(staffRoles) });
export type CreateUserInput = z.infer<typeof createUserInputSchema>;

export const setUserActiveInputSchema = z.strictObject({ ...userRef, active: z.boolean(), expectedVersion: expectedVersionSchema });
/** A reset takes no password: the server issues a one-time code (see account-resets.ts). */
export const resetPasswordInputSchema = z.strictObject(userRef);
export const userRefInputSchema = z.strictObject(userRef);

/** For procedures that take no input: anything sent is a client bug, answered as one. */
export const noInputSchema = z.undefined();

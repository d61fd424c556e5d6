"use server";

import { redirect } from "next/navigation";
import { authMessages, safeRedirectPath } from "@stepwise/auth";
import { advanceCurrentSession, confirmEnrolmentOfCurrentSession, verifySecondFactorOfCurrentSession } from "@stepwise/auth/next";
import { stepPath } from "~/server/session";
import { siteOrigin } from "./origin";

export interface CodeState {
  error?: string;
  /** Set after enrolment: shown once, then gone. */
  recoveryCodes?: string[];
}

const codeOf = (form: FormData) => String(form.get("code") ?? "").trim();

const enterCode = "Enter the 6-digit code from your authenticator app.";

/** The second-factor step after the password. */
export async function verifyCode(_prev: CodeState, form: FormData): Promise<CodeState> {
  const code = codeOf(form);
  if (!code) return { error: enterCode };
  const next = safeRedirectPath(form.get("next"), await siteOrigin());
  const result = await verifySecondFactorOfCurrentSession(code);
  if (!result.ok) {
    if (result.reason === "no_session") redirect("/login?expired=1");
    return { error: result.reason === "locked" ? authMessages.codeLocked : authMessages.codeInvalid };
  }
  redirect(result.pendingStep ? stepPath(result.pendingStep, next) : next);
}

/** The first code from the app turns the second factor on; the recovery codes come back once. */
export async function confirmEnrolment(_prev: CodeState, form: FormData): Promise<CodeState> {
  const code = codeOf(form);
  if (!/^\d{6}$/.test(code.replace(/\s/g, ""))) return { error: enterCode };
  const result = await confirmEnrolmentOfCurrentSession(code);
  if (!result.ok) {
    if (result.reason === "no_session") redirect("/login?expired=1");
    if (result.reason === "not_pending") return { error: "Two-factor sign-in is already on for this account, or its setup was restarted. Reload the page." };
    return { error: result.reason === "locked" ? authMessages.codeLocked : "That code does not match. Check that the app shows a code for Stepwise and enter the current one." };
  }
  return { recoveryCodes: result.recoveryCodes };
}

/** The recovery codes are saved: the session moves on to its next step, or to where it was going. */
export async function finishEnrolment(form: FormData): Promise<void> {
  const next = safeRedirectPath(form.get("next"), await siteOrigin());
  const step = await advanceCurrentSession();
  if (step === undefined) redirect("/login?expired=1");
  redirect(step ? stepPath(step, next) : next);
}

"use server";

import { redirect } from "next/navigation";
import { safeRedirectPath } from "@stepwise/auth";
import { changePasswordOfCurrentSession } from "@stepwise/auth/next";
import { siteOrigin } from "../../login/origin";

export type PasswordField = "currentPassword" | "newPassword" | "confirmPassword";

export interface PasswordState {
  error?: string;
  field?: PasswordField;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

export async function changePassword(_prev: PasswordState, form: FormData): Promise<PasswordState> {
  const currentPassword = text(form, "currentPassword");
  const result = await changePasswordOfCurrentSession({
    ...(currentPassword !== undefined ? { currentPassword } : {}),
    newPassword: text(form, "newPassword") ?? "",
    confirmPassword: text(form, "confirmPassword") ?? "",
  });
  if (!result.ok) {
    if (result.reason === "no_session") redirect("/login?expired=1");
    return { error: result.message, field: result.field };
  }
  // A step still to do (two-factor enrolment) takes over from there: every page sends the session to it.
  redirect(safeRedirectPath(form.get("next"), await siteOrigin()));
}

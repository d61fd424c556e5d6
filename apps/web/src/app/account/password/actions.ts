"use server";

import { redirect } from "next/navigation";
import { changePasswordOfCurrentSession } from "@stepwise/auth/next";

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
  // Home routes a session with a step still to do (two-factor enrolment) to that step's page.
  redirect("/?passwordChanged=1");
}

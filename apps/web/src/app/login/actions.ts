"use server";

import { redirect } from "next/navigation";
import { AuthError, endSession, signIn } from "@stepwise/auth/next";
import { authMessages, safeRedirectPath } from "@stepwise/auth";
import { siteOrigin } from "./origin";

export interface LoginState {
  error?: string;
  email?: string;
}

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and password.", email };
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as { code?: string }).code;
      return { error: code === "locked" ? authMessages.locked : authMessages.invalid, email };
    }
    throw error;
  }
  // A session with a sign-in step still to do is sent on to that step's page by the page it reaches.
  redirect(safeRedirectPath(form.get("next"), await siteOrigin()));
}

export async function logout(): Promise<void> {
  await endSession();
  redirect("/login?signedOut=1");
}

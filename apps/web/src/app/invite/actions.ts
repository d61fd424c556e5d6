"use server";

import { redirect } from "next/navigation";
import { redeemInvitationCode, signIn } from "@stepwise/auth/next";

export type InviteField = "code" | "email" | "password" | "confirmPassword";

export interface InviteState {
  error?: string;
  field?: InviteField;
  code?: string;
  email?: string;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** The patient opens their account with the invitation, then signs in as everyone does and lands on their plan. */
export async function acceptInvitation(_prev: InviteState, form: FormData): Promise<InviteState> {
  const code = text(form, "code").trim();
  const email = text(form, "email").trim();
  const password = text(form, "password");
  const result = await redeemInvitationCode({ code, email, password, confirmPassword: text(form, "confirmPassword") });
  if (!result.ok) return { error: result.message, field: result.field, code, email };
  await signIn("credentials", { email: result.email, password, redirect: false });
  redirect("/my");
}

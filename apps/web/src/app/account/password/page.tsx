import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeRedirectPath } from "@stepwise/auth";
import { getSessionState } from "~/server/session";
import { logout } from "../../login/actions";
import { siteOrigin } from "../../login/origin";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/**
 * The step forced after signing in with a one-time reset code (nothing else opens until it is done),
 * and the page where a signed-in user changes their own password.
 */
export default async function PasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = await getSessionState();
  if (!state) redirect("/login");
  const next = safeRedirectPath((await searchParams).next, await siteOrigin());
  // Another step comes first (the second factor): home sends the session to it.
  if (state.pendingStep !== null && state.pendingStep !== "password_change") redirect("/");
  const forced = state.pendingStep === "password_change";
  return (
    <div className="login-wrap">
      <main className="card login-card" style={{ padding: "2rem" }}>
        <h1>{forced ? "Choose a new password" : "Change your password"}</h1>
        <p className="lede">
          {forced
            ? `Welcome back, ${state.user.name}. You signed in with a one-time code; choose a password of your own to continue. Nobody else, administrators included, will know it.`
            : `Signed in as ${state.user.name}. Your other sessions end when the password changes.`}
        </p>
        <PasswordForm forced={forced} next={forced ? next : "/account/security"} />
        {forced ? (
          <form action={logout} className="actions">
            <button className="btn ghost small" type="submit">
              Sign out instead
            </button>
          </form>
        ) : null}
      </main>
    </div>
  );
}

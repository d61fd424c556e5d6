import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeRedirectPath } from "@stepwise/auth";
import { getSessionState, stepPath } from "~/server/session";
import { siteOrigin } from "./origin";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Checked here too, so that a hostile `next` never even reaches the form.
  const next = safeRedirectPath(params.next, await siteOrigin());
  // After the password: a session with a sign-in step to do goes to that step's page.
  const state = await getSessionState();
  if (state?.pendingStep) redirect(stepPath(state.pendingStep, next));
  if (state) redirect(next);
  return (
    <div className="login-wrap">
      <main className="card login-card" style={{ padding: "2rem" }}>
        <h1>
          Stepwise
        </h1>
        <p className="lede">The shared care plan for your pain team. Sign in to continue.</p>
        {params.expired ? (
          <div className="alert info" role="status">
            Your session ended after 15 minutes without activity. Sign in again to continue.
          </div>
        ) : null}
        {params.signedOut ? (
          <div className="alert info" role="status">
            You have signed out.
          </div>
        ) : null}
        <LoginForm next={next} />
        <p className="meta" style={{ marginTop: "1rem", marginBottom: 0 }}>
          A patient with an invitation from your care team? <Link href="/invite">Set up your account</Link>.
        </p>
      </main>
    </div>
  );
}

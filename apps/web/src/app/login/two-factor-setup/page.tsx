import type { Metadata } from "next";
import { safeRedirectPath } from "@stepwise/auth";
import { beginEnrolmentOfCurrentSession } from "@stepwise/auth/next";
import { TwoFactorEnrolment } from "~/components/two-factor-enrolment";
import { requireStep } from "~/server/session";
import { logout } from "../actions";
import { siteOrigin } from "../origin";

export const metadata: Metadata = { title: "Set up two-factor sign-in" };

/** The step forced when the clinic requires a second factor and the account has none yet. */
export default async function TwoFactorSetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = await requireStep("mfa_enrolment");
  const next = safeRedirectPath((await searchParams).next, await siteOrigin());
  // Null once the factor is on (the recovery codes are on screen, or the page was reloaded after).
  const enrolment = await beginEnrolmentOfCurrentSession();
  return (
    <div className="login-wrap">
      <main className="card login-card wide" style={{ padding: "2rem" }}>
        <h1>Set up two-factor sign-in</h1>
        <p className="lede">
          Welcome, {state.user.name}. This clinic asks everyone to confirm their sign-in with a code from an authenticator app on their phone. It takes about a
          minute.
        </p>
        <TwoFactorEnrolment enrolment={enrolment && { qrDataUrl: enrolment.qrDataUrl, manualKey: enrolment.manualKey }} next={next} continueWhenOn />
        <form action={logout} className="actions">
          <button className="btn ghost small" type="submit">
            Sign out instead
          </button>
        </form>
      </main>
    </div>
  );
}

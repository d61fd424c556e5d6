import type { Metadata } from "next";
import Link from "next/link";
import { beginEnrolmentOfCurrentSession, mfaStatusOfCurrentSession } from "@stepwise/auth/next";
import { TwoFactorEnrolment } from "~/components/two-factor-enrolment";
import { requireSession } from "~/server/session";

export const metadata: Metadata = { title: "Account security" };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** The signed-in user's own sign-in settings: two-factor sign-in (on, or set it up) and the password. */
export default async function AccountSecurityPage() {
  const { user } = await requireSession();
  const status = await mfaStatusOfCurrentSession();
  const enrolment = status && !status.enabled ? await beginEnrolmentOfCurrentSession() : null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Account security</h1>
          <p>{user.email}</p>
        </div>
      </div>
      <div className="grid two">
        <section className="card" aria-labelledby="two-factor-heading">
          <h2 id="two-factor-heading">Two-factor sign-in</h2>
          {status?.enabled ? (
            <>
              <p>
                <span className="pill ok">On</span> since {status.enabledAt ? dateFormat.format(status.enabledAt) : "—"}. Signing in asks for a code from your
                authenticator app after your password.
              </p>
              <p className="meta">
                {status.recoveryCodesLeft} of 10 recovery codes left. If you lose your phone and your recovery codes, an administrator can remove two-factor
                sign-in so you can set it up again.
              </p>
            </>
          ) : (
            <p>
              <span className="pill">Off</span> Add a code from an authenticator app on your phone to your sign-in, so that your password alone is not enough to
              open patients’ records.
            </p>
          )}
          <TwoFactorEnrolment enrolment={enrolment && { qrDataUrl: enrolment.qrDataUrl, manualKey: enrolment.manualKey }} next="/account/security" continueWhenOn={false} />
        </section>
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Password</h2>
          <p>Your other sessions end when you change it.</p>
          <Link className="btn secondary" href="/account/password">
            Change password
          </Link>
        </section>
      </div>
    </>
  );
}

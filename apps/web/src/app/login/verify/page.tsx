import type { Metadata } from "next";
import { safeRedirectPath } from "@stepwise/auth";
import { requireStep } from "~/server/session";
import { logout } from "../actions";
import { siteOrigin } from "../origin";
import { VerifyForm } from "./verify-form";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = await requireStep("second_factor");
  const next = safeRedirectPath((await searchParams).next, await siteOrigin());
  return (
    <div className="login-wrap">
      <main className="card login-card" style={{ padding: "2rem" }}>
        <h1>Two-factor sign-in</h1>
        <p className="lede">Password accepted for {state.user.email}. Enter the 6-digit code your authenticator app shows for Stepwise.</p>
        <VerifyForm next={next} />
        <form action={logout} className="actions">
          <button className="btn ghost small" type="submit">
            Cancel and sign out
          </button>
        </form>
      </main>
    </div>
  );
}

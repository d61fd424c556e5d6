import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionState } from "~/server/session";
import { InviteForm } from "./invite-form";

export const metadata: Metadata = { title: "Your invitation" };

/** Public: a patient with an invitation from their care team sets up their account here. */
export default async function InvitePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getSessionState()) redirect("/");
  const params = await searchParams;
  const code = typeof params.code === "string" ? params.code.slice(0, 64) : "";
  return (
    <div className="login-wrap">
      <main className="card login-card" style={{ padding: "1.5rem" }}>
        <h1>Welcome to Stepwise</h1>
        <p className="lede">Your care team invited you to see your care plan, answer questionnaires and send them messages. Set up your account to start.</p>
        <InviteForm code={code} />
        <p className="meta" style={{ marginTop: "1rem" }}>
          Already set up? <Link href="/login">Sign in</Link>.
        </p>
      </main>
    </div>
  );
}

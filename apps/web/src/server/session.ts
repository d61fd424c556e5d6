import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { currentSession } from "@stepwise/auth/next";

/** One session check per request, shared by the layout, the page and the tRPC context. */
export const getSession = cache(currentSession);

export async function requireSession() {
  const session = await getSession();
  if (!session) {
    // A signed cookie without a live server-side session means idle logoff or revocation.
    const hadSession = (await cookies()).getAll().some((c) => c.name.endsWith("authjs.session-token"));
    redirect(hadSession ? "/login?expired=1" : "/login");
  }
  return session;
}

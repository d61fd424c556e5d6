import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeRedirectPath, type PendingStep } from "@stepwise/auth";
import { currentSessionState } from "@stepwise/auth/next";
import { siteOrigin } from "~/app/login/origin";

/** One session check per request, shared by the layout, the page and the tRPC context. */
export const getSessionState = cache(currentSessionState);

/** A session with a sign-in step still to do is not signed in. */
export function signedInSession(state: Awaited<ReturnType<typeof currentSessionState>>) {
  return state && state.pendingStep === null ? { user: state.user, sessionId: state.sessionId } : null;
}

/** The signed-in session of this request. */
export const getSession = cache(async () => signedInSession(await getSessionState()));

/** The page of each sign-in step. */
export const stepPaths: Record<PendingStep, string> = {
  second_factor: "/login/verify",
  password_change: "/account/password",
  mfa_enrolment: "/login/two-factor-setup",
};

/** A step's page, keeping where the user was going (already a safe path). */
export function stepPath(step: PendingStep, next?: string): string {
  return next && next !== "/" ? `${stepPaths[step]}?next=${encodeURIComponent(next)}` : stepPaths[step];
}

/** The path this request asked for (set by the proxy), as a safe same-origin path. */
async function requestedPath(): Promise<string> {
  return safeRedirectPath((await headers()).get("x-stepwise-path"), await siteOrigin());
}

async function toLogin(): Promise<never> {
  // A signed cookie without a live server-side session means idle logoff or revocation.
  const hadSession = (await cookies()).getAll().some((c) => c.name.endsWith("authjs.session-token"));
  redirect(hadSession ? "/login?expired=1" : "/login");
}

/** A patient's pages outside /my: their own account's security (password, second factor). */
function patientMayVisit(path: string): boolean {
  return path === "/my" || path.startsWith("/my/") || path.startsWith("/account/");
}

/**
 * A signed-in session, or off to the login page (or to the sign-in step the session still has to do).
 * A patient asking for a staff page goes to their own pages instead.
 */
export async function requireSession() {
  const state = await getSessionState();
  if (!state) return toLogin();
  if (state.pendingStep) redirect(stepPath(state.pendingStep, await requestedPath()));
  if (state.user.role === "patient" && !patientMayVisit(await requestedPath())) redirect("/my");
  return { user: state.user, sessionId: state.sessionId };
}

/** The patient's own pages: a signed-in patient; staff go to their home. */
export async function requirePatientSession() {
  const session = await requireSession();
  if (session.user.role !== "patient") redirect("/");
  return session;
}

/** For a step's own page: the session must have exactly this step to do; anything else goes where it belongs. */
export async function requireStep(step: PendingStep) {
  const state = await getSessionState();
  if (!state) return toLogin();
  if (state.pendingStep !== step) redirect(state.pendingStep ? stepPath(state.pendingStep) : "/");
  return state;
}

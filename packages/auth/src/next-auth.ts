import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import { getToken } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { getDatabase, type Database } from "@stepwise/db";
import type { Role } from "@stepwise/domain";
import { authenticate, isSessionLive, logout as revoke, validateSession } from "./authenticate";
import { authLogger } from "./auth-log";
import { authPolicy } from "./policy";
import { authSecret } from "./env";
import { safeRedirectPath } from "./safe-redirect";
import { changeOwnPassword } from "./password-change";
import { advanceSession, completeMfaEnrolment, completeSecondFactor, sessionState } from "./sign-in-steps";
import { beginMfaEnrolment, mfaStatus } from "./mfa";
import { redeemInvitation } from "./invitation";

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid";
}
class AccountLocked extends CredentialsSignin {
  override code = "locked";
}

declare module "next-auth" {
  interface User {
    role?: Role;
    sessionId?: string;
  }
}

/** The signed-in token carries the server-side session id; whatever next-auth decoded may lack it. */
export function tokenSessionId(token: unknown): string | null {
  const sid = typeof token === "object" && token !== null ? (token as { sid?: unknown }).sid : undefined;
  return typeof sid === "string" ? sid : null;
}

/**
 * next-auth's own sign-out (POST /api/auth/signout) only clears the cookie; the server-side session
 * must end with it, as with the app's Sign out button, or a copy of the cookie would still work.
 */
export async function endSessionOfToken(db: Database, token: unknown): Promise<void> {
  await revoke(db, tokenSessionId(token));
}

/** The next-auth configuration over a database; the server passes its own, tests an isolated one. */
export const authConfig = (database: () => Promise<{ db: Database }> = getDatabase): NextAuthConfig => ({
  secret: authSecret(),
  trustHost: true,
  logger: authLogger,
  session: { strategy: "jwt", maxAge: authPolicy.absoluteLifetimeMs / 1000 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const { db } = await database();
        const result = await authenticate(db, credentials);
        if (!result.ok) throw result.reason === "locked" ? new AccountLocked() : new InvalidCredentials();
        return { id: result.user.id, email: result.user.email, name: result.user.name, role: result.user.role, sessionId: result.sessionId };
      },
    }),
  ],
  callbacks: {
    // The token carries identifiers only; access is looked up from the database per request.
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      return Object.assign(session, { sid: tokenSessionId(token) ?? undefined });
    },
    // next-auth's own redirects (callbackUrl) follow the same rule as the sign-in form's `next`.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
      return `${baseUrl}${safeRedirectPath(path, baseUrl)}`;
    },
  },
  events: {
    async signOut(message) {
      if ("token" in message) await endSessionOfToken((await database()).db, message.token);
    },
  },
});

// Lazy, so that the secret is read when the server handles requests, not while `next build` runs;
// instrumentation.ts checks it once at start and refuses to serve without it.
const nextAuth = NextAuth(() => authConfig());
export const { auth, signIn, signOut } = nextAuth;

type RouteHandler = (request: Parameters<typeof nextAuth.handlers.GET>[0]) => Promise<Response>;

/**
 * next-auth answers GET /api/auth/session from the signed cookie alone, so a copied cookie would
 * still show who was signed in after sign-out or idle logoff. Answer it from the server-side
 * session instead (without counting as activity), and never hand the session id to scripts.
 */
export function guardSessionEndpoint(get: RouteHandler, database: () => Promise<{ db: Database }> = getDatabase): RouteHandler {
  return async (request) => {
    const response = await get(request);
    if (!new URL(request.url).pathname.endsWith("/session") || !response.ok) return response;
    const body = (await response.json()) as ({ sid?: unknown } & Record<string, unknown>) | null;
    const sid = typeof body?.sid === "string" ? body.sid : null;
    const live = sid !== null && (await isSessionLive((await database()).db, sid));
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    headers.set("cache-control", "no-store");
    if (!live || !body) return Response.json(null, { status: 200, headers });
    const { sid: _sid, ...visible } = body;
    return Response.json(visible, { status: 200, headers });
  };
}

export const handlers = { GET: guardSessionEndpoint(nextAuth.handlers.GET), POST: nextAuth.handlers.POST };

/** The server-side session behind the signed cookie, checked (and kept alive) on every request. */
export async function currentSession() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null;
  const { db } = await getDatabase();
  return validateSession(db, sessionId);
}

/** The server-side session behind the cookie with the sign-in step it still has to do (pendingStep null: signed in). */
export async function currentSessionState() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null;
  const { db } = await getDatabase();
  return sessionState(db, sessionId);
}

/** The cookie's session chooses a new password (the step after a reset code, or a signed-in change). */
export async function changePasswordOfCurrentSession(input: unknown) {
  const { db } = await getDatabase();
  return changeOwnPassword(db, await currentSessionId(), input);
}

/** The 'second_factor' step of the cookie's session: a TOTP or recovery code. */
export async function verifySecondFactorOfCurrentSession(code: string) {
  const { db } = await getDatabase();
  return completeSecondFactor(db, (await currentSessionId()) ?? "", code);
}

/**
 * Starts (or resumes) enrolment for the cookie's user, from the 'mfa_enrolment' step or a signed-in
 * session; null when there is no such session or the second factor is already on.
 */
export async function beginEnrolmentOfCurrentSession() {
  const state = await currentSessionState();
  if (!state || (state.pendingStep !== null && state.pendingStep !== "mfa_enrolment")) return null;
  const { db } = await getDatabase();
  return beginMfaEnrolment(db, state.user);
}

export async function confirmEnrolmentOfCurrentSession(code: string) {
  const { db } = await getDatabase();
  return completeMfaEnrolment(db, (await currentSessionId()) ?? "", code);
}

/** Moves the cookie's session on to its next sign-in step (after the recovery codes are saved). */
export async function advanceCurrentSession() {
  const sessionId = await currentSessionId();
  if (!sessionId) return undefined;
  const { db } = await getDatabase();
  return advanceSession(db, sessionId);
}

/** Whether the signed-in user has a second factor (null when not signed in). */
export async function mfaStatusOfCurrentSession() {
  const session = await currentSession();
  if (!session) return null;
  const { db } = await getDatabase();
  return mfaStatus(db, session.user.id);
}

async function currentSessionId(): Promise<string | null> {
  return tokenSessionId(await auth());
}

/** A request's headers as Node hands them over. */
type NodeHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * `auth()` names the cookie after the address it works out for the request: AUTH_URL when set,
 * else the forwarded protocol, else (as Next fills it in) whether the socket is TLS; https means
 * the `__Secure-` cookie.
 */
function usesSecureCookie(headers: NodeHeaders, encrypted: boolean): boolean {
  const configured = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  if (configured) return new URL(configured).protocol === "https:";
  const forwarded = headers["x-forwarded-proto"];
  const proto = typeof forwarded === "string" ? forwarded : encrypted ? "https" : "http";
  return proto.replace(/:$/, "") === "https";
}

/**
 * The server-side session behind a request's cookie, for a handler outside Next's request scope
 * (the live stream's door on the Node server): the same signed cookie read the same way as
 * `auth()` reads it (the cookie alone, chunks joined, the same secret and salt), then the same
 * server-side check as `currentSessionState` (idle logoff, revocation, the pending sign-in step).
 */
export async function sessionStateOfRequest(headers: NodeHeaders, encrypted: boolean) {
  const cookie = headers.cookie;
  if (typeof cookie !== "string" || cookie === "") return null;
  const token = await getToken({ req: { headers: { cookie } }, secret: authSecret(), secureCookie: usesSecureCookie(headers, encrypted) });
  const sessionId = tokenSessionId(token);
  if (!sessionId) return null;
  const { db } = await getDatabase();
  return sessionState(db, sessionId);
}

export async function endSession(): Promise<void> {
  const { db } = await getDatabase();
  await revoke(db, await currentSessionId());
  await signOut({ redirect: false });
}

/** A patient opens their account with an invitation code (public: no session yet). */
export async function redeemInvitationCode(input: unknown) {
  const { db } = await getDatabase();
  return redeemInvitation(db, input);
}

export { AuthError, CredentialsSignin } from "next-auth";

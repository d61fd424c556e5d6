import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDatabase } from "@stepwise/db";
import type { Role } from "@stepwise/domain";
import { authenticate, logout as revoke, validateSession } from "./authenticate";
import { authPolicy } from "./policy";
import { authSecret } from "./env";

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

const config = (): NextAuthConfig => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: authPolicy.absoluteLifetimeMs / 1000 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const { db } = await getDatabase();
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
      return Object.assign(session, { sid: typeof token.sid === "string" ? token.sid : undefined });
    },
  },
});

// Lazy, so that the secret is read when the server handles requests, not while `next build` runs;
// instrumentation.ts checks it once at start and refuses to serve without it.
export const { handlers, auth, signIn, signOut } = NextAuth(config);

/** The server-side session behind the signed cookie, checked (and kept alive) on every request. */
export async function currentSession() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null;
  const { db } = await getDatabase();
  return validateSession(db, sessionId);
}

async function currentSessionId(): Promise<string | null> {
  const session = await auth();
  const sid = (session as { sid?: unknown } | null)?.sid;
  return typeof sid === "string" ? sid : null;
}

export async function endSession(): Promise<void> {
  const { db } = await getDatabase();
  await revoke(db, await currentSessionId());
  await signOut({ redirect: false });
}

export { AuthError, CredentialsSignin } from "next-auth";

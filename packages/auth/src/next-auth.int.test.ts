import { afterAll, beforeAll, describe, expect, it } from "vitest";
import NextAuth from "next-auth";
import { encode } from "next-auth/jwt";
import { demoPassword, listAudit, seedDemo, type DatabaseHandle } from "@stepwise/db";
import { createTestDatabase } from "@stepwise/db/testing";
import { authenticate, validateSession } from "./authenticate";
import { authSecret } from "./env";
import { authConfig, endSessionOfToken, guardSessionEndpoint } from "./next-auth";
import { logout } from "./authenticate";
import { hashPassword } from "./password";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemo(handle.db, { hashPassword });
});
afterAll(async () => {
  await handle?.close();
});

const origin = "http://localhost:3000";
const sessionCookie = "authjs.session-token";

async function signIn(email: string) {
  const r = await authenticate(handle.db, { email, password: demoPassword });
  if (!r.ok) throw new Error("sign-in failed");
  return r;
}

/** The cookie next-auth itself would have set after this sign-in. */
async function cookieFor(r: { user: { id: string }; sessionId: string }) {
  return encode({ token: { sub: r.user.id, sid: r.sessionId }, secret: authSecret(), salt: sessionCookie });
}

const cookiePairs = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]!);

describe("next-auth's own sign-out", () => {
  it("POST /api/auth/signout ends the server-side session, audited, so the old cookie is refused", async () => {
    const { handlers } = NextAuth(authConfig(async () => handle));
    const r = await signIn("physician2@stepwise.test");
    const session = `${sessionCookie}=${await cookieFor(r)}`;
    expect(await validateSession(handle.db, r.sessionId)).not.toBeNull();

    const csrf = await handlers.GET(new Request(`${origin}/api/auth/csrf`, { headers: { cookie: session } }) as never);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await handlers.POST(
      new Request(`${origin}/api/auth/signout`, {
        method: "POST",
        headers: { cookie: [session, ...cookiePairs(csrf)].join("; "), "content-type": "application/x-www-form-urlencoded", origin },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/" }),
      }) as never,
    );
    expect(response.status).toBeLessThan(400);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${sessionCookie}=;`))).toBe(true);

    expect(await validateSession(handle.db, r.sessionId)).toBeNull();
    const logouts = await listAudit(handle.db, { action: "auth.logout" });
    expect(logouts.filter((row) => row.entityId === r.sessionId && row.actorId === r.user.id)).toHaveLength(1);
  });

  it("keeps its redirect on this site", async () => {
    const { handlers } = NextAuth(authConfig(async () => handle));
    const csrf = await handlers.GET(new Request(`${origin}/api/auth/csrf`) as never);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await handlers.POST(
      new Request(`${origin}/api/auth/signout`, {
        method: "POST",
        headers: { cookie: cookiePairs(csrf).join("; "), "content-type": "application/x-www-form-urlencoded", origin },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/\\evil.example/x" }),
      }) as never,
    );
    expect(response.headers.get("location")).toBe(`${origin}/`);
  });

  it("ends the session of a decoded token once, and ignores tokens without one", async () => {
    const r = await signIn("pt2@stepwise.test");
    await endSessionOfToken(handle.db, { sub: r.user.id, sid: r.sessionId });
    await endSessionOfToken(handle.db, { sub: r.user.id, sid: r.sessionId });
    await endSessionOfToken(handle.db, null);
    await endSessionOfToken(handle.db, { sub: r.user.id });
    expect(await validateSession(handle.db, r.sessionId)).toBeNull();
    const logouts = await listAudit(handle.db, { action: "auth.logout" });
    expect(logouts.filter((row) => row.entityId === r.sessionId)).toHaveLength(1);
  });

  it("GET /api/auth/session answers from the server-side session: a copied cookie shows nothing after sign-out", async () => {
    const { handlers } = NextAuth(authConfig(async () => handle));
    const get = guardSessionEndpoint(handlers.GET, async () => handle);
    const r = await signIn("psychologist@stepwise.test");
    const request = async () => new Request(`${origin}/api/auth/session`, { headers: { cookie: `${sessionCookie}=${await cookieFor(r)}` } });

    const live = (await (await get((await request()) as never)).json()) as { expires?: string; sid?: unknown } | null;
    expect(live?.expires).toEqual(expect.any(String));
    expect(live).not.toHaveProperty("sid");
    // What next-auth alone answers for the same cookie once the session has ended: the user, still.
    await logout(handle.db, r.sessionId);
    const unguarded = (await (await handlers.GET((await request()) as never)).json()) as { expires?: string } | null;
    expect(unguarded?.expires).toEqual(expect.any(String));
    const ended = await get((await request()) as never);
    expect(await ended.json()).toBeNull();
    expect(ended.headers.get("cache-control")).toBe("no-store");
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import NextAuth from "next-auth";
import { seedDemo, type DatabaseHandle } from "@stepwise/db";
import { createTestDatabase, queryAsOwner } from "@stepwise/db/testing";
import { authConfig } from "./next-auth";
import { hashPassword } from "./password";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemo(handle.db, { hashPassword });
});
afterAll(async () => {
  await handle?.close();
});

/** A statement of the test's own, outside the application's schema. */
async function execute(statement: string) {
  await queryAsOwner(handle, statement);
}

const origin = "http://localhost:3000";
const cookiePairs = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]!);

describe("sign-in that fails in the database", () => {
  it("logs the failure's class and SQLSTATE under an id, never the SQL, the email or the password", async () => {
    const lines: string[] = [];
    for (const level of ["error", "warn", "log", "info", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
    const email = "physician@stepwise.test";
    const password = "a-password-nobody-should-read";
    const { handlers } = NextAuth(authConfig(async () => handle));
    const csrf = await handlers.GET(new Request(`${origin}/api/auth/csrf`) as never);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    await execute("alter table users rename to users_elsewhere");
    try {
      const response = await handlers.POST(
        new Request(`${origin}/api/auth/callback/credentials`, {
          method: "POST",
          headers: { cookie: cookiePairs(csrf).join("; "), "content-type": "application/x-www-form-urlencoded", origin },
          body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }),
        }) as never,
      );
      expect(response.headers.get("location") ?? "").toContain("error=");
    } finally {
      await execute("alter table users_elsewhere rename to users");
      vi.restoreAllMocks();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Internal error [0-9a-f-]{36}: path=auth actor=- class=CallbackRouteError>\S*DatabaseError code=42P01$/);
    for (const leak of [email, password, "Failed query", "params", "select"]) expect(lines[0]).not.toContain(leak);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthError, CredentialsSignin } from "next-auth";
import { authLogger } from "./auth-log";

class CallbackRouteError extends AuthError {
  static type = "CallbackRouteError";
}

/** How Auth.js wraps what a provider's authorize threw (a constructor form its typings leave out). */
const asAuthJsWraps = (error: Error): Error => Reflect.construct(CallbackRouteError, [error, { provider: "credentials" }]) as Error;

/** What drizzle throws when a query fails: the SQL and its parameters in the message. */
class DrizzleQueryError extends Error {
  constructor(cause: Error) {
    super("Failed query: select * from users where lower(email) = $1\nparams: someone.private@example.org", { cause });
  }
}

let lines: string[] = [];
const capture = () => {
  for (const level of ["error", "warn", "log", "info"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" "));
    });
  }
};

describe("authLogger", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    lines = [];
  });

  it("logs a failed sign-in's class chain and SQLSTATE, never the SQL or the email", () => {
    capture();
    const driver = Object.assign(new Error('relation "users" does not exist'), { code: "42P01", severity: "ERROR" });
    authLogger.error(asAuthJsWraps(new DrizzleQueryError(driver)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Internal error [0-9a-f-]{36}: path=auth actor=- class=CallbackRouteError>DrizzleQueryError>DatabaseError code=42P01$/);
    for (const leak of ["Failed query", "params", "someone.private", "users"]) expect(lines[0]).not.toContain(leak);
  });

  it("does not log a refused sign-in", () => {
    capture();
    authLogger.error(new CredentialsSignin());
    expect(lines).toHaveLength(0);
  });
});

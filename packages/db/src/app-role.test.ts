import { describe, expect, it } from "vitest";
import { appRoleName, connectionStringsFromEnv, describeConnectionMode, withAppRole } from "./app-role";

describe("connection strings", () => {
  it("reads DATABASE_URL for the app and MIGRATION_DATABASE_URL for the owner; empty means unset", () => {
    expect(connectionStringsFromEnv({})).toEqual({ url: undefined, migrationUrl: undefined });
    expect(connectionStringsFromEnv({ DATABASE_URL: "postgres://a@h/db", MIGRATION_DATABASE_URL: "" })).toEqual({ url: "postgres://a@h/db", migrationUrl: undefined });
    expect(connectionStringsFromEnv({ DATABASE_URL: "postgres://a@h/db", MIGRATION_DATABASE_URL: "postgres://o@h/db" })).toEqual({ url: "postgres://a@h/db", migrationUrl: "postgres://o@h/db" });
  });

  it("refuses an owner's string without the app's", () => {
    expect(() => connectionStringsFromEnv({ MIGRATION_DATABASE_URL: "postgres://o@h/db" })).toThrow(/DATABASE_URL is not/);
  });

  it("says at start which mode the server is in", () => {
    expect(describeConnectionMode({})).toMatch(/PGlite/);
    expect(describeConnectionMode({ url: "postgres://o@h/db" })).toMatch(/one connection string given: migrations and the app share it; the app drops to role stepwise_app/);
    expect(describeConnectionMode({ url: "postgres://a@h/db", migrationUrl: "postgres://o@h/db" })).toMatch(/two connection strings given/);
  });
});

describe("withAppRole", () => {
  it("sets the role as a startup option, keeping options already there, once", () => {
    const url = withAppRole("postgres://postgres@127.0.0.1:5432/test");
    expect(new URL(url).searchParams.get("options")).toBe(`-c role=${appRoleName}`);
    expect(withAppRole(url)).toBe(url);
    const kept = new URL(withAppRole("postgres://o@h/db?options=-c%20statement_timeout%3D5000&sslmode=disable"));
    expect(kept.searchParams.get("options")).toBe(`-c statement_timeout=5000 -c role=${appRoleName}`);
    expect(kept.searchParams.get("sslmode")).toBe("disable");
  });
});

import { describe, expect, it } from "vitest";
import { authSecret, MissingEnvError } from "./env";

describe("authSecret", () => {
  it("refuses to start production without AUTH_SECRET and names the variable", () => {
    expect(() => authSecret({ NODE_ENV: "production" })).toThrow(MissingEnvError);
    expect(() => authSecret({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET/);
    expect(() => authSecret({ NODE_ENV: "production", AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });

  it("accepts a real secret in production and a development secret elsewhere", () => {
    const secret = "x".repeat(40);
    expect(authSecret({ NODE_ENV: "production", AUTH_SECRET: secret })).toBe(secret);
    expect(authSecret({ NODE_ENV: "development" })).toMatch(/development/);
    expect(authSecret({ NODE_ENV: "production", STEPWISE_DEMO: "1" })).toMatch(/development/);
  });
});

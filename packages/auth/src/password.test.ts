import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("uses argon2id with the OWASP parameters", async () => {
    const h = await hashPassword("correct horse battery staple");
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("verifies the right password only, and salts every hash", async () => {
    const a = await hashPassword("s3cret");
    const b = await hashPassword("s3cret");
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "s3cret")).toBe(true);
    expect(await verifyPassword(a, "S3cret")).toBe(false);
    expect(await verifyPassword("not a hash", "s3cret")).toBe(false);
  });
});

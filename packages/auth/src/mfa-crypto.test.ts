import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, hashRecoveryCode, mfaKey, normaliseRecoveryCode, openSecret, SealedSecretError, sealSecret } from "./mfa-crypto";
import { MissingEnvError } from "./env";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const key = randomBytes(32);
const userId = "00000000-0000-4000-8000-000000000001";
const otherUserId = "00000000-0000-4000-8000-000000000002";

describe("sealed TOTP secrets", () => {
  it("open to the sealed text for the same user and key, and differ each time they are sealed", () => {
    const a = sealSecret("JBSWY3DPEHPK3PXP", userId, key);
    const b = sealSecret("JBSWY3DPEHPK3PXP", userId, key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(a, userId, key)).toBe("JBSWY3DPEHPK3PXP");
    expect(openSecret(b, userId, key)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("refuse an altered payload, another user's row, another key and a malformed value", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", userId, key);
    const raw = Buffer.from(sealed.slice(3), "base64url");
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    const tampered = `v1.${raw.toString("base64url")}`;
    expect(() => openSecret(tampered, userId, key)).toThrow(SealedSecretError);
    expect(() => openSecret(sealed, otherUserId, key)).toThrow(SealedSecretError);
    expect(() => openSecret(sealed, userId, randomBytes(32))).toThrow(SealedSecretError);
    expect(() => openSecret("v1.AAAA", userId, key)).toThrow(SealedSecretError);
    expect(() => openSecret(`v2.${sealed.slice(3)}`, userId, key)).toThrow(SealedSecretError);
  });
});

describe("the sealing key", () => {
  it("is required in production mode and derived from AUTH_SECRET in the demo", () => {
    const secret = "x".repeat(40);
    expect(() => mfaKey(env({ NODE_ENV: "production", AUTH_SECRET: secret }))).toThrow(MissingEnvError);
    expect(mfaKey(env({ NODE_ENV: "production", AUTH_SECRET: secret, STEPWISE_MFA_KEY: "k".repeat(32) }))).toHaveLength(32);
    const demo = mfaKey(env({ NODE_ENV: "production", STEPWISE_DEMO: "1", AUTH_SECRET: secret }));
    expect(demo).toHaveLength(32);
    expect(demo.equals(mfaKey(env({ STEPWISE_DEMO: "1", AUTH_SECRET: secret })))).toBe(true);
    expect(demo.equals(mfaKey(env({ STEPWISE_DEMO: "1", AUTH_SECRET: "y".repeat(40) })))).toBe(false);
    expect(demo.equals(mfaKey(env({ STEPWISE_DEMO: "1", AUTH_SECRET: secret, STEPWISE_MFA_KEY: secret })))).toBe(false);
  });
});

describe("recovery codes", () => {
  it("are ten distinct grouped codes that normalise from what people type", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const code = codes[0]!;
    expect(normaliseRecoveryCode(` ${code.toLowerCase().replace(/-/g, " ")} `)).toBe(code.replace(/-/g, ""));
    expect(normaliseRecoveryCode("123456")).toBeNull();
    expect(normaliseRecoveryCode("AAAA-BBBB-CCC0")).toBeNull();
  });

  it("hash per user and per key", () => {
    const code = normaliseRecoveryCode(generateRecoveryCodes(1)[0]!)!;
    const h = hashRecoveryCode(code, userId, key);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code, userId, key)).toBe(h);
    expect(hashRecoveryCode(code, otherUserId, key)).not.toBe(h);
    expect(hashRecoveryCode(code, userId, randomBytes(32))).not.toBe(h);
  });
});

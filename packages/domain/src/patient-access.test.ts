import { describe, expect, it } from "vitest";
import {
  formatInvitationCode,
  invitationExpiry,
  invitationPath,
  invitationSecretBits,
  isInvitationLive,
  parseInvitationCode,
  patientAccessStatus,
  redeemInvitationInputSchema,
} from "./patient-access";

const raw = "7KQ2MXW9PD3RT8VNC4HFA1B2C";
const now = new Date("2026-12-02T12:00:00Z");
const day = 24 * 60 * 60 * 1000;

describe("invitation code", () => {
  it("is five groups of five, the first the selector", () => {
    const code = formatInvitationCode(raw);
    expect(code).toBe("7KQ2M-XW9PD-3RT8V-NC4HF-A1B2C");
    expect(parseInvitationCode(code)).toEqual({ selector: "7KQ2M", secret: "XW9PD3RT8VNC4HFA1B2C" });
  });

  it("keeps at least 80 bits secret beyond the selector", () => {
    expect(invitationSecretBits).toBeGreaterThanOrEqual(80);
  });

  it("forgives case, spaces, dashes and look-alike letters", () => {
    expect(parseInvitationCode(" 7kq2m xw9pd-3rt8v nc4hf a1b2c ")).toEqual(parseInvitationCode(raw));
    expect(parseInvitationCode("7KQ2M-XW9PD-3RT8V-NC4HF-A1B2O")?.secret.endsWith("0")).toBe(true);
  });

  it("refuses what is not shaped like a code", () => {
    expect(parseInvitationCode("")).toBeUndefined();
    expect(parseInvitationCode(raw.slice(1))).toBeUndefined();
    expect(parseInvitationCode(`${raw}X`)).toBeUndefined();
    expect(parseInvitationCode(raw.replace("7", "U"))).toBeUndefined();
    expect(parseInvitationCode(raw.replace("7", "!"))).toBeUndefined();
  });

  it("links to the invitation page with the code", () => {
    expect(invitationPath("7KQ2M-XW9PD")).toBe("/invite?code=7KQ2M-XW9PD");
  });
});

describe("invitation validity", () => {
  it("lasts 7 days", () => {
    expect(invitationExpiry(now).getTime() - now.getTime()).toBe(7 * day);
  });

  it("is live until it expires, is used or is revoked", () => {
    const fresh = { usedAt: null, revokedAt: null, expiresAt: invitationExpiry(now) };
    expect(isInvitationLive(fresh, now)).toBe(true);
    expect(isInvitationLive(fresh, new Date(now.getTime() + 7 * day - 1))).toBe(true);
    expect(isInvitationLive(fresh, new Date(now.getTime() + 7 * day))).toBe(false);
    expect(isInvitationLive({ ...fresh, usedAt: now }, now)).toBe(false);
    expect(isInvitationLive({ ...fresh, revokedAt: now }, now)).toBe(false);
  });
});

describe("patient access status", () => {
  const invitation = { usedAt: null, revokedAt: null, expiresAt: invitationExpiry(now) };
  const account = { createdAt: now, revokedAt: null, email: "sam@example.org" };

  it("reads none, invited, active and revoked", () => {
    expect(patientAccessStatus(undefined, undefined, now)).toEqual({ state: "none" });
    expect(patientAccessStatus(undefined, invitation, now)).toEqual({ state: "invited", validUntil: invitation.expiresAt });
    expect(patientAccessStatus(account, { ...invitation, usedAt: now }, now)).toEqual({ state: "active", since: now, email: "sam@example.org" });
    expect(patientAccessStatus({ ...account, revokedAt: now }, undefined, now)).toEqual({ state: "revoked", revokedAt: now });
  });

  it("shows a lapsed invitation as nothing pending", () => {
    expect(patientAccessStatus(undefined, invitation, new Date(now.getTime() + 8 * day))).toEqual({ state: "none" });
  });

  it("shows a new invitation after a revoked account as pending", () => {
    expect(patientAccessStatus({ ...account, revokedAt: now }, invitation, now).state).toBe("invited");
  });
});

describe("redeem input", () => {
  const input = { code: raw, email: "sam@example.org", password: "a long enough phrase", confirmPassword: "a long enough phrase" };
  it("takes the clinicians' password policy", () => {
    expect(redeemInvitationInputSchema.safeParse(input).success).toBe(true);
    expect(redeemInvitationInputSchema.safeParse({ ...input, password: "short", confirmPassword: "short" }).success).toBe(false);
  });
  it("wants the password twice, the same", () => {
    const result = redeemInvitationInputSchema.safeParse({ ...input, confirmPassword: "another long phrase" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["confirmPassword"]);
  });
  it("wants an email", () => {
    expect(redeemInvitationInputSchema.safeParse({ ...input, email: "not an email" }).success).toBe(false);
  });
});

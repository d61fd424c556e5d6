import { describe, expect, it } from "vitest";
import type { TRPCError } from "@trpc/server";
import { authenticate } from "@stepwise/auth";
import { demoPassword, listAudit } from "@stepwise/db";
import { useSeededClinic } from "../test-clinic";

const clinic = useSeededClinic();

describe("admin", () => {
  it("is refused to every clinical role, and the refusal is audited", async () => {
    for (const email of ["physician@stepwise.test", "pt@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test"]) {
      const caller = await clinic.as(email);
      await expect(caller.admin.listUsers()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.audit({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const denied = await listAudit(clinic.handle.db, { action: "admin.audit" });
    expect(denied.filter((r) => r.outcome === "denied")).toHaveLength(4);
    await expect(clinic.anonymous().admin.listUsers()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("creates an account that signs in once with a one-time code, to choose its own password; never with one the admin chose", async () => {
    const admin = await clinic.as("admin@stepwise.test");
    await expect(admin.admin.createUser({ email: "chosen@stepwise.test", name: "Chosen", role: "physician", password: "a-long-password-1" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const created = await admin.admin.createUser({ email: "new.pt@stepwise.test", name: "New Therapist", role: "physical_therapist" });
    expect(created.role).toBe("physical_therapist");
    const first = await authenticate(clinic.handle.db, { email: "new.pt@stepwise.test", password: created.code });
    expect(first).toMatchObject({ ok: true, pendingStep: "password_change" });
    expect(await authenticate(clinic.handle.db, { email: "new.pt@stepwise.test", password: created.code })).toEqual({ ok: false, reason: "invalid" });
    await expect(admin.admin.createUser({ email: "new.pt@stepwise.test", name: "Again", role: "physician" })).rejects.toMatchObject({ code: "CONFLICT" });
    const audited = await listAudit(clinic.handle.db, { action: "admin.createUser" });
    expect(JSON.stringify(audited)).not.toContain(created.code);
  });

  it.each([3, 10])("lets exactly one of %i concurrent accounts with one email through; the rest are CONFLICT", async (count) => {
    const admin = await clinic.as("admin@stepwise.test");
    const email = `race-${count}@stepwise.test`;
    const results = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => admin.admin.createUser({ email: i % 2 ? email.toUpperCase() : email, name: `Racer ${i}`, role: "physician" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as TRPCError] : []));
    expect(refused.map((e) => e.code)).toEqual(Array(count - 1).fill("CONFLICT"));
    for (const e of refused) {
      expect(e.message).toBe("An account with this email already exists.");
      expect(JSON.stringify(e.cause ?? null)).not.toMatch(/insert into|params|Failed query/i);
    }
    expect((await admin.admin.listUsers()).filter((u) => u.email === email)).toHaveLength(1);
  });

  it("deactivation ends the user's sessions at once and blocks sign-in; a stale version is CONFLICT", async () => {
    const admin = await clinic.as("admin@stepwise.test");
    const r = await authenticate(clinic.handle.db, { email: "pt2@stepwise.test", password: demoPassword });
    if (!r.ok) throw new Error("sign-in failed");
    const pt2 = (await admin.admin.listUsers()).find((u) => u.email === "pt2@stepwise.test")!;
    await admin.admin.setActive({ userId: pt2.id, active: false, expectedVersion: pt2.version });
    const { validateSession } = await import("@stepwise/auth");
    expect(await validateSession(clinic.handle.db, r.sessionId)).toBeNull();
    expect((await authenticate(clinic.handle.db, { email: "pt2@stepwise.test", password: demoPassword })).ok).toBe(false);
    await expect(admin.admin.setActive({ userId: pt2.id, active: true, expectedVersion: pt2.version })).rejects.toMatchObject({ code: "CONFLICT" });
    await admin.admin.setActive({ userId: pt2.id, active: true, expectedVersion: pt2.version + 1 });
    expect((await authenticate(clinic.handle.db, { email: "pt2@stepwise.test", password: demoPassword })).ok).toBe(true);
  });

  it("unlocks a locked account and resets a password", async () => {
    const admin = await clinic.as("admin@stepwise.test");
    for (let i = 0; i < 5; i++) await authenticate(clinic.handle.db, { email: "physician2@stepwise.test", password: "wrong" });
    let p2 = (await admin.admin.listUsers()).find((u) => u.email === "physician2@stepwise.test")!;
    expect(p2.locked).toBe(true);
    await admin.admin.unlock({ userId: p2.id });
    p2 = (await admin.admin.listUsers()).find((u) => u.email === "physician2@stepwise.test")!;
    expect(p2.locked).toBe(false);
    const { code } = await admin.admin.resetPassword({ userId: p2.id });
    expect((await authenticate(clinic.handle.db, { email: "physician2@stepwise.test", password: demoPassword })).ok).toBe(false);
    expect((await authenticate(clinic.handle.db, { email: "physician2@stepwise.test", password: code })).ok).toBe(true);
  });

  it("filters the audit log and audits the reading of it", async () => {
    const admin = await clinic.as("admin@stepwise.test");
    const physicianId = await clinic.userId("physician@stepwise.test");
    const patientId = (await (await clinic.as("physician@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
    await (await clinic.as("physician@stepwise.test")).patients.get({ patientId });
    const page = await admin.admin.audit({ actorId: physicianId, patientId, action: "patients.get" });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((r) => r.actorId === physicianId && r.patientId === patientId && r.action === "patients.get")).toBe(true);
    const reads = await listAudit(clinic.handle.db, { action: "admin.audit", actorId: await clinic.userId("admin@stepwise.test") });
    expect(reads.some((r) => r.outcome === "success")).toBe(true);
  });
});

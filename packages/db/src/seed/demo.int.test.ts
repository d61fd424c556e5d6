import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { careTeamMembers, patientAccounts, patients, userMfa, users } from "../schema";
import { countRows, createTestDatabase } from "../testing";
import { eq } from "drizzle-orm";
import { demoMfaEmail, demoMfaSecret, demoPatientCount, demoPatientEmail, demoPatientIdByName, demoTeam, demoUserId, demoUsers, seedDemo } from "./demo";

let handle: DatabaseHandle;
const fakeHash = async (p: string) => `test-hash:${p}`;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("demo seed", () => {
  it("creates every role, 41 patients and full care teams, and a rerun changes nothing", async () => {
    expect((await seedDemo(handle.db, { hashPassword: fakeHash })).created).toBe(true);
    const counts = async () => [await countRows(handle.db, users), await countRows(handle.db, patients), await countRows(handle.db, careTeamMembers)];
    const first = await counts();
    expect(demoPatientCount).toBe(41);
    expect(first).toEqual([demoUsers.length, 41, 164]);
    expect((await seedDemo(handle.db, { hashPassword: fakeHash })).created).toBe(false);
    expect(await counts()).toEqual(first);
  });

  it("has the demo patient's own account, linked to Samuel Achterberg's record and on no care team", async () => {
    const id = demoUserId(demoPatientEmail);
    const [user] = await handle.db.select().from(users).where(eq(users.id, id));
    expect(user).toMatchObject({ role: "patient", name: "Samuel Achterberg", active: true });
    expect(await handle.db.select({ patientId: patientAccounts.patientId, revokedAt: patientAccounts.revokedAt }).from(patientAccounts)).toEqual([
      { patientId: demoPatientIdByName("Achterberg"), revokedAt: null },
    ]);
    expect(await handle.db.select().from(careTeamMembers).where(eq(careTeamMembers.userId, id))).toEqual([]);
  });

  it("gives the second physician and the second PT only some patients", () => {
    const teams = Array.from({ length: demoPatientCount }, (_, i) => demoTeam(i).map((m) => m.email));
    const share = (email: string) => teams.filter((t) => t.includes(email as never)).length;
    expect(share("physician2@stepwise.test")).toBeGreaterThan(0);
    expect(share("physician2@stepwise.test")).toBeLessThan(demoPatientCount);
    expect(share("pt2@stepwise.test")).toBeGreaterThan(0);
    expect(share("pt2@stepwise.test")).toBeLessThan(demoPatientCount);
    expect(share("psychologist@stepwise.test")).toBe(demoPatientCount);
  });

  it("has a covering physician on no care team whose demo key is sealed (again) on every run with a sealer", async () => {
    const id = demoUserId(demoMfaEmail);
    expect(demoUsers.length).toBe(9);
    expect(await handle.db.select().from(careTeamMembers).where(eq(careTeamMembers.userId, id))).toEqual([]);
    // Seeded without a sealer (above): a password-only account.
    expect(await handle.db.select().from(userMfa).where(eq(userMfa.userId, id))).toEqual([]);
    const seal = (secret: string, userId: string) => `sealed:${userId}:${secret}:${Math.random()}`;
    const now = new Date("2026-06-01T08:00:00Z");
    await seedDemo(handle.db, { hashPassword: fakeHash, sealMfaSecret: seal, now });
    const [first] = await handle.db.select().from(userMfa).where(eq(userMfa.userId, id));
    expect(first?.secretSealed).toMatch(new RegExp(`^sealed:${id}:${demoMfaSecret}:`));
    expect(first?.enabledAt).toEqual(now);
    await seedDemo(handle.db, { hashPassword: fakeHash, sealMfaSecret: seal, now: new Date("2026-06-02T08:00:00Z") });
    const rows = await handle.db.select().from(userMfa);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.secretSealed).not.toBe(first?.secretSealed);
    expect(rows[0]?.enabledAt).toEqual(now);
  });

  it("adds an account missing from a demo seeded before it existed, hashing only its password", async () => {
    const older = await createTestDatabase();
    try {
      const before = demoUsers.filter((u) => u.email !== demoMfaEmail);
      await older.db.insert(users).values(before.map((u) => ({ id: demoUserId(u.email), email: u.email, name: u.name, role: u.role, passwordHash: "older" })));
      const hashed: string[] = [];
      await seedDemo(older.db, { hashPassword: async (p) => (hashed.push(p), fakeHash(p)) });
      expect(hashed).toHaveLength(1);
      expect(await countRows(older.db, users)).toBe(demoUsers.length);
      const [added] = await older.db.select().from(users).where(eq(users.id, demoUserId(demoMfaEmail)));
      expect(added?.passwordHash).toBe("test-hash:stepwise-demo");
    } finally {
      await older.close();
    }
  });
});

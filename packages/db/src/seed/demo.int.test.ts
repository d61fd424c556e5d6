import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { careTeamMembers, patients, users } from "../schema";
import { countRows, createTestDatabase } from "../testing";
import { demoPatientCount, demoTeam, demoUsers, seedDemo } from "./demo";

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

  it("gives the second physician and the second PT only some patients", () => {
    const teams = Array.from({ length: demoPatientCount }, (_, i) => demoTeam(i).map((m) => m.email));
    const share = (email: string) => teams.filter((t) => t.includes(email as never)).length;
    expect(share("physician2@stepwise.test")).toBeGreaterThan(0);
    expect(share("physician2@stepwise.test")).toBeLessThan(demoPatientCount);
    expect(share("pt2@stepwise.test")).toBeGreaterThan(0);
    expect(share("pt2@stepwise.test")).toBeLessThan(demoPatientCount);
    expect(share("psychologist@stepwise.test")).toBe(demoPatientCount);
  });
});

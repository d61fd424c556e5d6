import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededClinic, type Clinic } from "../test-support";

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openSeededClinic();
});
afterAll(async () => {
  await clinic?.close();
});

describe("worklist", () => {
  it("lists exactly the caller's patients, flagged ones first, and only flags meant for the role", async () => {
    const physician = await clinic.as("physician@stepwise.test");
    const list = await physician.worklist.mine();
    const mine = await physician.patients.list({ limit: 100 });
    expect(list.map((e) => e.id).sort()).toEqual(mine.items.map((p) => p.id).sort());
    const firstUnflagged = list.findIndex((e) => e.flags.length === 0);
    if (firstUnflagged >= 0) expect(list.slice(firstUnflagged).every((e) => e.flags.length === 0)).toBe(true);
    const pt = await clinic.as("pt@stepwise.test");
    const ptList = await pt.worklist.mine();
    const allowed = new Set(["safety_self_harm", "missed_sessions", "not_improving", "overdue_action"]);
    expect(ptList.flatMap((e) => e.flags).every((f) => allowed.has(f.code))).toBe(true);
  });

  it("is empty for the administrator and refused to anonymous callers", async () => {
    expect(await (await clinic.as("admin@stepwise.test")).worklist.mine()).toEqual([]);
    await expect(clinic.anonymous().worklist.mine()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

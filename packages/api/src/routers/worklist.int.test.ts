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
    // The PT's own flags and what the meeting agenda shows; never another discipline's private work-list items.
    const notForPt = new Set(["outcome_due", "depression_anxiety", "catastrophizing"]);
    expect(ptList.flatMap((e) => e.flags).filter((f) => notForPt.has(f.code))).toEqual([]);
  });

  it("the coordinator's and the PT's lists keep the agenda flags the physician's list shows for the same patient (issue 10 item 2), safety first", async () => {
    const agenda = new Set(["safety_self_harm", "high_opioid_dose", "opioid_review", "candidacy_pending", "not_improving"]);
    const physicianList = await (await clinic.as("physician@stepwise.test")).worklist.mine();
    for (const email of ["coordinator@stepwise.test", "pt@stepwise.test"]) {
      const list = await (await clinic.as(email)).worklist.mine();
      let compared = 0;
      for (const entry of list) {
        const theirs = physicianList.find((e) => e.id === entry.id);
        if (!theirs) continue;
        compared += 1;
        const expected = theirs.flags.filter((f) => agenda.has(f.code)).map((f) => f.code);
        expect(entry.flags.map((f) => f.code), `${email} ${entry.familyName}`).toEqual(expect.arrayContaining(expected));
        const safety = entry.flags.findIndex((f) => f.code === "safety_self_harm");
        if (safety >= 0) expect(safety).toBe(0);
      }
      expect(compared, email).toBeGreaterThan(0);
    }
  });

  it("is empty for the administrator and refused to anonymous callers", async () => {
    expect(await (await clinic.as("admin@stepwise.test")).worklist.mine()).toEqual([]);
    await expect(clinic.anonymous().worklist.mine()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

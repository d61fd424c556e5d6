import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patientEventIdsAfter, patientEventsAfterExcept } from "@stepwise/db";
import { openSeededClinic, type Clinic } from "../test-support";

let clinic: Clinic;
let patientId: string;
beforeAll(async () => {
  clinic = await openSeededClinic();
  patientId = (await (await clinic.as("physician@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
});
afterAll(async () => {
  await clinic?.close();
});

describe("the shared feed's read of a patient's new events", () => {
  it("returns the window's rows not yet delivered, oldest first, and none it was told it has", async () => {
    const physician = await clinic.as("physician@stepwise.test");
    const from = (await physician.carePlan.get({ patientId })).lastEventId;
    const goal = (description: string) => physician.goals.create({ patientId, discipline: "physician", description, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    await goal("Feed one");
    await goal("Feed two");
    await goal("Feed three");
    const ids = await patientEventIdsAfter(clinic.handle.db, patientId, from);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const delivered = ids.slice(0, -1);
    const rows = await patientEventsAfterExcept(clinic.handle.db, patientId, from, delivered);
    expect(rows.map((r) => r.id)).toEqual([ids.at(-1)]);
    expect(rows[0]!.summary).toContain("Feed three");
    // Nothing delivered yet: the whole window, as the plain read gives it.
    expect((await patientEventsAfterExcept(clinic.handle.db, patientId, from, [])).map((r) => r.id)).toEqual(ids);
  });
});

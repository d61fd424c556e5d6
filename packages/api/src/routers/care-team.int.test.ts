import { beforeAll, describe, expect, it } from "vitest";
import { useSeededClinic } from "../test-clinic";

const clinic = useSeededClinic();
let patientId: string;
beforeAll(async () => {
  // A patient of physician2: physician@ is not on this team.
  patientId = (await (await clinic.as("physician2@stepwise.test")).patients.list({ limit: 1 })).items[0]!.id;
});

describe("careTeam", () => {
  it("lets the coordinator add a clinician, who then sees the patient; removal cuts access at once", async () => {
    const coordinator = await clinic.as("coordinator@stepwise.test");
    const physician = await clinic.as("physician@stepwise.test");
    const physicianId = await clinic.userId("physician@stepwise.test");
    await expect(physician.patients.get({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const team = await coordinator.careTeam.get({ patientId });
    expect(team.candidates.some((c) => c.id === physicianId)).toBe(true);
    await coordinator.careTeam.add({ patientId, userId: physicianId });
    expect((await physician.patients.get({ patientId })).myRole).toBe("physician");
    await expect(coordinator.careTeam.add({ patientId, userId: physicianId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await coordinator.careTeam.remove({ patientId, userId: physicianId });
    await expect(physician.patients.get({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("moves the lead, and refuses to remove the current lead", async () => {
    const coordinator = await clinic.as("coordinator@stepwise.test");
    const leadId = await clinic.userId("physician2@stepwise.test");
    await expect(coordinator.careTeam.remove({ patientId, userId: leadId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((await coordinator.careTeam.get({ patientId })).team.find((m) => m.userId === leadId)?.isLead).toBe(true);
    const ptId = (await coordinator.careTeam.get({ patientId })).team.find((m) => m.role === "physical_therapist")!.userId;
    await coordinator.careTeam.setLead({ patientId, userId: ptId });
    const team = (await coordinator.careTeam.get({ patientId })).team;
    expect(team.filter((m) => m.isLead).map((m) => m.userId)).toEqual([ptId]);
    await coordinator.careTeam.setLead({ patientId, userId: leadId });
  });

  it("is the coordinator's alone", async () => {
    const physicianId = await clinic.userId("physician@stepwise.test");
    for (const email of ["physician2@stepwise.test", "psychologist@stepwise.test"]) {
      await expect((await clinic.as(email)).careTeam.add({ patientId, userId: physicianId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect((await clinic.as("admin@stepwise.test")).careTeam.add({ patientId, userId: physicianId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

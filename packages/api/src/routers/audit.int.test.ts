import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@stepwise/db";
import { TEXT_WITHHELD } from "@stepwise/domain";
import { createBlankPatient, demoEmails, failure } from "../test-support";
import { useSeededClinic } from "../test-clinic";

// audit.patientReport: "who saw patient X, when, through what" for the coordinator of X's team
// and the admin; admin.audit shows actions, actors, patients and outcomes, never free text.

const { PHYSICIAN, PHYSICIAN2, PT, PSYCH, COORD, ADMIN } = demoEmails;

const clinic = useSeededClinic();
let patientId: string;
beforeAll(async () => {
  patientId = (await (await clinic.as(PHYSICIAN)).patients.list({ search: "Hollis" })).items[0]!.id;
});

describe("audit.patientReport", () => {
  it("the coordinator of the patient's team sees every user who read or changed the record, with role, action, when and through what", async () => {
    const physician = await clinic.as(PHYSICIAN);
    await physician.carePlan.get({ patientId });
    await (await clinic.as(PT)).worklist.mine();
    const report = await (await clinic.as(COORD)).audit.patientReport({ patientId });
    expect(report.patient).toMatchObject({ id: patientId, familyName: expect.any(String), mrn: expect.any(String) });
    const physicianId = await clinic.userId(PHYSICIAN);
    expect(report.accesses).toContainEqual(expect.objectContaining({ actorId: physicianId, actorName: expect.any(String), actorRole: "physician", action: "carePlan.get", through: "care_team", at: expect.any(Date) }));
    expect(report.accesses).toContainEqual(expect.objectContaining({ actorId: await clinic.userId(PT), action: "worklist.mine", through: "care_team" }));
    const line = report.users.find((u) => u.actorId === physicianId)!;
    expect(line.actions).toEqual(expect.arrayContaining(["carePlan.get", "patients.list"]));
    expect(line.accesses).toBe(report.accesses.filter((a) => a.actorId === physicianId).length);
    expect(report.truncated).toBe(false);
    // Newest first, inside the default period.
    const times = report.accesses.map((a) => a.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(report.from.getTime()).toBeLessThan(report.to.getTime());
  });

  it("the admin may ask for any patient; their own look at the report is itself in the next report, through administration", async () => {
    const admin = await clinic.as(ADMIN);
    await admin.audit.patientReport({ patientId });
    const again = await admin.audit.patientReport({ patientId });
    expect(again.accesses).toContainEqual(expect.objectContaining({ actorId: await clinic.userId(ADMIN), actorRole: "admin", action: "audit.patientReport", through: "administration" }));
    const rows = await listAudit(clinic.handle.db, { patientId, action: "audit.patientReport", actorId: await clinic.userId(ADMIN) });
    expect(rows.every((r) => r.outcome === "success")).toBe(true);
  });

  it("a period limits the report", async () => {
    const report = await (await clinic.as(COORD)).audit.patientReport({ patientId, from: new Date("2020-01-01"), to: new Date("2020-12-31") });
    expect(report.accesses).toEqual([]);
    expect(report.users).toEqual([]);
    expect((await failure((await clinic.as(COORD)).audit.patientReport({ patientId, from: new Date("2021-01-01"), to: new Date("2020-01-01") }))).code).toBe("BAD_REQUEST");
  });

  it("refuses clinicians (FORBIDDEN, by the matrix), a coordinator off the team and any unknown patient (NOT_FOUND), audited against the patient", async () => {
    for (const email of [PHYSICIAN, PT, PSYCH, PHYSICIAN2]) {
      expect((await failure((await clinic.as(email)).audit.patientReport({ patientId }))).code, email).toBe("FORBIDDEN");
    }
    const elsewhere = await createBlankPatient(clinic, [PHYSICIAN]);
    const coord = await clinic.as(COORD);
    expect((await failure(coord.audit.patientReport({ patientId: elsewhere }))).code).toBe("NOT_FOUND");
    expect(await listAudit(clinic.handle.db, { patientId: elsewhere, action: "audit.patientReport" })).toContainEqual(expect.objectContaining({ outcome: "denied", actorId: await clinic.userId(COORD) }));
    expect((await failure((await clinic.as(ADMIN)).audit.patientReport({ patientId: randomUUID() }))).code).toBe("NOT_FOUND");
  });
});

describe("admin.audit shows no free text", () => {
  it("a clinician's patient-name search is 'text withheld'; ids, enums and outcomes are shown", async () => {
    await (await clinic.as(PHYSICIAN)).patients.list({ search: "Hollis" });
    const page = await (await clinic.as(ADMIN)).admin.audit({ actorId: await clinic.userId(PHYSICIAN), action: "patients.list", limit: 5 });
    expect(page.items[0]).toMatchObject({ action: "patients.list", outcome: "success", patientId: patientId, detail: { search: TEXT_WITHHELD } });
    expect(JSON.stringify(page)).not.toContain("Hollis");
  });

  it("a refusal's reason and code stay readable", async () => {
    const elsewhere = await createBlankPatient(clinic, [PHYSICIAN]);
    await failure((await clinic.as(PT)).carePlan.get({ patientId: elsewhere }));
    const page = await (await clinic.as(ADMIN)).admin.audit({ patientId: elsewhere, limit: 5 });
    expect(page.items).toContainEqual(expect.objectContaining({ outcome: "denied", detail: { reason: "not_on_care_team" } }));
  });
});

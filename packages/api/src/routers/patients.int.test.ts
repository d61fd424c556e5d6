import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@stepwise/db";
import { allPatientIds, careTeamPatientIds, queryAsOwner } from "@stepwise/db/testing";
import { openSeededClinic, type Clinic } from "../test-support";

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openSeededClinic();
});
afterAll(async () => {
  await clinic?.close();
});

async function firstPatientOf(email: string) {
  const caller = await clinic.as(email);
  const page = await caller.patients.list({ limit: 100 });
  return page.items[0]!;
}

async function patientOutsideTeamOf(email: string) {
  const mine = new Set((await (await clinic.as(email)).patients.list({ limit: 100 })).items.map((p) => p.id));
  const other = (await allPatientIds(clinic.handle.db)).find((id) => !mine.has(id));
  if (!other) throw new Error("seed gives every patient to this user");
  return other;
}

describe("me", () => {
  it("returns the signed-in user and refuses anonymous callers", async () => {
    const me = await (await clinic.as("pt@stepwise.test")).me.get();
    expect(me).toMatchObject({ email: "pt@stepwise.test", role: "physical_therapist" });
    await expect(clinic.anonymous().me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("patients.list", () => {
  it("lists exactly the caller's care-team patients", async () => {
    for (const email of ["physician@stepwise.test", "physician2@stepwise.test", "pt2@stepwise.test", "psychologist@stepwise.test"]) {
      const page = await (await clinic.as(email)).patients.list({ limit: 100 });
      const userId = await clinic.userId(email);
      const expected = await careTeamPatientIds(clinic.handle.db, userId);
      expect(page.items.map((p) => p.id).sort()).toEqual(expected.sort());
      expect(page.total).toBe(expected.length);
    }
  });

  it("splits the demo clinic between the two physicians and gives admin no patients", async () => {
    const one = await (await clinic.as("physician@stepwise.test")).patients.list({ limit: 100 });
    const two = await (await clinic.as("physician2@stepwise.test")).patients.list({ limit: 100 });
    expect(one.total + two.total).toBe(41);
    expect(one.items.some((p) => two.items.some((q) => q.id === p.id))).toBe(false);
    const admin = await (await clinic.as("admin@stepwise.test")).patients.list({ limit: 100 });
    expect(admin.total).toBe(0);
  });

  it("searches by name and by MRN, and paginates", async () => {
    const caller = await clinic.as("psychologist@stepwise.test");
    const byName = await caller.patients.list({ search: "hollis" });
    expect(byName.items.map((p) => p.familyName)).toEqual(["Hollis"]);
    const mrn = byName.items[0]!.mrn;
    const byMrn = await caller.patients.list({ search: mrn });
    expect(byMrn.items.map((p) => p.mrn)).toEqual([mrn]);
    const wildcard = await caller.patients.list({ search: "%" });
    expect(wildcard.total).toBe(0);
    const first = await caller.patients.list({ limit: 15 });
    expect(first.items).toHaveLength(15);
    expect(first.nextCursor).toBe(15);
    const rest = await caller.patients.list({ limit: 100, cursor: first.nextCursor! });
    expect(rest.items).toHaveLength(26);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...first.items, ...rest.items].map((p) => p.id)).size).toBe(41);
  });

  it("pages in name order, and still lists exactly the care team after rows were added to it outside the API", async () => {
    const email = "pt2@stepwise.test";
    const byName = (a: { familyName: string; givenName: string; id: string }, b: { familyName: string; givenName: string; id: string }) =>
      a.familyName < b.familyName ? -1 : a.familyName > b.familyName ? 1 : a.givenName < b.givenName ? -1 : a.givenName > b.givenName ? 1 : a.id < b.id ? -1 : 1;
    const listed = async () => {
      const caller = await clinic.as(email);
      const first = await caller.patients.list({ limit: 10 });
      const rest = await caller.patients.list({ limit: 100, cursor: first.nextCursor ?? 0 });
      return { items: [...first.items, ...rest.items], total: first.total };
    };
    const before = await listed();
    expect(before.items).toEqual([...before.items].sort(byName));
    // A care-team row written straight to the database (an import, a console session): no summary follows it.
    const userId = await clinic.userId(email);
    const candidate = await patientOutsideTeamOf(email);
    await queryAsOwner(clinic.handle, `INSERT INTO care_team_members (patient_id, user_id, role) VALUES ($1, $2, 'physical_therapist')`, [candidate, userId]);
    try {
      const after = await listed();
      const expected = await careTeamPatientIds(clinic.handle.db, userId);
      expect(after.total).toBe(before.total + 1);
      expect(after.items.map((p) => p.id).sort()).toEqual(expected.sort());
      expect(after.items).toEqual([...after.items].sort(byName));
    } finally {
      await queryAsOwner(clinic.handle, `DELETE FROM care_team_members WHERE patient_id = $1 AND user_id = $2`, [candidate, userId]);
    }
  });

  it("rejects unknown fields and oversize input", async () => {
    const caller = await clinic.as("physician@stepwise.test");
    await expect(caller.patients.list({ limit: 1000 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.patients.list({ search: "x", extra: 1 } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("patients.get (patient-scoped)", () => {
  it("answers a member with the header and team", async () => {
    const patient = await firstPatientOf("physician@stepwise.test");
    const got = await (await clinic.as("physician@stepwise.test")).patients.get({ patientId: patient.id });
    expect(got.mrn).toBe(patient.mrn);
    expect(got.age).toBeGreaterThan(17);
    expect(got.team.map((m) => m.role).sort()).toEqual(["coordinator", "physical_therapist", "physician", "psychologist"]);
    expect(got.myRole).toBe("physician");
  });

  it("answers NOT_FOUND to a non-member, exactly as for a patient that does not exist", async () => {
    const outside = await patientOutsideTeamOf("physician2@stepwise.test");
    const caller = await clinic.as("physician2@stepwise.test");
    const denied = await caller.patients.get({ patientId: outside }).catch((e: unknown) => e);
    const missing = await caller.patients.get({ patientId: "00000000-0000-4000-8000-000000000000" }).catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: "NOT_FOUND" });
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    expect((denied as Error).message).toBe((missing as Error).message);
  });

  it("answers NOT_FOUND to admin and UNAUTHORIZED to anonymous callers", async () => {
    const patient = await firstPatientOf("physician@stepwise.test");
    await expect((await clinic.as("admin@stepwise.test")).patients.get({ patientId: patient.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().patients.get({ patientId: patient.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("rejects a malformed patient id as BAD_REQUEST naming the field", async () => {
    const caller = await clinic.as("physician@stepwise.test");
    await expect(caller.patients.get({ patientId: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("audit", () => {
  it("writes a row for every read, allowed or denied", async () => {
    const db = clinic.handle.db;
    const physicianId = await clinic.userId("physician2@stepwise.test");
    const mine = await firstPatientOf("physician2@stepwise.test");
    const outside = await patientOutsideTeamOf("physician2@stepwise.test");
    const caller = await clinic.as("physician2@stepwise.test");
    await caller.patients.get({ patientId: mine.id });
    await caller.patients.get({ patientId: outside }).catch(() => undefined);

    const ok = await listAudit(db, { patientId: mine.id, actorId: physicianId, action: "patients.get" });
    expect(ok[0]).toMatchObject({ outcome: "success", actorRole: "physician", entityType: "patient" });
    const denied = await listAudit(db, { patientId: outside, actorId: physicianId, action: "patients.get" });
    expect(denied[0]).toMatchObject({ outcome: "denied" });
    const lists = await listAudit(db, { actorId: physicianId, action: "patients.list" });
    expect(lists.length).toBeGreaterThan(0);
  });
});

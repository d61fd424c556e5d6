import { beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { listAudit, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { currentOf } from "../errors";
import { demoEmails, createBlankPatient, type Clinic } from "../test-support";
import { useSeededClinic } from "../test-clinic";

const { PHYSICIAN: OKAFOR, PHYSICIAN2: REYES, PT } = demoEmails;

const clinic = useSeededClinic();
let patientId: string;
beforeAll(async () => {
  // Two physicians on one team: both own the physician's goals.
  patientId = await createBlankPatient(clinic, [OKAFOR, REYES, PT]);
});

const physicianGoal = () => ({
  patientId,
  discipline: "physician" as const,
  description: "Walk to the shop and back without stopping",
  measure: "minutes walking",
  target: "20",
  targetDate: new Date(Date.now() + 60 * 864e5),
});

type Goal = Awaited<ReturnType<Awaited<ReturnType<Clinic["as"]>>["goals"]["update"]>>;

describe("goals.update: editing a goal's text", () => {
  it("lets the owning discipline change description, measure, target and date, and audits the write", async () => {
    const okafor = await clinic.as(OKAFOR);
    const goal = await okafor.goals.create(physicianGoal());
    const targetDate = new Date(Date.now() + 120 * 864e5);
    const edited = await okafor.goals.update({ patientId, id: goal.id, expectedVersion: 1, description: "Walk to the park", measure: "metres", target: "800", targetDate });
    expect(edited).toMatchObject({ description: "Walk to the park", measure: "metres", target: "800", version: 2, status: "active" });
    const audits = await listAudit(clinic.handle.db, { patientId, action: "goals.update" });
    expect(audits[0]).toMatchObject({ outcome: "success", entityId: goal.id });
  });

  it("refuses another discipline (FORBIDDEN) and leaves the goal as it was", async () => {
    const goal = await (await clinic.as(OKAFOR)).goals.create(physicianGoal());
    await expect((await clinic.as(PT)).goals.update({ patientId, id: goal.id, expectedVersion: 1, description: "Mine now" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stored = (await (await clinic.as(OKAFOR)).carePlan.get({ patientId })).goals.find((g) => g.id === goal.id);
    expect(stored).toMatchObject({ description: goal.description, version: 1 });
  });

  it("two physicians saving from the same version: the first wins, the second gets CONFLICT carrying the stored row", async () => {
    const okafor = await clinic.as(OKAFOR);
    const reyes = await clinic.as(REYES);
    const goal = await okafor.goals.create(physicianGoal());
    const events = await countRows(clinic.handle.db, schema.planEvents);

    const first = await okafor.goals.update({ patientId, id: goal.id, expectedVersion: 1, target: "30" });
    const second = reyes.goals.update({ patientId, id: goal.id, expectedVersion: 1, target: "15", measure: "minutes on the treadmill" });
    const refused = await second.then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("CONFLICT");
    // What the client receives as error data `current` (trpc.ts errorFormatter).
    const current = currentOf((refused as TRPCError).cause) as Goal | undefined;
    expect(current).toMatchObject({ id: goal.id, version: 2, target: "30", measure: goal.measure, updatedBy: await clinic.userId(OKAFOR) });

    // Nothing of the refused save is stored, and only the winner announced a change.
    const stored = (await reyes.carePlan.get({ patientId })).goals.find((g) => g.id === goal.id);
    expect(stored).toMatchObject({ target: "30", measure: goal.measure, version: first.version });
    expect(await countRows(clinic.handle.db, schema.planEvents)).toBe(events + 1);

    // "Keep mine": the same values against the version the conflict showed.
    const kept = await reyes.goals.update({ patientId, id: goal.id, expectedVersion: current!.version, target: "15", measure: "minutes on the treadmill" });
    expect(kept).toMatchObject({ target: "15", measure: "minutes on the treadmill", version: 3 });
  });

  it("many concurrent edits from one version: exactly one is stored", async () => {
    const okafor = await clinic.as(OKAFOR);
    const reyes = await clinic.as(REYES);
    const goal = await okafor.goals.create(physicianGoal());
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? okafor : reyes).goals.update({ patientId, id: goal.id, expectedVersion: 1, description: `Edit number ${i}` })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Goal> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as TRPCError).code)).toEqual(Array.from({ length: 9 }, () => "CONFLICT"));
    const stored = (await okafor.carePlan.get({ patientId })).goals.find((g) => g.id === goal.id);
    expect(stored).toMatchObject({ description: won[0]!.value.description, version: 2 });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { useSeededClinic } from "../test-clinic";

const clinic = useSeededClinic();
let patientId: string;
beforeAll(async () => {
  patientId = (await (await clinic.as("pt@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
});

const ptItem = () => ({
  patientId,
  kind: "physical_therapy" as const,
  ladderStep: 1 as const,
  discipline: "physical_therapist" as const,
  title: "Core stabilisation programme",
  rationale: "Axial low back pain; graded activity twice weekly for 8 weeks.",
});

describe("planItems", () => {
  it("lets a PT create a PT item, writing the row, a plan event and an audit row together", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const before = await countRows(clinic.handle.db, schema.auditLog);
    const item = await pt.planItems.create(ptItem());
    expect(item).toMatchObject({ status: "proposed", version: 1, discipline: "physical_therapist" });
    const events = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId("pt@stepwise.test"), limit: 5 });
    expect(events[0]).toMatchObject({ entityId: item.id, eventType: "plan_item.created", entityVersion: 1 });
    const audits = await listAudit(clinic.handle.db, { patientId, action: "planItems.create" });
    expect(audits[0]).toMatchObject({ outcome: "success", entityId: item.id });
    expect(await countRows(clinic.handle.db, schema.auditLog)).toBe(before + 1);
  });

  it("refuses another discipline's item (FORBIDDEN) and writes nothing", async () => {
    const physician = await clinic.as("physician@stepwise.test");
    const items = await countRows(clinic.handle.db, schema.planItems);
    await expect(physician.planItems.create(ptItem())).rejects.toMatchObject({ code: "FORBIDDEN" });
    const item = await (await clinic.as("pt@stepwise.test")).planItems.create(ptItem());
    await expect(physician.planItems.update({ patientId, id: item.id, expectedVersion: 1, title: "Mine now" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await countRows(clinic.handle.db, schema.planItems)).toBe(items + 1);
  });

  it("moves through allowed transitions only, and derives the current step from active items", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const item = await pt.planItems.create(ptItem());
    const active = await pt.planItems.transition({ patientId, id: item.id, expectedVersion: 1, to: "active" });
    expect(active.startedAt).toBeInstanceOf(Date);
    const done = await pt.planItems.transition({ patientId, id: item.id, expectedVersion: 2, to: "completed" });
    expect(done.endedAt).toBeInstanceOf(Date);
    await expect(pt.planItems.transition({ patientId, id: item.id, expectedVersion: 3, to: "active" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const plan = await pt.carePlan.get({ patientId });
    expect(plan.currentStep).toBeGreaterThanOrEqual(1);
  });

  it("serialises 20 concurrent updates from one version: one wins, 19 get CONFLICT with the current row", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const item = await pt.planItems.create(ptItem());
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => pt.planItems.update({ patientId, id: item.id, expectedVersion: 1, title: `Edit number ${i}` })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof pt.planItems.update>>> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(TRPCError);
      expect((r.reason as TRPCError).code).toBe("CONFLICT");
    }
    const stored = (await pt.carePlan.get({ patientId })).planItems.find((p) => p.id === item.id)!;
    expect(stored.title).toBe(won[0]!.value.title);
    expect(stored.version).toBe(2);
  });

  it("rejects malformed input with BAD_REQUEST naming the field, and changes no row count", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const before = await Promise.all([countRows(clinic.handle.db, schema.planItems), countRows(clinic.handle.db, schema.planEvents)]);
    const bad: unknown[] = [
      { ...ptItem(), ladderStep: 7 },
      { ...ptItem(), title: "" },
      { ...ptItem(), title: "x".repeat(201) },
      { ...ptItem(), kind: "surgery" },
      { ...ptItem(), unknownField: true },
      { ...ptItem(), kind: "procedure" },
      { patientId },
    ];
    for (const input of bad) {
      await expect(pt.planItems.create(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    const after = await Promise.all([countRows(clinic.handle.db, schema.planItems), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
  });
});

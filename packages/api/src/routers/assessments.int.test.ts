import { beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { fieldOf } from "../errors";
import { createBlankPatient } from "../test-support";
import { useSeededClinic } from "../test-clinic";

/** Every clinical role on the demo team; physician2 and admin stay off it. */
const TEAM = ["physician@stepwise.test", "pt@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test"];

const clinic = useSeededClinic();
/** Our own patient with an empty record (every demo patient has a seeded one). */
let patientId: string;
beforeAll(async () => {
  patientId = await createBlankPatient(clinic, TEAM);
});

const counts = () =>
  Promise.all([countRows(clinic.handle.db, schema.assessments), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);

async function expectBadRequest(call: Promise<unknown>, field: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect(error).toMatchObject({ code: "BAD_REQUEST" });
  expect(fieldOf((error as TRPCError).cause) ?? (error as TRPCError).message).toContain(field);
}

/** A caller whose clock reads `iso`, so administration times (and so chart order) are deterministic. */
const at = (email: string, iso: string) => clinic.as(email, () => new Date(iso));

describe("assessments.submit", () => {
  it("scores PHQ-9 on the server (clinical-reference §5): 1,2,1,2,1,1,0,1,0 → 9, mild, no safety flag", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const [rows, events, audits] = await counts();
    const row = await psych.assessments.submit({ patientId, instrument: "phq9", responses: [1, 2, 1, 2, 1, 1, 0, 1, 0] });
    expect(row).toMatchObject({ instrument: "phq9", score: 9, severity: "mild", safetyFlag: false, responses: [1, 2, 1, 2, 1, 1, 0, 1, 0] });
    expect(await counts()).toEqual([rows + 1, events + 1, audits + 1]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId("pt@stepwise.test"), limit: 1 });
    expect(event).toMatchObject({ entityType: "assessment", entityId: row.id, eventType: "assessment.submitted", discipline: "psychologist", entityVersion: 1 });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "assessments.submit" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "assessment", entityId: row.id, detail: { instrument: "phq9" } });
  });

  it("raises the safety flag on PHQ-9 item 9 > 0 whatever the total: 0,0,0,0,0,0,0,0,1 → 1, minimal, flagged", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const row = await psych.assessments.submit({ patientId, instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 1] });
    expect(row).toMatchObject({ score: 1, severity: "minimal", safetyFlag: true });
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId("physician@stepwise.test"), limit: 1 });
    expect(event!.summary).toContain("urgent");
  });

  it("scores the other worked examples: GAD-7, PCS subscales, PEG, ODI complete, ODI with one and two sections unanswered", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const pt = await clinic.as("pt@stepwise.test");
    expect(await psych.assessments.submit({ patientId, instrument: "gad7", responses: [2, 2, 2, 2, 1, 1, 1] })).toMatchObject({ score: 11, severity: "moderate" });
    const pcs = await psych.assessments.submit({ patientId, instrument: "pcs", responses: Array<number>(13).fill(2) });
    expect(pcs).toMatchObject({ score: 26, severity: "below_threshold", subscales: { rumination: 8, magnification: 6, helplessness: 12 } });
    expect(await pt.assessments.submit({ patientId, instrument: "peg3", responses: [5, 4, 4] })).toMatchObject({ score: 4.3 });
    const sections = [1, 2, 2, 1, 3, 2, 1, 2, 1, 1];
    expect(await pt.assessments.submit({ patientId, instrument: "odi", responses: sections })).toMatchObject({ score: 32, severity: "moderate" });
    expect(await pt.assessments.submit({ patientId, instrument: "odi", responses: [...sections.slice(0, 9), null] })).toMatchObject({ score: 33.3 });
    const incomplete = await pt.assessments.submit({ patientId, instrument: "odi", responses: [...sections.slice(0, 8), null, null] });
    expect(incomplete).toMatchObject({ score: null, severity: null, safetyFlag: false });
    const physician = await clinic.as("physician@stepwise.test");
    expect(await physician.assessments.submit({ patientId, instrument: "nrs", responses: [7] })).toMatchObject({ score: 7, severity: "severe" });
  });

  it("lets every clinician on the team record every instrument (intake screens included); the coordinator FORBIDDEN, non-members NOT_FOUND, anonymous UNAUTHORIZED", async () => {
    const [rows] = await counts();
    const phq9 = { patientId, instrument: "phq9" as const, responses: [0, 0, 0, 0, 0, 0, 0, 0, 0] };
    const odi = { patientId, instrument: "odi" as const, responses: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] };
    const nrs = { patientId, instrument: "nrs" as const, responses: [3] };
    expect(await (await clinic.as("pt@stepwise.test")).assessments.submit(phq9)).toMatchObject({ score: 0 });
    expect(await (await clinic.as("physician@stepwise.test")).assessments.submit(phq9)).toMatchObject({ score: 0 });
    expect(await (await clinic.as("psychologist@stepwise.test")).assessments.submit(odi)).toMatchObject({ score: 20 });
    expect((await counts())[0]).toBe(rows + 3);
    await expect((await clinic.as("coordinator@stepwise.test")).assessments.submit(nrs)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await clinic.as("physician2@stepwise.test")).assessments.submit(nrs)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as("admin@stepwise.test")).assessments.submit(nrs)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().assessments.submit(nrs)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await counts())[0]).toBe(rows + 3);
  });

  it("keeps the date a paper form was administered: NRS 6 from 2026-03-02 entered on 2026-03-09 is dated 2026-03-02; today's form gets the entry time", async () => {
    const doc = await at("physician@stepwise.test", "2026-03-09T15:30:00Z");
    const past = await doc.assessments.submit({ patientId, instrument: "nrs", responses: [6], administeredAt: "2026-03-02" });
    expect(past.administeredAt).toEqual(new Date("2026-03-02T00:00:00Z"));
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId("pt@stepwise.test"), limit: 1 });
    expect(event?.summary).toContain("(administered 2026-03-02)");
    const today = await doc.assessments.submit({ patientId, instrument: "nrs", responses: [5], administeredAt: "2026-03-09" });
    expect(today.administeredAt).toEqual(new Date("2026-03-09T15:30:00Z"));
  });

  it("refuses an administration date in the future or before the patient's birth (BAD_REQUEST on administeredAt); no row is written", async () => {
    const doc = await at("physician@stepwise.test", "2026-03-09T15:30:00Z");
    const [rows] = await counts();
    // createBlankPatient's patient was born 1970-01-01.
    const dayBeforeBirth = "1969-12-31";
    await expectBadRequest(doc.assessments.submit({ patientId, instrument: "nrs", responses: [6], administeredAt: "2026-03-12" }), "administeredAt");
    const beforeBirth = doc.assessments.submit({ patientId, instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 0], administeredAt: dayBeforeBirth });
    await expect(beforeBirth).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("date of birth") });
    await expectBadRequest(doc.assessments.submit({ patientId, instrument: "nrs", responses: [6], administeredAt: "last week" } as never), "administeredAt");
    expect((await counts())[0]).toBe(rows);
  });

  it("rejects malformed responses and a client-sent score with BAD_REQUEST naming the field; no row is written", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const before = await Promise.all([countRows(clinic.handle.db, schema.assessments), countRows(clinic.handle.db, schema.planEvents)]);
    const phq9 = [1, 1, 1, 1, 1, 1, 1, 1, 1];
    const bad: [Record<string, unknown>, string][] = [
      [{ patientId, instrument: "phq9", responses: [1, 1, 1, 1, 4, 1, 1, 1, 1] }, "responses.4"],
      [{ patientId, instrument: "phq9", responses: [1, 1, 1, 1, -1, 1, 1, 1, 1] }, "responses.4"],
      [{ patientId, instrument: "phq9", responses: [1, 1, 1, 1, 1.5, 1, 1, 1, 1] }, "responses.4"],
      [{ patientId, instrument: "phq9", responses: [1, 1, 1, "2", 1, 1, 1, 1, 1] }, "responses.3"],
      [{ patientId, instrument: "phq9", responses: [1, 1, 1, 1, 1, 1, 1, 1, null] }, "responses.8"],
      [{ patientId, instrument: "phq9", responses: phq9.slice(0, 8) }, "responses"],
      [{ patientId, instrument: "phq9", responses: phq9, score: 0 }, "score"],
      [{ patientId, instrument: "phq9", responses: phq9, severity: "minimal" }, "severity"],
      [{ patientId, instrument: "beck", responses: phq9 }, "instrument"],
      [{ patientId, instrument: "pcs", responses: Array<number>(13).fill(5) }, "responses"],
      [{ patientId, instrument: "odi", responses: [6, 1, 1, 1, 1, 1, 1, 1, 1, 1] }, "responses.0"],
      [{ patientId, instrument: "phq9", responses: "1,1,1" }, "responses"],
    ];
    for (const [input, field] of bad) await expectBadRequest(psych.assessments.submit(input as never), field);
    const after = await Promise.all([countRows(clinic.handle.db, schema.assessments), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
  });
});

describe("assessments.list", () => {
  let otherPatient: string;
  beforeAll(async () => {
    // A second patient of our own, with no assessments yet: the series below is exactly what this block wrote.
    otherPatient = await createBlankPatient(clinic, TEAM);
    const series: [string, "nrs" | "phq9", number[]][] = [
      ["2025-01-10T09:00:00Z", "nrs", [8]],
      ["2025-02-10T09:00:00Z", "nrs", [6]],
      ["2025-03-10T09:00:00Z", "nrs", [4]],
      ["2025-02-01T09:00:00Z", "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0]],
      ["2025-01-01T09:00:00Z", "phq9", [2, 2, 2, 2, 2, 2, 2, 2, 0]],
    ];
    for (const [iso, instrument, responses] of series) {
      await (await at("psychologist@stepwise.test", iso)).assessments.submit({ patientId: otherPatient, instrument, responses });
    }
  });

  it("lists oldest first, by instrument and date range, for every clinical role", async () => {
    const coordinator = await clinic.as("coordinator@stepwise.test");
    const all = await coordinator.assessments.list({ patientId: otherPatient });
    expect(all.map((a) => a.administeredAt.toISOString().slice(0, 10))).toEqual(["2025-01-01", "2025-01-10", "2025-02-01", "2025-02-10", "2025-03-10"]);
    const nrs = await coordinator.assessments.list({ patientId: otherPatient, instrument: "nrs" });
    expect(nrs.map((a) => a.score)).toEqual([8, 6, 4]);
    const range = await coordinator.assessments.list({ patientId: otherPatient, instrument: "nrs", from: "2025-02-01", to: "2025-03-31" });
    expect(range.map((a) => a.score)).toEqual([6, 4]);
    const newestTwo = await coordinator.assessments.list({ patientId: otherPatient, instrument: "nrs", limit: 2 });
    expect(newestTwo.map((a) => a.score)).toEqual([6, 4]);
    await expectBadRequest(coordinator.assessments.list({ patientId: otherPatient, instrument: "beck" } as never), "instrument");
    await expectBadRequest(coordinator.assessments.list({ patientId: otherPatient, limit: 1001 }), "limit");
  });

  it("answers NOT_FOUND to non-members and UNAUTHORIZED to anonymous callers, and audits reads", async () => {
    await expect((await clinic.as("physician2@stepwise.test")).assessments.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as("admin@stepwise.test")).assessments.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().assessments.list({ patientId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await (await clinic.as("coordinator@stepwise.test")).assessments.list({ patientId });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "assessments.list" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "coordinator" });
  });
});

import { describe, expect, it } from "vitest";
import { insertRow, listEvents, listOutcomesOfProcedure, schema, type BusMessage } from "@stepwise/db";
import { defaultCrisisResources, procedureCatalog, scoreInstrument, type ProcedureType } from "@stepwise/domain";
import { createBlankPatient, createPatientUser, demoEmails, failure, mbbOrder } from "../test-support";
import { useSeededClinic } from "../test-clinic";

// Issue 13 through the API: the team's schedules (compare-and-set), the patient's questionnaires
// scored by the domain and stored as patient-reported, the post-block pain diary through the
// physician's own diary service (relief, the RFA checklist's evidence naming the patient's diary),
// and PHQ-9 item 9: crisis resources for the patient at once and the self-harm flag for the team.

const { PHYSICIAN, PT, PSYCH, COORD, ADMIN } = demoEmails;
const TEAM = [PHYSICIAN, PT, PSYCH, COORD];
const today = () => new Date().toISOString().slice(0, 10);

const clinic = useSeededClinic();

async function patientWithAccount() {
  const patientId = await createBlankPatient(clinic, TEAM);
  const email = await createPatientUser(clinic, patientId);
  return { patientId, patient: await clinic.as(email), userId: await clinic.userId(email) };
}

const mbb = (patientId: string, side: "left" | "right" = "left") => mbbOrder(patientId, { side });

/** A medial branch block booked for today: every criterion overridden, approved, scheduled a minute from now. */
async function blockBookedToday(patientId: string, side: "left" | "right" = "left") {
  const doc = await clinic.as(PHYSICIAN);
  const order = await doc.procedures.propose(mbb(patientId, side));
  let version = order.version;
  for (const criterionId of procedureCatalog.medial_branch_block.criteria) {
    version = (await doc.procedures.overrideCriterion({ patientId, procedureId: order.id, criterionId, reason: "Agreed at the case conference." })).version;
  }
  const approved = await doc.procedures.approve({ patientId, id: order.id, expectedVersion: version });
  return doc.procedures.schedule({ patientId, id: order.id, expectedVersion: approved.version, scheduledFor: new Date(Date.now() + 60_000) });
}

describe("questionnaires.setSchedule and schedules (the team)", () => {
  it("creates one schedule per instrument, changes it only against the version read, and says where it stands", async () => {
    const p = await createBlankPatient(clinic, TEAM);
    const pt = await clinic.as(PT);
    const created = await pt.questionnaires.setSchedule({ patientId: p, instrument: "peg3", everyDays: 7, startsOn: today(), active: true });
    expect(created).toMatchObject({ instrument: "peg3", everyDays: 7, version: 1 });

    const racing = await failure((await clinic.as(PSYCH)).questionnaires.setSchedule({ patientId: p, instrument: "peg3", everyDays: 14, startsOn: today(), active: true }));
    expect(racing.code).toBe("CONFLICT");

    const changed = await pt.questionnaires.setSchedule({ patientId: p, instrument: "peg3", everyDays: 14, startsOn: today(), active: true, version: 1 });
    expect(changed).toMatchObject({ everyDays: 14, version: 2 });
    const stale = await failure((await clinic.as(PHYSICIAN)).questionnaires.setSchedule({ patientId: p, instrument: "peg3", everyDays: 28, startsOn: today(), active: false, version: 1 }));
    expect(stale.code).toBe("CONFLICT");

    await pt.questionnaires.setSchedule({ patientId: p, instrument: "phq9", everyDays: 28, startsOn: today(), active: true });
    const view = await (await clinic.as(COORD)).questionnaires.schedules({ patientId: p });
    expect(view.schedules.map((s) => [s.instrument, s.everyDays, s.status?.state])).toEqual([
      ["peg3", 14, "due"],
      ["phq9", 28, "due"],
    ]);
    expect(view.policy.id).toBe("questionnaire-schedule-2026-1");
    const [event] = await listEvents(clinic.handle.db, { patientId: p, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ eventType: "questionnaire_schedule.created", summary: "Questionnaire between visits: PHQ-9 every 28 days from " + today() });
  });

  it("refuses an instrument whose wording patients cannot be shown (ODI, PCS)", async () => {
    const p = await createBlankPatient(clinic, TEAM);
    const error = await failure((await clinic.as(PHYSICIAN)).questionnaires.setSchedule({ patientId: p, instrument: "odi", everyDays: 30, startsOn: today(), active: true }));
    expect(error.code).toBe("BAD_REQUEST");
  });
});

describe("questionnaires.mine and submit (the patient)", () => {
  it("the due PEG, answered: scored by the domain, stored as patient-reported, the plan's event announced live, then done", async () => {
    const { patientId, patient, userId } = await patientWithAccount();
    await (await clinic.as(PT)).questionnaires.setSchedule({ patientId, instrument: "peg3", everyDays: 7, startsOn: today(), active: true });
    const before = await patient.questionnaires.mine();
    expect(before.scheduled).toEqual([expect.objectContaining({ instrument: "peg3", state: "due", dueOn: today(), title: "Pain and daily life" })]);
    expect(before.questionnaires.peg3?.questions).toHaveLength(3);

    const topics: string[] = [];
    const stop = clinic.bus.subscribe((m: BusMessage) => void (m.kind === "topic" && topics.push(m.topic)));
    const out = await patient.questionnaires.submit({ instrument: "peg3", responses: [7, 6, 8] });
    expect(out.crisis).toBeNull();
    // On PostgreSQL the announcement arrives through LISTEN/NOTIFY, a moment after the commit.
    await expect.poll(() => topics).toContain(`patient:${patientId}`);
    stop();

    const [row] = await (await clinic.as(PHYSICIAN)).assessments.list({ patientId, instrument: "peg3" });
    expect(row).toMatchObject({ id: out.id, score: scoreInstrument("peg3", [7, 6, 8]).score, source: "patient", createdBy: userId });
    expect(row?.score).toBe(7);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ entityId: out.id, eventType: "assessment.submitted", actorRole: "patient", summary: "PEG-3 reported by the patient: 7" });

    expect((await patient.questionnaires.mine()).scheduled[0]).toMatchObject({ state: "done", lastAnsweredOn: today() });
  });

  it("refuses the ODI (clinician-administered) and responses out of range, writing nothing", async () => {
    const { patientId, patient } = await patientWithAccount();
    expect((await failure(patient.questionnaires.submit({ instrument: "odi", responses: [1, 2, 2, 1, 3, 2, 1, 2, 1, 1] }))).code).toBe("BAD_REQUEST");
    expect((await failure(patient.questionnaires.submit({ instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 4] }))).code).toBe("BAD_REQUEST");
    expect(await (await clinic.as(PHYSICIAN)).assessments.list({ patientId })).toEqual([]);
  });

  it("PHQ-9 item 9 > 0: the patient gets the crisis resources at once, the whole team the urgent self-harm flag", async () => {
    const { patientId, patient } = await patientWithAccount();
    const out = await patient.questionnaires.submit({ instrument: "phq9", responses: [1, 1, 0, 0, 0, 0, 0, 0, 1] });
    expect(out.crisis).toEqual(defaultCrisisResources);
    for (const email of TEAM) {
      const caller = await clinic.as(email);
      const entry = (await caller.worklist.mine({ limit: 100 })).items.find((e) => e.id === patientId);
      expect(entry?.flags[0], email).toMatchObject({ code: "safety_self_harm", severity: "urgent" });
      expect((await caller.carePlan.get({ patientId })).flags[0], email).toMatchObject({ code: "safety_self_harm", severity: "urgent" });
    }
    const calm = await patient.questionnaires.submit({ instrument: "phq9", responses: [1, 1, 0, 0, 0, 0, 0, 0, 0] });
    expect(calm.crisis).toBeNull();
  });

  it("the crisis text is the clinic's once the administrator sets it (versioned); no one else may", async () => {
    const admin = await clinic.as(ADMIN);
    const current = await admin.questionnaires.crisisText();
    expect((await failure((await clinic.as(PHYSICIAN)).questionnaires.setCrisisText({ text: "Call our 24-hour line." }))).code).toBe("FORBIDDEN");
    const text = "Call our 24-hour nurse line on 555-0100, call or text 988, or call 911 in an emergency.";
    const saved = await admin.questionnaires.setCrisisText({ text, ...(current.version === null ? {} : { version: current.version }) });
    expect((await failure(admin.questionnaires.setCrisisText({ text: "Stale edit of the crisis text.", version: saved.version + 1 }))).code).toBe("CONFLICT");
    const { patient } = await patientWithAccount();
    expect((await patient.questionnaires.submit({ instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 2] })).crisis).toEqual({ text });
    await admin.questionnaires.setCrisisText({ text: defaultCrisisResources.text, version: saved.version });
  });
});

describe("questionnaires.diary and recordDiary (the patient's post-block pain diary)", () => {
  it("pre-block pain on the block's day, kept when the block is charted; points at the prompted times; relief by the domain; the RFA checklist cites the patient diary", async () => {
    const { patientId, patient } = await patientWithAccount();
    const doc = await clinic.as(PHYSICIAN);
    const booked = await blockBookedToday(patientId);
    expect((await patient.questionnaires.mine()).diaries).toEqual([expect.objectContaining({ procedureId: booked.id, state: "waiting" })]);
    await patient.questionnaires.recordDiary({ procedureId: booked.id, timePoint: "pre", painScore: 8 });
    expect((await failure(patient.questionnaires.recordDiary({ procedureId: booked.id, timePoint: "diary_30m", painScore: 3 }))).code).toBe("PRECONDITION_FAILED");

    const current = (await doc.procedures.list({ patientId })).find((o) => o.id === booked.id)!;
    const performedAt = new Date(Date.now() - 70 * 60_000);
    const performed = await doc.procedures.recordPerformed({ patientId, id: booked.id, expectedVersion: current.version, performedAt });
    expect(performed.preProcedurePain).toBe(8);

    const diary = await patient.questionnaires.diary({ procedureId: booked.id });
    expect(diary.points.map((p) => [p.timePoint, p.state])).toEqual([
      ["diary_30m", "open"],
      ["diary_1h", "open"],
      ["diary_2h", "upcoming"],
      ["diary_4h", "upcoming"],
      ["diary_6h", "upcoming"],
    ]);
    expect(diary.points[0]!.promptAt).toEqual(new Date(performedAt.getTime() + 30 * 60_000));
    await patient.questionnaires.recordDiary({ procedureId: booked.id, timePoint: "diary_30m", painScore: 3 });
    const last = await patient.questionnaires.recordDiary({ procedureId: booked.id, timePoint: "diary_1h", painScore: 2 });
    expect(last.reliefPercent).toBe(75);
    expect((await failure(patient.questionnaires.recordDiary({ procedureId: booked.id, timePoint: "diary_2h", painScore: 1 }))).code).toBe("PRECONDITION_FAILED");
    expect((await failure(patient.questionnaires.recordDiary({ procedureId: booked.id, timePoint: "diary_1h", painScore: 1 }))).code).toBe("PRECONDITION_FAILED");

    const plan = await doc.carePlan.get({ patientId });
    expect(plan.procedureOutcomes.filter((o) => o.procedureId === booked.id).map((o) => [o.timePoint, o.painScore, o.source])).toEqual([
      ["diary_30m", 3, "patient_diary"],
      ["diary_1h", 2, "patient_diary"],
    ]);
    expect(plan.procedures.find((o) => o.id === booked.id)).toMatchObject({ preProcedurePain: 8, postProcedurePain: 2, reliefPercent: 75 });

    const checklist = await doc.procedures.evaluateCandidacy({ patientId, procedureType: "radiofrequency_ablation", target: { region: "lumbar", level: "L4-L5", side: "left" } });
    const blocks = checklist.criteria.find((c) => c.id === "diagnostic_blocks");
    expect(blocks?.evidence.filter((e) => e.kind === "procedure_outcome").map((e) => e.summary)).toEqual([expect.stringMatching(/^Outcome diary 1h on .*: NRS 2, 75% relief — source: patient diary$/)]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ eventType: "procedure.diary_recorded", actorRole: "patient", summary: expect.stringContaining("Pain diary reported by the patient") });
  });

  it("another patient's block or a therapeutic order is NOT_FOUND", async () => {
    const { patientId } = await patientWithAccount();
    const booked = await blockBookedToday(patientId);
    const other = await patientWithAccount();
    expect((await failure(other.patient.questionnaires.diary({ procedureId: booked.id }))).code).toBe("NOT_FOUND");
    expect((await failure(other.patient.questionnaires.recordDiary({ procedureId: booked.id, timePoint: "pre", painScore: 5 }))).code).toBe("NOT_FOUND");
    const esi = await (await clinic.as(PHYSICIAN)).procedures.propose({ ...mbb(other.patientId), procedureType: "esi_interlaminar", level: "L4-L5", side: null, intent: "Radicular pain relief" });
    expect((await failure(other.patient.questionnaires.diary({ procedureId: esi.id }))).code).toBe("NOT_FOUND");
    const plan = await (await clinic.as(PHYSICIAN)).carePlan.get({ patientId });
    expect(plan.procedures.find((o) => o.id === booked.id)?.preProcedurePain).toBeNull();
  });

  it("staff never reach the patient's side", async () => {
    for (const email of [PHYSICIAN, COORD, ADMIN]) expect((await failure((await clinic.as(email)).questionnaires.mine())).code, email).toBe("NOT_FOUND");
  });
});

describe("a pain score the patient reports fills the procedure's follow-up point in its window (§6.7)", () => {
  const DAY = 86_400_000;
  /** A performed order written straight to the table, `days` ago: the follow-up series is what these tests are about. */
  async function performedDaysAgo(patientId: string, procedureType: ProcedureType, days: number, preProcedurePain: number | null) {
    const doc = await clinic.userId(PHYSICIAN);
    return insertRow(clinic.handle.db, schema.procedures, {
      ...mbb(patientId, "right"),
      procedureType,
      intent: "Therapeutic",
      status: "performed",
      performedAt: new Date(Date.now() - days * DAY),
      preProcedurePain,
      diagnostic: false,
      withSteroid: procedureType.startsWith("esi"),
      createdBy: doc,
      updatedBy: doc,
    });
  }

  it("an ESI 20 days ago: the NRS fills its 2-week point as patient-reported, with relief and the order's headline; the team sees the source", async () => {
    const { patientId, patient, userId } = await patientWithAccount();
    const esi = await performedDaysAgo(patientId, "esi_transforaminal", 20, 8);
    expect((await patient.questionnaires.mine()).followUps).toEqual([expect.objectContaining({ procedureId: esi.id, timePoint: "2w", instrument: "nrs", state: "due" })]);

    await patient.questionnaires.submit({ instrument: "nrs", responses: [2] });

    const [point] = await listOutcomesOfProcedure(clinic.handle.db, patientId, esi.id);
    expect(point).toMatchObject({ timePoint: "2w", painScore: 2, reliefPercent: 75, source: "patient_reported", createdBy: userId });
    const plan = await (await clinic.as(PHYSICIAN)).carePlan.get({ patientId });
    expect(plan.procedures.find((o) => o.id === esi.id)).toMatchObject({ preProcedurePain: 8, postProcedurePain: 2, reliefPercent: 75, version: esi.version + 1 });
    expect(plan.procedureOutcomes.filter((o) => o.procedureId === esi.id).map((o) => [o.timePoint, o.source])).toEqual([["2w", "patient_reported"]]);
    const events = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PHYSICIAN), limit: 2 });
    expect(events.map((e) => e.eventType).sort()).toEqual(["assessment.submitted", "procedure.outcome_recorded"]);
    expect(events.find((e) => e.eventType === "procedure.outcome_recorded")).toMatchObject({ actorRole: "patient", summary: expect.stringMatching(/^Outcome at 2 weeks reported by the patient: .* — pain 8 → 2, 75% relief$/) });
    // Filled: no longer asked for; a second score the same day leaves the point as reported.
    expect((await patient.questionnaires.mine()).followUps).toEqual([]);
    await patient.questionnaires.submit({ instrument: "nrs", responses: [6] });
    expect((await listOutcomesOfProcedure(clinic.handle.db, patientId, esi.id)).map((o) => o.painScore)).toEqual([2]);
  });

  it("outside every window (ESI 10 days ago, ESI 40 days ago), another instrument, or a point the team charted: nothing is filled", async () => {
    const { patientId, patient } = await patientWithAccount();
    const early = await performedDaysAgo(patientId, "esi_transforaminal", 10, 7);
    const late = await performedDaysAgo(patientId, "esi_interlaminar", 40, 7);
    const charted = await performedDaysAgo(patientId, "facet_joint_injection", 18, 6);
    const doc = await clinic.as(PHYSICIAN);
    await doc.procedures.recordOutcome({ patientId, id: charted.id, expectedVersion: charted.version, timePoint: "2w", assessedAt: new Date(Date.now() - 2 * DAY), painScore: 5 });
    const rfa = await performedDaysAgo(patientId, "radiofrequency_ablation", 50, null);

    await patient.questionnaires.submit({ instrument: "peg3", responses: [3, 3, 3] });
    expect(await listOutcomesOfProcedure(clinic.handle.db, patientId, rfa.id)).toEqual([]);
    await patient.questionnaires.submit({ instrument: "nrs", responses: [3] });

    expect(await listOutcomesOfProcedure(clinic.handle.db, patientId, early.id)).toEqual([]);
    expect(await listOutcomesOfProcedure(clinic.handle.db, patientId, late.id)).toEqual([]);
    expect((await listOutcomesOfProcedure(clinic.handle.db, patientId, charted.id)).map((o) => [o.painScore, o.source])).toEqual([[5, "clinician"]]);
    // The RFA's 6-week window (days 42–63) holds it; without a pre-procedure score the point has no relief.
    expect((await listOutcomesOfProcedure(clinic.handle.db, patientId, rfa.id)).map((o) => [o.timePoint, o.painScore, o.reliefPercent, o.source])).toEqual([["6w", 3, null, "patient_reported"]]);
  });

  it("a clinician's correction of a reported point makes it the clinician's charting", async () => {
    const { patientId, patient } = await patientWithAccount();
    const esi = await performedDaysAgo(patientId, "esi_transforaminal", 16, 8);
    await patient.questionnaires.submit({ instrument: "nrs", responses: [4] });
    const doc = await clinic.as(PHYSICIAN);
    const order = (await doc.procedures.list({ patientId })).find((o) => o.id === esi.id)!;
    const [point] = await listOutcomesOfProcedure(clinic.handle.db, patientId, esi.id);
    expect(point?.source).toBe("patient_reported");
    await doc.procedures.recordOutcome({ patientId, id: esi.id, expectedVersion: order.version, timePoint: "2w", assessedAt: point!.assessedAt, painScore: 3, outcomeExpectedVersion: point!.version });
    expect((await listOutcomesOfProcedure(clinic.handle.db, patientId, esi.id)).map((o) => [o.painScore, o.source])).toEqual([[3, "clinician"]]);
  });
});

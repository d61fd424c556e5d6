import type { TRPCRouterRecord } from "@trpc/server";
import {
  findClinicSetting,
  getInPatient,
  insertRow,
  listAnswerTimes,
  listPatientOutcomes,
  listProcedureOrders,
  listQuestionnaireSchedules,
  saveClinicSetting,
  saveQuestionnaireSchedule,
  schema,
  updateVersioned,
  type DbOrTx,
} from "@stepwise/db";
import {
  answerableByPatient,
  crisisResourcesOf,
  crisisResourcesSettingKey,
  defaultCrisisResources,
  defaultQuestionnaireSchedulePolicy,
  diaryPointIssue,
  DomainError,
  followUpQuestionnaires,
  instrumentDefinitions,
  instruments,
  isDiaryDay,
  NotFoundError,
  noInputSchema,
  outcomeTimePointLabels,
  patientDiary,
  patientDiaryInputSchema,
  patientQuestionnaireText,
  patientRecordDiaryInputSchema,
  patientRefInputSchema,
  patientSubmitQuestionnaireInputSchema,
  PreconditionError,
  procedureCatalog,
  questionnaireScheduleInputSchema,
  scheduleStatus,
  setCrisisTextInputSchema,
  showsCrisisResources,
  type Instrument,
  type InstrumentScore,
} from "@stepwise/domain";
import { scoredAssessment } from "../services/assessments";
import { fillPatientReportedPoints, recordDiary } from "../services/outcomes";
import { clinicProcedure, patientProcedure, selfProcedure } from "../trpc";

const policy = defaultQuestionnaireSchedulePolicy;

/** Where the patient's questionnaires stand now: the team's schedules and the follow-ups after procedures. */
async function questionnairesOf(db: DbOrTx, patientId: string, now: Date) {
  const [schedules, answers, orders, outcomes] = await Promise.all([
    listQuestionnaireSchedules(db, patientId),
    listAnswerTimes(db, patientId),
    listProcedureOrders(db, patientId),
    listPatientOutcomes(db, patientId),
  ]);
  const answeredOn = (instrument: Instrument) => answers.filter((a) => a.instrument === instrument).map((a) => a.administeredAt);
  const scheduled = schedules.flatMap((s) => {
    const status = scheduleStatus(s, answeredOn(s.instrument), now, policy);
    return status ? [{ ...status, everyDays: s.everyDays }] : [];
  });
  const followUps = followUpQuestionnaires(orders, outcomes, answeredOn(policy.followUpInstrument), now, policy).map((f) => {
    const order = orders.find((o) => o.id === f.procedureId)!;
    return { ...f, reason: `${outcomeTimePointLabels[f.timePoint]} after your ${procedureCatalog[order.procedureType].label.toLowerCase()}` };
  });
  const diaries = orders
    .filter((o) => isDiaryDay(o, now))
    .map((o) => ({ ...patientDiary(o, outcomes, now, policy), label: procedureCatalog[o.procedureType].label, scheduledFor: o.scheduledFor }));
  return { schedules, scheduled, followUps, diaries, orders, outcomes };
}

function reportedSummary(instrument: Instrument, scored: InstrumentScore): string {
  const label = instrumentDefinitions[instrument].label;
  const band = scored.severity ? ` (${scored.severity.replace("_", " ")})` : "";
  const safety = scored.safetyFlag ? " — self-harm item positive, urgent review" : "";
  return `${label} reported by the patient: ${scored.score ?? "not scored"}${band}${safety}`;
}

async function crisisResources(db: DbOrTx) {
  return crisisResourcesOf((await findClinicSetting(db, crisisResourcesSettingKey))?.value);
}

export const questionnairesRouter = {
  // --- the team ------------------------------------------------------------------------------------

  /** The patient's schedules, where each stands today, and which instruments the patient can answer alone. */
  schedules: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("assessment.read");
    const state = await questionnairesOf(ctx.db, ctx.patientId, ctx.now());
    return {
      schedules: state.schedules.map((s) => ({ ...s, status: state.scheduled.find((x) => x.instrument === s.instrument) ?? null })),
      followUps: state.followUps,
      answerable: instruments.filter((i) => answerableByPatient(i, policy)),
      policy: { id: policy.id, graceDays: policy.graceDays },
    };
  }),

  /** One schedule per instrument: created without a version, changed only against the version read (else CONFLICT). */
  setSchedule: patientProcedure.input(questionnaireScheduleInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("questionnaireSchedule.manage");
    if (!answerableByPatient(input.instrument, policy)) {
      throw new DomainError("BAD_REQUEST", `${instrumentDefinitions[input.instrument].label} is given by a clinician: its wording is not available for patients to answer on their own`, "instrument");
    }
    const { patientId, instrument, everyDays, startsOn, active, version } = input;
    return ctx.write({ entityType: "questionnaire_schedule", detail: { instrument, everyDays, startsOn, active } }, async (tx) => {
      const { row, created } = await saveQuestionnaireSchedule(tx, { patientId, instrument, expectedVersion: version, actorId: ctx.user.id, now: ctx.now() }, { everyDays, startsOn, active });
      await ctx.event(tx, {
        entityType: "questionnaire_schedule",
        entityId: row.id,
        eventType: created ? "questionnaire_schedule.created" : "questionnaire_schedule.updated",
        summary: `Questionnaire between visits: ${instrumentDefinitions[instrument].label} ${active ? `every ${everyDays} day${everyDays === 1 ? "" : "s"} from ${startsOn}` : "stopped"}`,
        discipline: ctx.discipline,
        entityVersion: row.version,
      });
      return row;
    });
  }),

  // --- the patient ---------------------------------------------------------------------------------

  /** What is due, late or done, with plain-language titles and the questions; today's pain diaries. */
  mine: selfProcedure.input(noInputSchema).query(async ({ ctx }) => {
    ctx.authorize("portal.read");
    const state = await questionnairesOf(ctx.db, ctx.patientId, ctx.now());
    const needed = new Set<Instrument>([...state.scheduled.map((s) => s.instrument), ...state.followUps.map((f) => f.instrument)]);
    const texts = Object.fromEntries([...needed].filter((i) => answerableByPatient(i, policy)).map((i) => [i, patientQuestionnaireText[i]!]));
    return {
      scheduled: state.scheduled.filter((s) => answerableByPatient(s.instrument, policy)).map((s) => ({ ...s, title: patientQuestionnaireText[s.instrument]!.title })),
      followUps: state.followUps.map((f) => ({ ...f, title: patientQuestionnaireText[f.instrument]!.title })),
      diaries: state.diaries,
      questionnaires: texts as Partial<Record<Instrument, (typeof texts)[string]>>,
      policyId: policy.id,
    };
  }),

  /**
   * Responses only, scored here by the same domain function as the clinician's form, stored as
   * patient-reported; the plan event updates the team's plan and charts live, and the summaries (and
   * with them the self-harm flag, on PHQ-9 item 9 > 0) are refreshed in the same transaction.
   */
  submit: selfProcedure.input(patientSubmitQuestionnaireInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("portal.submitQuestionnaire");
    if (!answerableByPatient(input.instrument, policy)) throw new DomainError("BAD_REQUEST", "This questionnaire is filled in with your team", "instrument");
    // Any instrument the patient can answer alone is accepted, asked for or not: an answer the team
    // did not schedule still charts, and a PHQ-9 item 9 still reaches the team.
    const now = ctx.now();
    const { scored, columns } = scoredAssessment(input.instrument, input.responses);
    const row = await ctx.write({ entityType: "assessment", detail: { instrument: input.instrument, source: "patient" } }, async (tx) => {
      const inserted = await insertRow(tx, schema.assessments, {
        patientId: ctx.patientId,
        ...columns,
        administeredAt: now,
        source: "patient",
        createdBy: ctx.user.id,
        updatedBy: ctx.user.id,
      });
      await ctx.event(tx, {
        entityType: "assessment",
        entityId: inserted.id,
        eventType: "assessment.submitted",
        summary: reportedSummary(input.instrument, scored),
        discipline: null,
        entityVersion: 1,
      });
      // The follow-up pain score fills the outcome point whose window it falls in (§6.7), as patient-reported.
      if (input.instrument === policy.followUpInstrument && scored.score !== null) {
        await fillPatientReportedPoints(tx, scored.score, { patientId: ctx.patientId, actorId: ctx.user.id, now, event: ctx.event, discipline: null });
      }
      return inserted;
    });
    return {
      id: row.id,
      instrument: row.instrument,
      administeredAt: row.administeredAt,
      // The patient sees the crisis resources at once; the team's flag comes from the same rule.
      crisis: showsCrisisResources(scored) ? await crisisResources(ctx.db) : null,
    };
  }),

  /** One pain diary of the patient's own diagnostic block: prompted clock times, what is recorded, the relief. */
  diary: selfProcedure.input(patientDiaryInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("portal.read");
    const order = await getInPatient(ctx.db, schema.procedures, "Procedure", input.procedureId, ctx.patientId);
    if (!order.diagnostic) throw new NotFoundError("Pain diary");
    const outcomes = await listPatientOutcomes(ctx.db, ctx.patientId);
    return { ...patientDiary(order, outcomes, ctx.now(), policy), label: procedureCatalog[order.procedureType].label, scheduledFor: order.scheduledFor, diaryDay: isDiaryDay(order, ctx.now()) };
  }),

  /**
   * One diary entry: the pain before the block (kept on the order, where the physician's diary keeps
   * it), or a time point, recorded through the physician's own diary service — the same relief
   * computation, the same headline the RFA checklist reads — marked as the patient's diary.
   */
  recordDiary: selfProcedure.input(patientRecordDiaryInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("portal.recordDiary");
    const now = ctx.now();
    return ctx.write({ entityType: "procedure", entityId: input.procedureId, detail: { diary: input.timePoint, source: "patient_diary" } }, async (tx) => {
      const order = await getInPatient(tx, schema.procedures, "Procedure", input.procedureId, ctx.patientId);
      if (!order.diagnostic) throw new NotFoundError("Pain diary");
      const view = patientDiary(order, await listPatientOutcomes(tx, ctx.patientId), now, policy);
      const issue = diaryPointIssue(view, input.timePoint);
      if (issue) throw new PreconditionError(issue.charAt(0).toUpperCase() + issue.slice(1), "timePoint");
      if (input.timePoint === "pre") {
        const row = await updateVersioned(tx, schema.procedures, "procedure", { id: order.id, patientId: ctx.patientId, expectedVersion: order.version, actorId: ctx.user.id, now }, { preProcedurePain: input.painScore });
        await ctx.event(tx, {
          entityType: "procedure",
          entityId: order.id,
          eventType: "procedure.diary_recorded",
          summary: `Pain diary reported by the patient: ${procedureCatalog[order.procedureType].label} — pain before the block ${input.painScore}`,
          discipline: null,
          entityVersion: row.version,
        });
        return { id: order.id, reliefPercent: row.reliefPercent };
      }
      const actor = { patientId: ctx.patientId, actorId: ctx.user.id, now, event: ctx.event, discipline: null };
      const written = await recordDiary(
        tx,
        { patientId: ctx.patientId, id: order.id, expectedVersion: order.version, points: [{ timePoint: input.timePoint, painScore: input.painScore, assessedAt: now }], sideEffects: null },
        actor,
        "patient_diary",
      );
      return { id: order.id, reliefPercent: written.reliefPercent };
    });
  }),

  // --- the clinic ----------------------------------------------------------------------------------

  /** The crisis text patients see (the clinic's, or the US default), for the administrator's form. */
  crisisText: clinicProcedure("clinicSettings.manage").input(noInputSchema).query(async ({ ctx }) => {
    const row = await findClinicSetting(ctx.db, crisisResourcesSettingKey);
    await ctx.audit({ patientIds: [], entityType: "clinic_setting", detail: { key: crisisResourcesSettingKey } });
    return { text: crisisResourcesOf(row?.value).text, isDefault: row === undefined, version: row?.version ?? null, defaultText: defaultCrisisResources.text };
  }),

  setCrisisText: clinicProcedure("clinicSettings.manage")
    .input(setCrisisTextInputSchema)
    .mutation(async ({ ctx, input }) =>
      ctx.write(
        async (tx) => saveClinicSetting(tx, { key: crisisResourcesSettingKey, expectedVersion: input.version, actorId: ctx.user.id, now: ctx.now() }, { text: input.text.trim() }),
        () => ({ patientIds: [], entityType: "clinic_setting", detail: { key: crisisResourcesSettingKey } }),
      ),
    ),
} satisfies TRPCRouterRecord;

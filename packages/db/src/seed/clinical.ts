import {
  addMonths,
  assessmentInstrumentsByRole,
  catalogEntry,
  diaryPromptTime,
  headlineOutcome,
  isDiaryTimePoint,
  monitoringCheckLabels,
  outcomeTimePointLabels,
  procedureInfo,
  timePointsOf,
  type DiaryTimePoint,
  defaultClinicPolicy,
  disciplineOfRole,
  evaluateCandidacy,
  instrumentDefinitions,
  planItemShapeIssue,
  procedureCatalog,
  reliefPercent,
  scoreInstrument,
  type Attendance,
  type ClearanceStatus,
  type ClinicalRole,
  type CommentTargetType,
  type Discipline,
  type GoalStatus,
  type Instrument,
  type LadderStep,
  type Laterality,
  type Allergy,
  type Medication,
  type MonitoringKind,
  type OutcomeTimePoint,
  type PregnancyStatus,
  type PainGenerator,
  type PainPattern,
  type PatientRecord,
  type PlanItemKind,
  type PlanItemStatus,
  type ProblemFinding,
  type ProcedureType,
  type PsychNoteKind,
  type Region,
  type Side,
  type TimelineEntityType,
} from "@stepwise/domain";
import type { DbOrTx } from "../client";
import {
  actionItems,
  assessments,
  carePlans,
  comments,
  goals,
  medications,
  opioidMonitoring,
  planEvents,
  planItems,
  problems,
  procedureOutcomes,
  procedures,
  psychClearances,
  psychNotes,
  safetyProfiles,
  safetyResponses,
  therapySessions,
} from "../schema";
import { stableId } from "./stable-id";

/**
 * The demo clinic's clinical records. Every patient gets a plan; these carry the stories the demo is
 * built to show, the §6 scenarios S1–S12 among them (indices into the demo patient list, names as
 * seeded in demo.ts; packages/db/src/seed/scenarios.int.test.ts asserts each one):
 */
export const demoClinicalStories = {
  /** Samuel Achterberg — bilateral L4-L5 facet pain, 5 months of PT, two positive medial branch blocks, RFA proposed. */
  rfaCandidate: 13,
  /** Aisha Bello — failed back surgery syndrome, SCS trial proposed, psychological clearance requested. */
  scsAwaitingClearance: 2,
  /** Beatriz Montoya — fentanyl patch + oxycodone IR: 105 MME/day. */
  highOpioidDose: 18,
  /** Richard Okonkwo (Dr. Reyes's patient) — morphine ER: 60 MME/day. */
  opioidReview: 31,
  /** Chloe Beaumont — CRPS; latest PHQ-9 endorses item 9. */
  safetyFlag: 26,
  /** Benjamin Hartley (Dr. Reyes's patient) — improving on conservative care alone, goals met. */
  improvingConservative: 29,
  /** Emily Vance — two PT no-shows in the last 30 days. */
  missedSessions: 22,
  /** David Mensah — trigger point injections 3 weeks ago, outcome not yet recorded. */
  outcomeDue: 9,
  /** Patricia Kowalski — fibromyalgia, PCS 32. */
  catastrophizing: 12,
  /** Margaret Hollis — 16 weeks on step 2, NRS 7 → 6. */
  notImproving: 0,
  // The §6 demo scenarios (S1–S12; S10 is safetyFlag, S11 rfaCandidate, S12 scsAwaitingClearance):
  /** S1 Thomas Whitaker — active apixaban; transforaminal ESI L4-L5 left scheduled in 2 days, hold not confirmed. */
  anticoagulantHold: 1,
  /** S2 Rosa Delgado — iodinated contrast allergy; cervical interlaminar ESI C6-C7 right proposed. */
  contrastAllergy: 10,
  /** S3 Marcus Freeman — oxycodone IR + alprazolam, no naloxone, PDMP 5 months and urine drug test 14 months ago. */
  coPrescription: 7,
  /** S4 Michael Sutherland — four lumbar facet sessions in 12 months; a fifth (facet joint injection L4-L5 right) proposed. */
  facetRepeatLimit: 25,
  /** S5 Fatima Rahman — five steroid injections in 12 months at three sites; a new SI joint injection proposed; diabetic. */
  steroidExposure: 24,
  /** S6 Irene Vasquez — RFA L5-S1 right 14 weeks ago with its 6-week and 3-month outcomes. */
  rfaOutcomeSeries: 34,
  /** S7 Walter Pennington — metastatic spine pain; intrathecal pump trial proposed. */
  intrathecalCandidate: 40,
  /** S8 Linda Marsh — genicular nerve block 10 days ago with its diary; genicular RFA proposed. */
  genicularBlock: 4,
  /** S9 Victor Halvorsen — block #1 with a diary, block #2 two hours ago without one, RFA proposed. */
  diaryGate: 39,
} as const;

export interface ClinicalSeedContext {
  /** Every date in the seed is relative to this instant, so the stories hold whenever the demo starts. */
  now: Date;
  /** Demo patient ids, by index. */
  patientIds: readonly string[];
  /** The care team of patient i. */
  team: (index: number) => readonly { userId: string; role: ClinicalRole }[];
}

type CarePlanRow = typeof carePlans.$inferSelect;
type ProblemRow = typeof problems.$inferSelect;
type GoalRow = typeof goals.$inferSelect;
type PlanItemRow = typeof planItems.$inferSelect;
type ProcedureRow = typeof procedures.$inferSelect;
type MedicationRow = typeof medications.$inferSelect;
type SessionRow = typeof therapySessions.$inferSelect;
type PsychNoteRow = typeof psychNotes.$inferSelect;
type ClearanceRow = typeof psychClearances.$inferSelect;
type AssessmentRow = typeof assessments.$inferSelect;
type CommentRow = typeof comments.$inferSelect;
type ActionItemRow = typeof actionItems.$inferSelect;
type ProcedureOutcomeRow = typeof procedureOutcomes.$inferSelect;
type SafetyProfileRow = typeof safetyProfiles.$inferSelect;
type OpioidMonitoringRow = typeof opioidMonitoring.$inferSelect;
type SafetyResponseRow = typeof safetyResponses.$inferSelect;
type PlanEventInsert = typeof planEvents.$inferInsert;

export interface ClinicalSeedRows {
  carePlans: CarePlanRow[];
  problems: ProblemRow[];
  goals: GoalRow[];
  planItems: PlanItemRow[];
  procedures: ProcedureRow[];
  medications: MedicationRow[];
  therapySessions: SessionRow[];
  psychNotes: PsychNoteRow[];
  psychClearances: ClearanceRow[];
  assessments: AssessmentRow[];
  comments: CommentRow[];
  actionItems: ActionItemRow[];
  procedureOutcomes: ProcedureOutcomeRow[];
  safetyProfiles: SafetyProfileRow[];
  opioidMonitoring: OpioidMonitoringRow[];
  safetyResponses: SafetyResponseRow[];
  /** In chronological order: inserted in this order, their bigserial ids follow time. */
  planEvents: PlanEventInsert[];
}

const emptyRows = (): ClinicalSeedRows => ({
  carePlans: [],
  problems: [],
  goals: [],
  planItems: [],
  procedures: [],
  medications: [],
  therapySessions: [],
  psychNotes: [],
  psychClearances: [],
  assessments: [],
  comments: [],
  actionItems: [],
  procedureOutcomes: [],
  safetyProfiles: [],
  opioidMonitoring: [],
  safetyResponses: [],
  planEvents: [],
});

const DAY_MS = 86_400_000;
const iso = (date: Date): string => date.toISOString().slice(0, 10);


/**
 * When the demo records a time point (§6.7): diary points at the policy's offsets after the block;
 * follow-ups on the day their window opens (2 weeks, 6 weeks, 91 days, 182 days, a year); a trial's end a week on.
 */
export function outcomePointDate(performedAt: Date, point: OutcomeTimePoint): Date {
  if (isDiaryTimePoint(point)) return diaryPromptTime(performedAt, point);
  const days: Record<Exclude<OutcomeTimePoint, DiaryTimePoint>, number> = { "2w": 14, "6w": 42, "3m": 91, "6m": 182, "12m": 365, end_of_trial: 7 };
  return new Date(performedAt.getTime() + days[point] * DAY_MS);
}


/** mulberry32: a tiny seeded PRNG, so the "random" texture of the demo is the same on every start. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** `total` spread over `n` items of at most `max`, extra points from item `from` on: item responses for a target score. */
function spreadResponses(total: number, n: number, max: number, from = 0): number[] {
  const target = clamp(Math.round(total), 0, n * max);
  const out = Array.from({ length: n }, () => Math.floor(target / n));
  let rest = target - Math.floor(target / n) * n;
  for (let k = 0; rest > 0; k++) {
    const i = (from + k) % n;
    if ((out[i] ?? 0) < max) {
      out[i] = (out[i] ?? 0) + 1;
      rest--;
    }
  }
  return out;
}

const odiFor = (percent: number, from = 0): number[] => spreadResponses(percent / 2, 10, 5, from);
const phq9For = (total: number, from = 0): number[] => [...spreadResponses(total, 8, 3, from), 0];
const gad7For = (total: number, from = 0): number[] => spreadResponses(total, 7, 3, from);
const pcsFor = (total: number, from = 0): number[] => spreadResponses(total, 13, 4, from);
const pegFor = (pain: number, shift: number): number[] => [pain, clamp(pain + (shift % 2), 0, 10), clamp(pain - (shift % 3 === 0 ? 1 : 0), 0, 10)];

type Member = Discipline | "coordinator";
type Staff = { id: string; role: ClinicalRole };
type Team = Record<Member, Staff>;

function resolveTeam(members: readonly { userId: string; role: ClinicalRole }[]): Team {
  const find = (role: ClinicalRole): Staff => {
    const lead = members.find((m) => m.role === role);
    if (!lead) throw new Error(`demo care team has no ${role}`);
    return { id: lead.userId, role };
  };
  return { physician: find("physician"), physical_therapist: find("physical_therapist"), psychologist: find("psychologist"), coordinator: find("coordinator") };
}

const frequency = (timesPerDay: number): string =>
  ["", "once daily", "twice daily", "three times daily", "four times daily"][timesPerDay] ?? `${timesPerDay} times daily`;

interface EventDraft {
  seq: number;
  at: Date;
  row: PlanEventInsert;
}

interface MedicationSpec {
  /** Medication-catalogue key: the drug brings its class and its MME key. Null only for a drug the catalogue does not hold. */
  catalog: string | null;
  name: string;
  /** How the dose reads in the history when "dose mg, n times daily" would mislead (patches, rescue doses). */
  sig?: string;
  doseMg: number;
  /** Scheduled doses a day, or for an as-needed drug the most a day ("up to N"). */
  timesPerDay: number;
  asNeeded?: boolean;
  route: Medication["route"];
}

/** One time point of a procedure's outcome series (§6.7); `at` defaults to the point's offset from the procedure. */
interface OutcomePointSpec {
  point: OutcomeTimePoint;
  pain: number;
  at?: Date;
  functionImprovementPercent?: number | null;
  sideEffects?: string | null;
  notes?: string | null;
}

interface ProblemSpec {
  diagnosis: string;
  bodySite: string;
  laterality: Laterality;
  level: string | null;
  painGenerator: PainGenerator;
  painPattern: PainPattern;
  onsetDate: Date;
  imagingFindings: string | null;
  imagingConcordant: boolean | null;
  positiveProvocativeTests?: number | null;
  findings?: ProblemFinding[];
  at: Date;
}

interface PlanItemSpec {
  kind: PlanItemKind;
  step: LadderStep;
  discipline: Discipline;
  title: string;
  rationale: string;
  problemId?: string | null;
  goalIds?: string[];
  proposedAt: Date;
  startedAt?: Date;
  endedAt?: Date;
  heldAt?: Date;
  status: PlanItemStatus;
  reason?: string;
}

interface ProcedureSpec {
  type: ProcedureType;
  level: string | null;
  side: Side | null;
  region: Region;
  indication: string;
  intent: string;
  expectedBenefit: string;
  alternatives: string;
  followUpPlan: string;
  /** Only for catalog entries that are "both". */
  diagnostic?: boolean;
  /** Only for catalog entries whose steroid is "optional" (required there): whether this injection contains one. */
  withSteroid?: boolean;
  /** Risks and side effects in plain language; the procedure type's usual text when not given. */
  risks?: string;
  /** The ladder item this order is seen as (created with the order): its problem, goals, and title/rationale if they differ from the order's. */
  item?: { problemId?: string | null; goalIds?: string[]; title?: string; rationale?: string };
  proposedAt: Date;
  approvedAt?: Date;
  scheduledAt?: Date;
  scheduledFor?: Date;
  performedAt?: Date;
  preProcedurePain?: number;
  /** The outcome series; the order's headline post-procedure pain, relief and duration are derived from it. */
  series?: readonly OutcomePointSpec[];
  complications?: string | null;
  cancelledAt?: Date;
  cancelReason?: string;
  holdConfirmations?: ProcedureRow["holdConfirmations"];
}

interface SessionCourse {
  /** Days ago of the first session (the evaluation). */
  from: number;
  /** No session later than this many days ago. */
  to?: number;
  every: number | ((k: number) => number);
  interventions: readonly (readonly string[])[];
  pain: readonly [number, number];
  attendance?: (k: number, daysAgo: number) => Attendance;
  functionNotes?: Readonly<Record<number, string>>;
  notes?: Readonly<Record<number, string>>;
  minutes?: number;
}

/** Builds one patient's record in memory: rows for every table plus the plan_events that narrate them. */
class RecordBuilder {
  readonly rows = emptyRows();
  readonly events: EventDraft[] = [];
  readonly random: () => number;
  private readonly counters = new Map<string, number>();

  constructor(
    readonly index: number,
    readonly patientId: string,
    readonly team: Team,
    readonly now: Date,
    private readonly sequence: { next: number },
  ) {
    this.random = seededRandom(index * 7919 + 17);
  }

  /** `days` before now (fractions allowed: 0.02 of a day is about half an hour). */
  ago(days: number): Date {
    return new Date(this.now.getTime() - days * DAY_MS);
  }

  ahead(days: number): Date {
    return new Date(this.now.getTime() + days * DAY_MS);
  }

  monthsAgo(months: number): Date {
    return addMonths(this.now, -months);
  }

  staff(member: Member): Staff {
    return this.team[member];
  }

  private nextId(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return stableId(`demo-clinical:${this.index}:${kind}:${n}`);
  }

  private meta(createdAt: Date, createdBy: Staff, updatedAt: Date = createdAt, updatedBy: Staff = createdBy) {
    return { patientId: this.patientId, createdAt, createdBy: createdBy.id, updatedAt, updatedBy: updatedBy.id, version: 1 };
  }

  private event(
    at: Date,
    actor: Staff,
    entityType: TimelineEntityType,
    entityId: string,
    eventType: string,
    summary: string,
    extra: Partial<Pick<PlanEventInsert, "discipline" | "psychNoteKind" | "authorId" | "privateTo" | "entityVersion">> = {},
  ): void {
    if (at > this.now) throw new Error(`demo seed: "${summary}" would happen in the future`);
    this.events.push({
      seq: this.sequence.next++,
      at,
      row: {
        patientId: this.patientId,
        occurredAt: at,
        actorId: actor.id,
        actorRole: actor.role,
        discipline: disciplineOfRole(actor.role),
        entityType,
        entityId,
        eventType,
        summary,
        psychNoteKind: null,
        authorId: null,
        privateTo: null,
        entityVersion: null,
        ...extra,
      },
    });
  }

  carePlan(summary: string, at: Date): string {
    const id = this.nextId("care-plan");
    const by = this.staff("physician");
    this.rows.carePlans.push({ id, ...this.meta(at, by), summary, status: "active" });
    this.event(at, by, "care_plan", id, "care_plan.created", "Care plan started", { entityVersion: 1 });
    return id;
  }

  problem(spec: ProblemSpec): string {
    const id = this.nextId("problem");
    const by = this.staff("physician");
    this.rows.problems.push({
      id,
      ...this.meta(spec.at, by),
      diagnosis: spec.diagnosis,
      bodySite: spec.bodySite,
      laterality: spec.laterality,
      level: spec.level,
      painGenerator: spec.painGenerator,
      painPattern: spec.painPattern,
      onsetDate: spec.onsetDate,
      imagingFindings: spec.imagingFindings,
      imagingConcordant: spec.imagingConcordant,
      positiveProvocativeTests: spec.positiveProvocativeTests ?? null,
      findings: spec.findings ?? [],
      status: "active",
    });
    this.event(spec.at, by, "problem", id, "problem.created", `Problem added: ${spec.diagnosis}`, { discipline: "physician", entityVersion: 1 });
    return id;
  }

  goal(spec: {
    discipline: Discipline;
    description: string;
    measure: string;
    target: string;
    targetDate: Date;
    problemId: string | null;
    at: Date;
    status?: GoalStatus;
    statusAt?: Date;
  }): string {
    const id = this.nextId("goal");
    const by = this.staff(spec.discipline);
    const status = spec.status ?? "active";
    const changedAt = status !== "active" ? spec.statusAt ?? spec.at : spec.at;
    this.rows.goals.push({
      id,
      ...this.meta(spec.at, by, changedAt),
      problemId: spec.problemId,
      description: spec.description,
      measure: spec.measure,
      target: spec.target,
      targetDate: spec.targetDate,
      discipline: spec.discipline,
      status,
    });
    this.event(spec.at, by, "goal", id, "goal.created", `Goal added: ${spec.description}`, { discipline: spec.discipline, entityVersion: 1 });
    if (status !== "active") {
      this.event(changedAt, by, "goal", id, "goal.updated", `Goal ${status.replace("_", " ")}: ${spec.description}`, { discipline: spec.discipline });
    }
    return id;
  }

  planItem(spec: PlanItemSpec): string {
    const issue = planItemShapeIssue(spec.kind, spec.step, spec.discipline);
    if (issue) throw new Error(`demo seed plan item "${spec.title}": ${issue.message}`);
    const id = this.nextId("plan-item");
    const by = this.staff(spec.discipline);
    const ended = spec.status === "completed" || spec.status === "stopped" ? spec.endedAt ?? null : null;
    const lastChange = [spec.proposedAt, spec.startedAt, ended, spec.status === "on_hold" ? spec.heldAt : undefined]
      .filter((d): d is Date => d instanceof Date)
      .reduce((a, b) => (b > a ? b : a));
    this.rows.planItems.push({
      id,
      ...this.meta(spec.proposedAt, by, lastChange),
      kind: spec.kind,
      ladderStep: spec.step,
      discipline: spec.discipline,
      status: spec.status,
      title: spec.title,
      rationale: spec.rationale,
      problemId: spec.problemId ?? null,
      goalIds: spec.goalIds ?? [],
      startedAt: spec.status === "proposed" ? null : spec.startedAt ?? null,
      endedAt: ended,
    });
    const extra = { discipline: spec.discipline };
    this.event(spec.proposedAt, by, "plan_item", id, "plan_item.created", `Proposed (step ${spec.step}): ${spec.title}`, { ...extra, entityVersion: 1 });
    const reason = spec.reason ? ` (${spec.reason})` : "";
    if (spec.startedAt && spec.status !== "proposed") {
      this.event(spec.startedAt, by, "plan_item", id, "plan_item.active", `${spec.title}: proposed → active`, extra);
    }
    if (ended) {
      const from = spec.startedAt ? "active" : "proposed";
      this.event(ended, by, "plan_item", id, `plan_item.${spec.status}`, `${spec.title}: ${from} → ${spec.status}${reason}`, extra);
    }
    if (spec.status === "on_hold" && spec.heldAt) {
      this.event(spec.heldAt, by, "plan_item", id, "plan_item.on_hold", `${spec.title}: active → on hold${reason}`, extra);
    }
    return id;
  }

  /** The record as it stood at `at`: what the physician saw when proposing a procedure. */
  private recordAsOf(at: Date): PatientRecord {
    const r = this.rows;
    return {
      problems: r.problems.filter((p) => p.createdAt <= at),
      planItems: r.planItems.filter((i) => i.createdAt <= at),
      therapySessions: r.therapySessions.filter((s) => s.createdAt <= at),
      assessments: r.assessments.filter((a) => a.administeredAt <= at),
      procedures: r.procedures.filter((p) => p.createdAt <= at),
      clearances: r.psychClearances.filter((c) => c.requestedAt <= at),
      medications: r.medications.filter((m) => m.createdAt <= at),
      procedureOutcomes: r.procedureOutcomes.filter((o) => o.createdAt <= at),
      safetyProfile: r.safetyProfiles.find((p) => p.createdAt <= at) ?? null,
      opioidMonitoring: r.opioidMonitoring.filter((m) => m.createdAt <= at),
      safetyResponses: r.safetyResponses.filter((x) => x.createdAt <= at),
    };
  }

  procedure(spec: ProcedureSpec): string {
    const doctor = this.staff("physician");
    const entry = procedureCatalog[spec.type];
    const what = [entry.label, spec.level, spec.side].filter(Boolean).join(" ");
    if (entry.steroid === "optional" && spec.withSteroid === undefined) throw new Error(`demo seed procedure ${what}: say whether it is given with a steroid`);
    if (entry.steroid !== "optional" && spec.withSteroid !== undefined) throw new Error(`demo seed procedure ${what}: the catalogue fixes its steroid`);
    const performedAt = spec.performedAt ?? null;
    const approvedAt = spec.approvedAt ?? (performedAt ? new Date(Math.min(spec.proposedAt.getTime() + DAY_MS, performedAt.getTime())) : null);
    const scheduledFor = spec.scheduledFor ?? performedAt;
    const scheduledAt = scheduledFor && approvedAt ? spec.scheduledAt ?? new Date(approvedAt.getTime() + 3_600_000) : null;
    const status = spec.cancelledAt ? "cancelled" : performedAt ? "performed" : scheduledAt ? "scheduled" : approvedAt ? "approved" : "proposed";
    const pre = spec.preProcedurePain ?? null;
    const diagnostic = entry.diagnostic === "both" ? spec.diagnostic ?? false : entry.diagnostic === "yes";

    // The ladder item the order is seen as: it moves with the order (§6.8).
    const itemStatus: PlanItemStatus = status === "proposed" ? "proposed" : status === "performed" ? "completed" : status === "cancelled" ? "stopped" : "active";
    const planItemId = this.planItem({
      kind: "procedure",
      step: entry.ladderStep,
      discipline: "physician",
      title: spec.item?.title ?? what,
      rationale: spec.item?.rationale ?? spec.indication,
      problemId: spec.item?.problemId ?? null,
      goalIds: spec.item?.goalIds ?? [],
      proposedAt: spec.proposedAt,
      ...(approvedAt ? { startedAt: approvedAt } : {}),
      ...(performedAt ? { endedAt: performedAt } : spec.cancelledAt ? { endedAt: spec.cancelledAt } : {}),
      status: itemStatus,
      ...(spec.cancelledAt ? { reason: spec.cancelReason ?? "order cancelled" } : {}),
    });

    const id = this.nextId("procedure");
    const snapshot = evaluateCandidacy(spec.type, this.recordAsOf(spec.proposedAt), defaultClinicPolicy, spec.proposedAt, {
      level: spec.level,
      side: spec.side,
      region: spec.region,
    });

    // The outcome series (§6.7) and the order's headline derived from it.
    const series = spec.series ?? [];
    if (series.length > 0 && (!performedAt || pre === null)) throw new Error(`demo seed procedure ${what}: an outcome series needs the procedure performed with a pre-procedure pain score`);
    const allowed = timePointsOf({ procedureType: spec.type, diagnostic });
    const points = series.map((p) => {
      if (!allowed.includes(p.point)) throw new Error(`demo seed procedure ${what}: ${p.point} is not one of its time points (${allowed.join(", ")})`);
      return { ...p, at: p.at ?? outcomePointDate(performedAt ?? this.now, p.point), relief: pre === null ? null : reliefPercent(pre, p.pain) };
    });
    // The headline is the domain's, derived from the series (§6.7), never typed in.
    const headline =
      performedAt && points.length > 0
        ? headlineOutcome(
            { id, procedureType: spec.type, diagnostic, status, performedAt, preProcedurePain: pre },
            points.map((p) => ({ procedureId: id, timePoint: p.point, assessedAt: p.at, painScore: p.pain })),
          )
        : null;
    const lastPointAt = points.length > 0 ? points.map((p) => p.at).reduce((a, b) => (b > a ? b : a)) : null;
    const changes = [spec.proposedAt, approvedAt, scheduledAt, performedAt, lastPointAt, spec.cancelledAt].filter((d): d is Date => d instanceof Date);
    const lastChange = changes.reduce((a, b) => (b > a ? b : a));
    this.rows.procedures.push({
      id,
      ...this.meta(spec.proposedAt, doctor, lastChange),
      procedureType: spec.type,
      level: spec.level,
      side: spec.side,
      region: spec.region,
      indication: spec.indication,
      intent: spec.intent,
      expectedBenefit: spec.expectedBenefit,
      alternatives: spec.alternatives,
      followUpPlan: spec.followUpPlan,
      status,
      scheduledFor: scheduledAt ? scheduledFor : null,
      performedAt,
      preProcedurePain: pre,
      postProcedurePain: headline?.postProcedurePain ?? null,
      reliefPercent: headline?.reliefPercent ?? null,
      reliefDurationDays: headline?.reliefDurationDays ?? null,
      complications: spec.complications ?? null,
      diagnostic,
      candidacySnapshot: JSON.parse(JSON.stringify(snapshot)) as Record<string, unknown>,
      overrides: [],
      approvedBy: approvedAt ? doctor.id : null,
      approvedAt,
      cancelReason: spec.cancelledAt ? spec.cancelReason ?? "Cancelled" : null,
      withSteroid: entry.steroid === "optional" ? spec.withSteroid === true : entry.steroid === "yes",
      risks: spec.risks ?? procedureInfo[spec.type].risks,
      planItemId,
      holdConfirmations: spec.holdConfirmations ?? [],
    });
    const extra = { discipline: "physician" as const };
    this.event(spec.proposedAt, doctor, "procedure", id, "procedure.proposed", `Procedure proposed: ${what}`, { ...extra, entityVersion: 1 });
    if (approvedAt) this.event(approvedAt, doctor, "procedure", id, "procedure.approved", `Procedure approved: ${what}`, extra);
    if (scheduledAt && scheduledFor) this.event(scheduledAt, doctor, "procedure", id, "procedure.scheduled", `Procedure scheduled for ${iso(scheduledFor)}: ${what}`, extra);
    if (performedAt) this.event(performedAt, doctor, "procedure", id, "procedure.performed", `Procedure performed: ${what}`, extra);
    for (const p of points) {
      const outcomeId = this.nextId("procedure-outcome");
      this.rows.procedureOutcomes.push({
        id: outcomeId,
        ...this.meta(p.at, doctor),
        procedureId: id,
        timePoint: p.point,
        assessedAt: p.at,
        painScore: p.pain,
        reliefPercent: p.relief,
        functionImprovementPercent: p.functionImprovementPercent ?? null,
        sideEffects: p.sideEffects ?? null,
        notes: p.notes ?? null,
        source: "clinician",
      });
      const label = outcomeTimePointLabels[p.point];
      const summary = isDiaryTimePoint(p.point) ? `Pain diary (${label}) recorded: ${what}` : `Outcome recorded (${label}): ${what}`;
      this.event(p.at, doctor, "procedure_outcome", outcomeId, "procedure_outcome.recorded", summary, { ...extra, entityVersion: 1 });
    }
    if (spec.cancelledAt) this.event(spec.cancelledAt, doctor, "procedure", id, "procedure.cancelled", `Procedure cancelled: ${what}`, extra);
    return id;
  }

  /** The ladder item an order is seen as. */
  itemOf(procedureId: string): string {
    const item = this.rows.procedures.find((p) => p.id === procedureId)?.planItemId;
    if (!item) throw new Error(`demo seed: no ladder item for order ${procedureId}`);
    return item;
  }

  /** §6.4: the pre-procedure safety profile, recorded by the physician at intake ("no known allergies" unless allergies are given). */
  safetyProfile(spec: {
    at: Date;
    allergies?: Allergy[];
    diabetes?: boolean | null;
    pregnancy?: PregnancyStatus | null;
    activeInfection?: boolean | null;
    implantedDevices?: string | null;
    renalImpairment?: boolean | null;
    overdoseOrSudHistory?: boolean | null;
    anticoagulantsTaking?: string[];
  }): string {
    const id = this.nextId("safety-profile");
    const doctor = this.staff("physician");
    const allergies = spec.allergies ?? [];
    this.rows.safetyProfiles.push({
      id,
      ...this.meta(spec.at, doctor),
      noKnownAllergies: allergies.length === 0,
      allergies,
      anticoagulantsTaking: spec.anticoagulantsTaking ?? [],
      diabetes: spec.diabetes ?? false,
      pregnancy: spec.pregnancy ?? null,
      activeInfection: spec.activeInfection ?? false,
      implantedDevices: spec.implantedDevices ?? null,
      renalImpairment: spec.renalImpairment ?? null,
      overdoseOrSudHistory: spec.overdoseOrSudHistory ?? null,
    });
    this.event(spec.at, doctor, "safety_profile", id, "safety_profile.created", "Safety profile recorded", { discipline: "physician", entityVersion: 1 });
    return id;
  }

  /** §6.5: a prescription-monitoring check, a urine drug test or a naloxone offer (done at `at`; entered at `recordedAt` when that was before the clinic). */
  monitoring(kind: MonitoringKind, at: Date, result: string | null, recordedAt: Date = at): string {
    const id = this.nextId("opioid-monitoring");
    const doctor = this.staff("physician");
    this.rows.opioidMonitoring.push({ id, ...this.meta(recordedAt, doctor), kind, performedAt: at, result });
    this.event(recordedAt, doctor, "opioid_monitoring", id, "opioid_monitoring.recorded", `${monitoringCheckLabels[kind]}: recorded (${iso(at)})`, { discipline: "physician", entityVersion: 1 });
    return id;
  }

  medication(spec: MedicationSpec & { startedAt: Date; recordedAt?: Date; stoppedAt?: Date; stopReason?: string }): string {
    const id = this.nextId("medication");
    const doctor = this.staff("physician");
    const recordedAt = spec.recordedAt ?? spec.startedAt;
    const entry = catalogEntry(spec.catalog);
    if (spec.catalog !== null && !entry) throw new Error(`demo seed medication ${spec.name}: ${spec.catalog} is not in the catalogue`);
    const opioid = entry?.opioid ?? null;
    const asNeeded = spec.asNeeded ?? false;
    this.rows.medications.push({
      id,
      ...this.meta(recordedAt, doctor, spec.stoppedAt ?? recordedAt),
      name: spec.name,
      catalogKey: entry?.key ?? null,
      drugClass: entry?.drugClass ?? "other",
      asNeeded,
      opioid,
      doseMg: spec.doseMg,
      timesPerDay: spec.timesPerDay,
      route: spec.route,
      status: spec.stoppedAt ? "stopped" : "active",
      startedAt: spec.startedAt,
      stoppedAt: spec.stoppedAt ?? null,
      stopReason: spec.stopReason ?? null,
    });
    const dose =
      spec.sig ??
      (entry?.unit === "mcg/hr"
        ? `${spec.doseMg} mcg/hr patch`
        : asNeeded
          ? `${spec.doseMg} ${entry?.unit ?? "mg"} as needed, up to ${spec.timesPerDay} a day`
          : `${spec.doseMg} ${entry?.unit ?? "mg"} ${frequency(spec.timesPerDay)}`);
    const extra = { discipline: "physician" as const };
    this.event(recordedAt, doctor, "medication", id, "medication.created", `Medication added: ${spec.name} ${dose}`, { ...extra, entityVersion: 1 });
    if (spec.stoppedAt) {
      this.event(spec.stoppedAt, doctor, "medication", id, "medication.stopped", `Medication stopped: ${spec.name}${spec.stopReason ? ` (${spec.stopReason})` : ""}`, extra);
    }
    return id;
  }

  session(spec: {
    at: Date;
    attendance: Attendance;
    minutes: number;
    interventions: readonly string[];
    painBefore: number | null;
    painAfter: number | null;
    functionNote?: string | null;
    notes?: string | null;
  }): string {
    const id = this.nextId("session");
    const pt = this.staff("physical_therapist");
    const attended = spec.attendance === "attended";
    // Logged at the end of the visit, the way the PT does it.
    const loggedAt = new Date(spec.at.getTime() + (attended ? spec.minutes : 10) * 60_000);
    this.rows.therapySessions.push({
      id,
      ...this.meta(loggedAt, pt),
      idempotencyKey: stableId(`demo-clinical:${this.index}:session-key:${id}`),
      sessionDate: spec.at,
      attendance: spec.attendance,
      minutes: attended ? spec.minutes : 0,
      interventions: attended ? [...spec.interventions] : [],
      painBefore: attended ? spec.painBefore : null,
      painAfter: attended ? spec.painAfter : null,
      functionNote: spec.functionNote ?? null,
      notes: spec.notes ?? null,
      authorId: pt.id,
    });
    this.event(loggedAt, pt, "therapy_session", id, "therapy_session.logged", `Session logged: ${spec.attendance.replace("_", " ")}, ${attended ? spec.minutes : 0} min`, {
      discipline: "physical_therapist",
      entityVersion: 1,
    });
    return id;
  }

  /** A course of PT visits: an evaluation, then regular sessions with pain easing from `pain[0]` towards `pain[1]`. */
  course(spec: SessionCourse): string[] {
    const last = spec.to ?? 2;
    const days: number[] = [];
    for (let d = spec.from, k = 0; d >= last; k++) {
      days.push(d);
      d -= typeof spec.every === "number" ? spec.every : spec.every(k);
    }
    const [start, end] = spec.pain;
    return days.map((d, k) => {
      const attendance = spec.attendance?.(k, d) ?? "attended";
      const progress = days.length > 1 ? k / (days.length - 1) : 1;
      const jitter = [0, 0, 1, -1][Math.floor(this.random() * 4)] ?? 0;
      const before = clamp(Math.round(start + (end - start) * progress) + (k === 0 ? 0 : jitter), 0, 10);
      const after = clamp(before - (this.random() < 0.55 ? 1 : 2), 0, 10);
      const minutes = k === 0 ? 60 : spec.minutes ?? ([45, 45, 50, 40][Math.floor(this.random() * 4)] ?? 45);
      const rotation = spec.interventions[(k - 1 + spec.interventions.length) % spec.interventions.length] ?? [];
      return this.session({
        at: this.ago(d),
        attendance,
        minutes,
        interventions: k === 0 ? ["initial evaluation", "home exercise programme issued"] : rotation,
        painBefore: before,
        painAfter: k === 0 ? before : after,
        functionNote: spec.functionNotes?.[k] ?? null,
        notes: spec.notes?.[k] ?? null,
      });
    });
  }

  assessment(instrument: Instrument, responses: readonly (number | null)[], at: Date, by: Discipline): string {
    if (!assessmentInstrumentsByRole[by].includes(instrument)) throw new Error(`demo seed: a ${by} does not submit ${instrument}`);
    const id = this.nextId("assessment");
    const staff = this.staff(by);
    const scored = scoreInstrument(instrument, responses);
    this.rows.assessments.push({
      id,
      ...this.meta(at, staff),
      instrument,
      responses: [...responses],
      score: scored.score,
      severity: scored.severity,
      subscales: scored.subscales,
      safetyFlag: scored.safetyFlag,
      administeredAt: at,
      source: "clinician",
    });
    this.event(at, staff, "assessment", id, "assessment.submitted", `Assessment submitted: ${instrumentDefinitions[instrument].label}`, { discipline: by, entityVersion: 1 });
    return id;
  }

  psychNote(kind: PsychNoteKind, body: string, at: Date): string {
    const id = this.nextId("psych-note");
    const author = this.staff("psychologist");
    this.rows.psychNotes.push({ id, ...this.meta(at, author), authorId: author.id, kind, body, sharedWithPatient: false });
    this.event(at, author, "psych_note", id, "psych_note.created", kind === "psychotherapy" ? "Psychotherapy note added" : "Shared summary added", {
      discipline: "psychologist",
      psychNoteKind: kind,
      authorId: author.id,
      privateTo: kind === "psychotherapy" ? author.id : null,
      entityVersion: 1,
    });
    return id;
  }

  clearance(spec: { procedureType: ProcedureType; requestedAt: Date; status: ClearanceStatus; decidedAt?: Date; rationale?: string }): string {
    const id = this.nextId("clearance");
    const doctor = this.staff("physician");
    const psych = this.staff("psychologist");
    const decided = spec.status !== "requested" && spec.decidedAt ? spec.decidedAt : null;
    this.rows.psychClearances.push({
      id,
      ...this.meta(spec.requestedAt, doctor, decided ?? spec.requestedAt, decided ? psych : doctor),
      requestedBy: doctor.id,
      requestedAt: spec.requestedAt,
      procedureType: spec.procedureType,
      status: decided ? spec.status : "requested",
      decidedBy: decided ? psych.id : null,
      decidedAt: decided,
      rationale: decided ? spec.rationale ?? null : null,
    });
    const label = procedureCatalog[spec.procedureType].label;
    this.event(spec.requestedAt, doctor, "clearance", id, "clearance.requested", `Psychological clearance requested: ${label}`, { discipline: "physician", entityVersion: 1 });
    if (decided) {
      this.event(decided, psych, "clearance", id, "clearance.recorded", `Psychological clearance ${spec.status.replace("_", " ")}: ${label}`, { discipline: "psychologist" });
    }
    return id;
  }

  comment(targetType: CommentTargetType, targetId: string, author: Member, body: string, at: Date): string {
    const id = this.nextId("comment");
    const staff = this.staff(author);
    this.rows.comments.push({ id, ...this.meta(at, staff), targetType, targetId, authorId: staff.id, body, privateTo: null });
    this.event(at, staff, "comment", id, "comment.created", `Comment added on ${targetType.replace(/_/g, " ")}`, { authorId: staff.id, entityVersion: 1 });
    return id;
  }

  actionItem(spec: { description: string; owner: Member; dueDate: Date; at: Date; status?: "open" | "done" | "cancelled"; closedAt?: Date }): string {
    const id = this.nextId("action-item");
    const coordinator = this.staff("coordinator");
    const owner = this.staff(spec.owner);
    const status = spec.status ?? "open";
    const closedAt = status !== "open" ? spec.closedAt ?? spec.at : null;
    this.rows.actionItems.push({
      id,
      ...this.meta(spec.at, coordinator, closedAt ?? spec.at, closedAt ? owner : coordinator),
      meetingId: null,
      description: spec.description,
      ownerId: owner.id,
      dueDate: spec.dueDate,
      status,
    });
    this.event(spec.at, coordinator, "action_item", id, "action_item.created", `Action item added: ${spec.description} (due ${iso(spec.dueDate)})`, { entityVersion: 1 });
    if (closedAt) this.event(closedAt, owner, "action_item", id, `action_item.${status}`, `Action item ${status}: ${spec.description}`);
    return id;
  }
}

// --- shared vocabulary --------------------------------------------------------------------------

const med = {
  paracetamol: { catalog: "acetaminophen", name: "Paracetamol", doseMg: 1000, timesPerDay: 3, route: "oral" },
  naproxen: { catalog: "naproxen", name: "Naproxen", doseMg: 500, timesPerDay: 2, route: "oral" },
  ibuprofen: { catalog: "ibuprofen", name: "Ibuprofen", doseMg: 400, timesPerDay: 3, route: "oral" },
  celecoxib: { catalog: "celecoxib", name: "Celecoxib", doseMg: 200, timesPerDay: 1, route: "oral" },
  diclofenacGel: { catalog: "diclofenac_gel", name: "Diclofenac 1% gel", sig: "4 g (40 mg) four times daily", doseMg: 40, timesPerDay: 4, route: "topical" },
  lidocainePlaster: { catalog: "lidocaine_patch", name: "Lidocaine 5% medicated plaster", sig: "one plaster, 12 hours on and 12 off", doseMg: 700, timesPerDay: 1, route: "topical" },
  gabapentin: { catalog: "gabapentin", name: "Gabapentin", doseMg: 300, timesPerDay: 3, route: "oral" },
  pregabalin75: { catalog: "pregabalin", name: "Pregabalin", doseMg: 75, timesPerDay: 2, route: "oral" },
  pregabalin150: { catalog: "pregabalin", name: "Pregabalin", doseMg: 150, timesPerDay: 2, route: "oral" },
  duloxetine30: { catalog: "duloxetine", name: "Duloxetine", doseMg: 30, timesPerDay: 1, route: "oral" },
  duloxetine60: { catalog: "duloxetine", name: "Duloxetine", doseMg: 60, timesPerDay: 1, route: "oral" },
  amitriptyline: { catalog: "amitriptyline", name: "Amitriptyline", sig: "10 mg at night", doseMg: 10, timesPerDay: 1, route: "oral" },
  cyclobenzaprine: { catalog: "cyclobenzaprine", name: "Cyclobenzaprine", sig: "5 mg at night", doseMg: 5, timesPerDay: 1, route: "oral" },
  // Not in the medication catalogue (a migraine preventive): entered by name, class "other".
  topiramate: { catalog: null, name: "Topiramate", doseMg: 50, timesPerDay: 2, route: "oral" },
  naloxone: { catalog: "naloxone_nasal", name: "Naloxone nasal spray (rescue)", sig: "4 mg as needed for opioid overdose", doseMg: 4, timesPerDay: 1, asNeeded: true, route: "intranasal" },
  tramadol: { catalog: "tramadol", name: "Tramadol", doseMg: 50, timesPerDay: 2, route: "oral" },
  codeine: { catalog: "codeine", name: "Codeine phosphate", doseMg: 30, timesPerDay: 3, route: "oral" },
  // The catalogue doses buccal buprenorphine in micrograms; it has no MME factor ("not included in MME").
  buprenorphineBuccal: { catalog: "buprenorphine_buccal", name: "Buprenorphine buccal film", sig: "150 mcg twice daily", doseMg: 150, timesPerDay: 2, route: "buccal" },
  oxycodoneIr: { catalog: "oxycodone_ir", name: "Oxycodone IR", doseMg: 10, timesPerDay: 3, route: "oral" },
  alprazolam: { catalog: "alprazolam", name: "Alprazolam", doseMg: 0.5, timesPerDay: 2, route: "oral" },
  apixaban: { catalog: "apixaban", name: "Apixaban", doseMg: 5, timesPerDay: 2, route: "oral" },
} as const satisfies Record<string, MedicationSpec>;

const texts = {
  siIntent:
    "Local anaesthetic and a steroid are injected into the sacroiliac joints (where the spine meets the pelvis) under X-ray guidance, to settle the inflamed joints so that you can keep strengthening.",
  siBenefit: "Pain usually eases within a few days and relief often lasts weeks to a few months.",
  siAlternatives: "Carry on with stabilisation exercises and the SI belt without an injection; SI lateral branch radiofrequency ablation if injections help only briefly.",
  fjiIntent: "Local anaesthetic and a steroid are injected into the right L4-L5 facet joint under X-ray guidance, to settle the inflamed joint.",
  fjiBenefit: "Pain often eases within a few days; relief can last weeks to a few months.",
  fjiAlternatives: "Core stabilisation and walking without an injection; medial branch blocks and radiofrequency ablation if the blocks are clearly positive.",
  mbbIntent:
    "A diagnostic test, not a treatment. A small amount of local anaesthetic is placed next to the tiny nerves (medial branches) that carry pain from the L4-L5 facet joints on both sides. If your usual back pain mostly goes away for the few hours the anaesthetic lasts, the facet joints are very likely where the pain comes from.",
  mbbBenefit:
    "Relief is expected to last only a few hours — that is the point of the test. You score your pain before the block and every hour for 6 hours afterwards in a diary; 80% relief or more counts as a positive block.",
  mbbAlternatives:
    "Keep going with physical therapy and the walking programme alone; a facet joint steroid injection; no procedure at all. If the block does not relieve your pain, the facet joints are unlikely to be the cause and ablation would not help.",
};

/** A diagnostic block's pain diary (§6.7): NRS at 30 min, 1, 2, 4 and 6 hours after the block. */
const diary = (pain: readonly [number, number, number, number, number]): OutcomePointSpec[] =>
  (["diary_30m", "diary_1h", "diary_2h", "diary_4h", "diary_6h"] as const).map((point, k) => ({ point, pain: pain[k] ?? 0 }));

// --- the stories --------------------------------------------------------------------------------

/** Margaret Hollis: facet arthropathy, 16 weeks on step 2 (duloxetine + PT) and NRS only 7 → 6 — "not improving". */
function margaretHollis(b: RecordBuilder): void {
  const plan = b.carePlan(
    "Axial low back pain from lumbar facet arthropathy (L4-L5, L5-S1). Sixteen weeks of duloxetine with weekly PT and a walking programme, and pain has barely moved (NRS 7 → 6, ODI 42 → 38). For case conference: consider diagnostic medial branch blocks; pain coping skills offered.",
    b.ago(140),
  );
  const problem = b.problem({
    diagnosis: "Chronic low back pain with lumbar facet arthropathy",
    bodySite: "lower back, both sides, into the buttocks",
    laterality: "bilateral",
    level: "L4-S1",
    painGenerator: "facet_joint",
    painPattern: "axial",
    onsetDate: b.monthsAgo(72),
    imagingFindings:
      "X-ray and MRI lumbar spine (8 months ago): facet arthropathy at L4-L5 and L5-S1, worse on the right; grade 1 degenerative spondylolisthesis L4-L5 (4 mm) without instability on flexion/extension views; no canal or foraminal stenosis.",
    imagingConcordant: true,
    at: b.ago(140 - 0.02),
  });
  b.assessment("nrs", [7], b.ago(140 - 0.03), "physician");
  b.assessment("odi", odiFor(42), b.ago(140 - 0.03), "physician");
  b.medication({ ...med.paracetamol, startedAt: b.ago(140 - 0.04) });
  b.medication({ ...med.diclofenacGel, startedAt: b.ago(140 - 0.04) });
  b.course({
    from: 127,
    every: 7,
    pain: [7, 6],
    interventions: [
      ["lumbar stabilisation (transversus abdominis)", "hip hinge retraining"],
      ["graded walking", "sit-to-stand practice"],
      ["manual therapy: lumbar mobilisation grade III", "flexion-biased mobility"],
      ["aquatic exercise", "graded walking"],
    ],
    attendance: (k) => (k === 6 ? "cancelled" : "attended"),
    functionNotes: {
      0: "Walks 10 minutes before buttock pain stops her; standing to cook limited to 15 minutes.",
      8: "Walking 12 minutes; extension and rotation still reproduce her pain.",
      16: "Walking 12–14 minutes; no real change in standing tolerance.",
    },
  });
  const walk = b.goal({
    discipline: "physical_therapist",
    description: "Walk to the shops and back without stopping",
    measure: "continuous walking time (minutes)",
    target: "30 minutes",
    targetDate: b.ahead(28),
    problemId: problem,
    at: b.ago(127 - 0.06),
  });
  const garden = b.goal({
    discipline: "physician",
    description: "Work in the garden for an hour at a time",
    measure: "gardening tolerance (minutes, with one rest)",
    target: "60 minutes",
    targetDate: b.ahead(60),
    problemId: problem,
    at: b.ago(113 - 0.01),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Core stabilisation programme",
    rationale: "First-line active care for axial facet-mediated pain: trunk endurance and hip hinge to unload extension.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(127 - 0.05),
    startedAt: b.ago(126),
    status: "active",
  });
  b.planItem({
    kind: "lifestyle",
    step: 1,
    discipline: "physical_therapist",
    title: "Graded walking programme",
    rationale: "Daily walking from a baseline of 10 minutes, up 10% a week, to rebuild tolerance.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(120),
    startedAt: b.ago(119),
    status: "active",
  });
  b.assessment("nrs", [7], b.ago(113), "physician");
  b.assessment("peg3", [7, 6, 7], b.ago(113), "physician");
  const duloxetineItem = b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Duloxetine for chronic low back pain",
    rationale: "Pain persists after four weeks of PT and paracetamol; NSAIDs avoided at 68 with reduced eGFR. Duloxetine 30 mg, then 60 mg after two weeks.",
    problemId: problem,
    goalIds: [garden],
    proposedAt: b.ago(112.5),
    startedAt: b.ago(112),
    status: "active",
  });
  b.medication({ ...med.duloxetine30, startedAt: b.ago(112), stoppedAt: b.ago(98), stopReason: "titrated to 60 mg" });
  b.medication({ ...med.duloxetine60, startedAt: b.ago(98) });
  b.assessment("phq9", [1, 1, 0, 2, 1, 1, 0, 0, 0], b.ago(110), "psychologist");
  b.assessment("gad7", [1, 1, 0, 1, 0, 1, 0], b.ago(110), "psychologist");
  b.assessment("nrs", [7], b.ago(84), "physical_therapist");
  b.assessment("nrs", [6], b.ago(56), "physician");
  b.assessment("nrs", [7], b.ago(28), "physical_therapist");
  b.assessment("odi", odiFor(38, 3), b.ago(28), "physical_therapist");
  b.psychNote(
    "shared_summary",
    "Screening visit. Mood mildly low (PHQ-9 6), mostly about giving up her allotment; no safety concerns. Some fear of movement around bending. Interested in pain coping skills sessions — will start after the case conference so the plan is clear to her.",
    b.ago(20),
  );
  b.assessment("nrs", [6], b.ago(4), "physician");
  b.assessment("peg3", [6, 6, 6], b.ago(4), "physician");
  b.comment(
    "plan_item",
    duloxetineItem,
    "physician",
    "Sixteen weeks at a therapeutic dose with weekly PT and NRS is 7 → 6: not a meaningful change. Adding her to the case conference; I'd like to discuss diagnostic medial branch blocks at L4-L5 and L5-S1.",
    b.ago(3.95),
  );
  b.comment(
    "care_plan",
    plan,
    "physical_therapist",
    "Agree. She does her walking most days but stalls at 12–14 minutes with buttock pain; extension and rotation reproduce it every time.",
    b.ago(3.9),
  );
  b.planItem({
    kind: "psychology",
    step: 2,
    discipline: "psychologist",
    title: "Pain coping skills (CBT-CP), 6 sessions",
    rationale: "Fear of bending and low mood around lost activities; coping skills alongside whatever the team decides next.",
    problemId: problem,
    proposedAt: b.ago(3),
    status: "proposed",
  });
  b.actionItem({ description: "Add Margaret Hollis to the next case conference: plateau on step 2", owner: "coordinator", dueDate: b.ahead(2), at: b.ago(3) });
  b.actionItem({ description: "Review medial branch block candidacy before the case conference", owner: "physician", dueDate: b.ahead(5), at: b.ago(3) });
}

/** Aisha Bello: failed back surgery syndrome; SCS trial proposed, waiting on psychological clearance. */
function aishaBello(b: RecordBuilder): void {
  b.carePlan(
    "Failed back surgery syndrome after L4-L5 fusion: persistent left L5 neuropathic leg pain with epidural fibrosis. Eleven months of conservative care (PT, duloxetine, pregabalin, CBT) and one transforaminal epidural (25% relief for two weeks). Spinal cord stimulation trial proposed; waiting on the pre-implant psychological evaluation.",
    b.ago(340),
  );
  const problem = b.problem({
    diagnosis: "Failed back surgery syndrome after L4-L5 fusion",
    bodySite: "lower back and left leg to the top of the foot",
    laterality: "left",
    level: "L4-L5",
    painGenerator: "nerve_root",
    painPattern: "neuropathic",
    onsetDate: b.monthsAgo(34),
    imagingFindings:
      "MRI lumbar spine with gadolinium (5 months ago): solid L4-L5 posterolateral fusion, pedicle screws well placed; enhancing epidural fibrosis encasing the left L5 nerve root; no recurrent herniation, no adjacent-segment stenosis.",
    imagingConcordant: true,
    findings: ["failed_back_surgery_syndrome", "post_surgical_epidural_fibrosis"],
    at: b.ago(340 - 0.02),
  });
  b.assessment("nrs", [8], b.ago(340 - 0.03), "physician");
  b.assessment("peg3", [8, 7, 8], b.ago(340 - 0.03), "physician");
  b.assessment("odi", odiFor(54), b.ago(340 - 0.03), "physician");
  const work = b.goal({
    discipline: "physician",
    description: "Return to part-time work as a clinic nurse (2 days a week)",
    measure: "days worked per week",
    target: "2 days a week",
    targetDate: b.ahead(180),
    problemId: problem,
    at: b.ago(340 - 0.04),
  });
  b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Neuropathic pain medication: duloxetine, then pregabalin",
    rationale: "Neuropathic L5 leg pain after fusion; first-line agents, titrated to effect and side effects.",
    problemId: problem,
    goalIds: [work],
    proposedAt: b.ago(340 - 0.05),
    startedAt: b.ago(335),
    status: "active",
  });
  b.medication({ ...med.duloxetine60, startedAt: b.ago(335), recordedAt: b.ago(335) });
  b.course({
    from: 300,
    to: 6,
    every: 14,
    pain: [8, 7],
    interventions: [
      ["neural mobilisation (sciatic slider)", "graded walking"],
      ["hydrotherapy", "pacing education"],
      ["hip and trunk strengthening", "graded walking"],
      ["desensitisation", "TENS trial"],
    ],
    attendance: (k) => (k === 9 ? "cancelled" : "attended"),
    functionNotes: {
      0: "Walks 10 minutes; sits 20 minutes before leg pain forces her to stand.",
      10: "Walking 15 minutes; sitting 30 minutes with a lumbar roll.",
      20: "Walking steady at 15 minutes; leg pain unchanged.",
    },
  });
  const walk = b.goal({
    discipline: "physical_therapist",
    description: "Walk 30 minutes on the flat",
    measure: "continuous walking time (minutes)",
    target: "30 minutes",
    targetDate: b.ahead(90),
    problemId: problem,
    at: b.ago(300 - 0.06),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Neural mobilisation and graded activity",
    rationale: "Keep her active and moving the L5 root; pacing to stop the boom-and-bust cycle.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(300 - 0.05),
    startedAt: b.ago(299),
    status: "active",
  });
  b.medication({ ...med.pregabalin75, startedAt: b.ago(280), stoppedAt: b.ago(250), stopReason: "increased to 150 mg twice daily" });
  b.medication({ ...med.pregabalin150, startedAt: b.ago(250) });
  b.assessment("nrs", [8], b.ago(250), "physician");
  const pacing = b.goal({
    discipline: "psychologist",
    description: "Follow her pacing plan on 5 days out of 7",
    measure: "days per week on plan (diary)",
    target: "5 of 7 days",
    targetDate: b.ago(165),
    problemId: problem,
    at: b.ago(240),
    status: "met",
    statusAt: b.ago(166),
  });
  b.assessment("phq9", phq9For(12, 2), b.ago(240), "psychologist");
  b.assessment("gad7", gad7For(9), b.ago(240), "psychologist");
  b.assessment("pcs", pcsFor(28, 4), b.ago(240), "psychologist");
  b.planItem({
    kind: "psychology",
    step: 2,
    discipline: "psychologist",
    title: "CBT for chronic pain (8 sessions)",
    rationale: "Moderate low mood and high catastrophizing after failed surgery and loss of work.",
    problemId: problem,
    goalIds: [pacing],
    proposedAt: b.ago(240 - 0.02),
    startedAt: b.ago(238),
    endedAt: b.ago(166),
    status: "completed",
  });
  b.psychNote(
    "psychotherapy",
    "Session 6. Grief about leaving nursing came up strongly — 'I was the one who looked after people'. Worked on self-compassion and separating her worth from her job. Homework: pacing diary and one valued activity a day.",
    b.ago(190),
  );
  const esi = b.procedure({
    type: "esi_transforaminal",
    item: { problemId: problem, title: "Transforaminal epidural steroid injection L4-L5 left", rationale: "Radicular L5 pain with concordant imaging after a conservative trial; to settle the leg pain enough to progress PT." },
    level: "L4-L5",
    side: "left",
    region: "lumbar",
    indication: "Left L5 radicular pain after L4-L5 fusion (NRS 8) with epidural fibrosis around the left L5 root; four months of PT and neuropathic medication without adequate relief.",
    intent:
      "To reduce inflammation around the scarred left L5 nerve root with a steroid placed under X-ray guidance where the nerve leaves the spine, so the leg pain settles enough for you to do more in physical therapy.",
    expectedBenefit:
      "Some relief of leg pain within a week, lasting weeks to a few months for many people; after surgery with scarring the response is less predictable. It does not fix the scarring.",
    alternatives: "Continue medication and PT without an injection; adhesiolysis for the scar tissue; a spinal cord stimulator if injections do not help.",
    followUpPlan: "Pain diary for 2 weeks; outcome review at 3 weeks with Dr. Okafor; PT continues as usual from 2 days after.",
    proposedAt: b.ago(220),
    scheduledFor: b.ago(205),
    performedAt: b.ago(205),
    preProcedurePain: 8,
    series: [
      { point: "2w", pain: 6, notes: "Two better weeks of walking, then the leg pain came back." },
      { point: "3m", pain: 8 },
    ],
    complications: "None",
  });
  b.comment("procedure", esi, "physical_therapist", "Two good weeks of walking after the injection, then back to her usual 15 minutes.", b.ago(186));
  b.assessment("nrs", [7], b.ago(170), "physician");
  b.assessment("phq9", phq9For(9, 5), b.ago(166), "psychologist");
  b.assessment("pcs", pcsFor(18, 1), b.ago(166), "psychologist");
  b.psychNote(
    "shared_summary",
    "CBT for chronic pain completed (8 sessions). Uses her pacing plan most days; catastrophizing down (PCS 28 → 18); mood mildly low in the context of pain and loss of work (PHQ-9 9). She is keen on a stimulator trial — expectations will need exploring properly before any implant.",
    b.ago(165),
  );
  b.assessment("nrs", [8], b.ago(90), "physical_therapist");
  b.assessment("phq9", phq9For(10, 3), b.ago(30), "psychologist");
  b.assessment("gad7", gad7For(7, 2), b.ago(30), "psychologist");
  b.medication({ catalog: "hydrocodone", name: "Hydrocodone/paracetamol 5/325", sig: "one tablet (5 mg hydrocodone) twice daily", doseMg: 5, timesPerDay: 2, route: "oral", startedAt: b.ago(60) });
  b.assessment("nrs", [8], b.ago(14), "physician");
  b.assessment("peg3", [8, 7, 7], b.ago(14), "physician");
  b.assessment("odi", odiFor(50, 5), b.ago(14), "physician");
  const scs = b.procedure({
    type: "scs_trial",
    item: { problemId: problem, goalIds: [work, walk], title: "Spinal cord stimulation trial", rationale: "Neuropathic leg pain after fusion, over six months of documented conservative care, epidural without lasting relief, no surgical target." },
    level: "T8-T10",
    side: null,
    region: "thoracic",
    indication:
      "Failed back surgery syndrome with predominantly left L5 neuropathic leg pain (NRS 8, ODI 50) despite eleven months of conservative care and a transforaminal epidural that gave 25% relief for two weeks; epidural fibrosis on MRI; the spinal surgeon sees no operation that would help.",
    intent:
      "A one-week test of spinal cord stimulation. Two thin temporary leads are placed through a needle into the space behind the spinal cord (around T8–T10) and connected to a small stimulator you wear on your belt. It does not change your spine; it changes how pain signals travel. The trial tells us, before anything is implanted, whether stimulation helps your leg pain.",
    expectedBenefit:
      "About half of people with this kind of leg pain get at least 50% relief during a trial. We call the trial successful if your leg pain drops by half or more and your diary shows you can do more (walking, sitting). If not, the leads come out and nothing has been implanted.",
    alternatives:
      "Continue the current plan (PT, pregabalin, duloxetine, pacing) without a device; epidural adhesiolysis for the scar tissue; a dorsal root ganglion stimulator; a second surgical opinion.",
    followUpPlan:
      "Psychological evaluation first (requested). If cleared: trial with a daily pain and activity diary; leads removed in clinic on day 7; decision about a permanent implant together at that visit. PT continues throughout.",
    proposedAt: b.ago(12 - 0.01),
  });
  const clearance = b.clearance({ procedureType: "scs_trial", requestedAt: b.ago(12 - 0.02), status: "requested" });
  b.comment(
    "clearance",
    clearance,
    "physician",
    "Requesting the pre-SCS evaluation. She has done the work — eleven months of PT and CBT — and understands the trial is a test, not a cure.",
    b.ago(12 - 0.03),
  );
  b.actionItem({ description: "Complete the pre-SCS psychological evaluation and record the clearance decision", owner: "psychologist", dueDate: b.ahead(7), at: b.ago(8) });
  b.psychNote(
    "shared_summary",
    "Pre-implant evaluation booked for next week: clinical interview, expectations, PHQ-9, GAD-7, PCS and a substance-use screen. Nothing so far that would preclude a trial.",
    b.ago(10),
  );
  b.comment("procedure", scs, "psychologist", "Evaluation is booked; I'll record the clearance decision the same day.", b.ago(10 - 0.01));
  b.comment(
    "plan_item",
    b.itemOf(scs),
    "physical_therapist",
    "Walking steady at 15 minutes. I'll keep PT going during the trial and use her diary for the activity side of the outcome.",
    b.ago(9),
  );
}

/** David Mensah: myofascial trapezius pain; trigger point injections three weeks ago, outcome not yet recorded. */
function davidMensah(b: RecordBuilder): void {
  b.carePlan(
    "Myofascial pain of the right upper trapezius with cervicogenic headaches. Ten weeks of PT with dry needling gave partial relief; trigger point injections performed three weeks ago — outcome review due.",
    b.ago(100),
  );
  const problem = b.problem({
    diagnosis: "Myofascial pain syndrome, right upper trapezius",
    bodySite: "right neck and shoulder girdle, referring to the right temple",
    laterality: "right",
    level: null,
    painGenerator: "muscle",
    painPattern: "myofascial",
    onsetDate: b.monthsAgo(18),
    imagingFindings: "Cervical spine X-ray: mild C5-C6 spondylosis, no instability — not felt to explain his symptoms.",
    imagingConcordant: false,
    findings: ["trigger_points"],
    at: b.ago(100 - 0.02),
  });
  b.assessment("nrs", [7], b.ago(100 - 0.03), "physician");
  b.assessment("peg3", [7, 6, 6], b.ago(100 - 0.03), "physician");
  b.medication({ ...med.ibuprofen, startedAt: b.ago(100 - 0.04) });
  b.course({
    from: 97,
    every: 7,
    pain: [7, 5],
    interventions: [
      ["postural retraining", "upper trapezius stretching", "scapular setting"],
      ["dry needling (right upper trapezius)", "cervical retraction"],
      ["thoracic extension mobilisation", "scapular setting"],
    ],
    functionNotes: { 0: "Cervical rotation right 50°; headaches 4 days a week; works at a laptop 8 hours a day." },
  });
  const desk = b.goal({
    discipline: "physical_therapist",
    description: "Work a full day at his desk with no more than one headache a week",
    measure: "headache days per week",
    target: "1 or fewer",
    targetDate: b.ahead(42),
    problemId: problem,
    at: b.ago(97 - 0.06),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Postural retraining and upper trapezius stretching",
    rationale: "Myofascial pain driven by sustained laptop posture; endurance of the deep neck flexors and lower trapezius.",
    problemId: problem,
    goalIds: [desk],
    proposedAt: b.ago(97 - 0.05),
    startedAt: b.ago(96),
    status: "active",
  });
  b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Cyclobenzaprine at night, short course",
    rationale: "Poor sleep from neck pain; four-week trial of a muscle relaxant at night.",
    problemId: problem,
    proposedAt: b.ago(90),
    startedAt: b.ago(90),
    endedAt: b.ago(60),
    status: "stopped",
    reason: "morning drowsiness",
  });
  b.medication({ ...med.cyclobenzaprine, startedAt: b.ago(90), stoppedAt: b.ago(60), stopReason: "morning drowsiness" });
  b.planItem({
    kind: "complementary",
    step: 2,
    discipline: "physical_therapist",
    title: "Dry needling within PT sessions",
    rationale: "Three active trigger points reproducing his headache; needling alongside stretching.",
    problemId: problem,
    proposedAt: b.ago(71),
    startedAt: b.ago(70),
    status: "active",
  });
  b.assessment("phq9", phq9For(4, 1), b.ago(80), "psychologist");
  b.assessment("nrs", [6], b.ago(49), "physical_therapist");
  b.assessment("nrs", [7], b.ago(22), "physician");
  b.assessment("peg3", [6, 5, 6], b.ago(22), "physician");
  const tpi = b.procedure({
    type: "trigger_point_injection",
    withSteroid: false,
    item: { problemId: problem, goalIds: [desk], title: "Trigger point injections, right upper trapezius", rationale: "Partial response to ten weeks of PT and dry needling; injections to let the stretching programme progress." },
    level: null,
    side: "right",
    region: "other",
    indication: "Myofascial pain of the right upper trapezius with three active trigger points reproducing his headache and shoulder pain; partial response to ten weeks of PT with dry needling.",
    intent: "To switch off the tight, tender knots (trigger points) in the muscle with a small injection of local anaesthetic, so that stretching and strengthening become easier and less painful.",
    expectedBenefit: "Many people move more easily within days and the relief often lasts weeks. It works best if you do your stretches the same evening and keep them up.",
    alternatives: "Continue dry needling and stretching alone; a topical anti-inflammatory; a short course of a muscle relaxant at night (tried: drowsy).",
    followUpPlan: "Stretch the same evening. Pain score and neck range at the next PT visit; outcome review with Dr. Okafor 2–4 weeks after the injections.",
    proposedAt: b.ago(35),
    approvedAt: b.ago(34),
    scheduledAt: b.ago(33),
    scheduledFor: b.ago(21),
    performedAt: b.ago(21),
    preProcedurePain: 7,
    complications: "None; expected post-injection soreness for 48 hours.",
  });
  b.comment(
    "procedure",
    tpi,
    "physical_therapist",
    "At the visit after the injections, right rotation was up from 50° to 70° and he reported fewer headaches. Outcome still to be recorded by Dr. Okafor.",
    b.ago(13),
  );
}

/** Patricia Kowalski: fibromyalgia with high pain catastrophizing (PCS ≥ 30). */
function patriciaKowalski(b: RecordBuilder): void {
  const plan = b.carePlan(
    "Fibromyalgia with widespread pain, poor sleep and high pain catastrophizing (PCS 35 → 32). Graded aquatic exercise and low-dose amitriptyline; CBT started to target worry about flares.",
    b.ago(86),
  );
  const problem = b.problem({
    diagnosis: "Fibromyalgia with widespread pain",
    bodySite: "widespread: neck, shoulders, lower back and hips",
    laterality: "bilateral",
    level: null,
    painGenerator: "unknown",
    painPattern: "other",
    onsetDate: b.monthsAgo(96),
    imagingFindings: null,
    imagingConcordant: null,
    at: b.ago(86 - 0.02),
  });
  b.assessment("nrs", [7], b.ago(86 - 0.03), "physician");
  b.assessment("peg3", [7, 8, 7], b.ago(86 - 0.03), "physician");
  b.medication({ ...med.amitriptyline, startedAt: b.ago(84) });
  b.medication({ ...med.paracetamol, startedAt: b.ago(84) });
  b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Amitriptyline 10 mg at night for sleep and pain",
    rationale: "Non-restorative sleep is her worst symptom; low-dose tricyclic, reviewed at 8 weeks.",
    problemId: problem,
    proposedAt: b.ago(84),
    startedAt: b.ago(84),
    status: "active",
  });
  b.assessment("phq9", [2, 1, 2, 3, 1, 1, 1, 1, 0], b.ago(84), "psychologist");
  b.assessment("gad7", [2, 2, 2, 2, 2, 1, 2], b.ago(84), "psychologist");
  b.assessment("pcs", [3, 3, 3, 3, 2, 3, 2, 3, 3, 3, 3, 2, 2], b.ago(84), "psychologist");
  b.course({
    from: 80,
    every: 7,
    pain: [7, 6],
    interventions: [
      ["aquatic exercise", "relaxation breathing"],
      ["graded walking", "pacing education"],
      ["aquatic exercise", "gentle strengthening (bands)"],
    ],
    attendance: (k) => (k === 5 ? "no_show" : "attended"),
    functionNotes: { 0: "Stops any exercise at the first twinge; manages 5 minutes of walking on a good day." },
  });
  const aerobic = b.goal({
    discipline: "physical_therapist",
    description: "Aerobic exercise three times a week",
    measure: "20-minute sessions (pool or walking) per week",
    target: "3 per week",
    targetDate: b.ahead(56),
    problemId: problem,
    at: b.ago(80 - 0.06),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Graded aerobic exercise (aquatic)",
    rationale: "Strongest evidence in fibromyalgia is for graded aerobic exercise; warm water to start.",
    problemId: problem,
    goalIds: [aerobic],
    proposedAt: b.ago(80 - 0.05),
    startedAt: b.ago(79),
    status: "active",
  });
  const sing = b.goal({
    discipline: "psychologist",
    description: "Go back to her choir on Thursday evenings",
    measure: "rehearsals attended per month",
    target: "3 of 4",
    targetDate: b.ahead(84),
    problemId: problem,
    at: b.ago(21),
  });
  b.planItem({
    kind: "psychology",
    step: 2,
    discipline: "psychologist",
    title: "CBT for chronic pain: catastrophizing and flare plan",
    rationale: "PCS 35 with high rumination and helplessness; worry about flares drives avoidance.",
    problemId: problem,
    goalIds: [sing],
    proposedAt: b.ago(21),
    startedAt: b.ago(20),
    status: "active",
  });
  b.psychNote(
    "shared_summary",
    "Assessment: clinically relevant pain catastrophizing (PCS 35; rumination and helplessness highest), moderate anxiety (GAD-7 13) and moderate low mood (PHQ-9 12), no safety concerns. Starting weekly CBT with a written flare plan. Team: please use the same language — 'hurt is not harm', and praise pacing rather than pushing through.",
    b.ago(20),
  );
  b.psychNote(
    "psychotherapy",
    "Session 2. Catastrophic predictions about ending up in a wheelchair 'like my mother'. Began cognitive restructuring; behavioural experiment planned: a 10-minute walk on a flare day.",
    b.ago(13),
  );
  b.comment(
    "care_plan",
    plan,
    "physical_therapist",
    "Useful to know. She stops at the first twinge; I'll align my flare plan with Dr. Brooks's and keep the pool sessions short and certain.",
    b.ago(12),
  );
  b.assessment("nrs", [6], b.ago(6), "physical_therapist");
  b.assessment("peg3", [6, 7, 6], b.ago(6), "physical_therapist");
  b.assessment("phq9", [1, 1, 2, 2, 1, 1, 1, 1, 0], b.ago(6), "psychologist");
  b.assessment("pcs", [3, 3, 2, 3, 2, 2, 2, 3, 3, 2, 3, 2, 2], b.ago(6), "psychologist");
}

/** Samuel Achterberg: bilateral L4-L5 facet pain; two positive medial branch blocks; RFA proposed, awaiting approval. */
function samuelAchterberg(b: RecordBuilder): void {
  b.carePlan(
    "Axial low back pain from bilateral L4-L5 facet arthropathy. Five months of active PT with partial gains (walking 20 minutes); two concordant diagnostic medial branch blocks at L4-L5 bilaterally (87.5% and 85.7% relief). Radiofrequency ablation proposed to let him progress his walking and return to bowls.",
    b.ago(168),
  );
  const problem = b.problem({
    diagnosis: "Lumbar facet arthropathy, bilateral L4-L5",
    bodySite: "lower back, both sides, no radiation below the knee",
    laterality: "bilateral",
    level: "L4-L5",
    painGenerator: "facet_joint",
    painPattern: "axial",
    onsetDate: b.monthsAgo(38),
    imagingFindings:
      "MRI lumbar spine (14 months ago): bilateral L4-L5 facet hypertrophy with small joint effusions; mild L4-L5 disc desiccation without neural compromise; no canal or foraminal stenosis. Pain reproduced by extension-rotation on both sides — concordant.",
    imagingConcordant: true,
    at: b.ago(168 - 0.02),
  });
  b.assessment("nrs", [7], b.ago(168 - 0.03), "physician");
  b.assessment("peg3", [7, 6, 7], b.ago(168 - 0.03), "physician");
  b.assessment("odi", odiFor(38), b.ago(168 - 0.03), "physician");
  b.medication({ ...med.paracetamol, startedAt: b.ago(168 - 0.04) });
  b.medication({ ...med.naproxen, startedAt: b.ago(160), stoppedAt: b.ago(120), stopReason: "dyspepsia" });
  b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Naproxen 500 mg twice daily with food",
    rationale: "Scheduled NSAID trial for facet-mediated pain alongside PT.",
    problemId: problem,
    proposedAt: b.ago(160),
    startedAt: b.ago(160),
    endedAt: b.ago(120),
    status: "stopped",
    reason: "dyspepsia",
  });
  b.medication({ ...med.diclofenacGel, startedAt: b.ago(120) });
  b.course({
    from: 162,
    to: 5,
    every: (k) => (k < 10 ? 7 : 14),
    pain: [7, 6],
    interventions: [
      ["lumbar stabilisation (transversus abdominis)", "hip hinge retraining"],
      ["graded walking", "flexion-biased mobility"],
      ["manual therapy: lumbar PA mobilisation grade III", "core endurance (McGill big three)"],
      ["graded walking", "hip hinge retraining"],
    ],
    attendance: (k) => (k === 4 ? "cancelled" : k === 7 ? "no_show" : "attended"),
    functionNotes: {
      0: "Walks 8 minutes; stands 15 minutes at the stove; extension-rotation reproduces his pain on both sides.",
      8: "Walking 15 minutes; standing tolerance 20 minutes.",
      14: "Walking 20 minutes on a good day; plateau over the last month.",
    },
    notes: { 12: "Positive block last week — he was pain-free for about 6 hours and walked 40 minutes that afternoon." },
  });
  const walk = b.goal({
    discipline: "physical_therapist",
    description: "Walk 30 minutes continuously on level ground",
    measure: "continuous walking time (minutes)",
    target: "30 minutes",
    targetDate: b.ahead(56),
    problemId: problem,
    at: b.ago(162 - 0.06),
  });
  const cook = b.goal({
    discipline: "physician",
    description: "Stand to cook an evening meal without sitting breaks",
    measure: "standing tolerance (minutes)",
    target: "45 minutes",
    targetDate: b.ahead(70),
    problemId: problem,
    at: b.ago(162 - 0.07),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Core stabilisation programme",
    rationale: "Active care first for axial facet pain: trunk endurance, hip hinge and flexion-biased mobility, weekly then fortnightly.",
    problemId: problem,
    goalIds: [walk, cook],
    proposedAt: b.ago(162 - 0.05),
    startedAt: b.ago(161),
    status: "active",
  });
  b.planItem({
    kind: "lifestyle",
    step: 1,
    discipline: "physical_therapist",
    title: "Graded walking programme with a pedometer",
    rationale: "Daily walking from 8 minutes, up 10% a week.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(148),
    startedAt: b.ago(147),
    status: "active",
  });
  const bowls = b.goal({
    discipline: "psychologist",
    description: "Return to his weekly lawn bowls club",
    measure: "club sessions attended per month",
    target: "4 per month",
    targetDate: b.ahead(90),
    problemId: problem,
    at: b.ago(140),
  });
  b.assessment("phq9", phq9For(5, 2), b.ago(140), "psychologist");
  b.assessment("gad7", gad7For(3), b.ago(140), "psychologist");
  b.assessment("pcs", pcsFor(14, 3), b.ago(140), "psychologist");
  b.assessment("nrs", [6], b.ago(112), "physical_therapist");
  b.assessment("nrs", [6], b.ago(70), "physician");
  b.assessment("peg3", [6, 6, 6], b.ago(70), "physician");
  b.procedure({
    type: "medial_branch_block",
    item: {
      problemId: problem,
      goalIds: [walk, cook],
      title: "Diagnostic medial branch block L4-L5 bilateral (1 of 2)",
      rationale: "Axial pain over 3 months with concordant facet arthropathy and a 3-month conservative trial; two blocks to confirm the facet joints before ablation.",
    },
    level: "L4-L5",
    side: "bilateral",
    region: "lumbar",
    indication:
      "Predominantly axial low back pain for over 3 years, worse with extension and rotation, bilateral L4-L5 facet arthropathy on MRI; 14 weeks of active physical therapy without adequate relief.",
    intent: texts.mbbIntent,
    expectedBenefit: texts.mbbBenefit,
    alternatives: texts.mbbAlternatives,
    followUpPlan: "Hourly pain diary for 6 hours; nurse phone call the next day. If positive, a second confirmatory block with a different local anaesthetic in about 3 weeks.",
    proposedAt: b.ago(64),
    approvedAt: b.ago(63),
    scheduledAt: b.ago(63 - 0.05),
    scheduledFor: b.ago(56),
    performedAt: b.ago(56),
    preProcedurePain: 8,
    series: diary([2, 1, 1, 2, 4]),
    complications: "None. Relief lasted about 6 hours, in keeping with bupivacaine.",
  });
  const secondBlock = b.procedure({
    type: "medial_branch_block",
    item: {
      problemId: problem,
      goalIds: [walk, cook],
      title: "Confirmatory medial branch block L4-L5 bilateral (2 of 2)",
      rationale: "The first block gave 87.5% relief; a second block with a different local anaesthetic confirms the facet joints before ablation.",
    },
    level: "L4-L5",
    side: "bilateral",
    region: "lumbar",
    indication: "Confirmatory block after 87.5% relief from the first L4-L5 medial branch block; same level and side, different local anaesthetic (lidocaine).",
    intent: texts.mbbIntent,
    expectedBenefit: "As with the first block, relief should last only an hour or two with this shorter-acting anaesthetic. Two positive blocks make it likely that ablation will help.",
    alternatives: texts.mbbAlternatives,
    followUpPlan: "Hourly pain diary for 4 hours; if positive, discuss radiofrequency ablation at the next clinic visit.",
    proposedAt: b.ago(54),
    approvedAt: b.ago(54 - 0.02),
    scheduledAt: b.ago(54 - 0.03),
    scheduledFor: b.ago(35),
    performedAt: b.ago(35),
    preProcedurePain: 7,
    series: diary([1, 1, 2, 5, 6]),
    complications: "None. About 2 hours of relief, in keeping with lidocaine — concordant with the first block.",
  });
  b.psychNote(
    "shared_summary",
    "Pre-procedure screen: mood stable (PHQ-9 5), low catastrophizing (PCS 14), realistic expectations — he wants to walk to the bowls club and cook for his wife again, not to be pain-free. No psychological contraindication to ablation. Pacing skills reviewed for the recovery weeks.",
    b.ago(30),
  );
  b.assessment("nrs", [6], b.ago(15), "physician");
  b.assessment("peg3", [6, 5, 6], b.ago(15), "physician");
  b.assessment("odi", odiFor(32, 2), b.ago(15), "physician");
  const rfa = b.procedure({
    type: "radiofrequency_ablation",
    item: { problemId: problem, goalIds: [walk, cook, bowls], title: "Radiofrequency ablation of the L4-L5 medial branches, bilateral", rationale: "Two diagnostic medial branch blocks at L4-L5 bilaterally each gave ≥80% relief; PT has plateaued at 20 minutes of walking." },
    level: "L4-L5",
    side: "bilateral",
    region: "lumbar",
    indication:
      "Axial low back pain from bilateral L4-L5 facet arthropathy (3 years, NRS 6–7), two concordant diagnostic medial branch blocks (87.5% and 85.7% relief); five months of active PT with a plateau.",
    intent:
      "To turn down the pain signals from the L4-L5 facet joints for months at a time. Under X-ray guidance a needle-like probe heats the small medial branch nerves that the two test blocks numbed. It treats the pain from those joints; it does not change the arthritis itself.",
    expectedBenefit:
      "Most people whose test blocks worked get meaningful relief — often 50% or more — starting after 2–3 weeks and lasting 6–12 months, sometimes longer. The nerves regrow, so the procedure can be repeated if it helped. The aim is to let you walk 30 minutes and stand to cook.",
    alternatives:
      "Carry on with physical therapy and the walking programme without a procedure; facet joint steroid injections (shorter relief); medication changes. Surgery is not recommended for this kind of pain.",
    followUpPlan:
      "Sore for 1–2 weeks afterwards (ice, paracetamol). PT resumes graded loading 48 hours after. Outcome review at 6 weeks with NRS, PEG and ODI; PT reassesses walking time at every visit.",
    proposedAt: b.ago(14 - 0.01),
  });
  b.comment(
    "procedure",
    rfa,
    "physical_therapist",
    "Happy to resume graded loading 48 hours after the ablation — please send me the date so I can book him for the following week.",
    b.ago(12),
  );
  b.comment("plan_item", b.itemOf(secondBlock), "physician", "Two positive blocks at the same level and side; ablation proposed.", b.ago(14 - 0.02));
  b.actionItem({ description: "Decide on the L4-L5 ablation order and tell Samuel the date", owner: "physician", dueDate: b.ahead(4), at: b.ago(7) });
}

/** Beatriz Montoya: failed back surgery with an inherited opioid regimen of 105 MME/day (fentanyl + oxycodone). */
function beatrizMontoya(b: RecordBuilder): void {
  const intake = 120;
  b.carePlan(
    "Failed back surgery syndrome after L5-S1 laminectomy. Came to the clinic on fentanyl 25 mcg/hr and oxycodone IR 10 mg three times daily — 105 MME/day. Naloxone supplied; slow taper of the oxycodone proposed alongside aquatic therapy and the pain coping group.",
    b.ago(intake),
  );
  const problem = b.problem({
    diagnosis: "Failed back surgery syndrome after L5-S1 laminectomy",
    bodySite: "lower back, both buttocks, right leg to the calf",
    laterality: "right",
    level: "L5-S1",
    painGenerator: "nerve_root",
    painPattern: "mixed",
    onsetDate: b.monthsAgo(60),
    imagingFindings: "MRI lumbar spine (1 year ago): post-laminectomy changes at L5-S1 with epidural fibrosis around the right S1 root; mild L4-L5 disc bulge without compression.",
    imagingConcordant: true,
    findings: ["failed_back_surgery_syndrome", "post_surgical_epidural_fibrosis"],
    at: b.ago(intake - 0.02),
  });
  const opioidStart = b.ago(400);
  const fentanyl = b.medication({
    catalog: "fentanyl_patch",
    name: "Fentanyl transdermal patch (changed every 72 h)",
    doseMg: 25,
    timesPerDay: 1,
    route: "transdermal",
    startedAt: opioidStart,
    recordedAt: b.ago(intake - 0.03),
  });
  b.medication({ ...med.oxycodoneIr, startedAt: opioidStart, recordedAt: b.ago(intake - 0.03) });
  b.medication({ ...med.gabapentin, startedAt: b.ago(380), recordedAt: b.ago(intake - 0.03) });
  b.medication({ ...med.naloxone, startedAt: b.ago(intake - 0.04) });
  b.comment(
    "medication",
    fentanyl,
    "physician",
    "105 MME/day on the CDC 2022 table — above the 90 threshold. Regimen inherited from her previous prescriber; naloxone supplied today and her partner shown how to use it. No escalation; taper to be agreed once she is settled in PT.",
    b.ago(intake - 0.05),
  );
  b.assessment("nrs", [7], b.ago(intake - 0.04), "physician");
  b.assessment("peg3", [7, 8, 7], b.ago(intake - 0.04), "physician");
  b.assessment("odi", odiFor(48), b.ago(intake - 0.04), "physician");
  b.course({
    from: 105,
    every: 7,
    pain: [7, 7],
    interventions: [
      ["aquatic exercise", "graded walking"],
      ["hip and trunk strengthening", "pacing education"],
      ["aquatic exercise", "neural mobilisation (sciatic slider)"],
    ],
    functionNotes: { 0: "Walks 10 minutes with a stick; sleeps 4–5 hours." },
  });
  const walk = b.goal({
    discipline: "physical_therapist",
    description: "Walk 30 minutes with her stick",
    measure: "continuous walking time (minutes)",
    target: "30 minutes",
    targetDate: b.ahead(60),
    problemId: problem,
    at: b.ago(105 - 0.06),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Aquatic therapy and graded activity",
    rationale: "Deconditioned after years of low activity; warm-water exercise first, then land-based walking.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(105 - 0.05),
    startedAt: b.ago(104),
    status: "active",
  });
  b.assessment("phq9", phq9For(9, 4), b.ago(75), "psychologist");
  b.assessment("gad7", gad7For(6, 1), b.ago(75), "psychologist");
  b.planItem({
    kind: "psychology",
    step: 2,
    discipline: "psychologist",
    title: "Pain coping skills group (8 weeks)",
    rationale: "Long-term opioid therapy with little function gained; coping skills before and during a taper.",
    problemId: problem,
    proposedAt: b.ago(72),
    startedAt: b.ago(70),
    status: "active",
  });
  b.assessment("nrs", [7], b.ago(45), "physical_therapist");
  const taper = b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Opioid taper: oxycodone IR down 10% a month",
    rationale: "105 MME/day without functional benefit; slow, patient-agreed taper of the short-acting opioid first.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(14),
    status: "proposed",
  });
  b.comment(
    "plan_item",
    taper,
    "psychologist",
    "She is frightened of a flare if the dose comes down. I'll cover it in the group and see her one-to-one before the first reduction.",
    b.ago(12),
  );
  b.assessment("nrs", [7], b.ago(7), "physician");
  b.actionItem({ description: "Agree the taper schedule with Beatriz and her GP", owner: "physician", dueDate: b.ahead(10), at: b.ago(10) });
  b.actionItem({ description: "Check the prescription monitoring programme before the opioid review", owner: "coordinator", dueDate: b.ago(3), at: b.ago(10) });
}

/** Richard Okonkwo (Dr. Reyes): post-laminectomy pain on morphine ER, 60 MME/day — opioid review. */
function richardOkonkwo(b: RecordBuilder): void {
  const intake = 95;
  b.carePlan(
    "Post-laminectomy pain syndrome (L4-L5). Long-standing morphine ER 30 mg twice daily (60 MME/day): stable, modest function. Plan: no escalation, naloxone, walking and trunk endurance programme; revisit tapering at each review.",
    b.ago(intake),
  );
  const problem = b.problem({
    diagnosis: "Post-laminectomy pain syndrome (L4-L5 laminectomy)",
    bodySite: "lower back and left buttock",
    laterality: "left",
    level: "L4-L5",
    painGenerator: "nerve_root",
    painPattern: "mixed",
    onsetDate: b.monthsAgo(48),
    imagingFindings: "MRI lumbar spine (2 years ago): L4-L5 laminectomy defect with mild epidural fibrosis; no recurrent herniation or instability.",
    imagingConcordant: true,
    findings: ["failed_back_surgery_syndrome"],
    at: b.ago(intake - 0.02),
  });
  const morphine = b.medication({
    catalog: "morphine_er",
    name: "Morphine sulfate ER",
    doseMg: 30,
    timesPerDay: 2,
    route: "oral",
    startedAt: b.ago(420),
    recordedAt: b.ago(intake - 0.03),
  });
  b.medication({ ...med.duloxetine60, startedAt: b.ago(200), recordedAt: b.ago(intake - 0.03) });
  b.medication({ ...med.naloxone, startedAt: b.ago(intake - 0.04) });
  b.assessment("nrs", [6], b.ago(intake - 0.04), "physician");
  b.assessment("odi", odiFor(36), b.ago(intake - 0.04), "physician");
  b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Morphine ER review: hold the dose, no escalation",
    rationale: "60 MME/day for over a year; stable, no aberrant behaviour. Review monthly; discuss tapering benefits at each visit.",
    problemId: problem,
    proposedAt: b.ago(intake - 0.05),
    startedAt: b.ago(intake - 0.05),
    status: "active",
  });
  b.comment(
    "medication",
    morphine,
    "physician",
    "60 MME/day — over the 50 review threshold. Stable for a year; agreed no escalation and naloxone at home. He is not ready to taper yet; revisit at each review.",
    b.ago(intake - 0.06),
  );
  b.course({
    from: 88,
    every: 10,
    pain: [6, 5],
    interventions: [
      ["graded walking", "core endurance (McGill big three)"],
      ["hip hinge retraining", "stationary cycling"],
    ],
  });
  const walk = b.goal({
    discipline: "physical_therapist",
    description: "Walk the dog for 30 minutes twice a day",
    measure: "walking time per outing (minutes)",
    target: "30 minutes",
    targetDate: b.ahead(45),
    problemId: problem,
    at: b.ago(88 - 0.06),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Walking and trunk endurance programme",
    rationale: "Build activity tolerance so function, not the opioid dose, carries the plan.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(88 - 0.05),
    startedAt: b.ago(87),
    status: "active",
  });
  b.assessment("phq9", phq9For(5, 6), b.ago(60), "psychologist");
  b.assessment("nrs", [5], b.ago(8), "physical_therapist");
  b.assessment("odi", odiFor(32, 4), b.ago(8), "physical_therapist");
  b.actionItem({ description: "Renew the opioid agreement and arrange a urine drug screen", owner: "physician", dueDate: b.ahead(14), at: b.ago(6) });
}

/** Emily Vance: whiplash-associated neck pain; two PT no-shows in the last 30 days. */
function emilyVance(b: RecordBuilder): void {
  b.carePlan(
    "Chronic neck pain after whiplash (WAD II) with driving anxiety. Good early progress in PT, but attendance has dropped this month (two no-shows); coordinator following up on transport and childcare.",
    b.ago(75),
  );
  const problem = b.problem({
    diagnosis: "Chronic neck pain after whiplash (WAD grade II)",
    bodySite: "neck and upper shoulders, both sides",
    laterality: "bilateral",
    level: null,
    painGenerator: "unknown",
    painPattern: "axial",
    onsetDate: b.monthsAgo(15),
    imagingFindings: "Cervical MRI (10 months ago): normal alignment; no disc herniation or ligamentous injury.",
    imagingConcordant: null,
    at: b.ago(75 - 0.02),
  });
  b.assessment("nrs", [6], b.ago(75 - 0.03), "physician");
  b.assessment("peg3", [6, 6, 7], b.ago(75 - 0.03), "physician");
  b.medication({ ...med.ibuprofen, startedAt: b.ago(75 - 0.04) });
  const missed: Readonly<Record<number, Attendance>> = { 24: "no_show", 10: "no_show", 3: "cancelled" };
  const sessions = b.course({
    from: 66,
    to: 3,
    every: 7,
    pain: [6, 4],
    interventions: [
      ["deep neck flexor training", "scapular setting"],
      ["cervical mobilisation grade II", "graded exposure: head turns"],
      ["scapular strengthening (bands)", "relaxation breathing"],
    ],
    attendance: (_k, daysAgo) => missed[daysAgo] ?? "attended",
    notes: { 8: "Second no-show this month. She texted afterwards that her car is off the road." },
  });
  const walkGoal = b.goal({
    discipline: "physical_therapist",
    description: "Check her blind spot when driving without pain",
    measure: "cervical rotation each way (degrees) and pain while driving",
    target: "70° each way, pain 3/10 or less",
    targetDate: b.ahead(35),
    problemId: problem,
    at: b.ago(66 - 0.06),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Graded exercise: deep neck flexors and scapular control",
    rationale: "Best-evidence care for persistent whiplash pain: graded exercise with reassurance.",
    problemId: problem,
    goalIds: [walkGoal],
    proposedAt: b.ago(66 - 0.05),
    startedAt: b.ago(65),
    status: "active",
  });
  b.assessment("phq9", phq9For(7, 3), b.ago(45), "psychologist");
  b.assessment("gad7", gad7For(10, 5), b.ago(45), "psychologist");
  b.planItem({
    kind: "psychology",
    step: 2,
    discipline: "psychologist",
    title: "Brief CBT for driving anxiety (4 sessions)",
    rationale: "Avoids driving since the collision (GAD-7 10); graded exposure alongside PT.",
    problemId: problem,
    proposedAt: b.ago(42),
    startedAt: b.ago(40),
    status: "active",
  });
  b.assessment("nrs", [5], b.ago(31), "physical_therapist");
  const lastNoShow = sessions[sessions.length - 2];
  if (lastNoShow) {
    b.comment(
      "therapy_session",
      lastNoShow,
      "physical_therapist",
      "Second no-show in a month. Could we offer her telehealth sessions until the car is fixed?",
      b.ago(10 - 0.1),
    );
  }
  b.actionItem({ description: "Call Emily Vance about missed PT sessions (transport, childcare?) and offer telehealth", owner: "coordinator", dueDate: b.ahead(1), at: b.ago(9) });
}

/** Chloe Beaumont: CRPS right lower limb; the latest PHQ-9 endorses item 9 — the urgent safety flag. */
function chloeBeaumont(b: RecordBuilder): void {
  const plan = b.carePlan(
    "CRPS type I of the right foot and ankle after a fracture 14 months ago. Graded motor imagery, gabapentin and CBT; one lumbar sympathetic block gave 50% relief in its pain diary and a warmer foot for about 10 days. Spinal cord stimulation raised; clearance deferred until mood improves. Latest PHQ-9 18 with item 9 endorsed: seen the same day, safety plan in place, weekly psychology.",
    b.ago(205),
  );
  const problem = b.problem({
    diagnosis: "Complex regional pain syndrome type I, right lower limb",
    bodySite: "right foot and ankle",
    laterality: "right",
    level: null,
    painGenerator: "unknown",
    painPattern: "neuropathic",
    onsetDate: b.monthsAgo(14),
    imagingFindings: "Three-phase bone scan (9 months ago): increased periarticular uptake in the right ankle and foot on delayed images, consistent with CRPS.",
    imagingConcordant: true,
    findings: ["crps_suspected", "sympathetically_maintained_pain"],
    at: b.ago(205 - 0.02),
  });
  b.assessment("nrs", [8], b.ago(205 - 0.03), "physician");
  b.assessment("peg3", [8, 8, 8], b.ago(205 - 0.03), "physician");
  b.medication({ catalog: "gabapentin", name: "Gabapentin", doseMg: 600, timesPerDay: 3, route: "oral", startedAt: b.ago(205 - 0.04) });
  b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Neuropathic pain medication: gabapentin",
    rationale: "Burning pain and allodynia; titrated to 600 mg three times daily.",
    problemId: problem,
    proposedAt: b.ago(205 - 0.04),
    startedAt: b.ago(205 - 0.04),
    status: "active",
  });
  b.course({
    from: 197,
    to: 1,
    every: 14,
    pain: [8, 7],
    interventions: [
      ["graded motor imagery (laterality training)", "desensitisation with textures"],
      ["mirror therapy", "graded weight-bearing"],
      ["desensitisation with textures", "gait retraining"],
    ],
    functionNotes: { 0: "Cannot bear a sock on the right foot; walks with crutches, partial weight-bearing." },
  });
  const walk = b.goal({
    discipline: "physical_therapist",
    description: "Walk across campus to lectures without crutches",
    measure: "distance walked without aids",
    target: "500 m",
    targetDate: b.ahead(60),
    problemId: problem,
    at: b.ago(197 - 0.06),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Graded motor imagery and desensitisation",
    rationale: "CRPS: graded motor imagery and graded exposure to touch and weight-bearing.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(197 - 0.05),
    startedAt: b.ago(196),
    status: "active",
  });
  b.assessment("phq9", [1, 1, 2, 1, 1, 1, 1, 0, 0], b.ago(150), "psychologist");
  b.assessment("pcs", pcsFor(27, 2), b.ago(150), "psychologist");
  b.planItem({
    kind: "psychology",
    step: 2,
    discipline: "psychologist",
    title: "CBT for pain and low mood",
    rationale: "Mood lowering as the pain persists and she has deferred her degree.",
    problemId: problem,
    proposedAt: b.ago(150),
    startedAt: b.ago(148),
    status: "active",
  });
  b.procedure({
    type: "sympathetic_block",
    item: { problemId: problem, title: "Lumbar sympathetic block, right", rationale: "Suspected sympathetically maintained pain; diagnostic and, if positive, a window for graded motor imagery." },
    level: "L2",
    side: "right",
    region: "lumbar",
    diagnostic: true,
    indication: "CRPS type I of the right foot with colour and temperature change and allodynia; suspected sympathetically maintained pain.",
    intent:
      "To find out whether the sympathetic nerves are driving your foot pain, and if they are, to give a window of lower pain for your graded exercises. Local anaesthetic is placed next to the sympathetic chain in the lower back under X-ray guidance.",
    expectedBenefit: "If it works your foot should feel warmer and less painful within an hour; relief can last days to weeks. Use that window to push your PT programme.",
    alternatives: "Continue graded motor imagery and medication alone; a series of blocks if the first helps; spinal cord stimulation is a later option for CRPS.",
    followUpPlan: "Temperature check before and after; pain diary for 2 weeks; PT booked for the two days after the block.",
    proposedAt: b.ago(135),
    scheduledFor: b.ago(120),
    performedAt: b.ago(120),
    preProcedurePain: 8,
    series: diary([5, 4, 4, 5, 6]),
    complications: "None. Right foot warmed by 2.5 °C within 20 minutes.",
  });
  b.assessment("phq9", [2, 1, 2, 2, 1, 2, 1, 1, 0], b.ago(90), "psychologist");
  b.assessment("nrs", [7], b.ago(90), "physician");
  const deferred = b.clearance({
    procedureType: "scs_trial",
    requestedAt: b.ago(60),
    status: "deferred",
    decidedAt: b.ago(45 - 0.02),
    rationale:
      "Deferred, not declined. Moderate depression (PHQ-9 13) with hopelessness about the foot; an implant decision now would carry unrealistic hopes. Re-evaluate after three months of CBT.",
  });
  b.comment(
    "clearance",
    deferred,
    "physician",
    "Understood — we'll keep stimulation as an option for later and concentrate on graded motor imagery and mood.",
    b.ago(44),
  );
  b.assessment("phq9", [2, 2, 2, 2, 1, 2, 1, 1, 0], b.ago(45), "psychologist");
  b.assessment("nrs", [8], b.ago(30), "physician");
  b.assessment("phq9", [2, 3, 3, 2, 2, 3, 1, 1, 1], b.ago(3), "psychologist");
  b.assessment("gad7", [2, 2, 2, 1, 1, 2, 2], b.ago(3), "psychologist");
  const note = b.psychNote(
    "shared_summary",
    "PHQ-9 today 18 with item 9 endorsed ('several days'). Seen the same day: passive thoughts that she would be better off not waking up; no plan, no intent, no previous attempts. Protective factors: her sister, her dog, finishing her degree. Safety plan written together; crisis line numbers given; GP informed with her consent. Weekly sessions and a re-screen at every visit. Please avoid anything with high overdose toxicity without talking to me first.",
    b.ago(3 - 0.05),
  );
  b.psychNote(
    "psychotherapy",
    "Crisis-focused session. Hopelessness about the foot 'never getting better' and falling behind her friends at university. Worked through reasons for living; she chose to keep her dog's lead by the door as a reminder of her morning walks.",
    b.ago(3 - 0.06),
  );
  b.comment("psych_note", note, "physician", "Thank you. No tricyclics; I'll switch gabapentin to weekly dispensing and see her on Tuesday.", b.ago(2.9));
  b.actionItem({ description: "Safety check-in call with Chloe Beaumont", owner: "psychologist", dueDate: b.ahead(1), at: b.ago(3 - 0.07) });
  b.actionItem({
    description: "Switch gabapentin to weekly dispensing with the pharmacy",
    owner: "physician",
    dueDate: b.ago(1),
    at: b.ago(3 - 0.07),
    status: "done",
    closedAt: b.ago(2),
  });
  b.comment(
    "care_plan",
    plan,
    "physical_therapist",
    "She came to PT yesterday and was brighter. I'll check in at each session and flag anything to Dr. Brooks the same day.",
    b.ago(0.3),
  );
}

/** Benjamin Hartley (Dr. Reyes): non-specific low back pain improving on conservative care alone. */
function benjaminHartley(b: RecordBuilder): void {
  const plan = b.carePlan(
    "Non-specific chronic low back pain, improving on conservative care alone: NRS 7 → 3, PEG 7.0 → 3.3, ODI 44 → 16. Back at work three shifts a week and walking 35 minutes. PT completed; graded walking continues; review in 3 months.",
    b.ago(142),
  );
  const problem = b.problem({
    diagnosis: "Chronic low back pain, non-specific",
    bodySite: "lower back, central",
    laterality: "midline",
    level: null,
    painGenerator: "unknown",
    painPattern: "axial",
    onsetDate: b.monthsAgo(10),
    imagingFindings: "No imaging: no red flags on examination, none indicated.",
    imagingConcordant: null,
    at: b.ago(142 - 0.02),
  });
  b.assessment("nrs", [7], b.ago(142 - 0.03), "physician");
  b.assessment("peg3", [7, 7, 7], b.ago(142 - 0.03), "physician");
  b.assessment("odi", odiFor(44), b.ago(142 - 0.03), "physician");
  b.medication({ ...med.ibuprofen, startedAt: b.ago(142 - 0.04), stoppedAt: b.ago(60), stopReason: "no longer needed" });
  const work = b.goal({
    discipline: "physician",
    description: "Return to part-time work (3 shifts a week as a warehouse supervisor)",
    measure: "shifts worked per week",
    target: "3 shifts a week",
    targetDate: b.ago(14),
    problemId: problem,
    at: b.ago(142 - 0.05),
    status: "met",
    statusAt: b.ago(21),
  });
  b.planItem({
    kind: "medication",
    step: 1,
    discipline: "physician",
    title: "Ibuprofen for flares",
    rationale: "Short-term NSAID to support activity during the first weeks of PT.",
    problemId: problem,
    proposedAt: b.ago(142 - 0.05),
    startedAt: b.ago(142 - 0.05),
    endedAt: b.ago(60),
    status: "completed",
  });
  b.course({
    from: 138,
    to: 14,
    every: 7,
    pain: [7, 3],
    interventions: [
      ["McKenzie extension in lying", "graded walking"],
      ["lifting practice (hip hinge)", "core endurance (McGill big three)"],
      ["return-to-work simulation", "graded walking"],
    ],
    functionNotes: {
      0: "Walks 10 minutes; off work for 6 weeks; afraid bending will 'slip a disc'.",
      9: "Walking 25 minutes; lifting 10 kg from knee height with good form.",
      16: "Walked 35 minutes round the park without stopping.",
      17: "Lifting 15 kg from the floor with good form. Discharged with a home programme.",
    },
  });
  const walk = b.goal({
    discipline: "physical_therapist",
    description: "Walk 30 minutes without stopping",
    measure: "continuous walking time (minutes)",
    target: "30 minutes",
    targetDate: b.ago(21),
    problemId: problem,
    at: b.ago(138 - 0.06),
    status: "met",
    statusAt: b.ago(26 - 0.05),
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Graded activity and McKenzie-based exercise",
    rationale: "Directional preference for extension; graded activity towards work tasks; reassurance that hurt is not harm.",
    problemId: problem,
    goalIds: [walk, work],
    proposedAt: b.ago(138 - 0.05),
    startedAt: b.ago(137),
    endedAt: b.ago(14),
    status: "completed",
  });
  b.planItem({
    kind: "lifestyle",
    step: 1,
    discipline: "physical_therapist",
    title: "Graded walking programme",
    rationale: "Daily walking, increasing 10% a week, continued after discharge from PT.",
    problemId: problem,
    goalIds: [walk],
    proposedAt: b.ago(127),
    startedAt: b.ago(126),
    status: "active",
  });
  b.assessment("phq9", [1, 1, 2, 1, 1, 1, 1, 0, 0], b.ago(130), "psychologist");
  const sleep = b.goal({
    discipline: "psychologist",
    description: "Sleep through the night on 5 of 7 nights",
    measure: "nights slept through per week (diary)",
    target: "5 of 7",
    targetDate: b.ago(60),
    problemId: problem,
    at: b.ago(122),
    status: "met",
    statusAt: b.ago(40),
  });
  b.planItem({
    kind: "psychology",
    step: 2,
    discipline: "psychologist",
    title: "Pain education and pacing (4 sessions)",
    rationale: "Fear of movement and poor sleep; brief pain neuroscience education and pacing.",
    problemId: problem,
    goalIds: [sleep],
    proposedAt: b.ago(122),
    startedAt: b.ago(120),
    endedAt: b.ago(90),
    status: "completed",
  });
  b.assessment("nrs", [6], b.ago(112), "physical_therapist");
  b.assessment("nrs", [5], b.ago(84), "physician");
  b.assessment("peg3", [5, 5, 5], b.ago(84), "physician");
  b.assessment("odi", odiFor(30, 2), b.ago(84), "physician");
  b.psychNote(
    "shared_summary",
    "Pain education and pacing completed (4 sessions). Understands that flare-ups do not mean damage; uses a graded plan for work tasks; sleeping better. Mood now minimal. Discharged from psychology — happy to see him again if needed.",
    b.ago(90),
  );
  b.assessment("phq9", [1, 0, 1, 1, 0, 0, 0, 0, 0], b.ago(60), "psychologist");
  b.assessment("nrs", [4], b.ago(56), "physical_therapist");
  b.assessment("nrs", [3], b.ago(28), "physical_therapist");
  b.comment("goal", walk, "physical_therapist", "Walked 35 minutes round the park without stopping today. Goal met!", b.ago(26 - 0.06));
  b.assessment("nrs", [3], b.ago(7), "physician");
  b.assessment("peg3", [3, 3, 4], b.ago(7), "physician");
  b.assessment("odi", odiFor(16, 4), b.ago(7), "physician");
  b.comment("care_plan", plan, "physician", "Back at work three shifts a week. Conservative care alone — no procedures needed. Review in 3 months.", b.ago(7 - 0.01));
  b.goal({
    discipline: "physical_therapist",
    description: "Play five-a-side football with friends again",
    measure: "games played per month",
    target: "2 per month",
    targetDate: b.ahead(90),
    problemId: problem,
    at: b.ago(14),
  });
}

/** Walter Pennington (Dr. Reyes) (S7): painful spinal metastases; systemic opioids limited by side effects; intrathecal trial proposed. */
function walterPennington(b: RecordBuilder): void {
  const intake = 75;
  b.carePlan(
    "Cancer-related pain from metastatic prostate cancer in the spine (T11-L1), after radiotherapy. Morphine gives partial relief but sedation and constipation limit every increase. With his oncologist: a single-shot intrathecal morphine trial, and an implanted pump if it helps.",
    b.ago(intake),
  );
  const problem = b.problem({
    diagnosis: "Cancer-related pain, metastatic spine (T11-L1)",
    bodySite: "mid and lower back, a band round the lower ribs on both sides",
    laterality: "bilateral",
    level: "T11-L1",
    painGenerator: "unknown",
    painPattern: "mixed",
    onsetDate: b.monthsAgo(9),
    imagingFindings: "MRI whole spine (2 months ago): metastatic deposits in T11, T12 and L1 without cord compression or instability; radiotherapy to T11-L1 completed 3 months ago.",
    imagingConcordant: true,
    findings: ["malignant_pain"],
    at: b.ago(intake - 0.02),
  });
  b.assessment("nrs", [8], b.ago(intake - 0.03), "physician");
  b.assessment("peg3", [8, 8, 7], b.ago(intake - 0.03), "physician");
  b.medication({ catalog: "morphine_er", name: "Morphine sulfate ER", doseMg: 30, timesPerDay: 2, route: "oral", startedAt: b.ago(160), recordedAt: b.ago(intake - 0.04) });
  b.medication({ catalog: "morphine_ir", name: "Morphine sulfate IR", doseMg: 5, timesPerDay: 4, asNeeded: true, route: "oral", startedAt: b.ago(160), recordedAt: b.ago(intake - 0.04) });
  b.medication({ ...med.paracetamol, startedAt: b.ago(200), recordedAt: b.ago(intake - 0.04) });
  b.medication({ ...med.naloxone, startedAt: b.ago(intake - 0.05) });
  b.monitoring("pdmp_check", b.ago(intake - 0.05), "One prescriber (oncology), one pharmacy.");
  b.monitoring("urine_drug_test", b.ago(intake - 0.05), "Expected: morphine. Nothing unexpected.");
  b.monitoring("naloxone_offered", b.ago(intake - 0.05), "Nasal naloxone prescribed; his wife shown how to use it.");
  b.monitoring("pdmp_check", b.ago(12), "No change.");
  b.planItem({
    kind: "medication",
    step: 2,
    discipline: "physician",
    title: "Morphine ER with as-needed IR and a bowel regimen",
    rationale: "Cancer pain: scheduled and breakthrough morphine; each increase has brought sedation and constipation.",
    problemId: problem,
    proposedAt: b.ago(intake - 0.06),
    startedAt: b.ago(intake - 0.06),
    status: "active",
  });
  const home = b.goal({
    discipline: "physician",
    description: "Sit through a family meal and sleep in his own bed",
    measure: "sitting tolerance (minutes) and nights in bed per week",
    target: "45 minutes; 7 nights",
    targetDate: b.ahead(45),
    problemId: problem,
    at: b.ago(intake - 0.07),
  });
  b.course({
    from: 68,
    every: 10,
    pain: [8, 7],
    interventions: [["bed mobility and transfers", "gentle walking with a frame"], ["energy conservation", "falls prevention"]],
    functionNotes: { 0: "Walks 20 metres with a frame; sleeps in a recliner because lying flat hurts." },
  });
  b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: "Mobility, transfers and falls prevention",
    rationale: "Keep him safe and as mobile as the pain allows.",
    problemId: problem,
    goalIds: [home],
    proposedAt: b.ago(68 - 0.05),
    startedAt: b.ago(67),
    status: "active",
  });
  b.assessment("phq9", phq9For(8, 2), b.ago(60), "psychologist");
  b.psychNote(
    "shared_summary",
    "Seen for adjustment to his diagnosis. Mood understandably low (PHQ-9 8), no safety concerns; coping well with his wife's support. Understands the intrathecal trial and its limits; for cancer pain no psychological clearance is needed, but I will keep seeing him.",
    b.ago(30),
  );
  b.assessment("nrs", [8], b.ago(14), "physician");
  b.assessment("peg3", [8, 7, 8], b.ago(14), "physician");
  const trial = b.procedure({
    type: "intrathecal_pump_trial",
    item: { problemId: problem, goalIds: [home], title: "Intrathecal morphine trial (single shot)", rationale: "Cancer pain with intolerable side effects from systemic opioids." },
    level: "L3-L4",
    side: null,
    region: "lumbar",
    indication:
      "Chronic intractable pain of malignant origin (metastatic prostate cancer, T11-L1 deposits) after radiotherapy; systemic morphine limited by sedation and constipation at 80 MME/day.",
    intent:
      "A test of whether morphine given straight into the fluid around the spinal cord controls your pain with fewer side effects. A single small dose is injected through a fine needle in the lower back, and you stay in hospital overnight so we can watch your pain, breathing and side effects.",
    expectedBenefit:
      "If your pain halves and the side effects are acceptable, a pump placed under the skin of the tummy can deliver a tiny, steady dose — often with far less sedation than tablets.",
    alternatives: "Continue and adjust oral morphine with the oncology team; further radiotherapy; a nerve block for the band of rib pain.",
    followUpPlan: "Overnight stay with hourly pain and breathing checks; decision about a pump with you, your wife and the oncologist at the end of the trial.",
    proposedAt: b.ago(5),
  });
  b.comment("procedure", trial, "physical_therapist", "He manages 20 metres with the frame. Happy to see him on the ward the morning after the trial.", b.ago(4));
  b.actionItem({ description: "Agree the intrathecal trial date with oncology and book the overnight bed", owner: "coordinator", dueDate: b.ahead(7), at: b.ago(4) });
}

// --- lighter records for the rest of the clinic ------------------------------------------------

interface LightSpec {
  summary: string;
  problem: Omit<ProblemSpec, "onsetDate" | "at"> & { onsetMonths: number };
  pt: { title: string; rationale: string; interventions: readonly (readonly string[])[] };
  goal: { description: string; measure: string; target: string; discipline?: Discipline };
  meds: readonly MedicationSpec[];
  second: { kind: "medication" | "psychology" | "lifestyle" | "complementary"; title: string; rationale: string };
  functionScale: "odi" | "peg3";
  pain: readonly [number, number];
  weeks?: number;
  extra?: (b: RecordBuilder, start: number, problemId: string) => void;
}

const lightSpecs: Readonly<Record<number, LightSpec>> = {
  // Thomas Whitaker (S1): L5 radiculopathy, a good first epidural; on apixaban, the repeat is scheduled in 2 days and the hold is not confirmed.
  1: {
    summary:
      "Left L5 radiculopathy from an L4-L5 disc protrusion. Transforaminal epidural gave 57% relief, still there at 3 months; leg pain creeping back this month, so a repeat is booked in 2 days. On apixaban for atrial fibrillation: the hold before the injection still needs confirming with his cardiologist.",
    problem: {
      diagnosis: "Lumbar radiculopathy, L5 (left)",
      bodySite: "lower back and left leg to the big toe",
      laterality: "left",
      level: "L4-L5",
      painGenerator: "nerve_root",
      painPattern: "radicular",
      onsetMonths: 7,
      imagingFindings: "MRI lumbar spine (5 months ago): left paracentral L4-L5 disc protrusion contacting the traversing left L5 nerve root.",
      imagingConcordant: true,
    },
    pt: {
      title: "Directional-preference exercise and neural mobilisation",
      rationale: "Centralises with repeated extension; neural mobilisation for the L5 root.",
      interventions: [["McKenzie extension in lying", "neural mobilisation (sciatic slider)"], ["core endurance", "graded walking"]],
    },
    goal: { description: "Walk 30 minutes without leg pain stopping him", measure: "continuous walking time (minutes)", target: "30 minutes" },
    meds: [med.naproxen, med.gabapentin],
    second: { kind: "medication", title: "Neuropathic pain medication: gabapentin titration", rationale: "Radicular pain disturbing sleep." },
    functionScale: "odi",
    pain: [7, 5],
    weeks: 22,
    extra: (b, start, problemId) => {
      const apixaban = b.medication({ ...med.apixaban, startedAt: b.ago(700), recordedAt: b.ago(start - 0.04) });
      b.procedure({
        type: "esi_transforaminal",
        item: { problemId: problemId, title: "Transforaminal epidural steroid injection L4-L5 left", rationale: "Radicular pain with concordant imaging after 5 weeks of active PT." },
        holdConfirmations: [
          {
            drug: "apixaban",
            medicationId: apixaban,
            confirmedBy: b.staff("physician").id,
            confirmedAt: b.ago(start - 48).toISOString(),
            note: "Held for 5 days before the injection, agreed with his cardiologist; restarted the next morning.",
          },
        ],
        level: "L4-L5",
        side: "left",
        region: "lumbar",
        indication: "Left L5 radicular pain for 5 months with a concordant L4-L5 disc protrusion; 6 weeks of active PT with partial relief.",
        intent: "To calm the inflamed left L5 nerve root with a steroid placed under X-ray guidance where the nerve leaves the spine, so the leg pain settles and you can keep going with your exercises.",
        expectedBenefit: "Leg pain often eases within a week; relief can last weeks to months while the disc settles. It does not remove the disc bulge.",
        alternatives: "Continue PT and medication and give the disc more time (most settle within a year); a surgical opinion if weakness develops.",
        followUpPlan: "Pain diary for 2 weeks, PT continues from 2 days after, outcome review at 3 weeks.",
        proposedAt: b.ago(start - 42),
        scheduledFor: b.ago(start - 56),
        performedAt: b.ago(start - 56),
        preProcedurePain: 7,
        series: [
          { point: "2w", pain: 3 },
          { point: "3m", pain: 3, notes: "Leg pain still well down; walking 25 minutes." },
        ],
        complications: "None",
      });
      b.assessment("nrs", [6], b.ago(7), "physician");
      b.assessment("odi", odiFor(36, 1), b.ago(7), "physician");
      b.procedure({
        type: "esi_transforaminal",
        item: {
          problemId,
          title: "Repeat transforaminal epidural steroid injection L4-L5 left",
          rationale: "The first injection gave 57% relief that lasted 3 months; the leg pain is coming back and is slowing his walking programme.",
        },
        level: "L4-L5",
        side: "left",
        region: "lumbar",
        indication:
          "Return of left L5 radicular pain (NRS 6) after a transforaminal epidural at L4-L5 left that gave 57% relief lasting 3 months; concordant L4-L5 disc protrusion.",
        intent: "The same injection as last time: a steroid placed next to the inflamed left L5 nerve root under X-ray guidance, so the leg pain settles again and you can keep walking.",
        expectedBenefit: "Last time the leg pain halved for about 3 months; a repeat often helps in a similar way, though not always as much.",
        alternatives: "Continue PT and gabapentin without an injection; a surgical opinion if the leg pain keeps returning or weakness develops.",
        followUpPlan:
          "Apixaban must be held before the injection (confirm the dates with his cardiologist). Pain diary for 2 weeks; outcome reviews at 2 weeks and 3 months; PT continues from 2 days after.",
        proposedAt: b.ago(7 - 0.01),
        approvedAt: b.ago(6),
        scheduledAt: b.ago(6 - 0.05),
        scheduledFor: b.ahead(2),
      });
    },
  },
  // Robert Castellanos
  3: {
    summary: "Cervical facet-mediated neck pain (C4-C6). Deep neck flexor training and workstation changes; pain easing and rotation improving.",
    problem: {
      diagnosis: "Cervical facet-mediated neck pain",
      bodySite: "neck, right more than left, into the shoulder blade",
      laterality: "bilateral",
      level: "C4-C6",
      painGenerator: "facet_joint",
      painPattern: "axial",
      onsetMonths: 26,
      imagingFindings: "X-ray cervical spine: facet arthropathy at C4-C5 and C5-C6 with preserved disc heights.",
      imagingConcordant: true,
    },
    pt: {
      title: "Deep neck flexor and scapular stabilisation",
      rationale: "Endurance of the deep neck flexors and scapular control for facet-mediated neck pain.",
      interventions: [["deep neck flexor training", "scapular setting"], ["cervical mobilisation grade III", "thoracic extension mobilisation"]],
    },
    goal: { description: "Check his blind spot when driving without pain", measure: "cervical rotation each way (degrees)", target: "70° each way" },
    meds: [med.paracetamol, med.diclofenacGel],
    second: { kind: "lifestyle", title: "Workstation set-up and micro-breaks", rationale: "Eight hours a day at two monitors set too low." },
    functionScale: "peg3",
    pain: [6, 4],
  },
  // Linda Marsh (S8): knee osteoarthritis; a steroid injection that helped for 3 months, a genicular nerve block 10 days ago with its pain diary, genicular RFA proposed.
  4: {
    summary:
      "Right knee osteoarthritis (medial, KL 3). Steroid injection gave 57% relief that lasted 3 months; as it wore off, a genicular nerve block 10 days ago gave 71.4% relief in its pain diary. Genicular radiofrequency ablation proposed; quadriceps strengthening and weight management continue.",
    problem: {
      diagnosis: "Knee osteoarthritis, right",
      bodySite: "right knee, medial side",
      laterality: "right",
      level: null,
      painGenerator: "joint",
      painPattern: "other",
      onsetMonths: 60,
      imagingFindings: "Weight-bearing X-ray: medial compartment narrowing with osteophytes (Kellgren–Lawrence grade 3).",
      imagingConcordant: true,
      findings: ["knee_osteoarthritis"],
    },
    pt: {
      title: "Quadriceps strengthening and gait retraining",
      rationale: "Exercise is core treatment for knee osteoarthritis at every stage.",
      interventions: [["quadriceps strengthening (sit-to-stand)", "stationary cycling"], ["gait retraining", "balance training"]],
    },
    goal: { description: "Climb a flight of stairs step-over-step", measure: "stairs climbed with the handrail, no pause", target: "14 stairs" },
    meds: [med.paracetamol, med.diclofenacGel],
    second: { kind: "lifestyle", title: "Weight management programme (target 5% loss)", rationale: "BMI 33; each kilogram lost reduces knee load." },
    functionScale: "peg3",
    pain: [7, 6],
    weeks: 20,
    extra: (b, start, problemId) => {
      b.procedure({
        type: "large_joint_injection",
        item: { problemId: problemId, title: "Steroid injection, right knee", rationale: "Pain limiting her exercise programme; an injection to open a window for strengthening." },
        level: null,
        side: "right",
        region: "knee",
        indication: "Painful right knee osteoarthritis (KL 3) limiting her strengthening programme; no injection in the last 12 months.",
        intent: "To settle the inflamed, painful knee with a steroid injection so that you can do your strengthening exercises with less pain.",
        expectedBenefit: "Relief usually starts within a few days and lasts from a few weeks to about three months. It does not slow the arthritis; the exercises do the long-term work.",
        alternatives: "Exercise and weight loss alone; a knee brace; paracetamol and topical anti-inflammatories; a surgical opinion if the knee keeps limiting your life.",
        followUpPlan: "Rest the knee for 48 hours, then back to PT. Outcome review at 4–6 weeks. No more than one injection every 3 months in this knee.",
        proposedAt: b.ago(start - 7),
        scheduledFor: b.ago(start - 14),
        performedAt: b.ago(start - 14),
        preProcedurePain: 7,
        series: [
          { point: "2w", pain: 3 },
          { point: "3m", pain: 3, notes: "Wearing off over the last two weeks." },
        ],
        complications: "None",
      });
      const genicularIntent =
        "A test of the small nerves (genicular nerves) that carry pain from the knee joint: local anaesthetic is placed next to three of them under X-ray guidance. If your knee pain mostly goes away for a few hours, these nerves can be treated for longer with radiofrequency ablation.";
      b.procedure({
        type: "genicular_nerve_block",
        withSteroid: false,
        item: {
          problemId,
          title: "Diagnostic genicular nerve block, right knee",
          rationale: "The steroid injection has worn off after 3 months; a diagnostic block to see whether genicular ablation would help.",
        },
        level: null,
        side: "right",
        region: "knee",
        indication: "Right medial knee osteoarthritis (KL 3), NRS 7 again after the steroid injection wore off; not ready for, and wishing to avoid, knee replacement.",
        intent: genicularIntent,
        expectedBenefit: "Relief lasts only a few hours — that is the point of the test. You score your knee pain before the block and at 30 minutes, 1, 2, 4 and 6 hours in a diary; 50% relief or more is a positive test.",
        alternatives: "Another steroid injection in 3 months' time; exercise and weight loss alone; a surgical opinion about knee replacement.",
        followUpPlan: "Pain diary for 6 hours (walk and climb stairs during it). If positive, discuss genicular radiofrequency ablation at the next visit.",
        proposedAt: b.ago(20),
        approvedAt: b.ago(19),
        scheduledAt: b.ago(19 - 0.05),
        scheduledFor: b.ago(10),
        performedAt: b.ago(10),
        preProcedurePain: 7,
        series: diary([3, 2, 2, 3, 5]),
        complications: "None. Climbed the clinic stairs step-over-step an hour after the block.",
      });
      b.procedure({
        type: "genicular_rfa",
        item: {
          problemId,
          title: "Genicular nerve radiofrequency ablation, right knee",
          rationale: "Diagnostic genicular block gave 71.4% relief; steroid injections help for only 3 months at a time.",
        },
        level: null,
        side: "right",
        region: "knee",
        indication: "Right knee osteoarthritis (KL 3) with 71.4% relief from a diagnostic genicular nerve block; steroid injection relief lasting only 3 months.",
        intent: "To turn down the pain signals from the knee for months at a time: a needle-like probe heats the three genicular nerves that the test block numbed. It does not change the arthritis.",
        expectedBenefit: "Many people whose test block worked get 50% or more relief for 6–12 months; it can be repeated as the nerves regrow.",
        alternatives: "Steroid injections every 3 months or more; exercise and weight loss alone; a surgical opinion about knee replacement.",
        followUpPlan: "Sore for 1–2 weeks (ice, paracetamol); back to PT after 48 hours. Outcome reviews at 6 weeks, 3 and 6 months.",
        proposedAt: b.ago(7),
      });
    },
  },
  // Kevin O'Donnell: sacroiliac joint injection approved and scheduled.
  5: {
    summary: "Right sacroiliac joint pain (4 positive provocation tests). Four months of lumbopelvic stabilisation with limited relief; SI joint injection approved and booked.",
    problem: {
      diagnosis: "Sacroiliac joint dysfunction, right",
      bodySite: "right buttock and back of the thigh",
      laterality: "right",
      level: null,
      painGenerator: "sacroiliac_joint",
      painPattern: "axial",
      onsetMonths: 10,
      imagingFindings: "MRI pelvis: mild right sacroiliac joint degenerative change; no active sacroiliitis.",
      imagingConcordant: true,
      positiveProvocativeTests: 4,
    },
    pt: {
      title: "Lumbopelvic stabilisation",
      rationale: "Load management and gluteal strength for sacroiliac joint pain.",
      interventions: [["lumbopelvic stabilisation", "gluteal strengthening"], ["SI belt trial", "manual therapy: SI joint mobilisation"]],
    },
    goal: { description: "Drive for 2 hours to visit his parents", measure: "sitting tolerance in the car (minutes)", target: "120 minutes with one stop" },
    meds: [med.naproxen],
    second: { kind: "lifestyle", title: "Activity modification at work: lifting and twisting", rationale: "Works in a warehouse; single-leg loading provokes it." },
    functionScale: "odi",
    pain: [6, 5],
    weeks: 18,
    extra: (b, start, problemId) => {
      b.procedure({
        type: "sacroiliac_joint_injection",
        item: { problemId: problemId, title: "Sacroiliac joint injection, right", rationale: "Four positive provocation tests and over 3 months of conservative care without adequate relief." },
        level: null,
        side: "right",
        region: "sacral",
        diagnostic: true,
        indication: "Right sacroiliac joint pain for 10 months with 4 of 5 positive provocation tests; over 3 months of lumbopelvic stabilisation without adequate relief.",
        intent: "To test whether the right sacroiliac joint is the source of your pain, and to treat it: local anaesthetic and steroid are injected into the joint under X-ray guidance.",
        expectedBenefit: "If the joint is the source, pain should ease within an hour (the anaesthetic) and again after a few days (the steroid), often for weeks to months.",
        alternatives: "Carry on with stabilisation exercises and the SI belt; radiofrequency ablation of the lateral branches if the injection helps only briefly.",
        followUpPlan: "Pain diary for 6 hours and for 2 weeks; PT continues after 48 hours; outcome review at 4 weeks.",
        proposedAt: b.ago(9 - 0.01),
        approvedAt: b.ago(8),
        scheduledAt: b.ago(8 - 0.05),
        scheduledFor: b.ahead(9),
      });
    },
  },
  // Grace Nakamura: CRPS, stellate ganglion block with modest relief.
  6: {
    summary: "CRPS type I of the left hand and wrist. Graded motor imagery and gabapentin; stellate ganglion block gave 37.5% relief in its pain diary — below the 50% that would justify a series.",
    problem: {
      diagnosis: "Complex regional pain syndrome type I, left upper limb",
      bodySite: "left hand and wrist",
      laterality: "left",
      level: null,
      painGenerator: "unknown",
      painPattern: "neuropathic",
      onsetMonths: 11,
      imagingFindings: "Three-phase bone scan: increased periarticular uptake in the left wrist and hand on delayed images.",
      imagingConcordant: true,
      findings: ["crps_suspected"],
    },
    pt: {
      title: "Graded motor imagery and desensitisation",
      rationale: "CRPS of the hand: laterality training, mirror therapy and stress loading.",
      interventions: [["graded motor imagery (laterality training)", "mirror therapy"], ["desensitisation with textures", "stress loading (scrub and carry)"]],
    },
    goal: { description: "Type for 20 minutes at work", measure: "typing tolerance (minutes)", target: "20 minutes" },
    meds: [med.gabapentin],
    second: { kind: "psychology", title: "Pain coping and pacing", rationale: "Anxious about losing her job as a graphic designer." },
    functionScale: "peg3",
    pain: [8, 7],
    weeks: 16,
    extra: (b, start, problemId) => {
      b.procedure({
        type: "sympathetic_block",
        item: { problemId: problemId, title: "Stellate ganglion block, left", rationale: "Suspected sympathetically maintained pain of the left hand." },
        level: "C6",
        side: "left",
        region: "cervical",
        diagnostic: true,
        indication: "CRPS type I of the left hand with colour and temperature change; suspected sympathetically maintained pain.",
        intent: "To find out whether the sympathetic nerves are driving your hand pain: local anaesthetic is placed next to the stellate ganglion in the front of the neck under ultrasound guidance.",
        expectedBenefit: "If it works your hand should feel warmer and less painful within an hour, sometimes for days. Use that window for your hand exercises.",
        alternatives: "Continue graded motor imagery and medication alone; a series of blocks if the first helps.",
        followUpPlan: "Hand temperature before and after; pain diary for 2 weeks; outcome review at 3 weeks.",
        proposedAt: b.ago(start - 35),
        scheduledFor: b.ago(start - 42),
        performedAt: b.ago(start - 42),
        preProcedurePain: 8,
        series: diary([6, 5, 5, 6, 7]),
        complications: "Transient hoarseness and a left Horner's syndrome for 4 hours, as expected.",
      });
    },
  },
  // Marcus Freeman (S3): oxycodone with alprazolam from his previous prescriber, no naloxone, monitoring overdue.
  7: {
    summary:
      "Lumbar spinal stenosis (L3-L5) with neurogenic claudication. Flexion-based exercise and cycling; walking distance slowly improving. Came to the clinic on oxycodone IR 10 mg three times daily with alprazolam 0.5 mg twice daily from his previous prescriber: no naloxone at home, last prescription-monitoring check 5 months ago and last urine drug test 14 months ago.",
    problem: {
      diagnosis: "Lumbar spinal stenosis with neurogenic claudication",
      bodySite: "lower back and both legs when walking",
      laterality: "bilateral",
      level: "L3-L5",
      painGenerator: "nerve_root",
      painPattern: "radicular",
      onsetMonths: 24,
      imagingFindings: "MRI: moderate central canal stenosis at L3-L4 and L4-L5 from facet and ligamentum flavum hypertrophy.",
      imagingConcordant: true,
    },
    pt: {
      title: "Flexion-based exercise and stationary cycling",
      rationale: "Flexion opens the canal; cycling builds fitness without provoking claudication.",
      interventions: [["flexion-based exercise", "stationary cycling"], ["walking intervals with rests", "hip flexor stretching"]],
    },
    goal: { description: "Walk to the supermarket without stopping", measure: "walking distance before leg symptoms", target: "400 m" },
    meds: [med.paracetamol],
    second: { kind: "medication", title: "Neuropathic pain medication trial: pregabalin", rationale: "Burning leg pain at night." },
    functionScale: "odi",
    pain: [6, 4],
    extra: (b, start) => {
      const intake = b.ago(start - 0.04);
      b.medication({ ...med.oxycodoneIr, startedAt: b.monthsAgo(20), recordedAt: intake });
      b.medication({ ...med.alprazolam, startedAt: b.monthsAgo(16), recordedAt: intake });
      b.monitoring("urine_drug_test", b.monthsAgo(14), "Expected: oxycodone; alprazolam (prescribed). Nothing unexpected.", intake);
      b.monitoring("pdmp_check", b.monthsAgo(14), "One prescriber, one pharmacy.", intake);
      b.monitoring("pdmp_check", b.monthsAgo(5), "One prescriber, one pharmacy; alprazolam from his GP.", intake);
    },
  },
  // Helen Sorensen
  8: {
    summary: "Post-herpetic neuralgia, left T6. Lidocaine plaster and pregabalin; TENS trial and desensitisation. Clothing tolerance improving.",
    problem: {
      diagnosis: "Post-herpetic neuralgia, left T6 dermatome",
      bodySite: "left chest wall round to the back",
      laterality: "left",
      level: "T6",
      painGenerator: "peripheral_nerve",
      painPattern: "neuropathic",
      onsetMonths: 14,
      imagingFindings: null,
      imagingConcordant: null,
    },
    pt: {
      title: "TENS trial and desensitisation",
      rationale: "Allodynia from clothing; graded desensitisation and a TENS trial.",
      interventions: [["TENS trial", "desensitisation with textures"], ["thoracic mobility", "breathing exercises"]],
    },
    goal: { description: "Wear a bra all day", measure: "hours tolerated", target: "12 hours" },
    meds: [med.lidocainePlaster, med.pregabalin75],
    second: { kind: "medication", title: "Lidocaine 5% plaster, 12 hours on and 12 off", rationale: "Localised neuropathic pain with allodynia; first-line topical." },
    functionScale: "peg3",
    pain: [7, 5],
  },
  // Rosa Delgado (S2): iodinated contrast allergy on her profile; a cervical interlaminar epidural proposed.
  10: {
    summary:
      "Right C6 radiculopathy from a C5-C6 foraminal disc-osteophyte. Traction and nerve gliding; arm pain easing but still waking her. Cervical interlaminar epidural proposed — she reacted to iodinated contrast (hives) at a CT scan, so the injection needs a contrast plan.",
    problem: {
      diagnosis: "Cervical radiculopathy, C6 (right)",
      bodySite: "neck and right arm to the thumb and index finger",
      laterality: "right",
      level: "C5-C6",
      painGenerator: "nerve_root",
      painPattern: "radicular",
      onsetMonths: 6,
      imagingFindings: "MRI cervical spine: right C5-C6 foraminal disc-osteophyte complex compressing the exiting C6 root.",
      imagingConcordant: true,
    },
    pt: {
      title: "Cervical traction and nerve gliding",
      rationale: "Intermittent traction and median nerve glides for C6 radicular pain.",
      interventions: [["mechanical cervical traction", "median nerve glides"], ["deep neck flexor training", "postural retraining"]],
    },
    goal: { description: "Lift her 2-year-old grandson", measure: "lifting without arm pain", target: "12 kg to chest height" },
    meds: [med.naproxen, med.gabapentin],
    second: { kind: "medication", title: "Neuropathic pain medication: gabapentin", rationale: "Arm pain waking her at night." },
    functionScale: "peg3",
    pain: [7, 5],
    extra: (b, _start, problemId) => {
      b.procedure({
        type: "esi_interlaminar",
        item: {
          problemId,
          title: "Cervical interlaminar epidural steroid injection C6-C7 right",
          rationale: "Right C6 radicular pain with concordant imaging after months of traction, nerve gliding and gabapentin; arm pain still waking her.",
        },
        level: "C6-C7",
        side: "right",
        region: "cervical",
        indication: "Right C6 radicular pain for 6 months with a concordant right C5-C6 foraminal disc-osteophyte; traction, nerve gliding and gabapentin with partial relief; arm pain still waking her at night.",
        intent:
          "To calm the inflamed right C6 nerve root with a steroid placed in the epidural space at the base of the neck (C6-C7), under X-ray guidance. Contrast dye is normally used to check the needle position — you reacted to iodinated contrast before, so we will plan around it.",
        expectedBenefit: "Arm pain often eases within a week or two; relief can last weeks to months while the nerve settles. It does not remove the bony spur.",
        alternatives: "More time with traction, nerve gliding and gabapentin; a surgical opinion (foraminotomy) if arm pain or weakness persists.",
        followUpPlan: "Contrast plan agreed before the day (no iodinated contrast, or premedication as the radiologist advises). Outcome reviews at 2 weeks and 3 months; PT continues after 2 days.",
        proposedAt: b.ago(4),
      });
    },
  },
  // James Thornton
  11: {
    summary: "Discogenic low back pain (L4-L5 annular fissure). McKenzie extension and core endurance; low-dose tramadol reviewed monthly (20 MME/day).",
    problem: {
      diagnosis: "Chronic low back pain, discogenic",
      bodySite: "lower back, central, worse sitting",
      laterality: "midline",
      level: "L4-L5",
      painGenerator: "disc",
      painPattern: "axial",
      onsetMonths: 30,
      imagingFindings: "MRI: L4-L5 and L5-S1 disc desiccation with an L4-L5 annular fissure (high-intensity zone); no nerve root compromise.",
      imagingConcordant: true,
    },
    pt: {
      title: "McKenzie extension and core endurance",
      rationale: "Directional preference for extension; endurance for sitting tolerance.",
      interventions: [["McKenzie extension", "core endurance (McGill big three)"], ["sitting tolerance training", "graded walking"]],
    },
    goal: { description: "Sit through a 90-minute film", measure: "sitting tolerance (minutes)", target: "90 minutes" },
    meds: [med.paracetamol, med.tramadol],
    second: { kind: "medication", title: "Tramadol 50 mg twice daily, reviewed monthly", rationale: "Short-term support for activity; 20 MME/day, no escalation." },
    functionScale: "odi",
    pain: [7, 6],
  },
  // Nadia Haddad
  14: {
    summary: "Chronic pelvic pain with pelvic floor overactivity. Pelvic floor down-training and CBT; improving.",
    problem: {
      diagnosis: "Chronic pelvic pain with pelvic floor overactivity",
      bodySite: "lower abdomen and pelvis",
      laterality: "midline",
      level: null,
      painGenerator: "muscle",
      painPattern: "myofascial",
      onsetMonths: 30,
      imagingFindings: "Pelvic ultrasound: normal uterus and ovaries; no endometrioma.",
      imagingConcordant: null,
    },
    pt: {
      title: "Pelvic floor down-training",
      rationale: "Overactive pelvic floor on examination; down-training with biofeedback.",
      interventions: [["pelvic floor down-training", "diaphragmatic breathing"], ["hip and adductor stretching", "biofeedback"]],
    },
    goal: { description: "Sit through an 8-hour working day", measure: "sitting tolerance (hours)", target: "8 hours with breaks" },
    meds: [med.amitriptyline],
    second: { kind: "psychology", title: "CBT for pelvic pain", rationale: "Pain-related anxiety and avoidance of intimacy." },
    functionScale: "peg3",
    pain: [6, 4],
  },
  // William Brennan
  15: {
    summary: "Painful diabetic peripheral neuropathy (both feet). Duloxetine and balance training; sleeping better, still burning at night.",
    problem: {
      diagnosis: "Painful diabetic peripheral neuropathy",
      bodySite: "both feet, burning, worse at night",
      laterality: "bilateral",
      level: null,
      painGenerator: "peripheral_nerve",
      painPattern: "neuropathic",
      onsetMonths: 36,
      imagingFindings: "Nerve conduction studies (1 year ago): length-dependent sensorimotor axonal polyneuropathy.",
      imagingConcordant: true,
    },
    pt: {
      title: "Balance training and foot care education",
      rationale: "Reduced sensation and two near-falls; balance and gait work.",
      interventions: [["balance training", "gait training"], ["foot care education", "stationary cycling"]],
    },
    goal: { description: "Walk 30 minutes a day", measure: "daily walking time (minutes)", target: "30 minutes" },
    meds: [med.duloxetine60, med.paracetamol],
    second: { kind: "medication", title: "Duloxetine for painful diabetic neuropathy", rationale: "First-line for painful diabetic neuropathy; also helps his low mood." },
    functionScale: "peg3",
    pain: [7, 4],
  },
  // Olivia Fairbanks
  16: {
    summary: "Chronic migraine with occipital neuralgia. Topiramate prevention, cervical mobility and relaxation training; migraine days down from 16 to 10 a month.",
    problem: {
      diagnosis: "Chronic migraine with occipital neuralgia",
      bodySite: "back of the head, both sides, with migraine days",
      laterality: "bilateral",
      level: null,
      painGenerator: "peripheral_nerve",
      painPattern: "neuropathic",
      onsetMonths: 48,
      imagingFindings: "MRI brain: normal.",
      imagingConcordant: null,
      findings: ["occipital_neuralgia"],
    },
    pt: {
      title: "Cervical mobility and postural training",
      rationale: "Upper cervical stiffness feeding the occipital pain.",
      interventions: [["upper cervical mobilisation", "deep neck flexor training"], ["postural retraining", "relaxation training"]],
    },
    goal: { description: "Work a full week with no more than one migraine day off", measure: "sick days per month", target: "1 or fewer" },
    meds: [med.topiramate],
    second: { kind: "medication", title: "Migraine prevention: topiramate", rationale: "Over 15 headache days a month." },
    functionScale: "peg3",
    pain: [6, 4],
  },
  // Henry Lindqvist: hip osteoarthritis, orthopaedic referral proposed.
  17: {
    summary: "Left hip osteoarthritis (KL 3). GLA:D exercise and a walking stick; pain unchanged — orthopaedic referral for hip replacement proposed.",
    problem: {
      diagnosis: "Hip osteoarthritis, left",
      bodySite: "left groin and front of the thigh",
      laterality: "left",
      level: null,
      painGenerator: "joint",
      painPattern: "other",
      onsetMonths: 48,
      imagingFindings: "X-ray pelvis: left hip joint space narrowing with osteophytes (Kellgren–Lawrence grade 3).",
      imagingConcordant: true,
    },
    pt: {
      title: "Hip strengthening and neuromuscular exercise (GLA:D)",
      rationale: "Structured exercise and education for hip osteoarthritis.",
      interventions: [["hip abductor strengthening", "neuromuscular exercise (GLA:D)"], ["walking with a stick", "stationary cycling"]],
    },
    goal: { description: "Walk to church with a stick", measure: "walking distance", target: "800 m" },
    meds: [med.paracetamol],
    second: { kind: "lifestyle", title: "Walking aid and home set-up", rationale: "Stick in the right hand; raised toilet seat." },
    functionScale: "peg3",
    pain: [6, 6],
    weeks: 16,
    extra: (b, _start, problemId) => {
      b.planItem({
        kind: "referral",
        step: 4,
        discipline: "physician",
        title: "Orthopaedic referral: left total hip replacement",
        rationale: "KL 3 osteoarthritis, 16 weeks of structured exercise without meaningful change; night pain.",
        problemId,
        proposedAt: b.ago(6),
        status: "proposed",
      });
    },
  },
  // Christopher Adeyemi
  19: {
    summary: "Right S1 radiculopathy from an L5-S1 disc extrusion. Neural mobilisation and graded activity; leg pain settling, back at work on light duties.",
    problem: {
      diagnosis: "Lumbar radiculopathy, S1 (right)",
      bodySite: "lower back and right leg to the sole of the foot",
      laterality: "right",
      level: "L5-S1",
      painGenerator: "nerve_root",
      painPattern: "radicular",
      onsetMonths: 5,
      imagingFindings: "MRI: right paracentral L5-S1 disc extrusion compressing the right S1 root.",
      imagingConcordant: true,
    },
    pt: {
      title: "Neural mobilisation and graded activity",
      rationale: "Most extrusions regress; keep him moving while the nerve settles.",
      interventions: [["neural mobilisation (sciatic slider)", "McKenzie extension in lying"], ["graded walking", "core endurance"]],
    },
    goal: { description: "Return to part-time work as a delivery driver (4-hour shifts)", measure: "shift length (hours)", target: "4 hours", discipline: "physician" },
    meds: [med.naproxen, med.pregabalin75],
    second: { kind: "medication", title: "Neuropathic pain medication: pregabalin", rationale: "Leg pain disturbing sleep." },
    functionScale: "odi",
    pain: [8, 5],
  },
  // Susan Pritchard
  20: {
    summary: "Right glenohumeral osteoarthritis. Range of motion and rotator cuff strengthening; reaching improving.",
    problem: {
      diagnosis: "Shoulder osteoarthritis, right (glenohumeral)",
      bodySite: "right shoulder",
      laterality: "right",
      level: null,
      painGenerator: "joint",
      painPattern: "other",
      onsetMonths: 36,
      imagingFindings: "X-ray: right glenohumeral joint space narrowing with an inferior osteophyte.",
      imagingConcordant: true,
    },
    pt: {
      title: "Shoulder range of motion and rotator cuff strengthening",
      rationale: "Maintain range and strengthen the cuff around the arthritic joint.",
      interventions: [["range-of-motion exercises", "rotator cuff strengthening (bands)"], ["scapular setting", "functional reaching"]],
    },
    goal: { description: "Reach the top kitchen shelf", measure: "pain while reaching overhead", target: "3/10 or less" },
    meds: [med.paracetamol, med.diclofenacGel],
    second: { kind: "lifestyle", title: "Activity modification: gardening and overhead tasks", rationale: "Long-handled tools; split overhead jobs into short bouts." },
    functionScale: "peg3",
    pain: [6, 4],
  },
  // Daniel Ferreira
  21: {
    summary: "Thoracic myofascial pain (left rhomboid and mid-trapezius). Dry needling, postural endurance and ergonomic changes; much improved.",
    problem: {
      diagnosis: "Thoracic myofascial pain, left rhomboid and mid-trapezius",
      bodySite: "between the shoulder blades, left",
      laterality: "left",
      level: null,
      painGenerator: "muscle",
      painPattern: "myofascial",
      onsetMonths: 12,
      imagingFindings: null,
      imagingConcordant: null,
      findings: ["trigger_points"],
    },
    pt: {
      title: "Postural endurance and soft-tissue work",
      rationale: "Active trigger points in the left rhomboid; endurance of the scapular retractors.",
      interventions: [["dry needling (left rhomboid)", "thoracic extension mobilisation"], ["scapular retraction endurance", "ergonomic advice"]],
    },
    goal: { description: "Work a full shift at his computer", measure: "hours at the desk with two breaks", target: "8 hours" },
    meds: [med.ibuprofen],
    second: { kind: "complementary", title: "Dry needling within PT sessions", rationale: "Active trigger points reproducing his pain." },
    functionScale: "peg3",
    pain: [6, 3],
  },
  // George Papadopoulos
  23: {
    summary: "Multilevel lumbar stenosis at 78. Flexion-based exercise, balance work and a rollator; not a surgical candidate by his own choice. Pain unchanged, walking a little further.",
    problem: {
      diagnosis: "Lumbar spinal stenosis, multilevel",
      bodySite: "lower back and both legs on standing",
      laterality: "bilateral",
      level: "L2-L5",
      painGenerator: "nerve_root",
      painPattern: "radicular",
      onsetMonths: 60,
      imagingFindings: "MRI: multilevel degenerative stenosis from L2-L3 to L4-L5, severe at L3-L4.",
      imagingConcordant: true,
    },
    pt: {
      title: "Flexion-based exercise, balance and walking aid",
      rationale: "Walks further leaning on a trolley; falls risk at 78.",
      interventions: [["flexion-based exercise", "balance training"], ["walking with a rollator", "stationary cycling"]],
    },
    goal: { description: "Walk round the supermarket with a trolley", measure: "walking time (minutes)", target: "20 minutes" },
    meds: [med.paracetamol, med.codeine],
    second: { kind: "lifestyle", title: "Falls prevention and home set-up", rationale: "Two falls this year; grab rails and a rollator." },
    functionScale: "odi",
    pain: [6, 6],
  },
  // Fatima Rahman (S5): five steroid injections in 12 months at three sites; another SI joint injection proposed. Diabetic.
  24: {
    summary:
      "Bilateral sacroiliac joint pain with a left L5 radicular component. Lumbopelvic control and gluteal strengthening; stairs easier. Five steroid-containing injections in the last 12 months (SI joints twice, lumbar epidural twice, a gluteal trigger point once); she asks for another SI joint injection. Type 2 diabetes: her glucose rose for two days after each injection.",
    problem: {
      diagnosis: "Sacroiliac joint pain, bilateral",
      bodySite: "both buttocks, worse on stairs",
      laterality: "bilateral",
      level: null,
      painGenerator: "sacroiliac_joint",
      painPattern: "axial",
      onsetMonths: 14,
      imagingFindings: "MRI sacroiliac joints: no active sacroiliitis; mild bilateral degenerative change.",
      imagingConcordant: true,
      positiveProvocativeTests: 3,
    },
    pt: {
      title: "Lumbopelvic control and gluteal strengthening",
      rationale: "Load transfer through the pelvis; gluteal strength.",
      interventions: [["lumbopelvic stabilisation", "gluteal strengthening"], ["step-ups", "SI belt trial"]],
    },
    goal: { description: "Climb the stairs at home without stopping", measure: "flights climbed without a pause", target: "2 flights" },
    meds: [med.naproxen],
    second: { kind: "lifestyle", title: "Graded walking programme", rationale: "Deconditioned after months of avoiding activity." },
    functionScale: "odi",
    pain: [6, 4],
    weeks: 50,
    extra: (b, start, problemId) => {
      const radicular = b.problem({
        diagnosis: "Lumbar radiculopathy, L5 (left)",
        bodySite: "left buttock and outer calf",
        laterality: "left",
        level: "L4-L5",
        painGenerator: "nerve_root",
        painPattern: "radicular",
        onsetDate: b.monthsAgo(11),
        imagingFindings: "MRI lumbar spine: left paracentral L4-L5 disc protrusion contacting the traversing left L5 root.",
        imagingConcordant: true,
        at: b.ago(300),
      });
      const si = (n: number, proposed: number, performed: number, series: OutcomePointSpec[]) =>
        b.procedure({
          type: "sacroiliac_joint_injection",
          diagnostic: false,
          item: { problemId, title: `Sacroiliac joint injections, both sides (${n})`, rationale: "Bilateral SI joint pain with positive provocation tests; steroid injections to let the stabilisation work progress." },
          level: null,
          side: "bilateral",
          region: "sacral",
          indication: "Bilateral sacroiliac joint pain with 3 positive provocation tests after months of lumbopelvic stabilisation.",
          intent: texts.siIntent,
          expectedBenefit: texts.siBenefit,
          alternatives: texts.siAlternatives,
          followUpPlan: "Check your blood sugar twice a day for 3 days. Outcome reviews at 2 weeks and 3 months; PT after 48 hours.",
          proposedAt: b.ago(proposed),
          performedAt: b.ago(performed),
          preProcedurePain: 6,
          series,
          complications: "None; blood glucose up to 14 mmol/L for two days.",
        });
      const esi = (n: number, proposed: number, performed: number, series: OutcomePointSpec[]) =>
        b.procedure({
          type: "esi_interlaminar",
          item: { problemId: radicular, title: `Lumbar interlaminar epidural steroid injection L5-S1 (${n})`, rationale: "Left L5 radicular pain with a concordant disc protrusion." },
          level: "L5-S1",
          side: "left",
          region: "lumbar",
          indication: "Left L5 radicular pain with a concordant L4-L5 disc protrusion after a conservative trial.",
          intent: "To calm the inflamed left L5 nerve root with a steroid placed in the epidural space low in the back (L5-S1), under X-ray guidance.",
          expectedBenefit: "Leg pain often eases within a week; relief can last weeks to months.",
          alternatives: "Continue PT without an injection; a surgical opinion if weakness develops.",
          followUpPlan: "Check your blood sugar twice a day for 3 days. Outcome reviews at 2 weeks and 3 months.",
          proposedAt: b.ago(proposed),
          performedAt: b.ago(performed),
          preProcedurePain: 7,
          series,
          complications: "None; blood glucose raised for two days.",
        });
      si(1, 338, 330, [
        { point: "2w", pain: 2 },
        { point: "3m", pain: 3 },
      ]);
      esi(1, 278, 270, [
        { point: "2w", pain: 3 },
        { point: "3m", pain: 4 },
      ]);
      b.procedure({
        type: "trigger_point_injection",
        withSteroid: true,
        item: { problemId, title: "Trigger point injection with steroid, left gluteus medius", rationale: "An active trigger point in the left gluteus medius reproducing her buttock pain." },
        level: null,
        side: "left",
        region: "other",
        indication: "Active trigger point in the left gluteus medius reproducing her buttock pain, alongside the SI joint pain.",
        intent: "To switch off a tight, tender knot in the buttock muscle with local anaesthetic and a small dose of steroid.",
        expectedBenefit: "Easier movement within days; relief often lasts weeks when the stretches are kept up.",
        alternatives: "Dry needling and stretching alone; no injection.",
        followUpPlan: "Stretch the same evening; check your blood sugar for 2 days. Outcome reviews at 2 weeks and 3 months.",
        proposedAt: b.ago(225),
        performedAt: b.ago(220),
        preProcedurePain: 6,
        series: [
          { point: "2w", pain: 3 },
          { point: "3m", pain: 5 },
        ],
        complications: "None",
      });
      si(2, 168, 160, [
        { point: "2w", pain: 2 },
        { point: "3m", pain: 3 },
      ]);
      esi(2, 97, 90, [{ point: "2w", pain: 3 }]);
      b.assessment("nrs", [6], b.ago(4), "physician");
      b.procedure({
        type: "sacroiliac_joint_injection",
        diagnostic: false,
        item: {
          problemId,
          title: "Sacroiliac joint injections, both sides (3)",
          rationale: "SI joint pain back at NRS 6; the last SI injection gave 50% relief for 3 months. She asks for another.",
        },
        level: null,
        side: "bilateral",
        region: "sacral",
        indication: "Bilateral sacroiliac joint pain back to NRS 6; the last SI joint injection (5 months ago) gave 50% relief lasting 3 months. Five steroid injections in the last 12 months.",
        intent: texts.siIntent,
        expectedBenefit: texts.siBenefit,
        alternatives: `${texts.siAlternatives} Given five steroid injections this year, SI lateral branch radiofrequency ablation (no steroid) is worth discussing.`,
        followUpPlan: "Check your blood sugar twice a day for 3 days. Outcome reviews at 2 weeks and 3 months.",
        proposedAt: b.ago(3),
      });
    },
  },
  // Michael Sutherland (S4): four facet sessions in the lumbar region within 12 months; a fifth proposed.
  25: {
    summary:
      "Right-sided L4-L5 facet arthropathy. Core stabilisation and walking; golf back on the calendar. Four lumbar facet sessions in the last 12 months: two facet joint injections (the first gave 50% relief for 3 months) and two medial branch blocks (85.7%, then a discordant 50%, so ablation is not supported). He asks for another facet joint injection before the golf season.",
    problem: {
      diagnosis: "Chronic low back pain with lumbar facet arthropathy",
      bodySite: "lower back, right more than left",
      laterality: "right",
      level: "L4-L5",
      painGenerator: "facet_joint",
      painPattern: "axial",
      onsetMonths: 40,
      imagingFindings: "MRI: right-sided L4-L5 facet arthropathy with a small effusion; discs preserved.",
      imagingConcordant: true,
    },
    pt: {
      title: "Core stabilisation programme",
      rationale: "Active care for facet-mediated pain: trunk endurance and hip hinge.",
      interventions: [["lumbar stabilisation (transversus abdominis)", "hip hinge retraining"], ["graded walking", "rotation control drills"]],
    },
    goal: { description: "Play nine holes of golf", measure: "holes played without stopping for pain", target: "9 holes" },
    meds: [med.naproxen, med.paracetamol],
    second: { kind: "lifestyle", title: "Graded walking programme", rationale: "Daily walking towards a round of golf." },
    functionScale: "odi",
    pain: [6, 4],
    weeks: 50,
    extra: (b, _start, problemId) => {
      const fji = (n: number, proposed: number, performed: number, series: OutcomePointSpec[]) =>
        b.procedure({
          type: "facet_joint_injection",
          item: { problemId, title: `Facet joint injection L4-L5 right (${n})`, rationale: "Right L4-L5 facet pain after a conservative trial." },
          level: "L4-L5",
          side: "right",
          region: "lumbar",
          indication: "Right-sided axial low back pain from L4-L5 facet arthropathy, worse on extension-rotation to the right, after a conservative trial.",
          intent: texts.fjiIntent,
          expectedBenefit: texts.fjiBenefit,
          alternatives: texts.fjiAlternatives,
          followUpPlan: "Outcome reviews at 2 weeks and 3 months; PT after 48 hours.",
          proposedAt: b.ago(proposed),
          performedAt: b.ago(performed),
          preProcedurePain: 6,
          series,
          complications: "None",
        });
      const mbb = (n: number, proposed: number, performed: number, pain: readonly [number, number, number, number, number]) =>
        b.procedure({
          type: "medial_branch_block",
          item: { problemId, title: `Diagnostic medial branch block L4-L5 right (${n} of 2)`, rationale: "To test whether ablation of the right L4-L5 medial branches would help." },
          level: "L4-L5",
          side: "right",
          region: "lumbar",
          indication: "Right L4-L5 facet pain returning after facet joint injections; testing the medial branches before considering ablation.",
          intent: texts.mbbIntent.replace("on both sides", "on the right"),
          expectedBenefit: texts.mbbBenefit,
          alternatives: texts.mbbAlternatives,
          followUpPlan: "Pain diary for 6 hours after the block.",
          proposedAt: b.ago(proposed),
          performedAt: b.ago(performed),
          preProcedurePain: 6,
          series: diary(pain),
          complications: "None",
        });
      fji(1, 340, 330, [
        { point: "2w", pain: 3 },
        { point: "3m", pain: 3 },
      ]);
      fji(2, 212, 205, [
        { point: "2w", pain: 3 },
        { point: "3m", pain: 4 },
      ]);
      mbb(1, 118, 110, [2, 1, 1, 2, 3]);
      mbb(2, 95, 85, [4, 3, 3, 4, 5]);
      b.procedure({
        type: "facet_joint_injection",
        item: {
          problemId,
          title: "Facet joint injection L4-L5 right (3)",
          rationale: "He asks for another injection before the golf season; the second medial branch block was discordant, so ablation is not supported.",
        },
        level: "L4-L5",
        side: "right",
        region: "lumbar",
        indication:
          "Right L4-L5 facet pain back to NRS 6. The first facet joint injection gave 50% relief for 3 months, the second less; medial branch blocks 85.7% then 50% (discordant). Four lumbar facet sessions in the last 12 months.",
        intent: texts.fjiIntent,
        expectedBenefit: texts.fjiBenefit,
        alternatives: texts.fjiAlternatives,
        followUpPlan: "Outcome reviews at 2 weeks and 3 months; PT after 48 hours.",
        proposedAt: b.ago(3),
      });
    },
  },
  // Anthony Russo
  27: {
    summary: "Left C7 radiculopathy from a C6-C7 foraminal disc protrusion. Traction, nerve gliding and pregabalin; arm pain settling.",
    problem: {
      diagnosis: "Cervical radiculopathy, C7 (left)",
      bodySite: "neck and left arm to the middle finger",
      laterality: "left",
      level: "C6-C7",
      painGenerator: "nerve_root",
      painPattern: "radicular",
      onsetMonths: 4,
      imagingFindings: "MRI: left C6-C7 foraminal disc protrusion contacting the exiting C7 root.",
      imagingConcordant: true,
    },
    pt: {
      title: "Cervical traction and nerve gliding",
      rationale: "Intermittent traction and radial nerve glides for C7 radicular pain.",
      interventions: [["mechanical cervical traction", "radial nerve glides"], ["deep neck flexor training", "scapular setting"]],
    },
    goal: { description: "Return to full duties as an electrician", measure: "overhead work tolerance (minutes)", target: "30 minutes", discipline: "physician" },
    meds: [med.naproxen, med.pregabalin75],
    second: { kind: "medication", title: "Neuropathic pain medication: pregabalin", rationale: "Arm pain waking him at night." },
    functionScale: "peg3",
    pain: [7, 4],
  },
  // Mary Oyelaran (Dr. Reyes)
  28: {
    summary: "Bilateral knee osteoarthritis. Quadriceps strengthening, aquatic exercise and weight management; walking further.",
    problem: {
      diagnosis: "Knee osteoarthritis, bilateral",
      bodySite: "both knees, medial side",
      laterality: "bilateral",
      level: null,
      painGenerator: "joint",
      painPattern: "other",
      onsetMonths: 84,
      imagingFindings: "X-ray: bilateral medial compartment narrowing, Kellgren–Lawrence grade 2 (left) and 3 (right).",
      imagingConcordant: true,
      findings: ["knee_osteoarthritis"],
    },
    pt: {
      title: "Quadriceps strengthening and aquatic exercise",
      rationale: "Exercise is core treatment for knee osteoarthritis.",
      interventions: [["quadriceps strengthening (sit-to-stand)", "aquatic exercise"], ["stationary cycling", "balance training"]],
    },
    goal: { description: "Walk her grandchildren to school", measure: "walking distance without stopping", target: "1 km" },
    meds: [med.paracetamol, med.diclofenacGel],
    second: { kind: "lifestyle", title: "Weight management programme", rationale: "BMI 34; a 5–10% loss halves knee pain for many." },
    functionScale: "peg3",
    pain: [6, 4],
  },
  // Yuki Tanaka (Dr. Reyes)
  30: {
    summary: "Right L4 radiculopathy from an L4-L5 foraminal disc protrusion. Neural mobilisation and graded walking; improving.",
    problem: {
      diagnosis: "Lumbar radiculopathy, L4 (right)",
      bodySite: "lower back and right front of the thigh to the shin",
      laterality: "right",
      level: "L4-L5",
      painGenerator: "nerve_root",
      painPattern: "radicular",
      onsetMonths: 6,
      imagingFindings: "MRI: right L4-L5 foraminal disc protrusion compressing the exiting right L4 root.",
      imagingConcordant: true,
    },
    pt: {
      title: "Neural mobilisation and graded walking",
      rationale: "Femoral nerve mobility and graded loading while the disc settles.",
      interventions: [["femoral nerve glides", "graded walking"], ["core endurance", "hip flexor stretching"]],
    },
    goal: { description: "Walk 30 minutes to work", measure: "continuous walking time (minutes)", target: "30 minutes" },
    meds: [med.naproxen, med.gabapentin],
    second: { kind: "medication", title: "Neuropathic pain medication: gabapentin", rationale: "Burning thigh pain at night." },
    functionScale: "odi",
    pain: [7, 4],
  },
  // Sarah Lindgren (Dr. Reyes)
  32: {
    summary: "Myofascial pain of the lumbar paraspinals. Active stretching and dry needling; back to full nursing shifts.",
    problem: {
      diagnosis: "Myofascial pain, lumbar paraspinals",
      bodySite: "lower back, both sides of the spine",
      laterality: "bilateral",
      level: null,
      painGenerator: "muscle",
      painPattern: "myofascial",
      onsetMonths: 9,
      imagingFindings: "X-ray lumbar spine: normal for age.",
      imagingConcordant: false,
      findings: ["trigger_points"],
    },
    pt: {
      title: "Active stretching and dry needling",
      rationale: "Trigger points in both lumbar paraspinals; stretching and graded loading.",
      interventions: [["dry needling (lumbar paraspinals)", "active stretching"], ["core endurance", "lifting practice (hip hinge)"]],
    },
    goal: { description: "Work a full 12-hour nursing shift", measure: "shift length without stopping for pain (hours)", target: "12 hours" },
    meds: [med.ibuprofen],
    second: { kind: "complementary", title: "Dry needling within PT sessions", rationale: "Active trigger points reproducing her pain." },
    functionScale: "odi",
    pain: [6, 3],
  },
  // Ethan Caldwell (Dr. Reyes)
  33: {
    summary: "Chronic left chest wall pain after rib fractures (6th–8th). Pregabalin and thoracic mobility; back at the gym for lower body.",
    problem: {
      diagnosis: "Chronic thoracic pain after left rib fractures (ribs 6–8)",
      bodySite: "left chest wall and mid back",
      laterality: "left",
      level: "T6-T8",
      painGenerator: "peripheral_nerve",
      painPattern: "neuropathic",
      onsetMonths: 8,
      imagingFindings: "CT chest: healed left 6th–8th rib fractures with callus; no non-union.",
      imagingConcordant: true,
      findings: ["intercostal_neuralgia"],
    },
    pt: {
      title: "Thoracic mobility and graded return to the gym",
      rationale: "Guarding and stiffness after the fractures; graded upper-body loading.",
      interventions: [["thoracic rotation mobility", "breathing exercises"], ["graded upper-body strengthening", "stationary rowing"]],
    },
    goal: { description: "Return to upper-body training at the gym", measure: "bench press working weight", target: "40 kg" },
    meds: [med.pregabalin75, med.paracetamol],
    second: { kind: "medication", title: "Neuropathic pain medication: pregabalin", rationale: "Intercostal neuropathic pain." },
    functionScale: "peg3",
    pain: [6, 4],
  },
  // Irene Vasquez (Dr. Reyes) (S6): two positive blocks, an RFA 14 weeks ago with its 6-week and 3-month outcomes; the 6-month point ahead.
  34: {
    summary:
      "Right L5-S1 facet arthropathy. Two medial branch blocks (85.7% each), then radiofrequency ablation of the right L5-S1 medial branches 14 weeks ago: 57.1% relief at 6 weeks and 71.4% at 3 months. Standing to cook again; 6-month review to come.",
    problem: {
      diagnosis: "Lumbar facet arthropathy, L5-S1 (right)",
      bodySite: "lower back, right side, into the right buttock",
      laterality: "right",
      level: "L5-S1",
      painGenerator: "facet_joint",
      painPattern: "axial",
      onsetMonths: 36,
      imagingFindings: "MRI: right-predominant L5-S1 facet arthropathy with a small effusion; no stenosis.",
      imagingConcordant: true,
    },
    pt: {
      title: "Core stabilisation programme",
      rationale: "Active care first for facet-mediated pain.",
      interventions: [["lumbar stabilisation (transversus abdominis)", "hip hinge retraining"], ["graded walking", "flexion-biased mobility"]],
    },
    goal: { description: "Stand to cook a family meal", measure: "standing tolerance (minutes)", target: "45 minutes" },
    meds: [med.paracetamol, med.diclofenacGel],
    second: { kind: "lifestyle", title: "Graded walking programme", rationale: "Daily walking from 10 minutes." },
    functionScale: "odi",
    pain: [7, 3],
    weeks: 40,
    extra: (b, _start, problemId) => {
      const mbb = (n: number, proposed: number, performed: number, pain: readonly [number, number, number, number, number]) =>
        b.procedure({
          type: "medial_branch_block",
          item: { problemId, title: `Diagnostic medial branch block L5-S1 right (${n} of 2)`, rationale: "Axial right L5-S1 facet pain after a conservative trial; two blocks before ablation." },
          level: "L5-S1",
          side: "right",
          region: "lumbar",
          indication: "Right-sided axial low back pain from L5-S1 facet arthropathy for 3 years, after over 3 months of active PT.",
          intent: texts.mbbIntent.replace("L4-L5 facet joints on both sides", "right L5-S1 facet joint"),
          expectedBenefit: texts.mbbBenefit,
          alternatives: texts.mbbAlternatives,
          followUpPlan: "Pain diary for 6 hours after the block.",
          proposedAt: b.ago(proposed),
          performedAt: b.ago(performed),
          preProcedurePain: 7,
          series: diary(pain),
          complications: "None",
        });
      mbb(1, 170, 160, [2, 1, 1, 2, 4]);
      mbb(2, 155, 140, [1, 1, 1, 3, 5]);
      b.procedure({
        type: "radiofrequency_ablation",
        item: { problemId, title: "Radiofrequency ablation of the right L5-S1 medial branches", rationale: "Two diagnostic medial branch blocks at L5-S1 right, 85.7% relief each." },
        level: "L5-S1",
        side: "right",
        region: "lumbar",
        indication: "Right L5-S1 facet pain with two concordant diagnostic medial branch blocks (85.7% relief each).",
        intent: "To turn down the pain signals from the right L5-S1 facet joint for months at a time: a needle-like probe heats the small nerves the test blocks numbed.",
        expectedBenefit: "Most people whose test blocks worked get 50% or more relief, starting after 2–3 weeks and lasting 6–12 months.",
        alternatives: "Continue PT and walking without a procedure; facet joint steroid injections (shorter relief).",
        followUpPlan: "Outcome reviews at 6 weeks, 3 months and 6 months; PT resumes after 48 hours.",
        proposedAt: b.ago(130),
        approvedAt: b.ago(128),
        scheduledAt: b.ago(128 - 0.05),
        scheduledFor: b.ago(98),
        performedAt: b.ago(98),
        preProcedurePain: 7,
        series: [
          { point: "6w", pain: 3, functionImprovementPercent: 28.6, notes: "Post-procedure soreness settled by week 3." },
          { point: "3m", pain: 2, functionImprovementPercent: 42.9, notes: "Stands 40 minutes to cook." },
        ],
        complications: "Burning over the right low back for 2 weeks, settled with paracetamol.",
      });
    },
  },
  // Paul Nguyen (Dr. Reyes): percutaneous disc decompression proposed.
  35: {
    summary: "Contained L4-L5 disc herniation with axial and intermittent left leg pain. Twelve weeks of directional-preference exercise; percutaneous disc decompression proposed.",
    problem: {
      diagnosis: "Painful lumbar disc herniation, L4-L5 contained",
      bodySite: "lower back and left buttock, occasionally the left leg",
      laterality: "left",
      level: "L4-L5",
      painGenerator: "disc",
      painPattern: "mixed",
      onsetMonths: 8,
      imagingFindings: "MRI: contained left paracentral L4-L5 disc protrusion (annulus intact), contacting but not compressing the left L5 root.",
      imagingConcordant: true,
      findings: ["contained_disc_herniation"],
    },
    pt: {
      title: "Directional-preference exercise (McKenzie)",
      rationale: "Partial centralisation with repeated extension.",
      interventions: [["McKenzie extension", "neural mobilisation (sciatic slider)"], ["core endurance", "sitting tolerance training"]],
    },
    goal: { description: "Sit through a 2-hour drive", measure: "sitting tolerance in the car (minutes)", target: "120 minutes" },
    meds: [med.naproxen],
    second: { kind: "lifestyle", title: "Sitting breaks and lumbar support at work", rationale: "Long drives as a sales rep." },
    functionScale: "odi",
    pain: [7, 6],
    weeks: 14,
    extra: (b, _start, problemId) => {
      b.procedure({
        type: "percutaneous_disc_decompression",
        item: { problemId: problemId, title: "Percutaneous disc decompression L4-L5", rationale: "Contained herniation on MRI after over 6 weeks of conservative care." },
        level: "L4-L5",
        side: "left",
        region: "lumbar",
        indication: "Contained left paracentral L4-L5 disc protrusion with axial and intermittent left leg pain; 12 weeks of directional-preference exercise with partial relief.",
        intent: "To take pressure off the bulging disc from the inside: under X-ray guidance a fine probe removes a small amount of the disc's centre through a needle, so the bulge can settle back.",
        expectedBenefit: "Many people with a contained bulge get less back and leg pain over 4–6 weeks. It only works while the outer wall of the disc is intact, which your MRI shows.",
        alternatives: "More time with exercise (many bulges settle); an epidural steroid injection for the leg pain; a surgical opinion (microdiscectomy) if leg pain or weakness worsens.",
        followUpPlan: "Home the same day; no lifting over 5 kg for 2 weeks; PT restarts at 2 weeks; outcome review at 6 weeks.",
        proposedAt: b.ago(5 - 0.01),
      });
    },
  },
  // Catherine Abernathy (Dr. Reyes)
  36: {
    summary: "Bilateral occipital neuralgia. Gabapentin and upper cervical mobility work; reading tolerance improving.",
    problem: {
      diagnosis: "Occipital neuralgia, bilateral",
      bodySite: "back of the head, shooting into the scalp",
      laterality: "bilateral",
      level: null,
      painGenerator: "peripheral_nerve",
      painPattern: "neuropathic",
      onsetMonths: 18,
      imagingFindings: "MRI cervical spine and brain: no structural cause.",
      imagingConcordant: null,
      findings: ["occipital_neuralgia"],
    },
    pt: {
      title: "Upper cervical mobility and posture",
      rationale: "Suboccipital tension and a forward head posture.",
      interventions: [["upper cervical mobilisation", "suboccipital release"], ["postural retraining", "deep neck flexor training"]],
    },
    goal: { description: "Read for an hour", measure: "reading tolerance (minutes)", target: "60 minutes" },
    meds: [med.gabapentin],
    second: { kind: "medication", title: "Neuropathic pain medication: gabapentin", rationale: "Paroxysmal shooting pain." },
    functionScale: "peg3",
    pain: [7, 4],
  },
  // Joseph Mwangi (Dr. Reyes): buprenorphine, which has no MME factor.
  37: {
    summary: "Chronic widespread pain with sleep disturbance. Buccal buprenorphine (not included in MME), amitriptyline, CBT for insomnia and graded aerobic exercise.",
    problem: {
      diagnosis: "Chronic widespread pain with sleep disturbance",
      bodySite: "widespread: neck, back, arms and legs",
      laterality: "bilateral",
      level: null,
      painGenerator: "unknown",
      painPattern: "other",
      onsetMonths: 60,
      imagingFindings: null,
      imagingConcordant: null,
    },
    pt: {
      title: "Graded aerobic exercise",
      rationale: "Deconditioned; graded aerobic exercise for widespread pain.",
      interventions: [["stationary cycling", "graded walking"], ["aquatic exercise", "pacing education"]],
    },
    goal: { description: "Sleep at least 6 hours on 5 nights a week", measure: "nights with 6 hours' sleep per week (diary)", target: "5 of 7", discipline: "psychologist" },
    meds: [med.buprenorphineBuccal, med.amitriptyline],
    second: { kind: "psychology", title: "CBT for insomnia (CBT-I)", rationale: "Sleep onset over an hour most nights; poor sleep amplifies his pain." },
    functionScale: "peg3",
    pain: [7, 6],
  },
  // Laura Ingram (Dr. Reyes)
  38: {
    summary: "Bilateral C5-C6 facet-mediated neck pain. Deep neck flexor training and workstation changes; desk tolerance improving.",
    problem: {
      diagnosis: "Cervical facet-mediated pain, C5-C6",
      bodySite: "neck, both sides, into the shoulders",
      laterality: "bilateral",
      level: "C5-C6",
      painGenerator: "facet_joint",
      painPattern: "axial",
      onsetMonths: 20,
      imagingFindings: "MRI: bilateral C5-C6 facet arthropathy; no foraminal stenosis.",
      imagingConcordant: true,
    },
    pt: {
      title: "Deep neck flexor and scapular stabilisation",
      rationale: "Endurance of the deep neck flexors for facet-mediated neck pain.",
      interventions: [["deep neck flexor training", "scapular setting"], ["cervical mobilisation grade III", "ergonomic advice"]],
    },
    goal: { description: "Work at her desk for 2 hours at a stretch", measure: "desk tolerance (minutes)", target: "120 minutes" },
    meds: [med.paracetamol, med.ibuprofen],
    second: { kind: "lifestyle", title: "Workstation and sleep-position advice", rationale: "Laptop on the sofa; two pillows." },
    functionScale: "peg3",
    pain: [6, 4],
  },
  // Victor Halvorsen (Dr. Reyes) (S9): block #1 with its diary, block #2 done 2 hours ago with no diary yet, RFA proposed.
  39: {
    summary:
      "Right L4-L5 facet arthropathy. Core stabilisation and walking with the dog, then a plateau. The first medial branch block gave 85.7% relief; the confirmatory block was done this morning and its pain diary is being filled in. Ablation proposed once it is back.",
    problem: {
      diagnosis: "Chronic low back pain with lumbar facet arthropathy",
      bodySite: "lower back, right more than left, into the right buttock",
      laterality: "right",
      level: "L4-L5",
      painGenerator: "facet_joint",
      painPattern: "axial",
      onsetMonths: 50,
      imagingFindings: "MRI: right-predominant L4-L5 facet arthropathy with a small effusion; discs preserved.",
      imagingConcordant: true,
    },
    pt: {
      title: "Core stabilisation programme",
      rationale: "Active care first for facet-mediated pain.",
      interventions: [["lumbar stabilisation (transversus abdominis)", "hip hinge retraining"], ["graded walking", "flexion-biased mobility"]],
    },
    goal: { description: "Walk the dog for 30 minutes", measure: "continuous walking time (minutes)", target: "30 minutes" },
    meds: [med.naproxen, med.paracetamol],
    second: { kind: "lifestyle", title: "Graded walking programme", rationale: "Daily dog walks, up 10% a week." },
    functionScale: "odi",
    pain: [7, 6],
    weeks: 26,
    extra: (b, _start, problemId) => {
      const block = (n: 1 | 2, proposed: number, approved: number, performed: number, series?: OutcomePointSpec[]) =>
        b.procedure({
          type: "medial_branch_block",
          item: {
            problemId,
            title: `Diagnostic medial branch block L4-L5 right (${n} of 2)`,
            rationale: n === 1 ? "Axial right L4-L5 facet pain after over 3 months of active PT; two blocks before ablation." : "The first block gave 85.7% relief; a confirmatory block with a different local anaesthetic.",
          },
          level: "L4-L5",
          side: "right",
          region: "lumbar",
          indication:
            n === 1
              ? "Right-sided axial low back pain from L4-L5 facet arthropathy for 4 years, worse on extension-rotation to the right; over 3 months of active PT with a plateau."
              : "Confirmatory block after 85.7% relief from the first L4-L5 right medial branch block; same level and side, lidocaine this time.",
          intent: texts.mbbIntent.replace("on both sides", "on the right"),
          expectedBenefit: texts.mbbBenefit,
          alternatives: texts.mbbAlternatives,
          followUpPlan: "Pain diary at 30 minutes, 1, 2, 4 and 6 hours after the block; the clinic enters it the same day.",
          proposedAt: b.ago(proposed),
          approvedAt: b.ago(approved),
          scheduledAt: b.ago(approved - 0.05),
          scheduledFor: b.ago(performed),
          performedAt: b.ago(performed),
          preProcedurePain: 7,
          ...(series ? { series } : {}),
          complications: "None",
        });
      block(1, 45, 44, 35, diary([2, 1, 1, 3, 4]));
      block(2, 30, 29, 2 / 24);
      b.procedure({
        type: "radiofrequency_ablation",
        item: {
          problemId,
          title: "Radiofrequency ablation of the right L4-L5 medial branches",
          rationale: "First block 85.7%; to go ahead if the confirmatory block's diary also shows the required relief.",
        },
        level: "L4-L5",
        side: "right",
        region: "lumbar",
        indication: "Right L4-L5 facet pain; first diagnostic medial branch block 85.7% relief, confirmatory block performed today (diary pending).",
        intent: "To turn down the pain signals from the right L4-L5 facet joint for months at a time: a needle-like probe heats the small nerves the test blocks numbed.",
        expectedBenefit: "Most people whose two test blocks worked get 50% or more relief, starting after 2–3 weeks and lasting 6–12 months.",
        alternatives: "Continue PT and the walking programme without a procedure; facet joint steroid injections (shorter relief).",
        followUpPlan: "Decision once the second block's diary is in. Outcome reviews at 6 weeks, 3 months and 6 months.",
        proposedAt: b.ago(1 / 24),
      });
    },
  },
};

const secondDiscipline: Record<LightSpec["second"]["kind"], Discipline> = {
  medication: "physician",
  psychology: "psychologist",
  lifestyle: "physical_therapist",
  complementary: "physical_therapist",
};

/** A plausible, lighter record: a problem, PT with sessions, one more plan item, a few scores. */
function lightRecord(b: RecordBuilder, spec: LightSpec): void {
  const i = b.index;
  const weeks = spec.weeks ?? 8 + ((i * 5) % 13);
  const start = weeks * 7;
  b.carePlan(spec.summary, b.ago(start));
  const { onsetMonths, ...problemSpec } = spec.problem;
  const problemId = b.problem({ ...problemSpec, onsetDate: b.monthsAgo(onsetMonths), at: b.ago(start - 0.02) });
  const [painFrom, painTo] = spec.pain;
  const latest = 2 + (i % 5);
  const functionAt = (pain: number, from: number): number[] =>
    spec.functionScale === "odi" ? odiFor(clamp(pain * 6 - 2 + (i % 4) * 2, 0, 100), from) : pegFor(pain, i + from);
  const baselineBy: Discipline = "physician";
  b.assessment("nrs", [painFrom], b.ago(start - 0.03), baselineBy);
  b.assessment(spec.functionScale, functionAt(painFrom, 0), b.ago(start - 0.03), baselineBy);
  for (const m of spec.meds) b.medication({ ...m, startedAt: b.ago(start - 0.04) });
  const secondBy = secondDiscipline[spec.second.kind];
  const secondStart = spec.second.kind === "psychology" ? start - 14 : spec.second.kind === "medication" ? start - 0.05 : start - 7;
  b.planItem({
    kind: spec.second.kind,
    step: spec.second.kind === "lifestyle" ? 1 : 2,
    discipline: secondBy,
    title: spec.second.title,
    rationale: spec.second.rationale,
    problemId,
    proposedAt: b.ago(spec.second.kind === "psychology" ? start - 12 : secondStart),
    startedAt: b.ago(secondStart),
    status: "active",
  });
  const interval = i % 3 === 0 ? 10 : 7;
  const noShowAt = i % 4 === 1 ? 3 : -1;
  const cancelAt = i % 5 === 2 ? 5 : -1;
  const sessions = b.course({
    from: start - 7,
    to: 2 + (i % 3),
    every: interval,
    pain: [painFrom, painTo],
    interventions: spec.pt.interventions,
    attendance: (k, daysAgo) => (daysAgo > 30 && k === noShowAt ? "no_show" : daysAgo > 30 && k === cancelAt ? "cancelled" : "attended"),
  });
  const goalBy = spec.goal.discipline ?? "physical_therapist";
  const goalId = b.goal({
    discipline: goalBy,
    description: spec.goal.description,
    measure: spec.goal.measure,
    target: spec.goal.target,
    targetDate: b.ahead(28 + (i % 6) * 14),
    problemId,
    at: b.ago(start - 7 - 0.06),
  });
  const ptItem = b.planItem({
    kind: "physical_therapy",
    step: 1,
    discipline: "physical_therapist",
    title: spec.pt.title,
    rationale: spec.pt.rationale,
    problemId,
    goalIds: [goalId],
    proposedAt: b.ago(start - 7 - 0.05),
    startedAt: b.ago(start - 7 - 0.05),
    status: "active",
  });
  b.assessment("phq9", phq9For(3 + ((i * 7) % 10), i), b.ago(start - 14), "psychologist");
  b.assessment("gad7", gad7For(2 + ((i * 5) % 9), i), b.ago(start - 14), "psychologist");
  if (i % 3 === 0) b.assessment("pcs", pcsFor(10 + (i % 15), i), b.ago(start - 14), "psychologist");
  if (i % 2 === 0) {
    const phq = 3 + ((i * 7) % 10);
    b.psychNote(
      "shared_summary",
      `Screening visit. PHQ-9 ${phq}, no safety concerns (item 9 answered 0). Talked through pacing and sleep; ${
        spec.second.kind === "psychology" ? "starting the sessions on the plan." : "offered pain coping skills sessions if progress stalls."
      }`,
      b.ago(start - 14 - 0.02),
    );
  }
  const mid = Math.round(start / 2);
  b.assessment("nrs", [Math.round((painFrom + painTo) / 2)], b.ago(mid), "physical_therapist");
  b.assessment("nrs", [painTo], b.ago(latest), i % 2 === 0 ? "physician" : "physical_therapist");
  b.assessment(spec.functionScale, functionAt(painTo, 3), b.ago(latest), "physical_therapist");
  spec.extra?.(b, start, problemId);
  if (i % 3 === 1) {
    const lastSession = sessions[sessions.length - 1];
    if (lastSession) {
      const improving = painFrom - painTo >= 2;
      b.comment(
        "therapy_session",
        lastSession,
        "physical_therapist",
        improving ? "Good session — home programme adherence is excellent and pain is easing. Planning to space visits out." : "Progress is slow; home exercises done about half the days. Worth a look at the next team review.",
        b.ago(2 + (i % 3) - 0.1),
      );
    }
  }
  if (i % 4 === 2) {
    b.comment("plan_item", ptItem, "physician", "Thanks — keep going; I'll review medication at the next visit.", b.ago(latest - 0.5));
  }
}

/** A patient without any story or spec (the demo list grew): a plan and nothing else. */
function bareRecord(b: RecordBuilder): void {
  b.carePlan("New referral: assessment booked.", b.ago(7));
}

const stories: Readonly<Record<number, (b: RecordBuilder) => void>> = {
  [demoClinicalStories.notImproving]: margaretHollis,
  [demoClinicalStories.scsAwaitingClearance]: aishaBello,
  [demoClinicalStories.outcomeDue]: davidMensah,
  [demoClinicalStories.catastrophizing]: patriciaKowalski,
  [demoClinicalStories.rfaCandidate]: samuelAchterberg,
  [demoClinicalStories.highOpioidDose]: beatrizMontoya,
  [demoClinicalStories.missedSessions]: emilyVance,
  [demoClinicalStories.safetyFlag]: chloeBeaumont,
  [demoClinicalStories.improvingConservative]: benjaminHartley,
  [demoClinicalStories.opioidReview]: richardOkonkwo,
  [demoClinicalStories.intrathecalCandidate]: walterPennington,
};

type SafetyProfileSpec = Omit<Parameters<RecordBuilder["safetyProfile"]>[0], "at">;

/**
 * §6.4 safety profiles, recorded at intake. Most patients: "no known allergies"; a few allergies of
 * each category; diabetes where the story says so. Null: not recorded yet (the header says so).
 */
const safetyProfileSpecs: Readonly<Record<number, SafetyProfileSpec | null>> = {
  0: { renalImpairment: true, pregnancy: "not_applicable" },
  1: { pregnancy: "not_applicable" },
  2: { pregnancy: "not_pregnant", implantedDevices: "L4-L5 pedicle screws and rods (posterior fusion)" },
  4: { pregnancy: "not_applicable" },
  8: { allergies: [{ substance: "Gadolinium contrast (gadobutrol)", category: "gadolinium", reaction: "nausea and a widespread rash at an MRI" }] },
  10: { allergies: [{ substance: "Iodinated contrast (iohexol)", category: "iodinated_contrast", reaction: "hives" }], pregnancy: "not_applicable" },
  12: { allergies: [{ substance: "Penicillin", category: "other", reaction: "hives" }] },
  14: { allergies: [{ substance: "Latex (examination gloves)", category: "latex", reaction: "contact dermatitis and lip swelling" }], pregnancy: "not_pregnant" },
  15: { diabetes: true, pregnancy: "not_applicable" },
  16: { pregnancy: "not_pregnant" },
  17: { pregnancy: "not_applicable", implantedDevices: "Cardiac pacemaker (dual-chamber, 2019)" },
  18: { overdoseOrSudHistory: false },
  22: { pregnancy: "not_pregnant" },
  23: { allergies: [{ substance: "Articaine (dental local anaesthetic)", category: "local_anaesthetic", reaction: "facial swelling" }], renalImpairment: true },
  24: { diabetes: true, pregnancy: "not_pregnant" },
  26: { pregnancy: "not_pregnant" },
  31: { overdoseOrSudHistory: false },
  35: { allergies: [{ substance: "Methylprednisolone", category: "corticosteroid", reaction: "flushing, palpitations and a rash" }] },
  40: { activeInfection: false, diabetes: false, renalImpairment: false, pregnancy: "not_applicable", implantedDevices: null },
};

function safetyProfileFor(index: number): SafetyProfileSpec | null {
  if (index in safetyProfileSpecs) return safetyProfileSpecs[index] ?? null;
  return index % 5 === 4 ? null : {};
}

/** §6.5 monitoring of the opioid patients: [kind, days ago, result]. Entered at intake when done before it. */
const monitoringHistory: Readonly<Record<number, readonly (readonly [MonitoringKind, number, string])[]>> = {
  2: [
    ["pdmp_check", 60, "One prescriber, one pharmacy."],
    ["urine_drug_test", 60, "Nothing unexpected; no opioid yet (baseline)."],
  ],
  11: [
    ["pdmp_check", 70, "One prescriber, one pharmacy."],
    ["urine_drug_test", 70, "Expected: tramadol. Nothing unexpected."],
  ],
  18: [
    ["pdmp_check", 120, "Two prescribers in the last year (previous pain clinic and GP); one pharmacy."],
    ["urine_drug_test", 120, "Expected: fentanyl, oxycodone. Nothing unexpected."],
    ["naloxone_offered", 120, "Nasal naloxone prescribed; her partner shown how to use it."],
  ],
  23: [
    ["urine_drug_test", 130, "Expected: codeine (as morphine). Nothing unexpected."],
    ["pdmp_check", 40, "One prescriber, one pharmacy."],
  ],
  31: [
    ["urine_drug_test", 350, "Expected: morphine. Nothing unexpected."],
    ["naloxone_offered", 95, "Nasal naloxone prescribed."],
    ["pdmp_check", 40, "One prescriber, one pharmacy."],
  ],
  37: [
    ["pdmp_check", 75, "One prescriber, one pharmacy."],
    ["urine_drug_test", 75, "Expected: buprenorphine. Nothing unexpected."],
  ],
};

/** Every clinical row of the demo clinic, built in memory (pure: same context, same rows). */
export function buildClinicalRows(ctx: ClinicalSeedContext): ClinicalSeedRows {
  const rows = emptyRows();
  const drafts: EventDraft[] = [];
  const sequence = { next: 0 };
  ctx.patientIds.forEach((patientId, index) => {
    const b = new RecordBuilder(index, patientId, resolveTeam(ctx.team(index)), ctx.now, sequence);
    const story = stories[index];
    const light = lightSpecs[index];
    if (story) story(b);
    else if (light) lightRecord(b, light);
    else bareRecord(b);
    const intake = b.rows.carePlans[0]?.createdAt ?? ctx.now;
    const profile = safetyProfileFor(index);
    if (profile) b.safetyProfile({ ...profile, at: new Date(intake.getTime() + 0.06 * DAY_MS) });
    for (const [kind, daysAgo, result] of monitoringHistory[index] ?? []) {
      const at = b.ago(daysAgo);
      b.monitoring(kind, at, result, at < intake ? new Date(intake.getTime() + 0.05 * DAY_MS) : at);
    }
    rows.carePlans.push(...b.rows.carePlans);
    rows.problems.push(...b.rows.problems);
    rows.goals.push(...b.rows.goals);
    rows.planItems.push(...b.rows.planItems);
    rows.procedures.push(...b.rows.procedures);
    rows.medications.push(...b.rows.medications);
    rows.therapySessions.push(...b.rows.therapySessions);
    rows.psychNotes.push(...b.rows.psychNotes);
    rows.psychClearances.push(...b.rows.psychClearances);
    rows.assessments.push(...b.rows.assessments);
    rows.comments.push(...b.rows.comments);
    rows.actionItems.push(...b.rows.actionItems);
    rows.procedureOutcomes.push(...b.rows.procedureOutcomes);
    rows.safetyProfiles.push(...b.rows.safetyProfiles);
    rows.opioidMonitoring.push(...b.rows.opioidMonitoring);
    rows.safetyResponses.push(...b.rows.safetyResponses);
    drafts.push(...b.events);
  });
  drafts.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
  rows.planEvents = drafts.map((d) => d.row);
  return rows;
}

const CHUNK = 500;
async function inChunks<T>(values: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) await insert(values.slice(i, i + CHUNK));
}

/**
 * Seeds the clinical tables inside the caller's transaction. Idempotent: rows have stable ids and
 * inserts skip what exists; a patient's record (and its history in plan_events, whose ids are
 * serial) is written only in the run that created that patient's care plan.
 */
export async function seedClinicalDemo(tx: DbOrTx, ctx: ClinicalSeedContext): Promise<{ patientsSeeded: number; rows: number }> {
  const all = buildClinicalRows(ctx);
  const created = await insertCarePlans(tx, all.carePlans);
  if (created.size === 0) return { patientsSeeded: 0, rows: 0 };
  const mine = <R extends { patientId: string }>(list: readonly R[]): R[] => list.filter((r) => created.has(r.patientId));
  const pick = {
    problems: mine(all.problems),
    goals: mine(all.goals),
    planItems: mine(all.planItems),
    procedures: mine(all.procedures),
    medications: mine(all.medications),
    therapySessions: mine(all.therapySessions),
    psychNotes: mine(all.psychNotes),
    psychClearances: mine(all.psychClearances),
    assessments: mine(all.assessments),
    comments: mine(all.comments),
    actionItems: mine(all.actionItems),
    procedureOutcomes: mine(all.procedureOutcomes),
    safetyProfiles: mine(all.safetyProfiles),
    opioidMonitoring: mine(all.opioidMonitoring),
    safetyResponses: mine(all.safetyResponses),
    planEvents: mine(all.planEvents),
  };
  await inChunks(pick.problems, (c) => tx.insert(problems).values(c).onConflictDoNothing());
  await inChunks(pick.goals, (c) => tx.insert(goals).values(c).onConflictDoNothing());
  await inChunks(pick.planItems, (c) => tx.insert(planItems).values(c).onConflictDoNothing());
  await inChunks(pick.procedures, (c) => tx.insert(procedures).values(c).onConflictDoNothing());
  await inChunks(pick.medications, (c) => tx.insert(medications).values(c).onConflictDoNothing());
  await inChunks(pick.therapySessions, (c) => tx.insert(therapySessions).values(c).onConflictDoNothing());
  await inChunks(pick.psychNotes, (c) => tx.insert(psychNotes).values(c).onConflictDoNothing());
  await inChunks(pick.psychClearances, (c) => tx.insert(psychClearances).values(c).onConflictDoNothing());
  await inChunks(pick.assessments, (c) => tx.insert(assessments).values(c).onConflictDoNothing());
  await inChunks(pick.comments, (c) => tx.insert(comments).values(c).onConflictDoNothing());
  await inChunks(pick.actionItems, (c) => tx.insert(actionItems).values(c).onConflictDoNothing());
  await inChunks(pick.procedureOutcomes, (c) => tx.insert(procedureOutcomes).values(c).onConflictDoNothing());
  await inChunks(pick.safetyProfiles, (c) => tx.insert(safetyProfiles).values(c).onConflictDoNothing());
  await inChunks(pick.opioidMonitoring, (c) => tx.insert(opioidMonitoring).values(c).onConflictDoNothing());
  await inChunks(pick.safetyResponses, (c) => tx.insert(safetyResponses).values(c).onConflictDoNothing());
  await inChunks(pick.planEvents, (c) => tx.insert(planEvents).values(c));
  const rows = created.size + Object.values(pick).reduce((n, list) => n + list.length, 0);
  return { patientsSeeded: created.size, rows };
}

/** The patients whose care plan this run created: only their records are new. */
async function insertCarePlans(tx: DbOrTx, plans: readonly CarePlanRow[]): Promise<Set<string>> {
  const created = new Set<string>();
  await inChunks(plans, async (c) => {
    const rows = await tx.insert(carePlans).values(c).onConflictDoNothing().returning({ patientId: carePlans.patientId });
    for (const r of rows) created.add(r.patientId);
  });
  return created;
}

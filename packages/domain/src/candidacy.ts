import { z } from "zod";
import { addDays, addDuration, addMonths, formatDuration, type Duration } from "./common";
import { disciplineSchema } from "./discipline";
import type { Assessment, Medication, Problem, ProblemFinding, ProcedureOrder, PsychClearance, TherapySession } from "./entities";
import type { ProcedureOutcome } from "./clinical-v2";
import { normaliseLevel, sameLevel, sideCovers, sidesNeeded, sidesOverlap } from "./levels";
import { diaryRelief, isDiaryTimePoint, outcomeSourceLabel } from "./outcomes";
import { reliefPercent } from "./relief";
import { evidenceSchema, type Evidence, type PatientRecord } from "./patient-record";
import type { PlanItem } from "./plan-item";
import type { ClinicPolicy } from "./policy";
import {
  clearanceFamily,
  criteriaForOrder,
  criterionDefinitions,
  criterionIdSchema,
  epiduralSteroidTypes,
  largeJointRegions,
  procedureCatalog,
  procedureTypeSchema,
  regionOfLevel,
  regionSchema,
  sideSchema,
  type CriterionId,
  type ProcedureType,
  type Region,
  type Side,
} from "./procedure-catalog";

export const criterionStatusSchema = z.enum(["met", "not_met", "unknown"]);
export type CriterionStatus = z.infer<typeof criterionStatusSchema>;

export const candidacyTargetSchema = z.object({
  level: z.string().max(20).nullable().optional(),
  side: sideSchema.nullable().optional(),
  region: regionSchema.nullable().optional(),
  /** §6.3: the order contains a corticosteroid (adds the steroid-exposure criterion where the catalogue makes it optional). */
  withSteroid: z.boolean().optional(),
});
export type CandidacyTarget = z.infer<typeof candidacyTargetSchema>;

export const criterionResultSchema = z.object({
  id: criterionIdSchema,
  label: z.string(),
  status: criterionStatusSchema,
  evidence: z.array(evidenceSchema),
  /** What is missing, in words a clinician can act on; absent when met. */
  missing: z.string().optional(),
  /** The discipline that can supply the missing evidence; absent when met. */
  suppliedBy: disciplineSchema.optional(),
  /** The policy value this criterion was judged against, e.g. "≥ 4 weeks". */
  threshold: z.string().optional(),
  /** An attention note beside the result (e.g. diabetes and a steroid injection); never changes the status. */
  note: z.string().optional(),
});
export type CriterionResult = z.infer<typeof criterionResultSchema>;

export const candidacyResultSchema = z.object({
  procedureType: procedureTypeSchema,
  policyId: z.string(),
  evaluatedAt: z.date(),
  target: z.object({ level: z.string().nullable(), side: sideSchema.nullable(), region: regionSchema.nullable() }),
  criteria: z.array(criterionResultSchema),
  overall: z.enum(["candidate", "not_yet"]),
});
export type CandidacyResult = z.infer<typeof candidacyResultSchema>;

type Evaluation = { status: CriterionStatus; evidence: Evidence[]; missing?: string; threshold?: string; note?: string };

type Ctx = {
  procedureType: ProcedureType;
  record: PatientRecord;
  policy: ClinicPolicy;
  now: Date;
  level: string | null;
  side: Side | null;
  region: Region | null;
  withSteroid: boolean;
};

const iso = (date: Date): string => date.toISOString().slice(0, 10);

const problemEvidence = (p: Problem): Evidence => ({
  kind: "problem",
  id: p.id,
  summary: `${p.diagnosis} — ${p.painPattern} pain, ${p.painGenerator.replace(/_/g, " ")}${p.level ? ` ${p.level}` : ""}, onset ${iso(p.onsetDate)}`,
});

const procedureEvidence = (p: ProcedureOrder): Evidence => ({
  kind: "procedure",
  id: p.id,
  summary: `${procedureCatalog[p.procedureType].label}${p.level ? ` ${normaliseLevel(p.level)}` : ""}${p.side ? ` ${p.side}` : ""}${p.withSteroid ? " with steroid" : ""}, ${p.status}${
    p.performedAt ? ` ${iso(p.performedAt)}` : ""
  }${p.reliefPercent !== null ? `, ${p.reliefPercent}% relief` : ""}${p.reliefDurationDays ? ` for ${p.reliefDurationDays} days` : ""}`,
});

const planItemEvidence = (item: PlanItem, end: Date | null): Evidence => ({
  kind: "plan_item",
  id: item.id,
  summary: `${item.title} (${item.kind.replace(/_/g, " ")}, ${item.status}, ${item.startedAt ? iso(item.startedAt) : "no start date"} → ${
    end && item.status !== "active" ? iso(end) : "ongoing"
  })`,
});

const sessionEvidence = (s: TherapySession): Evidence => ({
  kind: "therapy_session",
  id: s.id,
  summary: `PT session ${iso(s.sessionDate)}, ${s.attendance}, ${s.minutes} min`,
});

const clearanceEvidence = (c: PsychClearance): Evidence => ({
  kind: "clearance",
  id: c.id,
  summary: `Psychological clearance for ${procedureCatalog[c.procedureType].label}: ${c.status.replace(/_/g, " ")}${
    c.decidedAt ? ` ${iso(c.decidedAt)}` : ` (requested ${iso(c.requestedAt)})`
  }`,
});

const activeProblems = (ctx: Ctx): Problem[] => ctx.record.problems.filter((p) => p.status === "active");
const isRadicular = (p: Problem): boolean => p.painPattern === "radicular" || p.painPattern === "mixed" || p.painGenerator === "nerve_root";
const hasFinding = (p: Problem, findings: readonly ProblemFinding[]): boolean => p.findings.some((f) => findings.includes(f));

function performed(ctx: Ctx, types: readonly ProcedureType[], region?: Region | null): (ProcedureOrder & { performedAt: Date })[] {
  return ctx.record.procedures
    .filter((p): p is ProcedureOrder & { performedAt: Date } => p.status === "performed" && p.performedAt !== null)
    .filter((p) => types.includes(p.procedureType) && (region == null || p.region === region))
    .sort((a, b) => a.performedAt.getTime() - b.performedAt.getTime());
}

/** The rolling 12 months: an event exactly 12 calendar months ago has left the window. */
export const withinLast12Months = (date: Date, now: Date): boolean => date > addMonths(now, -12) && date <= now;

const outcomeEvidence = (o: ProcedureOutcome, order?: ProcedureOrder): Evidence => {
  const relief = order ? outcomeRelief(order, o) : o.reliefPercent;
  return {
    kind: "procedure_outcome",
    id: o.id,
    summary: `Outcome ${o.timePoint.replace("_", " ")} on ${iso(o.assessedAt)}${o.painScore !== null ? `: NRS ${o.painScore}` : ""}${
      relief !== null ? `, ${relief}% relief` : ""
    }${o.functionImprovementPercent !== null ? `, function ${o.functionImprovementPercent}% better` : ""}${outcomeSourceLabel(o.source) ? ` — source: ${outcomeSourceLabel(o.source)}` : ""}`,
  };
};

const outcomesOf = (ctx: Ctx, order: ProcedureOrder): ProcedureOutcome[] =>
  ctx.record.procedureOutcomes.filter((o) => o.procedureId === order.id).sort((a, b) => a.assessedAt.getTime() - b.assessedAt.getTime());

const outcomeRelief = (order: ProcedureOrder, o: ProcedureOutcome): number | null =>
  o.reliefPercent ?? (o.painScore !== null && order.preProcedurePain !== null ? reliefPercent(order.preProcedurePain, o.painScore) : null);

/**
 * The relief a block gave: the best point of its pain diary (§6.7: pre − lowest post), else the
 * relief recorded on the order. Null when neither is recorded yet.
 */
export function blockRelief(order: ProcedureOrder, outcomes: readonly ProcedureOutcome[]): { percent: number | null; evidence: ProcedureOutcome[] } {
  // The diary rule lives in outcomes.ts (which points count is outcome-series policy).
  const diary = outcomes.filter((o) => o.procedureId === order.id && isDiaryTimePoint(o.timePoint));
  const relief = order.preProcedurePain === null ? null : diaryRelief(order.preProcedurePain, diary);
  const lowest = relief ? diary.find((o) => o.timePoint === relief.lowestAt) : undefined;
  if (relief && relief.reliefPercent !== null && lowest) return { percent: relief.reliefPercent, evidence: [lowest] };
  return { percent: order.reliefPercent, evidence: [] };
}

const DAY = 86_400_000;

/**
 * Relief of at least `minPercent` that lasted `minDays`: from the order's relief and its duration, or
 * from a follow-up outcome at least `minDays` after the procedure. With `minFunctionPercent`, a
 * functional improvement of that size (outcome rows, or ODI / PEG before vs after) also counts (§6.2 ESI).
 */
function sustainedResponse(
  ctx: Ctx,
  last: (ProcedureOrder & { performedAt: Date }) | undefined,
  minPercent: number,
  minDays: number,
  what: string,
  minFunctionPercent?: number,
): Evaluation {
  const functionPart = minFunctionPercent !== undefined ? ` or ≥ ${minFunctionPercent}% functional improvement (ODI or PEG)` : "";
  const threshold = `≥ ${minPercent}% relief${functionPart} lasting ≥ ${minDays} days (policy ${ctx.policy.id})`;
  if (!last) return { status: "met", evidence: [], threshold: `${threshold} — no prior ${what}` };
  const evidence: Evidence[] = [procedureEvidence(last)];
  const lateOutcomes = outcomesOf(ctx, last).filter((o) => o.assessedAt.getTime() - last.performedAt.getTime() >= minDays * DAY);
  const lateRelief = lateOutcomes.filter((o) => (outcomeRelief(last, o) ?? -Infinity) >= minPercent);
  if (lateRelief[0]) return { status: "met", evidence: [...evidence, outcomeEvidence(lateRelief[0], last)], threshold };
  if (last.reliefPercent !== null && last.reliefPercent >= minPercent && last.reliefDurationDays !== null && last.reliefDurationDays >= minDays) {
    return { status: "met", evidence, threshold };
  }
  if (minFunctionPercent !== undefined) {
    const fnOutcome = lateOutcomes.find((o) => o.functionImprovementPercent !== null && o.functionImprovementPercent >= minFunctionPercent);
    if (fnOutcome) return { status: "met", evidence: [...evidence, outcomeEvidence(fnOutcome)], threshold };
    const fn = functionImprovement(ctx.record.assessments, last.performedAt, minDays, ctx.now);
    if (fn && fn.percent >= minFunctionPercent) return { status: "met", evidence: [...evidence, ...fn.evidence], threshold };
  }
  const allEvidence = [...evidence, ...lateOutcomes.map((o) => outcomeEvidence(o, last))];
  const knownShort =
    lateOutcomes.length > 0 ||
    (last.reliefPercent !== null && (last.reliefPercent < minPercent || (last.reliefDurationDays !== null && last.reliefDurationDays < minDays)));
  if (knownShort) return { status: "not_met", evidence: allEvidence, missing: `the last ${what} did not give ${threshold.replace(/ \(policy.*\)/, "")}`, threshold };
  return { status: "unknown", evidence: allEvidence, missing: `the outcome of the last ${what} at ${minDays} days or later`, threshold };
}

/**
 * % functional improvement from the ODI or PEG on or before `from` to the best score of the same
 * instrument at least `minDays` later (lower is better on both). Null when no pair exists.
 */
export function functionImprovement(
  assessments: readonly Assessment[],
  from: Date,
  minDays: number,
  now: Date,
): { percent: number; evidence: Evidence[] } | null {
  let best: { percent: number; evidence: Evidence[] } | null = null;
  for (const instrument of ["odi", "peg3"] as const) {
    const scored = assessments.filter((a) => a.instrument === instrument && a.score !== null && a.administeredAt <= now);
    const before = scored.filter((a) => a.administeredAt <= from).sort((a, b) => b.administeredAt.getTime() - a.administeredAt.getTime())[0];
    if (!before || before.score === null || before.score <= 0) continue;
    for (const after of scored.filter((a) => a.administeredAt.getTime() - from.getTime() >= minDays * DAY)) {
      if (after.score === null) continue;
      const percent = Math.round(((before.score - after.score) / before.score) * 1000) / 10;
      if (best === null || percent > best.percent) {
        best = {
          percent,
          evidence: [before, after].map((a) => ({ kind: "assessment" as const, id: a.id, summary: `${a.instrument.toUpperCase()} ${a.score} on ${iso(a.administeredAt)}` })),
        };
      }
    }
  }
  return best;
}

function problemCriterion(ctx: Ctx, match: (p: Problem) => boolean, describe: string, minDuration: Duration | null): Evaluation {
  const problems = activeProblems(ctx);
  const threshold = minDuration ? `≥ ${formatDuration(minDuration)}` : undefined;
  if (problems.length === 0) return { status: "unknown", evidence: [], missing: `no active problem documented (${describe})`, threshold };
  const matching = problems.filter(match);
  if (matching.length === 0) return { status: "not_met", evidence: [], missing: `${describe} not documented on the problem list`, threshold };
  if (minDuration === null) return { status: "met", evidence: matching.map(problemEvidence) };
  const longEnough = matching.filter((p) => addDuration(p.onsetDate, minDuration) <= ctx.now);
  return longEnough.length > 0
    ? { status: "met", evidence: longEnough.map(problemEvidence), threshold }
    : { status: "not_met", evidence: matching.map(problemEvidence), missing: `${describe} for ${formatDuration(minDuration)} (onset too recent)`, threshold };
}

function findingCriterion(ctx: Ctx, findings: readonly ProblemFinding[], alsoMatch: (p: Problem) => boolean, describe: string): Evaluation {
  return problemCriterion(ctx, (p) => hasFinding(p, findings) || alsoMatch(p), describe, null);
}

type Interval = { start: Date; end: Date; items: PlanItem[] };

/**
 * The longest continuous stretch covered by documented conservative plan items. Physical therapy
 * counts only over periods with attended sessions (the reference: "PT with logged sessions").
 * Gaps break the trial: two weeks last year plus two weeks now are not a four-week trial.
 */
export function conservativeTrialSpan(
  record: Pick<PatientRecord, "planItems" | "therapySessions">,
  policy: Pick<ClinicPolicy, "conservativeKinds">,
  now: Date,
): { span: Interval | null; undated: PlanItem[]; sessions: TherapySession[] } {
  const items = record.planItems.filter(
    (item) => policy.conservativeKinds.includes(item.kind) && (item.status === "active" || item.status === "completed") && item.ladderStep <= 2,
  );
  const attended = record.therapySessions.filter((s) => s.attendance === "attended");
  const intervals: Interval[] = [];
  const undated: PlanItem[] = [];
  for (const item of items) {
    const start = item.startedAt;
    if (start === null) {
      undated.push(item);
      continue;
    }
    const rawEnd = item.endedAt ?? (item.status === "active" ? now : start);
    const end = rawEnd > now ? now : rawEnd;
    if (item.kind === "physical_therapy" && !attended.some((s) => s.sessionDate >= start && s.sessionDate <= end)) continue;
    intervals.push({ start, end, items: [item] });
  }
  intervals.sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: Interval[] = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
      last.items.push(...interval.items);
    } else {
      merged.push({ start: interval.start, end: interval.end, items: [...interval.items] });
    }
  }
  const length = (i: Interval): number => i.end.getTime() - i.start.getTime();
  const best = merged.reduce<Interval | null>((acc, i) => (acc === null || length(i) > length(acc) ? i : acc), null);
  const span = best;
  const sessions = span ? attended.filter((s) => s.sessionDate >= span.start && s.sessionDate <= span.end) : [];
  return { span, undated, sessions };
}

function conservativeTrial(ctx: Ctx): Evaluation {
  const required = ctx.policy.conservativeTrial[ctx.procedureType] ?? null;
  if (required === null) return { status: "met", evidence: [], threshold: "no minimum in this policy" };
  const threshold = `≥ ${formatDuration(required)}`;
  const { span, undated, sessions } = conservativeTrialSpan(ctx.record, ctx.policy, ctx.now);
  const evidence = span ? [...span.items.map((item) => planItemEvidence(item, item.endedAt)), ...sessions.map(sessionEvidence)] : [];
  if (span && addDuration(span.start, required) <= span.end) return { status: "met", evidence, threshold };
  const covered = span ? `${Math.floor((span.end.getTime() - span.start.getTime()) / 86_400_000)} days documented` : "none documented";
  if (undated.length > 0) {
    return {
      status: "unknown",
      evidence: [...evidence, ...undated.map((item) => planItemEvidence(item, null))],
      missing: `start dates of conservative plan items (trial ${threshold}, ${covered})`,
      threshold,
    };
  }
  return { status: "not_met", evidence, missing: `a conservative trial ${threshold} (${covered})`, threshold };
}

function activePhysicalTherapy(ctx: Ctx): Evaluation {
  const min = ctx.policy.activePtMinAttendedSessions;
  const threshold = `≥ ${min} attended PT session${min === 1 ? "" : "s"}`;
  const ptItems = ctx.record.planItems.filter(
    (item) => item.kind === "physical_therapy" && (item.status === "active" || item.status === "completed") && item.startedAt !== null,
  );
  const attended = ctx.record.therapySessions.filter((s) => s.attendance === "attended");
  for (const item of ptItems) {
    const start = item.startedAt ?? ctx.now;
    const end = item.endedAt ?? ctx.now;
    const inside = attended.filter((s) => s.sessionDate >= start && s.sessionDate <= end);
    if (inside.length >= min) return { status: "met", evidence: [planItemEvidence(item, item.endedAt), ...inside.map(sessionEvidence)], threshold };
  }
  return {
    status: "not_met",
    evidence: ptItems.map((item) => planItemEvidence(item, item.endedAt)),
    missing: ptItems.length === 0 ? "an active physical therapy plan item with attended sessions" : "attended physical therapy sessions",
    threshold,
  };
}

function concordantImaging(ctx: Ctx): Evaluation {
  const problems = activeProblems(ctx);
  const radicular = problems.filter(isRadicular);
  const relevant = radicular.length > 0 ? radicular : problems;
  if (relevant.length === 0) return { status: "unknown", evidence: [], missing: "a problem with imaging findings" };
  const concordant = relevant.filter((p) => p.imagingConcordant === true);
  if (concordant.length > 0) return { status: "met", evidence: concordant.map(problemEvidence) };
  if (relevant.every((p) => p.imagingConcordant === false)) {
    return { status: "not_met", evidence: relevant.map(problemEvidence), missing: "imaging concordant with the symptoms" };
  }
  return { status: "unknown", evidence: relevant.map(problemEvidence), missing: "imaging review: concordance not recorded" };
}

function baselineScores(ctx: Ctx): Evaluation {
  const scored = ctx.record.assessments
    .filter((a) => a.score !== null && a.administeredAt <= ctx.now)
    .sort((a, b) => b.administeredAt.getTime() - a.administeredAt.getTime());
  const pain = scored.find((a) => a.instrument === "nrs" || a.instrument === "peg3");
  // PEG's "general activity" item is a function measure, so a PEG answers both questions.
  const fn = scored.find((a) => a.instrument === "odi" || a.instrument === "peg3");
  const evidence: Evidence[] = [pain, fn]
    .filter((a, i, all): a is NonNullable<typeof a> => a !== undefined && all.indexOf(a) === i)
    .map((a) => ({ kind: "assessment", id: a.id, summary: `${a.instrument.toUpperCase()} ${a.score} on ${iso(a.administeredAt)}` }));
  if (pain && fn) return { status: "met", evidence };
  const lacking = [pain ? null : "a pain score (NRS or PEG)", fn ? null : "a function score (ODI or PEG)"].filter(Boolean).join(" and ");
  return { status: "not_met", evidence, missing: lacking };
}

function regionUnknown(what: string): Evaluation {
  return { status: "unknown", evidence: [], missing: `the target ${what} (region or level of the order)` };
}

function countWithin12Months(ctx: Ctx, prior: (ProcedureOrder & { performedAt: Date })[], max: number, unit: string): Evaluation {
  const recent = prior.filter((p) => withinLast12Months(p.performedAt, ctx.now));
  const threshold = `≤ ${max} per ${unit} per rolling 12 months (${recent.length} so far)`;
  return recent.length < max
    ? { status: "met", evidence: recent.map(procedureEvidence), threshold }
    : { status: "not_met", evidence: recent.map(procedureEvidence), missing: `no more than ${max} per ${unit} in 12 months`, threshold };
}

function lastResponse(
  last: ProcedureOrder | undefined,
  minPercent: number,
  minDays: number,
  what: string,
): Evaluation {
  const threshold = `≥ ${minPercent}% relief lasting ≥ ${minDays} days`;
  if (!last) return { status: "met", evidence: [], threshold: `${threshold} (no prior ${what})` };
  const evidence = [procedureEvidence(last)];
  if (last.reliefPercent === null) return { status: "unknown", evidence, missing: `the outcome (relief) of the last ${what}`, threshold };
  if (last.reliefPercent < minPercent) return { status: "not_met", evidence, missing: `relief from the last ${what} was below ${minPercent}%`, threshold };
  if (last.reliefDurationDays === null) return { status: "unknown", evidence, missing: `how long relief from the last ${what} lasted`, threshold };
  if (last.reliefDurationDays < minDays) return { status: "not_met", evidence, missing: `relief from the last ${what} lasted under ${minDays} days`, threshold };
  return { status: "met", evidence, threshold };
}

type BlockRule = {
  types: readonly ProcedureType[];
  /** Only blocks done with diagnostic intent count (SI injections can be either). */
  diagnosticOnly: boolean;
  minPercent: number;
  count: number;
  /** Spinal blocks must match the level; joint blocks (knee, SI) match the joint by region and side. */
  byLevel: boolean;
  what: string;
};

/**
 * Diagnostic blocks that qualify an ablation (§3, §6.1): `count` blocks at the target's level and
 * side, each with the required relief from its pain diary or recorded outcome. A bilateral block
 * counts for either side; a bilateral target needs qualifying blocks for both sides.
 */
function qualifyingBlocks(ctx: Ctx, rule: BlockRule): Evaluation {
  const label = `${rule.count === 1 ? "one block" : `${rule.count} blocks`}${rule.byLevel ? " at one level" : ""} and side, ${
    rule.count === 1 ? "with" : "each"
  } ≥ ${rule.minPercent}% relief (policy ${ctx.policy.id})`;
  const blocks = performed(ctx, rule.types, rule.byLevel ? null : ctx.region).filter((b) => !rule.diagnosticOnly || b.diagnostic);
  const relief = new Map(blocks.map((b) => [b.id, blockRelief(b, ctx.record.procedureOutcomes)]));
  // Relief is stored in percent with one decimal; the policy value is a whole percent.
  const good = (b: ProcedureOrder): boolean => (relief.get(b.id)?.percent ?? -Infinity) >= rule.minPercent;
  const pending = (b: ProcedureOrder): boolean => relief.get(b.id)?.percent === null;
  const levels = rule.byLevel
    ? ctx.level !== null
      ? [ctx.level]
      : [...new Set(blocks.map((b) => normaliseLevel(b.level)).filter((l): l is string => l !== null))]
    : [null];
  const sideOptions: Side[] = ctx.side !== null ? [ctx.side] : ["left", "right"];
  const evidenceOf = (list: ProcedureOrder[]): Evidence[] =>
    list.flatMap((b) => [procedureEvidence(b), ...(relief.get(b.id)?.evidence ?? []).map((o) => outcomeEvidence(o, b))]);
  let couldStillQualify = false;
  for (const level of levels) {
    const atLevel = blocks.filter((b) => level === null || sameLevel(b.level, level));
    for (const side of sideOptions) {
      const perSide = sidesNeeded(side).map((s) => atLevel.filter((b) => sideCovers(b.side, s)));
      if (perSide.every((list) => list.filter(good).length >= rule.count)) {
        const used = [...new Set(perSide.flatMap((list) => list.filter(good).slice(-rule.count)))];
        return { status: "met", evidence: evidenceOf(used), threshold: label };
      }
      if (perSide.every((list) => list.filter((b) => good(b) || pending(b)).length >= rule.count)) couldStillQualify = true;
    }
  }
  if (blocks.some((b) => (rule.byLevel && b.level === null) || b.side === null)) couldStillQualify = true;
  return {
    status: couldStillQualify ? "unknown" : "not_met",
    evidence: evidenceOf(blocks),
    missing: couldStillQualify ? `the relief (pain diary or outcome), level and side of every ${rule.what} (${label})` : `${rule.what}: ${label}`,
    threshold: label,
  };
}

function diagnosticBlocks(ctx: Ctx): Evaluation {
  return qualifyingBlocks(ctx, {
    types: ["medial_branch_block"],
    diagnosticOnly: false,
    minPercent: Math.round(ctx.policy.blockReliefThreshold * 100),
    count: 2,
    byLevel: true,
    what: "diagnostic medial branch block",
  });
}

const FACET_FAMILY = ["medial_branch_block", "facet_joint_injection", "radiofrequency_ablation"] as const satisfies readonly ProcedureType[];

/** Prior procedures of `types` at the target's level (when it has one) touching a common side, within the rolling 12 months. */
function priorAtTarget(ctx: Ctx, types: readonly ProcedureType[]): (ProcedureOrder & { performedAt: Date })[] {
  return performed(ctx, types, ctx.region).filter(
    (p) => withinLast12Months(p.performedAt, ctx.now) && (ctx.level === null || sameLevel(p.level, ctx.level)) && sidesOverlap(p.side, ctx.side),
  );
}

/** §6.2: the second diagnostic medial branch block only after relief from the first; no more than the diagnostic pair. */
function mbbRepeat(ctx: Ctx): Evaluation {
  if (ctx.level === null || ctx.side === null) return regionUnknown("level and side");
  const { mbbMaxDiagnosticPerLevelSide: max, mbbSecondBlockMinReliefPercent: min } = ctx.policy;
  const threshold = `the second block only after ≥ ${min}% relief from the first; at most ${max} diagnostic blocks per level and side in 12 months (policy ${ctx.policy.id})`;
  const prior = priorAtTarget(ctx, ["medial_branch_block"]);
  const evidence = prior.flatMap((b) => [procedureEvidence(b), ...blockRelief(b, ctx.record.procedureOutcomes).evidence.map((o) => outcomeEvidence(o, b))]);
  if (prior.length === 0) return { status: "met", evidence, threshold: `${threshold} — first block` };
  if (prior.length >= max) {
    return { status: "not_met", evidence, missing: `${prior.length} diagnostic blocks already at ${ctx.level} ${ctx.side}: the diagnostic work-up is complete`, threshold };
  }
  const last = prior[prior.length - 1];
  const percent = last ? blockRelief(last, ctx.record.procedureOutcomes).percent : null;
  if (percent === null) return { status: "unknown", evidence, missing: "the relief from the previous block (pain diary)", threshold };
  return percent >= min
    ? { status: "met", evidence, threshold }
    : { status: "not_met", evidence, missing: `the previous block gave ${percent}% relief, below ${min}%`, threshold };
}

/** Therapeutic facet joint injections are for patients for whom ablation is not the next step (Medicare facet LCDs). */
function facetInjectionNotAblationCandidate(ctx: Ctx): Evaluation {
  const blocks = diagnosticBlocks(ctx);
  const threshold = "ablation not indicated (two qualifying diagnostic blocks, or an open ablation order, point to ablation)";
  const openAblation = ctx.record.procedures.filter(
    (p) =>
      p.procedureType === "radiofrequency_ablation" &&
      (p.status === "proposed" || p.status === "approved" || p.status === "scheduled") &&
      p.region === ctx.region &&
      (ctx.level === null || p.level === null || sameLevel(p.level, ctx.level)),
  );
  if (blocks.status === "met" || openAblation.length > 0) {
    return {
      status: "not_met",
      evidence: [...(blocks.status === "met" ? blocks.evidence : []), ...openAblation.map(procedureEvidence)],
      missing: "ablation is the indicated treatment here; if it is not an option (e.g. a fusion), override with the reason",
      threshold,
    };
  }
  return { status: "met", evidence: [], threshold };
}

function steroidExposure(ctx: Ctx): Evaluation {
  const max = ctx.policy.steroidMaxPerPatientPer12Months;
  const prior = ctx.record.procedures
    .filter((p): p is ProcedureOrder & { performedAt: Date } => p.status === "performed" && p.performedAt !== null)
    // Rows saved before withSteroid existed: a procedure the catalogue always gives with steroid had one.
    .filter((p) => p.withSteroid || procedureCatalog[p.procedureType].steroid === "yes")
    .filter((p) => withinLast12Months(p.performedAt, ctx.now))
    .sort((a, b) => a.performedAt.getTime() - b.performedAt.getTime());
  const threshold = `≤ ${max} steroid injections per patient per rolling 12 months, all sites (${prior.length} so far; policy ${ctx.policy.id})`;
  const note =
    ctx.record.safetyProfile?.diabetes === true ? "Diabetes on the safety profile: blood glucose may rise for 24–72 hours after a steroid injection." : undefined;
  const result: Evaluation =
    prior.length < max
      ? { status: "met", evidence: prior.map(procedureEvidence), threshold }
      : { status: "not_met", evidence: prior.map(procedureEvidence), missing: `no more than ${max} steroid injections in 12 months (${prior.length} already)`, threshold };
  if (note) result.note = note;
  return result;
}

const medicationEvidence = (m: Medication): Evidence => ({
  kind: "medication",
  id: m.id,
  summary: `${m.name} ${m.doseMg} mg × ${m.timesPerDay}/day, ${iso(m.startedAt)} → ${m.stoppedAt ? iso(m.stoppedAt) : "ongoing"}${m.stopReason ? ` (stopped: ${m.stopReason})` : ""}`,
});

const malignantProblems = (ctx: Ctx): Problem[] => activeProblems(ctx).filter((p) => hasFinding(p, ["malignant_pain"]));
const isIntrathecal = (type: ProcedureType): boolean => type === "intrathecal_pump_trial" || type === "intrathecal_pump_implant";

/**
 * §6.6 (CMS NCD 50.5): pain of malignant origin qualifies; otherwise ≥6 months of failed conservative
 * care including an adequate systemic opioid trial — an opioid on the medication list for the policy's
 * weeks, or an opioid stopped with a recorded reason (intolerable side effects), which the physician reads.
 */
function intrathecalIndication(ctx: Ctx): Evaluation {
  const malignant = malignantProblems(ctx);
  if (malignant.length > 0) return { status: "met", evidence: malignant.map(problemEvidence), threshold: "pain of malignant origin" };
  const problems = activeProblems(ctx);
  const minDuration = ctx.policy.intrathecalConservativeMin;
  const weeks = ctx.policy.intrathecalOpioidTrialMinWeeks;
  const threshold = `malignant pain, or ≥ ${formatDuration(minDuration)} of conservative care including ≥ ${weeks} weeks of a systemic opioid or an opioid stopped for side effects (policy ${ctx.policy.id})`;
  if (problems.length === 0) return { status: "unknown", evidence: [], missing: "the problem list (malignant or non-malignant pain)", threshold };
  const { span, undated } = conservativeTrialSpan(ctx.record, ctx.policy, ctx.now);
  const conservativeMet = span !== null && addDuration(span.start, minDuration) <= span.end;
  const opioids = ctx.record.medications.filter((m) => m.drugClass === "opioid" || m.opioid !== null);
  const adequate = opioids.filter(
    (m) => (m.stoppedAt ?? ctx.now).getTime() - m.startedAt.getTime() >= weeks * 7 * DAY || (m.status === "stopped" && (m.stopReason ?? "").trim() !== ""),
  );
  const evidence = [...(span ? span.items.map((i) => planItemEvidence(i, i.endedAt)) : []), ...(adequate.length > 0 ? adequate : opioids).map(medicationEvidence)];
  if (conservativeMet && adequate.length > 0) return { status: "met", evidence, threshold };
  const lacking = [
    conservativeMet ? null : `${formatDuration(minDuration)} of documented conservative care`,
    adequate.length > 0 ? null : `an adequate systemic opioid trial (≥ ${weeks} weeks, or stopped for side effects with the reason recorded)`,
  ]
    .filter(Boolean)
    .join(" and ");
  if (!conservativeMet && undated.length > 0) return { status: "unknown", evidence, missing: `start dates of conservative plan items; ${lacking}`, threshold };
  return { status: "not_met", evidence, missing: `pain of malignant origin, or ${lacking}`, threshold };
}

function noActiveInfection(ctx: Ctx): Evaluation {
  const profile = ctx.record.safetyProfile;
  const missing = "active infection recorded on the safety profile (yes or no) — any clinician";
  if (profile === null || profile.activeInfection === null) return { status: "unknown", evidence: [], missing };
  const evidence: Evidence[] = [{ kind: "safety_profile", id: profile.id, summary: `Safety profile: active infection ${profile.activeInfection ? "yes" : "no"}` }];
  return profile.activeInfection ? { status: "not_met", evidence, missing: "the active infection treated first" } : { status: "met", evidence };
}

function lastTrial(ctx: Ctx): { trial: (ProcedureOrder & { performedAt: Date }) | undefined; label: string } {
  const trialType = procedureCatalog[ctx.procedureType].trialOf;
  if (trialType === null) return { trial: undefined, label: "trial" };
  return { trial: performed(ctx, [trialType]).at(-1), label: procedureCatalog[trialType].label.toLowerCase() };
}

/** §6.6: side effects of the trial judged acceptable. Recorded side effects need the physician's reading (an override with the reason). */
function trialSideEffects(ctx: Ctx): Evaluation {
  const { trial, label } = lastTrial(ctx);
  if (!trial) return { status: "not_met", evidence: [], missing: `a performed ${label}` };
  const endOfTrial = outcomesOf(ctx, trial).filter((o) => o.timePoint === "end_of_trial");
  const last = endOfTrial.at(-1);
  const evidence = [procedureEvidence(trial), ...endOfTrial.map((o) => outcomeEvidence(o, trial))];
  if (!last) return { status: "unknown", evidence, missing: `the end-of-trial outcome of the ${label}, with its side effects` };
  const effects = [last.sideEffects, trial.complications].map((t) => (t ?? "").trim()).filter((t) => t !== "");
  if (effects.length === 0) return { status: "met", evidence, threshold: "no side effects recorded at the end of the trial" };
  return {
    status: "unknown",
    evidence: [...evidence, { kind: "procedure", id: trial.id, summary: `Side effects recorded: ${effects.join("; ")}` }],
    missing: "the physician's judgement that these side effects are acceptable (override with the reason once reviewed)",
  };
}

function psychClearance(ctx: Ctx): Evaluation {
  const months = ctx.policy.clearanceValidityMonths;
  const threshold = `cleared within the last ${months} months`;
  if (isIntrathecal(ctx.procedureType)) {
    const malignant = malignantProblems(ctx);
    // §6.6: the clearance is asked for non-malignant pain only.
    if (malignant.length > 0) return { status: "met", evidence: malignant.map(problemEvidence), threshold: "not required for pain of malignant origin (CMS NCD 50.5)" };
  }
  const family = clearanceFamily(ctx.procedureType);
  const relevant = ctx.record.clearances.filter((c) => family.includes(c.procedureType));
  const decided = relevant
    .filter((c): c is PsychClearance & { decidedAt: Date } => c.status !== "requested" && c.decidedAt !== null)
    .sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime());
  const latest = decided[0];
  if (!latest) {
    const pending = relevant.filter((c) => c.status === "requested");
    return {
      status: "unknown",
      evidence: pending.map(clearanceEvidence),
      missing: pending.length > 0 ? "psychological clearance (requested, awaiting decision)" : "psychological clearance",
      threshold,
    };
  }
  const evidence = [clearanceEvidence(latest)];
  switch (latest.status) {
    case "cleared":
      return addMonths(latest.decidedAt, months) > ctx.now
        ? { status: "met", evidence, threshold }
        : { status: "not_met", evidence, missing: `a new psychological clearance (the last is older than ${months} months)`, threshold };
    case "not_cleared":
      return { status: "not_met", evidence, missing: "psychological clearance (the last evaluation did not clear)", threshold };
    case "deferred":
    case "requested":
      return { status: "unknown", evidence, missing: "psychological clearance (deferred)", threshold };
  }
}

function noSubstanceUseConcern(ctx: Ctx): Evaluation {
  const concerns = activeProblems(ctx).filter((p) => hasFinding(p, ["substance_use_concern"]));
  if (concerns.length > 0) return { status: "not_met", evidence: concerns.map(problemEvidence), missing: "the active substance-use concern addressed" };
  // The pre-implant psychological evaluation screens substance use: a valid clearance answers it.
  const clearance = psychClearance(ctx);
  if (clearance.status === "met") return { status: "met", evidence: clearance.evidence };
  return { status: "unknown", evidence: [], missing: "a psychological evaluation that addresses substance use" };
}

function successfulTrial(ctx: Ctx): Evaluation {
  const trialType = procedureCatalog[ctx.procedureType].trialOf;
  const min = ctx.policy.implantTrialMinReliefPercent;
  const threshold = `≥ ${min}% relief`;
  if (trialType === null) return { status: "unknown", evidence: [], missing: "a trial (this procedure has none in the catalog)", threshold };
  const trials = performed(ctx, [trialType]);
  const last = trials[trials.length - 1];
  const label = procedureCatalog[trialType].label.toLowerCase();
  if (!last) return { status: "not_met", evidence: [], missing: `a performed ${label}`, threshold };
  // §6.7: the end-of-trial time point of the outcome series, else the relief recorded on the order.
  const endOfTrial = outcomesOf(ctx, last).filter((o) => o.timePoint === "end_of_trial" && outcomeRelief(last, o) !== null).at(-1);
  const relief = endOfTrial ? outcomeRelief(last, endOfTrial) : last.reliefPercent;
  const evidence = [procedureEvidence(last), ...(endOfTrial ? [outcomeEvidence(endOfTrial, last)] : [])];
  if (relief === null) return { status: "unknown", evidence, missing: `the outcome (relief) of the ${label}`, threshold };
  return relief >= min
    ? { status: "met", evidence, threshold }
    : { status: "not_met", evidence, missing: `a ${label} with ${threshold}`, threshold };
}

function joint(ctx: Ctx): { region: Region; side: Side } | null {
  const region = ctx.region;
  if (region === null || !(largeJointRegions as readonly Region[]).includes(region) || ctx.side === null) return null;
  return { region, side: ctx.side };
}

function priorJointInjections(ctx: Ctx, target: { region: Region; side: Side }): (ProcedureOrder & { performedAt: Date })[] {
  // A bilateral injection reached both joints, so it counts against either side.
  return performed(ctx, ["large_joint_injection"], target.region).filter(
    (p) => p.side === target.side || p.side === "bilateral" || target.side === "bilateral",
  );
}

const evaluators: Record<CriterionId, (ctx: Ctx) => Evaluation> = {
  radicular_pain_duration: (ctx) => problemCriterion(ctx, isRadicular, "radicular pain", ctx.policy.radicularPainMinDuration),
  radicular_pain: (ctx) => problemCriterion(ctx, isRadicular, "radicular pain", null),
  conservative_trial: conservativeTrial,
  active_physical_therapy: activePhysicalTherapy,
  concordant_imaging: concordantImaging,
  baseline_scores: baselineScores,
  esi_frequency: (ctx) =>
    ctx.region === null
      ? regionUnknown("spinal region")
      : countWithin12Months(ctx, performed(ctx, epiduralSteroidTypes, ctx.region), ctx.policy.esiMaxPerRegionPer12Months, `${ctx.region} region`),
  esi_repeat_response: (ctx) => {
    if (ctx.region === null) return regionUnknown("spinal region");
    const recent = performed(ctx, epiduralSteroidTypes, ctx.region).filter((p) => withinLast12Months(p.performedAt, ctx.now));
    const { esiRepeatMinReliefPercent, esiRepeatMinReliefDays, esiRepeatMinFunctionImprovementPercent } = ctx.policy;
    return sustainedResponse(ctx, recent.at(-1), esiRepeatMinReliefPercent, esiRepeatMinReliefDays, "epidural steroid injection", esiRepeatMinFunctionImprovementPercent);
  },
  level_and_side: (ctx) => {
    if (ctx.level !== null && ctx.side !== null) return { status: "met", evidence: [] };
    const located = activeProblems(ctx).filter(
      (p) => isRadicular(p) && p.level !== null && (p.laterality === "left" || p.laterality === "right" || p.laterality === "bilateral"),
    );
    return located.length > 0
      ? { status: "met", evidence: located.map(problemEvidence) }
      : { status: "unknown", evidence: [], missing: "the level and side (on the order or the problem)" };
  },
  axial_pain_duration: (ctx) => problemCriterion(ctx, (p) => p.painPattern === "axial", "predominantly axial pain", ctx.policy.axialPainMinDuration),
  no_untreated_radiculopathy: (ctx) => {
    const problems = activeProblems(ctx);
    if (problems.length === 0) return { status: "unknown", evidence: [], missing: "the problem list (radiculopathy assessed)" };
    const treated = (p: Problem): PlanItem[] =>
      ctx.record.planItems.filter((item) => item.problemId === p.id && (item.status === "active" || item.status === "completed"));
    const untreated = problems.filter(isRadicular).filter((p) => treated(p).length === 0);
    if (untreated.length > 0) return { status: "not_met", evidence: untreated.map(problemEvidence), missing: "treatment of the radiculopathy first" };
    const evidence = problems.filter(isRadicular).flatMap((p) => [problemEvidence(p), ...treated(p).map((i) => planItemEvidence(i, i.endedAt))]);
    return { status: "met", evidence };
  },
  diagnostic_blocks: diagnosticBlocks,
  rfa_repeat_interval: (ctx) => {
    if (ctx.region === null) return regionUnknown("region");
    const months = ctx.policy.rfaRepeatIntervalMonths;
    const threshold = `≥ ${months} months since the last ablation`;
    const last = performed(ctx, ["radiofrequency_ablation"], ctx.region).at(-1);
    if (!last) return { status: "met", evidence: [], threshold: `${threshold} (no prior ablation)` };
    return addMonths(last.performedAt, months) <= ctx.now
      ? { status: "met", evidence: [procedureEvidence(last)], threshold }
      : { status: "not_met", evidence: [procedureEvidence(last)], missing: `${months} months since the last ablation`, threshold };
  },
  rfa_repeat_response: (ctx) => {
    if (ctx.region === null) return regionUnknown("region");
    const last = performed(ctx, ["radiofrequency_ablation"], ctx.region).at(-1);
    return lastResponse(last, ctx.policy.rfaRepeatMinReliefPercent, ctx.policy.rfaRepeatMinReliefDays, "ablation");
  },
  rfa_frequency: (ctx) =>
    ctx.region === null
      ? regionUnknown("region")
      : countWithin12Months(ctx, performed(ctx, ["radiofrequency_ablation"], ctx.region), ctx.policy.rfaMaxPerRegionPer12Months, `${ctx.region} region`),
  si_pain_duration: (ctx) =>
    problemCriterion(ctx, (p) => p.painGenerator === "sacroiliac_joint", "sacroiliac joint pain", ctx.policy.siPainMinDuration),
  provocative_tests: (ctx) => {
    const min = ctx.policy.siMinPositiveProvocativeTests;
    const threshold = `≥ ${min} positive tests`;
    const si = activeProblems(ctx).filter((p) => p.painGenerator === "sacroiliac_joint");
    const recorded = si.filter((p) => p.positiveProvocativeTests !== null);
    const positive = recorded.filter((p) => (p.positiveProvocativeTests ?? 0) >= min);
    if (positive.length > 0) return { status: "met", evidence: positive.map(problemEvidence), threshold };
    if (recorded.length > 0) return { status: "not_met", evidence: recorded.map(problemEvidence), missing: `${threshold} on examination`, threshold };
    return { status: "unknown", evidence: si.map(problemEvidence), missing: "sacroiliac provocative tests on examination", threshold };
  },
  myofascial_trigger_points: (ctx) => {
    const myofascial = (p: Problem): boolean => p.painPattern === "myofascial" || p.painGenerator === "muscle";
    const base = problemCriterion(ctx, myofascial, "myofascial pain", null);
    if (base.status !== "met") return base;
    const withPoints = activeProblems(ctx).filter((p) => myofascial(p) && hasFinding(p, ["trigger_points"]));
    return withPoints.length > 0
      ? { status: "met", evidence: withPoints.map(problemEvidence) }
      : { status: "not_met", evidence: base.evidence, missing: "trigger points identified on examination" };
  },
  joint_injection_interval: (ctx) => {
    const target = joint(ctx);
    if (!target) return regionUnknown("joint (knee, hip or shoulder) and side");
    const weeks = ctx.policy.largeJointIntervalWeeks;
    const threshold = `≥ ${weeks} weeks since the last steroid injection in the ${target.side} ${target.region}`;
    const last = priorJointInjections(ctx, target).at(-1);
    if (!last) return { status: "met", evidence: [], threshold };
    return addDays(last.performedAt, weeks * 7) <= ctx.now
      ? { status: "met", evidence: [procedureEvidence(last)], threshold }
      : { status: "not_met", evidence: [procedureEvidence(last)], missing: `${weeks} weeks since the last injection in that joint`, threshold };
  },
  joint_injection_frequency: (ctx) => {
    const target = joint(ctx);
    if (!target) return regionUnknown("joint (knee, hip or shoulder) and side");
    return countWithin12Months(ctx, priorJointInjections(ctx, target), ctx.policy.largeJointMaxPerJointPer12Months, "joint");
  },
  sympathetic_pain: (ctx) =>
    findingCriterion(ctx, ["crps_suspected", "sympathetically_maintained_pain"], () => false, "sympathetically maintained pain or suspected CRPS"),
  epidural_fibrosis: (ctx) =>
    findingCriterion(ctx, ["post_surgical_epidural_fibrosis", "failed_back_surgery_syndrome"], () => false, "post-surgical epidural fibrosis"),
  prior_epidural_without_lasting_relief: (ctx) => {
    const priors = performed(ctx, epiduralSteroidTypes, ctx.region);
    const { esiRepeatMinReliefPercent: minPercent, esiRepeatMinReliefDays: minDays } = ctx.policy;
    const threshold = `no prior epidural with ≥ ${minPercent}% relief lasting ≥ ${minDays} days`;
    if (priors.length === 0) return { status: "not_met", evidence: [], missing: "prior epidural injections", threshold };
    const evidence = priors.map(procedureEvidence);
    const lasting = priors.filter((p) => p.reliefPercent !== null && p.reliefPercent >= minPercent && p.reliefDurationDays !== null && p.reliefDurationDays >= minDays);
    if (lasting.length > 0) return { status: "not_met", evidence: lasting.map(procedureEvidence), missing: "a prior epidural gave lasting relief", threshold };
    const undetermined = priors.some((p) => p.reliefPercent === null || (p.reliefPercent >= minPercent && p.reliefDurationDays === null));
    return undetermined
      ? { status: "unknown", evidence, missing: "the outcome of every prior epidural injection", threshold }
      : { status: "met", evidence, threshold };
  },
  contained_disc_herniation: (ctx) => findingCriterion(ctx, ["contained_disc_herniation"], () => false, "contained disc herniation on imaging"),
  neuropathic_or_fbss_pain: (ctx) =>
    findingCriterion(ctx, ["failed_back_surgery_syndrome"], (p) => p.painPattern === "neuropathic", "neuropathic or failed-back-surgery pain"),
  psych_clearance: psychClearance,
  no_substance_use_concern: noSubstanceUseConcern,
  successful_trial: successfulTrial,
  facet_frequency: (ctx) =>
    ctx.region === null
      ? regionUnknown("spinal region")
      : countWithin12Months(ctx, performed(ctx, FACET_FAMILY, ctx.region), ctx.policy.facetMaxSessionsPerRegionPer12Months, `${ctx.region} region (facet sessions)`),
  mbb_repeat: mbbRepeat,
  facet_injection_repeat_response: (ctx) => {
    if (ctx.region === null) return regionUnknown("spinal region");
    const { facetInjectionRepeatMinReliefPercent: min, facetInjectionRepeatMinReliefDays: days } = ctx.policy;
    return sustainedResponse(ctx, priorAtTarget(ctx, ["facet_joint_injection"]).at(-1), min, days, "facet joint injection");
  },
  facet_injection_not_ablation_candidate: facetInjectionNotAblationCandidate,
  si_frequency: (ctx) =>
    ctx.side === null
      ? regionUnknown("joint (side)")
      : countWithin12Months(ctx, priorAtTarget(ctx, ["sacroiliac_joint_injection"]), ctx.policy.siMaxPerJointPer12Months, `${ctx.side} sacroiliac joint`),
  si_repeat_response: (ctx) => {
    if (ctx.side === null) return regionUnknown("joint (side)");
    const { siRepeatMinReliefPercent: min, siRepeatMinReliefDays: days } = ctx.policy;
    return sustainedResponse(ctx, priorAtTarget(ctx, ["sacroiliac_joint_injection"]).at(-1), min, days, "sacroiliac joint injection");
  },
  steroid_exposure: steroidExposure,
  intrathecal_indication: intrathecalIndication,
  no_active_infection: noActiveInfection,
  trial_side_effects: trialSideEffects,
  knee_oa_pain_duration: (ctx) =>
    problemCriterion(
      ctx,
      // Rows without the coded finding: a joint problem at the knee reads as knee osteoarthritis pain.
      (p) => hasFinding(p, ["knee_osteoarthritis"]) || (p.painGenerator === "joint" && /knee/i.test(`${p.diagnosis} ${p.bodySite}`)),
      "knee osteoarthritis pain",
      ctx.policy.kneePainMinDuration,
    ),
  genicular_diagnostic_block: (ctx) =>
    qualifyingBlocks(ctx, {
      types: ["genicular_nerve_block"],
      diagnosticOnly: false,
      minPercent: ctx.policy.genicularBlockMinReliefPercent,
      count: 1,
      byLevel: false,
      what: "diagnostic genicular nerve block",
    }),
  occipital_neuralgia: (ctx) =>
    findingCriterion(ctx, ["occipital_neuralgia"], (p) => p.painGenerator === "peripheral_nerve" && /occipital/i.test(`${p.diagnosis} ${p.bodySite}`), "occipital neuralgia"),
  intercostal_neuralgia: (ctx) =>
    findingCriterion(
      ctx,
      ["intercostal_neuralgia"],
      (p) => p.painGenerator === "peripheral_nerve" && /intercostal|chest wall|post-?herpetic|thoracotomy/i.test(`${p.diagnosis} ${p.bodySite}`),
      "intercostal neuralgia",
    ),
  si_diagnostic_blocks: (ctx) =>
    qualifyingBlocks(ctx, {
      types: ["sacroiliac_joint_injection"],
      diagnosticOnly: true,
      minPercent: ctx.policy.siRfaBlockMinReliefPercent,
      count: ctx.policy.siRfaDiagnosticBlocks,
      byLevel: false,
      what: "diagnostic sacroiliac block",
    }),
  crps_or_neuropathic_pain: (ctx) => findingCriterion(ctx, ["crps_suspected"], (p) => p.painPattern === "neuropathic", "CRPS or neuropathic pain"),
};

function resolveTarget(record: PatientRecord, target: CandidacyTarget | undefined): Pick<Ctx, "level" | "side" | "region"> {
  const level = normaliseLevel(target?.level ?? null);
  const side = target?.side ?? null;
  let region = target?.region ?? regionOfLevel(level);
  if (region === null) {
    // Without a target, a problem list that points at one spinal region is unambiguous enough.
    const fromProblems = new Set(
      record.problems.filter((p) => p.status === "active").map((p) => regionOfLevel(p.level)).filter((r): r is Region => r !== null),
    );
    if (fromProblems.size === 1) region = [...fromProblems][0] ?? null;
  }
  return { level, side, region };
}

/**
 * The candidacy checklist, computed from the shared record against a versioned clinic policy.
 * It supports the physician and never blocks alone: overriding a criterion is a separate,
 * audited action. Unknown counts as not met for `overall`.
 */
export function evaluateCandidacy(
  procedureType: ProcedureType,
  record: PatientRecord,
  policy: ClinicPolicy,
  now: Date,
  target?: CandidacyTarget,
): CandidacyResult {
  const withSteroid = target?.withSteroid ?? procedureCatalog[procedureType].steroid === "yes";
  const ctx: Ctx = { procedureType, record, policy, now, withSteroid, ...resolveTarget(record, target) };
  const criteria: CriterionResult[] = criteriaForOrder(procedureType, withSteroid).map((id) => {
    const { label, suppliedBy } = criterionDefinitions[id];
    const evaluation = evaluators[id](ctx);
    const result: CriterionResult = { id, label, status: evaluation.status, evidence: evaluation.evidence };
    if (evaluation.threshold !== undefined) result.threshold = evaluation.threshold;
    if (evaluation.note !== undefined) result.note = evaluation.note;
    if (evaluation.status !== "met") {
      result.missing = evaluation.missing ?? label;
      result.suppliedBy = suppliedBy;
    }
    return result;
  });
  return {
    procedureType,
    policyId: policy.id,
    evaluatedAt: now,
    target: { level: ctx.level, side: ctx.side, region: ctx.region },
    criteria,
    overall: criteria.every((c) => c.status === "met") ? "candidate" : "not_yet",
  };
}

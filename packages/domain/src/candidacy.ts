import { z } from "zod";
import { addDays, addDuration, addMonths, formatDuration, type Duration } from "./common";
import { disciplineSchema } from "./discipline";
import type { Problem, ProblemFinding, ProcedureOrder, PsychClearance, TherapySession } from "./entities";
import { evidenceSchema, type Evidence, type PatientRecord } from "./patient-record";
import type { PlanItem } from "./plan-item";
import type { ClinicPolicy } from "./policy";
import {
  clearanceFamily,
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

type Evaluation = { status: CriterionStatus; evidence: Evidence[]; missing?: string; threshold?: string };

type Ctx = {
  procedureType: ProcedureType;
  record: PatientRecord;
  policy: ClinicPolicy;
  now: Date;
  level: string | null;
  side: Side | null;
  region: Region | null;
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
  summary: `${procedureCatalog[p.procedureType].label}${p.level ? ` ${p.level}` : ""}${p.side ? ` ${p.side}` : ""}, ${p.status}${
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

const withinLast12Months = (date: Date, now: Date): boolean => date > addMonths(now, -12) && date <= now;

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

function diagnosticBlocks(ctx: Ctx): Evaluation {
  const threshold = ctx.policy.blockReliefThreshold;
  const percent = Math.round(threshold * 100);
  const label = `two blocks at one level and side, each ≥ ${percent}% relief (policy ${ctx.policy.id})`;
  const blocks = performed(ctx, ["medial_branch_block"]).filter(
    (b) => (ctx.level === null || b.level === ctx.level) && (ctx.side === null || b.side === ctx.side),
  );
  // Relief is stored in percent; dividing keeps the comparison exact against a fractional policy (0.8, 0.5).
  const qualifies = (b: ProcedureOrder): boolean => b.reliefPercent !== null && b.reliefPercent / 100 >= threshold;
  const groups = new Map<string, ProcedureOrder[]>();
  for (const b of blocks) {
    if (b.level === null || b.side === null) continue;
    const key = `${b.level}|${b.side}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  for (const group of groups.values()) {
    const good = group.filter(qualifies);
    if (good.length >= 2) return { status: "met", evidence: good.slice(-2).map(procedureEvidence), threshold: label };
  }
  const couldStillQualify =
    blocks.some((b) => b.level === null || b.side === null) ||
    [...groups.values()].some((g) => g.filter(qualifies).length + g.filter((b) => b.reliefPercent === null).length >= 2);
  return {
    status: couldStillQualify ? "unknown" : "not_met",
    evidence: blocks.map(procedureEvidence),
    missing: couldStillQualify ? `relief, level and side of every medial branch block (${label})` : label,
    threshold: label,
  };
}

function psychClearance(ctx: Ctx): Evaluation {
  const months = ctx.policy.clearanceValidityMonths;
  const threshold = `cleared within the last ${months} months`;
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
  const evidence = [procedureEvidence(last)];
  if (last.reliefPercent === null) return { status: "unknown", evidence, missing: `the outcome (relief) of the ${label}`, threshold };
  return last.reliefPercent >= min
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
    return lastResponse(recent[recent.length - 1], ctx.policy.esiRepeatMinReliefPercent, ctx.policy.esiRepeatMinReliefDays, "epidural steroid injection");
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
};

function resolveTarget(record: PatientRecord, target: CandidacyTarget | undefined): Pick<Ctx, "level" | "side" | "region"> {
  const level = target?.level ?? null;
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
  const ctx: Ctx = { procedureType, record, policy, now, ...resolveTarget(record, target) };
  const criteria: CriterionResult[] = procedureCatalog[procedureType].criteria.map((id) => {
    const { label, suppliedBy } = criterionDefinitions[id];
    const evaluation = evaluators[id](ctx);
    const result: CriterionResult = { id, label, status: evaluation.status, evidence: evaluation.evidence };
    if (evaluation.threshold !== undefined) result.threshold = evaluation.threshold;
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

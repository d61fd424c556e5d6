import { z } from "zod";
import { flagCodes } from "./flag-display";
import { addDays } from "./common";
import type { Assessment } from "./entities";
import type { Instrument } from "./instruments";
import { percentReduction } from "./instruments";
import { dailyMme } from "./mme";
import { defaultOutcomeSeriesPolicy, outcomesDue, type OutcomeSeriesPolicy } from "./outcomes";
import { evidenceSchema, type Evidence, type FlagInput } from "./patient-record";
import { ladderPosition } from "./ladder-position";
import { defaultClinicPolicy, type ClinicPolicy } from "./policy";
import { procedureCatalog } from "./procedure-catalog";
import { notImprovingInstruments } from "./plan-window";
import { roleSchema, type Role } from "./roles";
import { stewardshipFlags } from "./stewardship";
import { anticoagulantHoldFlags } from "./safety";
import { isAcknowledged, safetyAcknowledgementSchema, safetyFlagPolicy, selfHarmMessage, selfHarmState } from "./safety-flag";

export { flagCodes };
export const flagCodeSchema = z.enum(flagCodes);
export type FlagCode = z.infer<typeof flagCodeSchema>;

export const flagSeverities = ["urgent", "high", "normal"] as const;
export const flagSeveritySchema = z.enum(flagSeverities);
export type FlagSeverity = z.infer<typeof flagSeveritySchema>;

export const flagSchema = z.object({
  code: flagCodeSchema,
  severity: flagSeveritySchema,
  audience: z.array(roleSchema),
  /** Proposes the patient for the team review meeting. */
  agenda: z.boolean(),
  /** Specific users (an action item's owner) who should see it beside the audience roles. */
  ownerIds: z.array(z.string()).optional(),
  message: z.string(),
  evidence: z.array(evidenceSchema),
  /** A self-harm flag a clinician has responded to (§6.9): still shown, de-emphasised. */
  acknowledgement: safetyAcknowledgementSchema.optional(),
  /** The versioned rule that raised the flag, where it is a §6 rule. */
  policyId: z.string().optional(),
});
export type Flag = z.infer<typeof flagSchema>;

const CLINICAL_TEAM: Role[] = ["physician", "physical_therapist", "psychologist", "coordinator"];
const iso = (date: Date): string => date.toISOString().slice(0, 10);
const assessmentEvidence = (a: Assessment): Evidence => ({
  kind: "assessment",
  id: a.id,
  summary: `${a.instrument.toUpperCase()} ${a.score ?? "incomplete"} on ${iso(a.administeredAt)}`,
});

function latest(assessments: readonly Assessment[], instrument: Instrument, now: Date): Assessment | undefined {
  return assessments
    .filter((a) => a.instrument === instrument && a.administeredAt <= now)
    .reduce<Assessment | undefined>((acc, a) => (acc === undefined || a.administeredAt > acc.administeredAt ? a : acc), undefined);
}

function opioidFlags(input: FlagInput, policy: ClinicPolicy): Flag[] {
  const mme = dailyMme(input.medications, "cdc-2022", { review: policy.mmeReviewThreshold, high: policy.mmeHighThreshold });
  if (mme.level === "below") return [];
  const evidence: Evidence[] = mme.lines
    .filter((line) => line.included)
    .map((line) => ({ kind: "medication", id: line.medicationId, summary: `${line.name}: ${line.mme} MME/day` }));
  // An opioid without a factor is not in the total: say so beside it (its own unknown_mme flag names it).
  const notIncluded = mme.lines.filter((line) => !line.included).length;
  const besides = notIncluded > 0 ? ` + ${notIncluded} opioid${notIncluded > 1 ? "s" : ""} not included in MME` : "";
  // The high flag subsumes the review flag: one dose, one prompt.
  return mme.level === "high"
    ? [{ code: "high_opioid_dose", severity: "high", audience: ["physician"], agenda: true, message: `High opioid dose: ${mme.total} MME/day (≥ ${policy.mmeHighThreshold}, table ${mme.table})${besides}`, evidence, policyId: policy.id }]
    : [{ code: "opioid_review", severity: "normal", audience: ["physician"], agenda: true, message: `Opioid review: ${mme.total} MME/day (≥ ${policy.mmeReviewThreshold}, table ${mme.table})${besides}`, evidence, policyId: policy.id }];
}

function psychologyFlags(input: FlagInput, now: Date, policy: ClinicPolicy): Flag[] {
  const flags: Flag[] = [];
  const phq9 = latest(input.assessments, "phq9", now);
  const gad7 = latest(input.assessments, "gad7", now);
  const pcs = latest(input.assessments, "pcs", now);
  const selfHarm = selfHarmState(input.assessments, input.safetyResponses, now);
  if (selfHarm) {
    const ack = selfHarm.acknowledgement;
    flags.push({
      code: "safety_self_harm",
      // Patient reached: still shown to the whole team, one step down, until a PHQ-9 answers item 9 with 0.
      severity: isAcknowledged(ack) ? "high" : "urgent",
      audience: [...safetyFlagPolicy.audience],
      agenda: true,
      message: selfHarmMessage(selfHarm),
      evidence: [
        assessmentEvidence(selfHarm.assessment),
        ...(ack ? [{ kind: "safety_response" as const, id: ack.responseId, summary: `Response recorded ${iso(ack.at)}` }] : []),
      ],
      ...(ack ? { acknowledgement: ack } : {}),
      policyId: safetyFlagPolicy.id,
    });
  }
  const mood = [
    phq9 && phq9.score !== null && phq9.score >= policy.phq9FlagMin ? phq9 : undefined,
    gad7 && gad7.score !== null && gad7.score >= policy.gad7FlagMin ? gad7 : undefined,
  ].filter((a): a is Assessment => a !== undefined);
  if (mood.length > 0) {
    flags.push({
      code: "depression_anxiety",
      severity: "high",
      audience: ["psychologist"],
      agenda: false,
      message: `Depression / anxiety: ${mood.map((a) => `${a.instrument.toUpperCase()} ${a.score}`).join(", ")}`,
      evidence: mood.map(assessmentEvidence),
    });
  }
  if (pcs && pcs.score !== null && pcs.score >= policy.pcsFlagMin) {
    flags.push({
      code: "catastrophizing",
      severity: "normal",
      audience: ["psychologist"],
      agenda: false,
      message: `Pain catastrophizing: PCS ${pcs.score} (≥ ${policy.pcsFlagMin})`,
      evidence: [assessmentEvidence(pcs)],
    });
  }
  return flags;
}

/**
 * On the current step for the policy's weeks and pain down less than 30% from the score at the
 * step's start. Without a baseline and a later score there is nothing to judge, so no flag.
 */
function notImprovingFlag(input: FlagInput, now: Date, policy: ClinicPolicy): Flag[] {
  // §6.8: the step is where the patient is now (a performed block or an approved order counts), and its start is when they reached it.
  const position = ladderPosition(input.planItems, input.procedures, now);
  const step = position.current;
  const stepStart = position.currentSince;
  if (stepStart === null) return [];
  if (addDays(stepStart, policy.notImprovingAfterWeeks * 7) > now) return [];
  for (const instrument of notImprovingInstruments) {
    const scored = input.assessments
      .filter((a) => a.instrument === instrument && a.score !== null && a.administeredAt <= now)
      .sort((a, b) => a.administeredAt.getTime() - b.administeredAt.getTime());
    const baseline = scored.filter((a) => a.administeredAt <= stepStart).at(-1) ?? scored.find((a) => a.administeredAt > stepStart);
    const current = scored.at(-1);
    if (!baseline || !current || current === baseline || baseline.score === null || current.score === null) continue;
    const reduction = percentReduction(baseline.score, current.score);
    if (reduction === null) continue;
    if (reduction >= policy.notImprovingMinReductionPercent) return [];
    return [
      {
        code: "not_improving",
        severity: "normal",
        audience: CLINICAL_TEAM,
        agenda: true,
        message: `Not improving: step ${step} since ${iso(stepStart)}, ${instrument.toUpperCase()} ${baseline.score} → ${current.score} (${reduction}% reduction, < ${policy.notImprovingMinReductionPercent}%)`,
        evidence: [assessmentEvidence(baseline), assessmentEvidence(current)],
      },
    ];
  }
  return [];
}

function procedureFlags(input: FlagInput, now: Date, outcomePolicy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): Flag[] {
  const flags: Flag[] = [];
  for (const p of input.procedures) {
    const label = procedureCatalog[p.procedureType].label;
    const evidence: Evidence[] = [{ kind: "procedure", id: p.id, summary: `${label}, ${p.status}` }];
    if (p.status === "proposed") {
      flags.push({ code: "candidacy_pending", severity: "normal", audience: ["physician"], agenda: true, message: `Candidacy decision pending: ${label}`, evidence });
    }
    // §6.7: one flag per time point in its window; past the window the flag stays, raised, until the chase ends (outcomes.ts: then missed).
    for (const due of outcomesDue(p, input.procedureOutcomes, now, outcomePolicy)) {
      flags.push({
        code: "outcome_due",
        severity: due.overdue ? "high" : "normal",
        audience: ["physician"],
        agenda: false,
        message: `${due.overdue ? "Outcome overdue" : "Outcome due"} (${due.label}): ${label} performed ${iso(p.performedAt ?? due.dueFrom)} (policy ${due.policyId})`,
        evidence,
        policyId: due.policyId,
      });
    }
  }
  return flags;
}

function missedSessionsFlag(input: FlagInput, now: Date, policy: ClinicPolicy): Flag[] {
  const since = addDays(now, -policy.missedSessionsWindowDays);
  const noShows = input.therapySessions.filter((s) => s.attendance === "no_show" && s.sessionDate > since && s.sessionDate <= now);
  if (noShows.length < policy.missedSessionsMin) return [];
  return [
    {
      code: "missed_sessions",
      severity: "normal",
      audience: ["physical_therapist", "coordinator"],
      agenda: false,
      message: `Missed sessions: ${noShows.length} no-shows in the last ${policy.missedSessionsWindowDays} days`,
      evidence: noShows.map((s) => ({ kind: "therapy_session", id: s.id, summary: `No-show ${iso(s.sessionDate)}` })),
    },
  ];
}

/** An action item is overdue while it is open and its due date has passed. */
export function isActionItemOverdue(item: { status: string; dueDate: Date }, now: Date): boolean {
  return item.status === "open" && item.dueDate.getTime() < now.getTime();
}

/** Whole days since an item fell due, counted from the start of its due day (UTC); 0 before then. */
export function daysOverdue(item: { dueDate: Date }, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.max(0, Math.floor((today - item.dueDate.getTime()) / 86_400_000));
}

function overdueActionFlags(input: FlagInput, now: Date): Flag[] {
  return (input.actionItems ?? [])
    .filter((a) => isActionItemOverdue(a, now))
    .map((a) => ({
      code: "overdue_action" as const,
      severity: "normal" as const,
      audience: ["coordinator"] satisfies Role[],
      agenda: false,
      ownerIds: [a.ownerId],
      message: `Overdue action: ${a.description} (due ${iso(a.dueDate)})`,
      evidence: [{ kind: "action_item" as const, id: a.id, summary: a.description }],
    }));
}

const severityRank: Record<FlagSeverity, number> = { urgent: 0, high: 1, normal: 2 };

export function compareFlags(a: Flag, b: Flag): number {
  return severityRank[a.severity] - severityRank[b.severity] || flagCodes.indexOf(a.code) - flagCodes.indexOf(b.code);
}

/** Every flag of clinical-reference.md §4, most urgent first (the safety flag tops every list). */
export function computeFlags(input: FlagInput, now: Date, policy: ClinicPolicy = defaultClinicPolicy): Flag[] {
  return [
    ...opioidFlags(input, policy),
    // §6.5: unknown MME, naloxone, co-prescription and monitoring dates, each naming its stewardship policy.
    ...stewardshipFlags(input, now),
    ...psychologyFlags(input, now, policy),
    ...notImprovingFlag(input, now, policy),
    ...procedureFlags(input, now),
    ...missedSessionsFlag(input, now, policy),
    ...overdueActionFlags(input, now),
    // §6.4: the hold before a scheduled order, for whoever confirms it with the prescriber.
    ...anticoagulantHoldFlags(input, now).map((f): Flag => ({ code: "anticoagulant_hold", audience: ["physician", "coordinator"], agenda: false, ...f })),
  ].sort(compareFlags);
}

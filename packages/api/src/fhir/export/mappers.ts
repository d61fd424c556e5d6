import type {
  AllergyIntolerance,
  CarePlan,
  CarePlanActivity,
  CareTeam,
  CodeableConcept,
  Coding,
  Condition,
  DocumentReference,
  Encounter,
  Extension,
  Goal,
  MedicationStatement,
  Observation,
  ObservationComponent,
  Patient,
  Procedure,
  Reference,
  ServiceRequest,
} from "@medplum/fhirtypes";
import type { PatientWithTeam, PlanRows } from "@stepwise/db";
import {
  criterionDefinitions,
  dailyMme,
  DEFAULT_MME_TABLE,
  disciplineLabels,
  fhirExtensions,
  fhirSystems,
  instrumentDefinitions,
  ladderStepInfo,
  loincByInstrument,
  mmePerDayCode,
  mmeTables,
  normaliseLevel,
  outcomeSourceLabels,
  procedureCatalog,
  type CandidacyResult,
  type FhirCode,
  type LadderStep,
} from "@stepwise/domain";

// Row → FHIR R4 mappers. Each takes rows already loaded (no queries here) and returns resources
// whose ids are the Stepwise row ids and whose references are relative ("Patient/<id>").

type Row<K extends keyof PlanRows> = PlanRows[K] extends (infer R)[] ? R : never;
type ProcedureRow = Row<"procedures">;

/** A relative reference; typed `Reference<never>` so it fits every element's allowed target types. */
export const ref = (type: string, id: string, display?: string): Reference<never> => (display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` });
const coding = (c: FhirCode): Coding => ({ system: c.system, code: c.code, display: c.display });
const concept = (system: string, code: string, display: string): CodeableConcept => ({ coding: [{ system, code, display }], text: display });
const text = (value: string): CodeableConcept => ({ text: value });
const rowIdentifier = (id: string) => [{ system: fhirSystems.rowId, value: id }];
/** A calendar date as FHIR `date` (YYYY-MM-DD), read as the UTC day the database stored. */
export const fhirDate = (d: Date | string): string => (typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));
const instant = (d: Date): string => d.toISOString();
const humanize = (code: string): string => code.replaceAll("_", " ");
/** A stored row's version and last change, as its resource's meta. */
const versionMeta = (row: { version: number; updatedAt: Date }) => ({ versionId: String(row.version), lastUpdated: instant(row.updatedAt) });
/** The meta and row identifier of a resource kept as one row. */
const rowMeta = (row: { id: string; version: number; updatedAt: Date }) => ({ meta: versionMeta(row), identifier: rowIdentifier(row.id) });
/** The id, meta and row identifier of a resource kept as one row, in that order. */
const rowHead = (row: { id: string; version: number; updatedAt: Date }) => ({ id: row.id, ...rowMeta(row) });
const dataAbsent = (code: string, display: string): CodeableConcept => concept("http://terminology.hl7.org/CodeSystem/data-absent-reason", code, display);
const percentQuantity = (value: number) => ({ value, unit: "%", system: fhirSystems.ucum, code: "%" });

function lateralityExtension(value: string | null | undefined): Extension[] {
  return value ? [{ url: fhirExtensions.laterality, valueCode: value }] : [];
}
function levelExtension(level: string | null | undefined): Extension[] {
  const normal = normaliseLevel(level);
  return normal ? [{ url: fhirExtensions.spinalLevel, valueString: normal }] : [];
}
function bodySite(site: string, laterality: string | null | undefined, level: string | null | undefined): CodeableConcept {
  const extension = [...lateralityExtension(laterality), ...levelExtension(level)];
  const label = [site, laterality && laterality !== "na" ? laterality : null, normaliseLevel(level)].filter(Boolean).join(" ");
  return { ...(extension.length ? { extension } : {}), text: label || site };
}
const ladderStepExtension = (step: LadderStep): Extension => ({ url: fhirExtensions.ladderStep, valueInteger: step });

export function patientResource({ patient }: PatientWithTeam): Patient {
  return {
    resourceType: "Patient",
    id: patient.id,
    meta: versionMeta(patient),
    identifier: [{ use: "usual", type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR", display: "Medical record number" }] }, system: fhirSystems.mrn, value: patient.mrn }],
    active: true,
    name: [{ use: "official", family: patient.familyName, given: [patient.givenName] }],
    gender: patient.sex,
    birthDate: fhirDate(patient.dateOfBirth),
  };
}

export function careTeamResource({ patient, team }: PatientWithTeam): CareTeam {
  return {
    resourceType: "CareTeam",
    id: patient.id,
    status: "active",
    name: `Care team of ${patient.givenName} ${patient.familyName}`,
    subject: ref("Patient", patient.id),
    participant: team.map((m) => ({
      role: [concept(fhirSystems.careTeamRole, m.role, m.isLead ? `${humanize(m.role)} (lead)` : humanize(m.role))],
      member: { identifier: { system: fhirSystems.rowId, value: m.userId }, display: m.name },
      period: { start: instant(m.since) },
    })),
  };
}

export function conditionResource(p: Row<"problems">): Condition {
  const notes = [p.imagingFindings ? `Imaging: ${p.imagingFindings}${p.imagingConcordant === null ? "" : p.imagingConcordant ? " (concordant)" : " (not concordant)"}` : null, p.findings.length ? `Findings: ${p.findings.map(humanize).join(", ")}` : null, p.positiveProvocativeTests !== null ? `Positive provocative tests: ${p.positiveProvocativeTests}` : null].filter((n): n is string => n !== null);
  return {
    resourceType: "Condition",
    ...rowHead(p),
    clinicalStatus: concept(fhirSystems.conditionClinical, p.status === "active" ? "active" : "resolved", p.status === "active" ? "Active" : "Resolved"),
    verificationStatus: concept(fhirSystems.conditionVerification, "confirmed", "Confirmed"),
    category: [concept(fhirSystems.conditionCategory, "problem-list-item", "Problem List Item")],
    code: { coding: [{ system: fhirSystems.painGenerator, code: p.painGenerator, display: humanize(p.painGenerator) }, { system: fhirSystems.painPattern, code: p.painPattern, display: humanize(p.painPattern) }], text: p.diagnosis },
    bodySite: [bodySite(p.bodySite, p.laterality, p.level)],
    subject: ref("Patient", p.patientId),
    onsetDateTime: fhirDate(p.onsetDate),
    recordedDate: instant(p.createdAt),
    ...(notes.length ? { note: notes.map((t) => ({ text: t })) } : {}),
  };
}

const goalLifecycle = { active: "active", met: "completed", not_met: "completed", discontinued: "cancelled" } as const;
const goalAchievement = { active: null, met: ["achieved", "Achieved"], not_met: ["not-achieved", "Not Achieved"], discontinued: null } as const;

export function goalResource(g: Row<"goals">): Goal {
  const achievement = goalAchievement[g.status];
  return {
    resourceType: "Goal",
    ...rowHead(g),
    lifecycleStatus: goalLifecycle[g.status],
    ...(achievement ? { achievementStatus: concept("http://terminology.hl7.org/CodeSystem/goal-achievement", achievement[0], achievement[1]) } : {}),
    category: [concept(fhirSystems.discipline, g.discipline, disciplineLabels[g.discipline])],
    description: text(g.description),
    subject: ref("Patient", g.patientId),
    startDate: fhirDate(g.createdAt),
    target: [{ measure: text(g.measure), detailString: g.target, dueDate: fhirDate(g.targetDate) }],
    ...(g.problemId ? { addresses: [ref("Condition", g.problemId)] } : {}),
  };
}

const itemStatus = { proposed: "not-started", active: "in-progress", completed: "completed", stopped: "stopped", on_hold: "on-hold" } as const;
const planStatus = { active: "active", on_hold: "on-hold", closed: "completed" } as const;

export function carePlanResource(rows: PlanRows, patientId: string, ladder: { current: LadderStep; currentLabel: string }): CarePlan {
  const plan = rows.plan;
  const goalIds = new Set(rows.goals.map((g) => g.id));
  const orderByItem = new Map(rows.procedures.filter((p) => p.planItemId).map((p) => [p.planItemId!, p]));
  const activity: CarePlanActivity[] = rows.planItems.map((item) => {
    const order = orderByItem.get(item.id);
    const extension = [ladderStepExtension(item.ladderStep)];
    if (order) return { extension, reference: ref("ServiceRequest", order.id, item.title) };
    const goals = item.goalIds.filter((id) => goalIds.has(id));
    return {
      extension,
      detail: {
        code: concept(fhirSystems.planItemKind, item.kind, humanize(item.kind)),
        status: itemStatus[item.status],
        description: `${item.title}${item.rationale ? ` — ${item.rationale}` : ""}`,
        ...(item.problemId ? { reasonReference: [ref("Condition", item.problemId)] } : {}),
        ...(goals.length ? { goal: goals.map((id) => ref("Goal", id)) } : {}),
        ...(item.startedAt || item.endedAt ? { scheduledPeriod: { ...(item.startedAt ? { start: instant(item.startedAt) } : {}), ...(item.endedAt ? { end: instant(item.endedAt) } : {}) } } : {}),
      },
    };
  });
  // Orders not seen as a ladder item still belong on the plan.
  const linked = new Set(rows.planItems.map((i) => i.id));
  for (const order of rows.procedures) {
    if (!order.planItemId || !linked.has(order.planItemId)) activity.push({ extension: [ladderStepExtension(procedureCatalog[order.procedureType].ladderStep)], reference: ref("ServiceRequest", order.id, procedureCatalog[order.procedureType].label) });
  }
  const stepInfo = ladderStepInfo(ladder.current);
  return {
    resourceType: "CarePlan",
    id: plan?.id ?? patientId,
    ...(plan ? rowMeta(plan) : {}),
    extension: [ladderStepExtension(ladder.current)],
    status: plan ? planStatus[plan.status] : "draft",
    intent: "plan",
    category: [concept(fhirSystems.carePlanCategory, "assess-plan", "Assessment and Plan of Treatment"), concept(fhirSystems.ladderStep, String(ladder.current), `Step ${ladder.current}: ${stepInfo.label}`)],
    title: "Multidisciplinary pain care plan",
    ...(plan?.summary ? { description: plan.summary } : {}),
    subject: ref("Patient", patientId),
    ...(plan ? { created: instant(plan.createdAt) } : {}),
    careTeam: [ref("CareTeam", patientId)],
    ...(rows.problems.length ? { addresses: rows.problems.map((p) => ref("Condition", p.id)) } : {}),
    ...(rows.goals.length ? { goal: rows.goals.map((g) => ref("Goal", g.id)) } : {}),
    ...(activity.length ? { activity } : {}),
  };
}

const orderStatus = { proposed: "draft", approved: "active", scheduled: "active", performed: "completed", cancelled: "revoked" } as const;

function procedureCode(type: ProcedureRow["procedureType"]): CodeableConcept {
  return concept(fhirSystems.procedureType, type, procedureCatalog[type].label);
}
function orderBodySite(o: ProcedureRow): CodeableConcept {
  return bodySite(o.region, o.side, o.level);
}

function candidacyExtension(result: CandidacyResult): Extension {
  return {
    url: fhirExtensions.candidacy,
    extension: [
      { url: "overall", valueCode: result.overall },
      { url: "policy", valueString: result.policyId },
      { url: "evaluatedAt", valueDateTime: instant(result.evaluatedAt) },
      ...result.criteria.map(
        (c): Extension => ({
          url: "criterion",
          extension: [
            { url: "id", valueCoding: { system: fhirSystems.candidacyCriterion, code: c.id, display: c.label } },
            { url: "status", valueCode: c.status },
            ...(c.evidence.length ? [{ url: "evidence", valueString: c.evidence.map((e) => e.summary).join("; ") }] : []),
          ],
        }),
      ),
    ],
  };
}

function overrideExtension(o: ProcedureRow["overrides"][number], names: ReadonlyMap<string, string>): Extension {
  const label = (criterionDefinitions as Record<string, { label: string }>)[o.criterionId]?.label ?? humanize(o.criterionId);
  return {
    url: fhirExtensions.candidacyOverride,
    extension: [
      { url: "criterion", valueCoding: { system: fhirSystems.candidacyCriterion, code: o.criterionId, display: label } },
      { url: "reason", valueString: o.reason },
      { url: "by", valueReference: { identifier: { system: fhirSystems.rowId, value: o.by }, ...(names.get(o.by) ? { display: names.get(o.by) } : {}) } },
      { url: "at", valueDateTime: new Date(o.at).toISOString() },
      ...(o.coSignedBy ? [{ url: "coSignedBy", valueReference: { identifier: { system: fhirSystems.rowId, value: o.coSignedBy }, ...(names.get(o.coSignedBy) ? { display: names.get(o.coSignedBy) } : {}) } }] : []),
    ],
  };
}

export function serviceRequestResource(o: ProcedureRow, candidacy: CandidacyResult, names: ReadonlyMap<string, string>): ServiceRequest {
  const notes = [`Intent: ${o.intent}`, `Expected benefit: ${o.expectedBenefit}`, `Alternatives: ${o.alternatives}`, `Follow-up: ${o.followUpPlan}`, o.risks ? `Risks explained: ${o.risks}` : null, o.cancelReason ? `Cancelled: ${o.cancelReason}` : null].filter(
    (n): n is string => n !== null && n.trim() !== "",
  );
  return {
    resourceType: "ServiceRequest",
    ...rowHead(o),
    extension: [ladderStepExtension(procedureCatalog[o.procedureType].ladderStep), candidacyExtension(candidacy), ...o.overrides.map((ov) => overrideExtension(ov, names))],
    status: orderStatus[o.status],
    intent: o.status === "proposed" ? "proposal" : "order",
    category: [concept("http://snomed.info/sct", "387713003", "Surgical procedure")],
    code: procedureCode(o.procedureType),
    subject: ref("Patient", o.patientId),
    ...(o.scheduledFor ? { occurrenceDateTime: instant(o.scheduledFor) } : {}),
    authoredOn: instant(o.createdAt),
    reasonCode: [text(o.indication)],
    bodySite: [orderBodySite(o)],
    ...(notes.length ? { note: notes.map((t) => ({ text: t })) } : {}),
  };
}

const timePointLabel = (tp: string): string => tp.replace(/^diary_/, "diary ").replace(/^(\d+)([a-z])$/, "$1 $2");

export function procedureResource(o: ProcedureRow, outcomes: readonly Row<"procedureOutcomes">[]): Procedure {
  const relief = o.reliefPercent !== null ? `${o.reliefPercent}% relief${o.reliefDurationDays !== null ? ` for ${o.reliefDurationDays} days` : ""}` : null;
  const pain = o.preProcedurePain !== null || o.postProcedurePain !== null ? `pain ${o.preProcedurePain ?? "?"} → ${o.postProcedurePain ?? "?"}` : null;
  const outcomeText = [relief, pain, outcomes.length ? `outcome time points: ${outcomes.map((x) => timePointLabel(x.timePoint)).join(", ")}` : null].filter(Boolean).join("; ");
  return {
    resourceType: "Procedure",
    ...rowHead(o),
    basedOn: [ref("ServiceRequest", o.id)],
    status: "completed",
    code: procedureCode(o.procedureType),
    subject: ref("Patient", o.patientId),
    ...(o.performedAt ? { performedDateTime: instant(o.performedAt) } : {}),
    bodySite: [orderBodySite(o)],
    reasonCode: [text(o.indication)],
    ...(outcomeText ? { outcome: text(outcomeText) } : {}),
    ...(o.complications ? { complication: [text(o.complications)] } : {}),
    ...(o.followUpPlan ? { followUp: [text(o.followUpPlan)] } : {}),
  };
}

const surveyCategory = [concept(fhirSystems.observationCategory, "survey", "Survey")];
const scoreQuantity = (value: number, unit: { code: string; display: string }) => ({ value, unit: unit.display, system: fhirSystems.ucum, code: unit.code });

export function assessmentObservation(a: Row<"assessments">): Observation {
  const codes = loincByInstrument[a.instrument];
  const def = instrumentDefinitions[a.instrument];
  const items: ObservationComponent[] = a.responses.map((answer, i) => {
    const itemCode = codes.items[i] ?? { system: fhirSystems.instrumentItem, code: `${a.instrument}-${i + 1}`, display: `${def.label} item ${i + 1}` };
    return answer === null
      ? { code: { coding: [coding(itemCode)], text: itemCode.display }, dataAbsentReason: dataAbsent("asked-unknown", "Asked But Unknown") }
      : { code: { coding: [coding(itemCode)], text: itemCode.display }, valueInteger: answer };
  });
  const subscales: ObservationComponent[] = Object.entries(a.subscales ?? {}).map(([name, value]) => ({
    code: concept(fhirSystems.instrumentItem, `${a.instrument}-${name}`, `${def.label} ${name}`),
    valueQuantity: scoreQuantity(value, codes.unit),
  }));
  const notes = a.safetyFlag ? [{ text: "Self-harm item answered above zero: urgent follow-up flagged." }] : [];
  return {
    resourceType: "Observation",
    ...rowHead(a),
    status: "final",
    category: surveyCategory,
    code: { coding: [coding(codes.total), ...(codes.panel.code !== codes.total.code ? [coding(codes.panel)] : [])], text: `${def.label} ${a.instrument === "peg3" ? "mean score" : "total score"}` },
    subject: ref("Patient", a.patientId),
    effectiveDateTime: instant(a.administeredAt),
    ...(a.source === "patient" ? { performer: [ref("Patient", a.patientId)] } : {}),
    ...(a.score !== null ? { valueQuantity: scoreQuantity(a.score, codes.unit) } : { dataAbsentReason: dataAbsent("not-performed", "Not Performed") }),
    ...(a.severity ? { interpretation: [text(humanize(a.severity))] } : {}),
    ...(notes.length ? { note: notes } : {}),
    ...(items.length + subscales.length ? { component: [...items, ...subscales] } : {}),
  };
}

export function outcomeObservation(x: Row<"procedureOutcomes">): Observation {
  // The patient's diary or a score they reported: the patient is the performer, the category a survey.
  const byPatient = outcomeSourceLabels[x.source] !== null;
  const component: ObservationComponent[] = [];
  if (x.painScore !== null) component.push({ code: { coding: [coding(loincByInstrument.nrs.total)], text: "Pain score" }, valueInteger: x.painScore });
  if (x.reliefPercent !== null) component.push({ code: concept(fhirSystems.observation, "relief-percent", "Pain relief"), valueQuantity: percentQuantity(x.reliefPercent) });
  if (x.functionImprovementPercent !== null) component.push({ code: concept(fhirSystems.observation, "function-improvement-percent", "Function improvement"), valueQuantity: percentQuantity(x.functionImprovementPercent) });
  if (x.sideEffects) component.push({ code: concept(fhirSystems.observation, "side-effects", "Side effects"), valueString: x.sideEffects });
  return {
    resourceType: "Observation",
    ...rowHead(x),
    partOf: [ref("Procedure", x.procedureId)],
    status: "final",
    category: [concept(fhirSystems.observationCategory, byPatient ? "survey" : "exam", byPatient ? "Survey" : "Exam")],
    code: { coding: [{ system: fhirSystems.outcomeTimePoint, code: x.timePoint, display: `Procedure outcome at ${timePointLabel(x.timePoint)}` }], text: `Procedure outcome at ${timePointLabel(x.timePoint)}` },
    subject: ref("Patient", x.patientId),
    effectiveDateTime: instant(x.assessedAt),
    ...(byPatient ? { performer: [ref("Patient", x.patientId)] } : {}),
    ...(x.notes ? { note: [{ text: x.notes }] } : {}),
    ...(component.length ? { component } : { dataAbsentReason: dataAbsent("unknown", "Unknown") }),
  };
}

/** The patient's MME/day as of `now`, stamped with the factor table that produced it; null without an active opioid. */
export function mmeObservation(patientId: string, meds: readonly Row<"medications">[], now: Date): Observation | null {
  const result = dailyMme(meds, DEFAULT_MME_TABLE);
  if (result.lines.length === 0) return null;
  const table = mmeTables[result.table];
  const excluded = result.lines.filter((l) => !l.included);
  return {
    resourceType: "Observation",
    id: `mme-${patientId}`,
    extension: [{ url: fhirExtensions.mmeTable, valueString: table.label }],
    status: "final",
    category: [concept(fhirSystems.observationCategory, "therapy", "Therapy")],
    code: { coding: [coding(mmePerDayCode)], text: mmePerDayCode.display },
    subject: ref("Patient", patientId),
    effectiveDateTime: instant(now),
    valueQuantity: { value: result.total, unit: "mg/d", system: fhirSystems.ucum, code: "mg/d" },
    method: concept(fhirSystems.mmeTable, result.table, table.label),
    interpretation: [text(result.level)],
    // The medications it was computed from (R4 derivedFrom admits no MedicationStatement; focus admits any resource).
    focus: result.lines.map((l) => ref("MedicationStatement", l.medicationId, l.name)),
    ...(excluded.length ? { note: excluded.map((l) => ({ text: `${l.name}: ${l.reason ?? "not included in MME"}` })) } : {}),
  };
}

export function medicationStatementResource(m: Row<"medications">): MedicationStatement {
  const unit = m.opioid === "fentanyl_transdermal" ? { unit: "ug/h", code: "ug/h" } : { unit: "mg", code: "mg" };
  const frequency = Math.max(1, m.timesPerDay);
  return {
    resourceType: "MedicationStatement",
    ...rowHead(m),
    status: m.status === "active" ? "active" : "stopped",
    ...(m.stopReason ? { statusReason: [text(m.stopReason)] } : {}),
    category: text(humanize(m.drugClass)),
    medicationCodeableConcept: {
      coding: [...(m.catalogKey ? [{ system: fhirSystems.medication, code: m.catalogKey, display: m.name }] : []), ...(m.opioid ? [{ system: fhirSystems.opioid, code: m.opioid, display: humanize(m.opioid) }] : [])],
      text: m.name,
    },
    subject: ref("Patient", m.patientId),
    effectivePeriod: { start: instant(m.startedAt), ...(m.stoppedAt ? { end: instant(m.stoppedAt) } : {}) },
    dateAsserted: instant(m.createdAt),
    dosage: [
      {
        text: `${m.doseMg} ${unit.unit} ${m.asNeeded ? `as needed, up to ${m.timesPerDay} times a day` : `${m.timesPerDay} times a day`} (${m.route})`,
        timing: { repeat: { frequency, period: 1, periodUnit: "d" } },
        asNeededBoolean: m.asNeeded,
        route: text(m.route),
        doseAndRate: [{ doseQuantity: { value: m.doseMg, unit: unit.unit, system: fhirSystems.ucum, code: unit.code } }],
      },
    ],
  };
}

const allergyCategory = { iodinated_contrast: "medication", gadolinium: "medication", local_anaesthetic: "medication", corticosteroid: "medication", latex: "environment", other: null } as const;

export function allergyResources(profile: NonNullable<PlanRows["safetyProfile"]>): AllergyIntolerance[] {
  const base = { patient: ref("Patient", profile.patientId), recordedDate: instant(profile.updatedAt) };
  const clinical = concept(fhirSystems.allergyClinical, "active", "Active");
  if (profile.noKnownAllergies && profile.allergies.length === 0) {
    return [{ resourceType: "AllergyIntolerance", id: `${profile.id}-nka`, clinicalStatus: clinical, code: concept("http://snomed.info/sct", "716186003", "No known allergy"), ...base }];
  }
  return profile.allergies.map((a, i): AllergyIntolerance => {
    const category = allergyCategory[a.category];
    return {
      resourceType: "AllergyIntolerance",
      id: `${profile.id}-allergy-${i + 1}`,
      clinicalStatus: clinical,
      ...(category ? { category: [category] } : {}),
      code: { coding: [{ system: fhirSystems.allergyCategory, code: a.category, display: humanize(a.category) }], text: a.substance },
      ...base,
      ...(a.reaction ? { reaction: [{ manifestation: [text(a.reaction)] }] } : {}),
    };
  });
}

/** The rest of the pre-procedure safety profile: one Observation with a component per answered question. */
export function safetyProfileObservation(profile: NonNullable<PlanRows["safetyProfile"]>): Observation {
  const c = (code: string, display: string) => concept(fhirSystems.safetyProfile, code, display);
  const component: ObservationComponent[] = [];
  const bool = (value: boolean | null, code: string, display: string) => {
    if (value !== null) component.push({ code: c(code, display), valueBoolean: value });
  };
  bool(profile.diabetes, "diabetes", "Diabetes");
  if (profile.pregnancy) component.push({ code: c("pregnancy", "Pregnancy"), valueCodeableConcept: concept(fhirSystems.safetyProfile, profile.pregnancy, humanize(profile.pregnancy)) });
  bool(profile.activeInfection, "active-infection", "Active infection");
  bool(profile.renalImpairment, "renal-impairment", "Renal impairment");
  bool(profile.overdoseOrSudHistory, "overdose-or-sud-history", "History of overdose or substance use disorder");
  if (profile.implantedDevices) component.push({ code: c("implanted-devices", "Implanted devices"), valueString: profile.implantedDevices });
  if (profile.anticoagulantsTaking.length) component.push({ code: c("anticoagulants", "Anticoagulants or antiplatelets taken"), valueString: profile.anticoagulantsTaking.join(", ") });
  component.push({ code: c("no-known-allergies", "No known allergies"), valueBoolean: profile.noKnownAllergies });
  return {
    resourceType: "Observation",
    ...rowHead(profile),
    status: "final",
    category: [concept(fhirSystems.observationCategory, "social-history", "Social History")],
    code: c("safety-profile", "Pre-procedure safety profile"),
    subject: ref("Patient", profile.patientId),
    effectiveDateTime: instant(profile.updatedAt),
    component,
  };
}

export function monitoringObservation(m: Row<"opioidMonitoring">): Observation {
  return {
    resourceType: "Observation",
    ...rowHead(m),
    status: "final",
    category: [concept(fhirSystems.observationCategory, "therapy", "Therapy")],
    code: concept(fhirSystems.observation, m.kind, humanize(m.kind)),
    subject: ref("Patient", m.patientId),
    effectiveDateTime: instant(m.performedAt),
    ...(m.result ? { valueString: m.result } : { dataAbsentReason: dataAbsent("unknown", "Unknown") }),
  };
}

const encounterStatus = { attended: "finished", no_show: "cancelled", cancelled: "cancelled" } as const;

export function encounterResource(s: Row<"therapySessions">): Encounter {
  return {
    resourceType: "Encounter",
    ...rowHead(s),
    extension: [{ url: fhirExtensions.attendance, valueCode: s.attendance }],
    status: encounterStatus[s.attendance],
    class: { system: fhirSystems.actCode, code: "AMB", display: "ambulatory" },
    serviceType: text("Therapy session"),
    ...(s.interventions.length ? { type: s.interventions.map((i) => text(i)) } : {}),
    subject: ref("Patient", s.patientId),
    period: { start: fhirDate(s.sessionDate), end: fhirDate(s.sessionDate) },
    length: { value: s.minutes, unit: "min", system: fhirSystems.ucum, code: "min" },
  };
}

/** A psychologist's summary shared with the team. Psychotherapy notes never reach this function's caller. */
export function documentReferenceResource(n: Row<"psychNotes">, authorName: string | undefined): DocumentReference {
  if (n.kind !== "shared_summary") throw new Error("only shared summaries are exported");
  return {
    resourceType: "DocumentReference",
    ...rowHead(n),
    status: "current",
    docStatus: "final",
    type: concept(fhirSystems.documentType, "psychology-shared-summary", "Psychology summary shared with the care team"),
    category: [concept(fhirSystems.discipline, "psychologist", disciplineLabels.psychologist)],
    subject: ref("Patient", n.patientId),
    date: instant(n.createdAt),
    author: [{ identifier: { system: fhirSystems.rowId, value: n.authorId }, ...(authorName ? { display: authorName } : {}) }],
    content: [{ attachment: { contentType: "text/plain; charset=utf-8", data: Buffer.from(n.body, "utf8").toString("base64"), title: "Psychology summary", creation: instant(n.createdAt) } }],
  };
}

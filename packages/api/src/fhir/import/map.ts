import type {
  AllergyIntolerance,
  CodeableConcept,
  Coding,
  Condition,
  Dosage,
  Extension,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  ObservationComponent,
  Patient,
  Procedure,
  Resource,
} from "@medplum/fhirtypes";
import {
  allergyCategorySchema,
  catalogEntry,
  createProblemInputSchema,
  dailyMme,
  DEFAULT_MME_TABLE,
  fhirExtensions,
  fhirSystems,
  identifyDrugName,
  instrumentDefinitions,
  instrumentForCode,
  lateralitySchema,
  loincByInstrument,
  medicationCatalog,
  medicationRoutes,
  painGeneratorSchema,
  painPatternSchema,
  problemFindings,
  regionSchema,
  drugClassSchema,
  opioidKeySchema,
  procedureCatalog,
  procedureTypeSchema,
  resolveMedicationIdentity,
  scoreInstrument,
  sideSchema,
  validateClinicalDates,
  validateResponses,
  DomainError,
  type Allergy,
  type AllergyCategory,
  type Instrument,
  type Laterality,
  type ProblemFinding,
  type MedicationIdentity,
  type ProcedureType,
  type Region,
  type Side,
} from "@stepwise/domain";
import type { BundleItem, ParsedBundle } from "./bundle";

// How each supported FHIR resource becomes a Stepwise row. A mapper reads only what it knows
// (unknown elements and extensions are ignored) and answers a draft of the row, a reason to skip
// the entry, or the error that keeps it out (a missing required field, an unknown code).

export interface PatientDraft {
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: "female" | "male" | "other";
}
export interface ProblemDraft {
  diagnosis: string;
  bodySite: string;
  laterality: Laterality;
  level: string | null;
  painGenerator: (typeof painGeneratorSchema.options)[number];
  painPattern: (typeof painPatternSchema.options)[number];
  onsetDate: Date;
  status: "active" | "resolved";
  imagingFindings: string | null;
  imagingConcordant: boolean | null;
  positiveProvocativeTests: number | null;
  findings: ProblemFinding[];
}
export interface MedicationDraft extends MedicationIdentity {
  doseMg: number;
  timesPerDay: number;
  asNeeded: boolean;
  status: "active" | "stopped";
  startedAt: Date;
  stoppedAt: Date | null;
  stopReason: string | null;
}
export interface AssessmentDraft {
  instrument: Instrument;
  responses: (number | null)[];
  administeredAt: Date;
  source: "clinician" | "patient";
}
export interface ProcedureDraft {
  procedureType: ProcedureType;
  region: Region;
  side: Side | null;
  level: string | null;
  performedAt: Date;
  indication: string;
  diagnostic: boolean;
  followUpPlan: string;
  complications: string | null;
}

export type Draft =
  | { kind: "patient"; values: PatientDraft }
  | { kind: "problem"; values: ProblemDraft }
  | { kind: "allergy"; values: Allergy }
  | { kind: "no_known_allergies" }
  | { kind: "medication"; values: MedicationDraft }
  | { kind: "assessment"; values: AssessmentDraft }
  | { kind: "procedure"; values: ProcedureDraft };

export type Mapped =
  | { outcome: "draft"; label: string; draft: Draft; warnings: string[] }
  | { outcome: "skip"; label: string; reason: string }
  | { outcome: "error"; label: string; reason: string };

export interface MapContext {
  bundle: ParsedBundle;
  now: Date;
  /** The patient's birth date (from the bundle's Patient), for the clinical date rules. */
  birthDate: Date | undefined;
}

class EntryError extends Error {}
const fail = (message: string): never => {
  throw new EntryError(message);
};

// --- small readers ---------------------------------------------------------------------------------

const codings = (concept: CodeableConcept | undefined): Coding[] => concept?.coding ?? [];
export const textOf = (concept: CodeableConcept | undefined): string | undefined =>
  nonEmpty(concept?.text) ?? codings(concept).map((c) => nonEmpty(c.display)).find((d) => d !== undefined);
const nonEmpty = (value: string | undefined | null): string | undefined => {
  const trimmed = value?.replace(/\s+/g, " ").trim();
  return trimmed ? trimmed : undefined;
};
const codeIn = (concepts: (CodeableConcept | undefined)[], system: string): string | undefined =>
  concepts.flatMap((c) => codings(c)).find((c) => c.system === system && c.code)?.code;
const extension = (resource: { extension?: Extension[] }, url: string): Extension | undefined => resource.extension?.find((e) => e.url === url);
const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** A FHIR date or dateTime as the calendar day it names (partial dates fill with the first day). */
function calendarDay(value: string | undefined, field: string): Date {
  if (!value) fail(`missing required field: ${field}`);
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value!);
  if (!match) fail(`${field} is not a date (${clip(value!, 40)})`);
  const date = new Date(`${match![1]}-${match![2] ?? "01"}-${match![3] ?? "01"}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) fail(`${field} is not a date (${clip(value!, 40)})`);
  return date;
}
function instant(value: string | undefined, field: string): Date {
  if (!value) fail(`missing required field: ${field}`);
  const date = /^\d{4}(-\d{2})?$/.test(value!) ? calendarDay(value, field) : new Date(value!);
  if (Number.isNaN(date.getTime())) fail(`${field} is not a date and time (${clip(value!, 40)})`);
  return date;
}

/** The clinical date rules every entry form applies: nothing in the future, nothing before birth. */
function checkDates(values: Record<string, unknown>, c: MapContext): void {
  try {
    validateClinicalDates(values, { now: c.now, birthDate: c.birthDate });
  } catch (error) {
    if (error instanceof DomainError) fail(error.message);
    throw error;
  }
}

// --- Patient ---------------------------------------------------------------------------------------

/** The MRN: the identifier on the clinic's MRN system, else one typed MR (HL7 v2 table 0203). */
export function mrnOf(patient: Patient): string | undefined {
  const ids = patient.identifier ?? [];
  const ours = ids.find((i) => i.system === fhirSystems.mrn && nonEmpty(i.value));
  const typed = ids.find((i) => i.type?.coding?.some((c) => c.code === "MR") && nonEmpty(i.value));
  return nonEmpty((ours ?? typed)?.value);
}

export function mapPatient(patient: Patient): Mapped {
  const name = patient.name?.find((n) => n.use === "official") ?? patient.name?.[0];
  const givenName = nonEmpty(name?.given?.join(" "));
  const familyName = nonEmpty(name?.family);
  const label = [givenName, familyName].filter(Boolean).join(" ") || "Patient";
  try {
    const mrn = mrnOf(patient) ?? fail(`missing required field: an MRN (identifier on ${fhirSystems.mrn}, or typed MR)`);
    if (!givenName || !familyName) fail("missing required field: the patient's given and family name");
    const birth = calendarDay(patient.birthDate, "birthDate");
    const sex = patient.gender === "female" || patient.gender === "male" || patient.gender === "other" ? patient.gender : fail("missing required field: gender (female, male or other)");
    return {
      outcome: "draft",
      label: `${label} (MRN ${mrn})`,
      draft: { kind: "patient", values: { mrn: clip(mrn, 64), givenName: clip(givenName!, 100), familyName: clip(familyName!, 100), dateOfBirth: birth.toISOString().slice(0, 10), sex } },
      warnings: [],
    };
  } catch (error) {
    if (error instanceof EntryError) return { outcome: "error", label, reason: error.message };
    throw error;
  }
}

// --- Condition → problem ---------------------------------------------------------------------------

const inactiveClinical = ["inactive", "remission", "resolved"];

function mapCondition(condition: Condition, c: MapContext): Mapped {
  const diagnosis = textOf(condition.code);
  const label = diagnosis ?? "Condition";
  const verification = codings(condition.verificationStatus)[0]?.code;
  if (verification === "entered-in-error" || verification === "refuted") return { outcome: "skip", label, reason: `recorded in the EHR as ${verification}` };
  if (!diagnosis) fail("missing required field: Condition.code (a text or a display)");
  const clinical = codings(condition.clinicalStatus)[0]?.code;
  const site = condition.bodySite?.[0];
  const lateralityCode = extension(condition, fhirExtensions.laterality)?.valueCode ?? extension(site ?? {}, fhirExtensions.laterality)?.valueCode;
  const laterality = lateralitySchema.safeParse(lateralityCode ?? "na");
  if (!laterality.success) fail(`unknown code: laterality "${clip(String(lateralityCode), 40)}"`);
  const level = nonEmpty(extension(condition, fhirExtensions.spinalLevel)?.valueString ?? extension(site ?? {}, fhirExtensions.spinalLevel)?.valueString) ?? null;
  const concepts = [condition.code, ...(condition.category ?? []), ...(condition.bodySite ?? []), ...(condition.evidence ?? []).flatMap((e) => e.code ?? [])];
  const generatorCode = codeIn(concepts, fhirSystems.painGenerator);
  const patternCode = codeIn(concepts, fhirSystems.painPattern);
  const painGenerator = painGeneratorSchema.safeParse(generatorCode ?? "unknown");
  const painPattern = painPatternSchema.safeParse(patternCode ?? "other");
  if (!painGenerator.success) fail(`unknown code: pain generator "${clip(String(generatorCode), 40)}"`);
  if (!painPattern.success) fail(`unknown code: pain pattern "${clip(String(patternCode), 40)}"`);
  const onsetDate = calendarDay(condition.onsetDateTime ?? condition.onsetPeriod?.start ?? condition.recordedDate, "onset (onsetDateTime or recordedDate)");
  checkDates({ onsetDate }, c);
  const notes = (condition.note ?? []).map((n) => n.text ?? "");
  const imaging = notes.map((n) => /^Imaging: (.*?)( \((concordant|not concordant)\))?$/s.exec(n)).find(Boolean);
  const findingWords = notes.map((n) => /^Findings: (.*)$/s.exec(n)?.[1]).find(Boolean)?.split(", ") ?? [];
  const provocative = notes.map((n) => /^Positive provocative tests: (\d+)$/.exec(n)?.[1]).find(Boolean);
  const values: ProblemDraft = {
    diagnosis: clip(diagnosis!, 200),
    bodySite: clip(siteWithout(textOf(site), laterality.data, level) ?? "not recorded", 100),
    imagingFindings: imaging?.[1] ? clip(imaging[1], 4000) : null,
    imagingConcordant: imaging?.[3] ? imaging[3] === "concordant" : null,
    positiveProvocativeTests: provocative ? Math.min(10, Number(provocative)) : null,
    findings: problemFindings.filter((f) => findingWords.includes(f.replaceAll("_", " "))),
    laterality: laterality.data!,
    level: level ? clip(level, 20) : null,
    painGenerator: painGenerator.data!,
    painPattern: painPattern.data!,
    onsetDate,
    status: clinical && inactiveClinical.includes(clinical) ? "resolved" : "active",
  };
  const { status: _status, ...fields } = values;
  const checked = createProblemInputSchema.safeParse({ patientId: "00000000-0000-4000-8000-000000000000", ...fields });
  if (!checked.success) fail(`${checked.error.issues[0]?.path.join(".")}: ${checked.error.issues[0]?.message}`);
  const warnings = generatorCode || patternCode ? [] : ["Pain generator and pattern are not coded: recorded as unknown / other, to be completed on the plan"];
  return { outcome: "draft", label, draft: { kind: "problem", values }, warnings };
}

/** A body site's words without the laterality and level Stepwise's own export appends to them. */
function siteWithout(text: string | undefined, laterality: string | undefined, level: string | null): string | undefined {
  let site = text;
  if (site && level && site.endsWith(` ${level}`)) site = site.slice(0, -level.length - 1);
  if (site && laterality && laterality !== "na" && site.endsWith(` ${laterality}`)) site = site.slice(0, -laterality.length - 1);
  return site;
}

// --- AllergyIntolerance → the safety profile's allergies -------------------------------------------

/** SNOMED CT "no known allergy" and its kin, as EHRs record an allergy list checked and empty. */
const noKnownAllergyCodes = ["716186003", "409137002", "428607008", "429625007"];

/** §6.4's categories, recognised in a substance's name where the EHR does not code them. */
const categoryWords: readonly [AllergyCategory, RegExp][] = [
  ["iodinated_contrast", /contrast|iodin|iohexol|iopamidol|iodixanol|omnipaque|visipaque/i],
  ["gadolinium", /gadolin|gadoterate|gadobutrol|dotarem|gadavist/i],
  ["latex", /latex|rubber/i],
  ["local_anaesthetic", /lidocaine|lignocaine|bupivacaine|ropivacaine|mepivacaine|anaesthetic|anesthetic|procaine/i],
  ["corticosteroid", /steroid|cortisone|triamcinolone|methylprednisolone|dexamethasone|betamethasone|prednisolone|prednisone/i],
];

function mapAllergy(allergy: AllergyIntolerance): Mapped {
  const substance = textOf(allergy.code);
  const label = substance ?? "Allergy";
  const verification = codings(allergy.verificationStatus)[0]?.code;
  if (verification === "entered-in-error" || verification === "refuted") return { outcome: "skip", label, reason: `recorded in the EHR as ${verification}` };
  const clinical = codings(allergy.clinicalStatus)[0]?.code;
  if (clinical === "inactive" || clinical === "resolved") return { outcome: "skip", label, reason: `no longer active in the EHR (${clinical})` };
  if (codings(allergy.code).some((c) => noKnownAllergyCodes.includes(c.code ?? ""))) return { outcome: "draft", label: "No known allergies", draft: { kind: "no_known_allergies" }, warnings: [] };
  if (!substance) fail("missing required field: AllergyIntolerance.code (the substance)");
  const coded = codeIn([allergy.code], fhirSystems.allergyCategory);
  const category = coded ? allergyCategorySchema.safeParse(coded) : undefined;
  if (category && !category.success) fail(`unknown code: allergy category "${clip(coded!, 40)}"`);
  const reaction = nonEmpty(allergy.reaction?.flatMap((r) => r.manifestation ?? []).map((m) => textOf(m)).filter(Boolean).join(", ")) ?? nonEmpty(allergy.reaction?.[0]?.description);
  const values: Allergy = {
    substance: clip(substance!, 200),
    category: category?.data ?? categoryWords.find(([, words]) => words.test(substance!))?.[0] ?? "other",
    reaction: reaction ? clip(reaction, 500) : null,
  };
  return { outcome: "draft", label, draft: { kind: "allergy", values }, warnings: [] };
}

// --- MedicationRequest / MedicationStatement → medications -----------------------------------------

/** SNOMED CT route codes (the FHIR R4 RouteCodes value set) for the routes Stepwise records. */
const routeBySnomed: Record<string, MedicationIdentity["route"]> = {
  "26643006": "oral",
  "45890007": "transdermal",
  "37839007": "sublingual",
  "54471007": "buccal",
  "46713006": "intranasal",
  "34206005": "subcutaneous",
  "78421000": "intramuscular",
  "47625008": "intravenous",
  "6064005": "topical",
  "37161004": "rectal",
};

function routeOf(dosage: Dosage | undefined): MedicationIdentity["route"] | undefined {
  const coded = codings(dosage?.route).map((c) => routeBySnomed[c.code ?? ""]).find(Boolean);
  if (coded) return coded;
  const words = textOf(dosage?.route)?.toLowerCase();
  if (!words) return undefined;
  return medicationRoutes.find((r) => words.includes(r)) ?? (words.includes("mouth") ? "oral" : words.includes("nasal") ? "intranasal" : words.includes("skin") ? "transdermal" : undefined);
}

/** Doses a day from a timing (frequency per period), or undefined when the EHR gives none. */
function timesPerDayOf(dosage: Dosage | undefined): number | undefined {
  const repeat = dosage?.timing?.repeat;
  const perPeriod = repeat?.frequencyMax ?? repeat?.frequency;
  if (perPeriod !== undefined && repeat?.period && repeat.periodUnit) {
    const hours: Record<string, number> = { h: 1, d: 24, wk: 168 };
    const span = hours[repeat.periodUnit];
    if (span !== undefined) return Math.max(1, Math.round((perPeriod * 24) / (repeat.period * span)));
  }
  const maxPerDay = dosage?.maxDosePerPeriod?.numerator?.value;
  const dose = dosage?.doseAndRate?.[0]?.doseQuantity?.value;
  if (maxPerDay !== undefined && dose) return Math.max(1, Math.round(maxPerDay / dose));
  return undefined;
}

/** The catalogue entry a name and route pick: an exact name, else the one entry of the drug the name identifies for that route. */
function catalogKeyFor(name: string, route: string | undefined, codedKey: string | undefined): string | null {
  if (codedKey && catalogEntry(codedKey)) return codedKey;
  const exact = medicationCatalog.find((m) => m.name.toLowerCase() === name.toLowerCase());
  if (exact) return exact.key;
  const known = identifyDrugName(name);
  if (!known) return null;
  const candidates = medicationCatalog.filter((m) => (m.key === known.generic || m.key.startsWith(`${known.generic}_`)) && (route === undefined || m.route === route));
  if (candidates.length === 1) return candidates[0]!.key;
  // Immediate- and extended-release forms of one drug: the name says which (RxNorm writes "12 HR", "ER").
  const release = /\b(ER|XR|SR|CR|LA|extended|sustained|controlled|12 HR|24 HR|contin)\b/i.test(name) ? "_er" : "_ir";
  return candidates.find((m) => m.key.endsWith(release))?.key ?? null;
}

function mapMedication(resource: MedicationRequest | MedicationStatement, c: MapContext): Mapped {
  const referenced = resource.medicationReference?.reference ? (c.bundle.resolve(resource.medicationReference.reference)?.resource as Medication | undefined) : undefined;
  const concept = resource.medicationCodeableConcept ?? referenced?.code;
  const name = textOf(concept) ?? nonEmpty(resource.medicationReference?.display);
  const label = name ?? "Medication";
  const status = resource.status;
  if (status === "entered-in-error" || status === "cancelled" || status === "draft" || status === "not-taken" || status === "unknown") {
    return { outcome: "skip", label, reason: `not a medication the patient takes (status ${status})` };
  }
  if (!name) fail(`unknown code: the medication has no name (${codings(concept).map((x) => `${x.system ?? "?"}|${x.code ?? "?"}`).join(", ") || "no coding"})`);
  const dosage = (resource.resourceType === "MedicationRequest" ? resource.dosageInstruction : resource.dosage)?.[0];
  const route = routeOf(dosage);
  const codedKey = codeIn([concept], fhirSystems.medication);
  const catalogKey = catalogKeyFor(name!, route, codedKey);
  let identity: MedicationIdentity;
  try {
    const opioid = opioidKeySchema.safeParse(codeIn([concept], fhirSystems.opioid)).data;
    const drugClass = catalogKey === null ? drugClassSchema.safeParse(textOf(resource.resourceType === "MedicationStatement" ? resource.category : resource.category?.[0])?.replaceAll(" ", "_")).data : undefined;
    identity = resolveMedicationIdentity({ catalogKey, name: name!.length > 200 ? clip(name!, 200) : name, route: route ?? catalogEntry(catalogKey)?.route, opioid, drugClass });
  } catch (error) {
    if (error instanceof DomainError) fail(error.message === "choose a route" ? "missing required field: the route (Dosage.route)" : error.message);
    throw error;
  }
  const dose = dosage?.doseAndRate?.[0]?.doseQuantity?.value;
  if (dose === undefined || !(dose > 0) || dose > 100_000) fail("missing required field: the dose (Dosage.doseAndRate.doseQuantity)");
  const timesPerDay = timesPerDayOf(dosage) ?? (identity!.route === "transdermal" ? 1 : fail("missing required field: how often (Dosage.timing.repeat)"));
  if (timesPerDay! > 24) fail(`more than 24 doses a day (${timesPerDay})`);
  const asNeeded = dosage?.asNeededBoolean === true || dosage?.asNeededCodeableConcept !== undefined;
  const period = resource.resourceType === "MedicationStatement" ? resource.effectivePeriod : resource.dispenseRequest?.validityPeriod;
  const started = ("effectiveDateTime" in resource ? resource.effectiveDateTime : undefined) ?? period?.start ?? ("authoredOn" in resource ? resource.authoredOn : undefined) ?? ("dateAsserted" in resource ? resource.dateAsserted : undefined);
  const startedAt = instant(started, "the start date (effective or authoredOn)");
  const ended = status === "stopped" || status === "completed";
  const stoppedAt = ended ? instant(period?.end ?? ("dateAsserted" in resource ? resource.dateAsserted : undefined) ?? started, "the stop date") : null;
  checkDates(stoppedAt ? { startedAt, stoppedAt } : { startedAt }, c);
  const stopReason = ended ? clip(textOf(([] as CodeableConcept[]).concat(resource.statusReason ?? [])[0]) ?? (status === "completed" ? "Course completed (EHR)" : "Stopped (EHR)"), 1000) : null;
  const values: MedicationDraft = { ...identity!, doseMg: dose!, timesPerDay: timesPerDay!, asNeeded, status: ended ? "stopped" : "active", startedAt, stoppedAt, stopReason };
  const warnings: string[] = [];
  const line = dailyMme([{ id: "import", name: values.name, opioid: values.opioid, drugClass: values.drugClass, doseMg: values.doseMg, timesPerDay: values.timesPerDay, status: "active" }], DEFAULT_MME_TABLE).lines[0];
  if (line && !line.included) warnings.push(`Opioid without an MME factor in table ${DEFAULT_MME_TABLE}: listed "not included in MME" with an unknown-MME flag`);
  if (values.catalogKey === null) warnings.push(values.drugClass === "opioid" ? `Not in the catalogue: kept as "${values.name}", an opioid` : `Not in the catalogue: kept as "${values.name}" (${values.drugClass.replace("_", " ")})`);
  return { outcome: "draft", label: values.name, draft: { kind: "medication", values }, warnings };
}

// --- Observation → assessment ----------------------------------------------------------------------

const numberOf = (part: Pick<ObservationComponent, "valueInteger" | "valueQuantity" | "valueCodeableConcept">): number | undefined => {
  if (typeof part.valueInteger === "number") return part.valueInteger;
  if (typeof part.valueQuantity?.value === "number") return part.valueQuantity.value;
  // A LOINC answer list carries its score as the answer's ordinal value extension.
  const ordinal = part.valueCodeableConcept?.coding?.flatMap((c) => c.extension ?? []).find((e) => e.url.endsWith("ordinalValue") || e.url.endsWith("itemWeight"));
  return ordinal?.valueDecimal ?? ordinal?.valueInteger;
};

function mapObservation(observation: Observation, c: MapContext): Mapped {
  const label = textOf(observation.code) ?? "Observation";
  const instrument = codings(observation.code)
    .map((x) => instrumentForCode(x.system, x.code))
    .find((i): i is Instrument => i !== null);
  if (!instrument) {
    const code = codings(observation.code)[0];
    return { outcome: "skip", label, reason: `not a score Stepwise keeps (${code ? `${code.system ?? "no system"}|${code.code ?? "no code"}` : "no code"})` };
  }
  if (observation.status === "entered-in-error" || observation.status === "cancelled") return { outcome: "skip", label, reason: `recorded in the EHR as ${observation.status}` };
  const definition = instrumentDefinitions[instrument];
  const codes = loincByInstrument[instrument];
  const total = numberOf(observation as ObservationComponent);
  let responses: (number | null)[];
  if (codes.items.length === 0) {
    if (total === undefined) fail("missing required field: the score (Observation.value)");
    responses = [total!];
  } else {
    const components = observation.component ?? [];
    responses = codes.items.map((item) => {
      const part = components.find((p) => codings(p.code).some((x) => x.system === item.system && x.code === item.code));
      return part ? (numberOf(part) ?? null) : null;
    });
    if (responses.every((r) => r === null)) {
      fail(`missing required field: the item answers (Observation.component) — a ${definition.label} total alone cannot be scored here`);
    }
  }
  try {
    validateResponses(instrument, responses);
  } catch (error) {
    if (error instanceof DomainError) fail(error.message);
    throw error;
  }
  const scored = scoreInstrument(instrument, responses);
  if (total !== undefined && scored.score !== null && codes.items.length > 0 && Math.abs(total - scored.score) > 0.051) {
    fail(`the total (${total}) does not match its item answers (${scored.score})`);
  }
  const administeredAt = instant(observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.effectiveInstant ?? observation.issued, "when it was administered (effectiveDateTime)");
  checkDates({ administeredAt }, c);
  const warnings = scored.safetyFlag ? ["Self-harm item positive: the self-harm flag is raised for the team"] : [];
  const source = observation.performer?.some((p) => p.reference && c.bundle.resolve(p.reference)?.resource.resourceType === "Patient") ? "patient" : "clinician";
  return { outcome: "draft", label: `${definition.label}: ${scored.score ?? "not scored"}`, draft: { kind: "assessment", values: { instrument, responses, administeredAt, source } }, warnings };
}

// --- Procedure → performed procedure ---------------------------------------------------------------

/** Words in an EHR's procedure name that pick a catalogue entry, most specific first. */
const procedureWords: readonly [ProcedureType, RegExp][] = [
  ["esi_transforaminal", /transforaminal/i],
  ["esi_interlaminar", /(interlaminar|epidural).*(steroid|injection)|epidural steroid/i],
  ["selective_nerve_root_block", /selective nerve root|\bsnrb\b/i],
  ["medial_branch_block", /medial branch block/i],
  ["si_lateral_branch_rfa", /lateral branch.*(radiofrequency|rfa|ablation)/i],
  ["genicular_rfa", /genicular.*(radiofrequency|rfa|ablation)/i],
  ["genicular_nerve_block", /genicular nerve block/i],
  ["radiofrequency_ablation", /radiofrequency|rhizotomy|\brfa\b/i],
  ["facet_joint_injection", /facet joint injection|zygapophyseal.*injection/i],
  ["sacroiliac_joint_injection", /sacroiliac joint injection|\bsi joint injection/i],
  ["trigger_point_injection", /trigger point/i],
  ["occipital_nerve_block", /occipital nerve block/i],
  ["intercostal_nerve_block", /intercostal nerve block/i],
  ["sympathetic_block", /stellate|sympathetic block|lumbar sympathetic/i],
  ["epidural_adhesiolysis", /adhesiolysis/i],
  ["large_joint_injection", /(knee|hip|shoulder) joint injection|arthrocentesis/i],
];

const regionWords: readonly [Region, RegExp][] = [
  ["cervical", /cervical|\bC\d/i],
  ["thoracic", /thoracic|\bT\d/i],
  ["lumbar", /lumbar|\bL\d/i],
  ["sacral", /sacr|\bS\d/i],
  ["knee", /knee|genicular/i],
  ["hip", /hip/i],
  ["shoulder", /shoulder/i],
  ["occipital", /occipital/i],
  ["chest_wall", /intercostal|chest wall/i],
];

function mapProcedure(procedure: Procedure, c: MapContext): Mapped {
  const name = textOf(procedure.code);
  const label = name ?? "Procedure";
  if (procedure.status !== "completed") return { outcome: "skip", label, reason: `not a performed procedure (status ${procedure.status ?? "missing"})` };
  const coded = codeIn([procedure.code], fhirSystems.procedureType);
  const typed = coded ? procedureTypeSchema.safeParse(coded) : undefined;
  if (typed && !typed.success) fail(`unknown code: procedure type "${clip(coded!, 40)}"`);
  const procedureType = typed?.data ?? (name ? procedureWords.find(([, words]) => words.test(name))?.[0] : undefined);
  if (!procedureType) return { outcome: "skip", label, reason: "not in the procedure catalogue (only interventional pain procedures are taken)" };
  const entry = procedureCatalog[procedureType];
  const siteText = [textOf(procedure.bodySite?.[0]), name].filter(Boolean).join(" ");
  const region = regionSchema.safeParse(textOf(procedure.bodySite?.[0])?.split(" ")[0]).data ?? regionWords.find(([r, words]) => entry.regions.includes(r) && words.test(siteText))?.[0] ?? (entry.regions.length === 1 ? entry.regions[0] : undefined) ?? "other";
  const sideCode = extension(procedure, fhirExtensions.laterality)?.valueCode ?? extension(procedure.bodySite?.[0] ?? {}, fhirExtensions.laterality)?.valueCode ?? (/\bbilateral\b/i.test(siteText) ? "bilateral" : /\bleft\b/i.test(siteText) ? "left" : /\bright\b/i.test(siteText) ? "right" : undefined);
  const side = sideCode ? sideSchema.safeParse(sideCode).data ?? null : null;
  const level = nonEmpty(extension(procedure, fhirExtensions.spinalLevel)?.valueString ?? extension(procedure.bodySite?.[0] ?? {}, fhirExtensions.spinalLevel)?.valueString) ?? null;
  const performedAt = instant(procedure.performedDateTime ?? procedure.performedPeriod?.start, "when it was performed (performedDateTime)");
  checkDates({ performedAt }, c);
  const indication = clip(textOf(procedure.reasonCode?.[0]) ?? "Recorded in the EHR", 1000);
  const followUpPlan = clip(textOf(procedure.followUp?.[0]) ?? "Recorded in the EHR", 2000);
  const complication = textOf(procedure.complication?.[0]);
  const values: ProcedureDraft = { procedureType, region, side, level: level ? clip(level, 20) : null, performedAt, indication, diagnostic: entry.diagnostic === "yes", followUpPlan, complications: complication ? clip(complication, 2000) : null };
  return { outcome: "draft", label: entry.label, draft: { kind: "procedure", values }, warnings: [] };
}

// --- the entry -------------------------------------------------------------------------------------

/** Resource types an EHR export carries that hold nothing Stepwise keeps: skipped quietly, with the reason. */
const notKept: Record<string, string> = {
  Encounter: "visits are not kept in the plan",
  Practitioner: "clinicians are Stepwise accounts",
  PractitionerRole: "clinicians are Stepwise accounts",
  Organization: "organisations are not kept",
  Location: "locations are not kept",
  Medication: "read through the medication that refers to it",
  Provenance: "provenance is not kept",
};

export const supportedResourceTypes = ["Patient", "Condition", "AllergyIntolerance", "MedicationRequest", "MedicationStatement", "Observation", "Procedure"] as const;

export function mapEntry(item: BundleItem, c: MapContext): Mapped {
  const resource: Resource = item.resource;
  try {
    switch (resource.resourceType) {
      case "Patient":
        return mapPatient(resource);
      case "Condition":
        return mapCondition(resource, c);
      case "AllergyIntolerance":
        return mapAllergy(resource);
      case "MedicationRequest":
      case "MedicationStatement":
        return mapMedication(resource, c);
      case "Observation":
        return mapObservation(resource, c);
      case "Procedure":
        return mapProcedure(resource, c);
      default: {
        const why = notKept[resource.resourceType];
        if (why) return { outcome: "skip", label: resource.resourceType, reason: why };
        return { outcome: "error", label: resource.resourceType, reason: `unsupported resource type: ${resource.resourceType} (Stepwise imports ${supportedResourceTypes.join(", ")})` };
      }
    }
  } catch (error) {
    if (error instanceof EntryError) return { outcome: "error", label: labelOf(resource), reason: error.message };
    throw error;
  }
}

function labelOf(resource: Resource): string {
  const concept = (resource as { code?: CodeableConcept; medicationCodeableConcept?: CodeableConcept }).code ?? (resource as { medicationCodeableConcept?: CodeableConcept }).medicationCodeableConcept;
  return textOf(concept) ?? resource.resourceType;
}

import { z } from "zod";
import { patientRefInputSchema } from "../inputs";
import type { Instrument } from "../instruments";

/**
 * The identifier and code-system URIs Stepwise speaks in HL7 FHIR R4. Export writes them, import
 * matches on them (an MRN is the same patient only on the same system). Local code systems live
 * under the clinic's own namespace; standard ones are HL7's or LOINC's canonical URIs.
 */
const LOCAL = "https://stepwise.example/fhir";

export const fhirSystems = {
  /** The clinic's medical record number: Patient.identifier.system. */
  mrn: `${LOCAL}/mrn`,
  loinc: "http://loinc.org",
  ucum: "http://unitsofmeasure.org",
  /** Row identifiers of the Stepwise record (every exported resource's identifier). */
  rowId: `${LOCAL}/row-id`,
  /** Local codes where no standard defines one (instruments without a LOINC code, MME/day, items). */
  instrument: `${LOCAL}/CodeSystem/instrument`,
  instrumentItem: `${LOCAL}/CodeSystem/instrument-item`,
  observation: `${LOCAL}/CodeSystem/observation`,
  ladderStep: `${LOCAL}/CodeSystem/ladder-step`,
  planItemKind: `${LOCAL}/CodeSystem/plan-item-kind`,
  procedureType: `${LOCAL}/CodeSystem/procedure-type`,
  discipline: `${LOCAL}/CodeSystem/discipline`,
  careTeamRole: `${LOCAL}/CodeSystem/care-team-role`,
  painGenerator: `${LOCAL}/CodeSystem/pain-generator`,
  painPattern: `${LOCAL}/CodeSystem/pain-pattern`,
  allergyCategory: `${LOCAL}/CodeSystem/allergy-category`,
  safetyProfile: `${LOCAL}/CodeSystem/safety-profile`,
  medication: `${LOCAL}/CodeSystem/medication`,
  opioid: `${LOCAL}/CodeSystem/opioid`,
  mmeTable: `${LOCAL}/CodeSystem/mme-table`,
  candidacyCriterion: `${LOCAL}/CodeSystem/candidacy-criterion`,
  outcomeTimePoint: `${LOCAL}/CodeSystem/outcome-time-point`,
  attendance: `${LOCAL}/CodeSystem/attendance`,
  documentType: `${LOCAL}/CodeSystem/document-type`,
  // HL7 terminology.
  conditionClinical: "http://terminology.hl7.org/CodeSystem/condition-clinical",
  conditionVerification: "http://terminology.hl7.org/CodeSystem/condition-ver-status",
  conditionCategory: "http://terminology.hl7.org/CodeSystem/condition-category",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  allergyClinical: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
  actCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
  carePlanCategory: "http://hl7.org/fhir/us/core/CodeSystem/careplan-category",
} as const;

/** Extensions Stepwise defines (StructureDefinition URLs under the clinic's namespace). */
export const fhirExtensions = {
  laterality: `${LOCAL}/StructureDefinition/laterality`,
  spinalLevel: `${LOCAL}/StructureDefinition/spinal-level`,
  ladderStep: `${LOCAL}/StructureDefinition/ladder-step`,
  candidacy: `${LOCAL}/StructureDefinition/candidacy`,
  candidacyOverride: `${LOCAL}/StructureDefinition/candidacy-override`,
  mmeTable: `${LOCAL}/StructureDefinition/mme-table`,
  minutes: `${LOCAL}/StructureDefinition/session-minutes`,
  attendance: `${LOCAL}/StructureDefinition/attendance`,
} as const;

/** A code in a code system, with the page where a LOINC code was checked against LOINC's own panel. */
export interface FhirCode {
  system: string;
  code: string;
  display: string;
  /** Where the code was checked (LOINC codes only). */
  checkedAt?: string;
}

export interface InstrumentCodes {
  /** The panel (the instrument as a whole). */
  panel: FhirCode;
  /** The total (or mean) score: Observation.code and valueQuantity. */
  total: FhirCode;
  /** Item answers, in the form's order: Observation.component codes. */
  items: readonly FhirCode[];
  /** The score's UCUM unit. */
  unit: { code: string; display: string };
}

const loinc = (code: string, display: string, checkedAt: string): FhirCode => ({ system: fhirSystems.loinc, code, display, checkedAt });
const local = (system: string, code: string, display: string): FhirCode => ({ system, code, display });
const localItems = (instrument: Instrument, labels: readonly string[]): FhirCode[] =>
  labels.map((label, i) => local(fhirSystems.instrumentItem, `${instrument}-${i + 1}`, label));

/** The UCUM unit of a dimensionless score (an instrument total or mean). */
const SCORE_UNIT = { code: "{score}", display: "score" };
const PHQ_SADS = "https://loinc.org/69729-2";
const PHQ9_TOTAL = "https://cdn.loinc.org/44261-6";

/**
 * LOINC codes for every instrument Stepwise scores, each checked against LOINC's own published
 * panel (the page is in `checkedAt`). Where LOINC defines no code for a part (ODI items, PCS),
 * the code is local (`fhirSystems.instrument` / `instrumentItem`).
 */
export const loincByInstrument: Record<Instrument, InstrumentCodes> = {
  nrs: {
    // 72514-3 is an observation, not a panel: the single item is its own total.
    panel: loinc("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "https://www.healthassure.in/codes/loinc-72514-3-pain-severity-0-10-verbal-numeric-rating-score-reported (LOINC 72514-3 record; also https://loinc.org/72514-3 as cited by HL7 Belgium's pain-scale ValueSet)"),
    total: loinc("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "https://loinc.org/72514-3"),
    items: [],
    unit: SCORE_UNIT,
  },
  peg3: {
    panel: loinc("91148-7", "Pain intensity, Enjoyment of life, General activity scale [PEG]", "not on a loinc.org page in the reference index: 91148-7 as the panel of public PEG Questionnaires (items 75893-8, 91145-3, 91146-1; mean 91147-9)"),
    total: loinc("91147-9", "Mean score [PEG]", "https://www.healthassure.in/codes/loinc-91147-9-mean-score-peg (LOINC record: method PEG, average of the 3 items)"),
    items: [
      loinc("75893-8", "Pain intensity on average in the past week", "PEG panel 91148-7 item 1, as in public PEG Questionnaires (not confirmed on a loinc.org page)"),
      loinc("91145-3", "Pain interference with enjoyment of life in the past week", "PEG panel 91148-7 item 2, as in public PEG Questionnaires (not confirmed on a loinc.org page)"),
      loinc("91146-1", "Pain interference with general activity in the past week", "PEG panel 91148-7 item 3, as in public PEG Questionnaires (not confirmed on a loinc.org page)"),
    ],
    unit: SCORE_UNIT,
  },
  odi: {
    panel: loinc("97908-8", "Oswestry Disability Index", "https://loinc.org/97908-8/panel"),
    total: loinc("97909-6", "Oswestry disability index score ODI", "https://loinc.org/97909-6 (member of panel 97908-8)"),
    // LOINC's ODI panel does not publish per-section codes for the 10-section form scored here.
    items: localItems("odi", ["Pain intensity", "Personal care", "Lifting", "Walking", "Sitting", "Standing", "Sleeping", "Sex life", "Social life", "Travelling"]),
    unit: { code: "%", display: "%" },
  },
  phq9: {
    panel: loinc("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]", "https://cdn.loinc.org/44261-6 (member of panel 44249-1)"),
    total: loinc("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]", PHQ9_TOTAL),
    items: [
      loinc("44250-9", "Little interest or pleasure in doing things", PHQ_SADS),
      loinc("44255-8", "Feeling down, depressed, or hopeless", PHQ_SADS),
      loinc("44259-0", "Trouble falling or staying asleep, or sleeping too much", PHQ_SADS),
      loinc("44254-1", "Feeling tired or having little energy", PHQ_SADS),
      loinc("44251-7", "Poor appetite or overeating", PHQ_SADS),
      loinc("44258-2", "Feeling bad about yourself-or that you are a failure or have let yourself or your family down", PHQ_SADS),
      loinc("44252-5", "Trouble concentrating on things, such as reading the newspaper or watching television", PHQ_SADS),
      loinc("44253-3", "Moving or speaking so slowly that other people could have noticed. Or the opposite-being so fidgety or restless that you have been moving around a lot more than usual", PHQ_SADS),
      loinc("44260-8", "Thoughts that you would be better off dead, or of hurting yourself in some way", "LOINC form 44249-1 item PHQ-9.9 (http://loinc.org/q/44249-1, as published in HL7 PCO IG Questionnaire-44249-1)"),
    ],
    unit: SCORE_UNIT,
  },
  gad7: {
    panel: loinc("69737-5", "Generalized anxiety disorder 7 item (GAD-7)", "http://loinc.org/q/69737-5 (HL7 PCO IG Questionnaire-69737-5: https://build.fhir.org/ig/HL7/pco-ig/branches/1.0.0/en/Questionnaire-69737-5.xml)"),
    total: loinc("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]", PHQ_SADS),
    items: [
      loinc("69725-0", "Feeling nervous, anxious or on edge", PHQ_SADS),
      loinc("68509-9", "Over the past 2 weeks have you not been able to stop or control worrying", PHQ_SADS),
      loinc("69733-4", "Worrying too much about different things", PHQ_SADS),
      loinc("69734-2", "Trouble relaxing", PHQ_SADS),
      loinc("69735-9", "Being so restless that it is hard to sit still", PHQ_SADS),
      loinc("69689-8", "Becoming easily annoyed or irritable", PHQ_SADS),
      loinc("69736-7", "Feeling afraid as if something awful might happen", PHQ_SADS),
    ],
    unit: SCORE_UNIT,
  },
  pcs: {
    // No LOINC panel or total for the Pain Catastrophizing Scale was found: local codes.
    panel: local(fhirSystems.instrument, "pcs", "Pain Catastrophizing Scale"),
    total: local(fhirSystems.instrument, "pcs-total", "Pain Catastrophizing Scale total score"),
    items: localItems(
      "pcs",
      Array.from({ length: 13 }, (_, i) => `PCS item ${i + 1}`),
    ),
    unit: SCORE_UNIT,
  },
};

/** MME/day has no LOINC code: a local observation code, stamped with the factor table's name. */
export const mmePerDayCode: FhirCode = local(fhirSystems.observation, "mme-per-day", "Morphine milligram equivalents per day");

/** The instrument a code names (panel or total, LOINC or local), for an importer reading totals. */
export function instrumentForCode(system: string | undefined, code: string | undefined): Instrument | null {
  if (!system || !code) return null;
  for (const [instrument, codes] of Object.entries(loincByInstrument) as [Instrument, InstrumentCodes][]) {
    if ((codes.total.system === system && codes.total.code === code) || (codes.panel.system === system && codes.panel.code === code)) return instrument;
  }
  return null;
}

/** The FHIR resource types Stepwise exports for one patient ($everything), in bundle order. */
export const fhirExportResourceTypes = [
  "Patient",
  "CareTeam",
  "Condition",
  "Goal",
  "CarePlan",
  "ServiceRequest",
  "Procedure",
  "Observation",
  "MedicationStatement",
  "AllergyIntolerance",
  "Encounter",
  "DocumentReference",
] as const;
export type FhirExportResourceType = (typeof fhirExportResourceTypes)[number];

/**
 * `fhir.everything`: one patient's record as a searchset Bundle. `base` is the FHIR base the
 * bundle's fullUrls start with (the REST front door passes its own); absent, the server's origin.
 */
export const fhirEverythingInputSchema = patientRefInputSchema.extend({
  base: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .refine((u) => !u.endsWith("/") && !u.includes("?") && !u.includes("#"), "A FHIR base has no trailing slash, query or fragment.")
    .optional(),
});

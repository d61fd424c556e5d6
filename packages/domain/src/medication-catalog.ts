import { z } from "zod";
import type { DrugClass, medicationRoutes } from "./entities";
import { InvalidInputError } from "./errors";
import type { OpioidKey } from "./mme";

/**
 * The medication catalogue (clinical-reference.md §6.5): clinicians pick a drug, and the drug
 * brings its class (for co-prescription, naloxone and bleeding-risk rules), its usual route and,
 * for an opioid, the key of the MME factor table — so an opioid can never be saved as a
 * non-opioid by leaving a field empty. Clinic data, versioned like the policy.
 */
export type MedicationCatalogEntry = {
  key: string;
  name: string;
  drugClass: DrugClass;
  route: "oral" | "transdermal" | "sublingual" | "buccal" | "intranasal" | "subcutaneous" | "intramuscular" | "intravenous" | "topical" | "rectal";
  /** The MME table key; null for a non-opioid, and for an opioid the table has no factor for (listed "not included in MME"). */
  opioid: OpioidKey | null;
  /** Dose unit as entered: mg per dose, or mcg/hr for patches. */
  unit: "mg" | "mcg/hr" | "mcg";
};

export const MEDICATION_CATALOG_VERSION = "medication-catalogue-2026-1";

const e = (key: string, name: string, drugClass: DrugClass, route: MedicationCatalogEntry["route"], opioid: OpioidKey | null = null, unit: MedicationCatalogEntry["unit"] = "mg"): MedicationCatalogEntry => ({
  key,
  name,
  drugClass,
  route,
  opioid,
  unit,
});

export const medicationCatalog: readonly MedicationCatalogEntry[] = [
  // Opioids in the CDC 2022 factor table.
  e("codeine", "Codeine", "opioid", "oral", "codeine"),
  e("fentanyl_patch", "Fentanyl transdermal patch", "opioid", "transdermal", "fentanyl_transdermal", "mcg/hr"),
  e("hydrocodone", "Hydrocodone", "opioid", "oral", "hydrocodone"),
  e("hydromorphone", "Hydromorphone", "opioid", "oral", "hydromorphone"),
  e("methadone", "Methadone", "opioid", "oral", "methadone"),
  e("morphine_ir", "Morphine IR", "opioid", "oral", "morphine"),
  e("morphine_er", "Morphine ER", "opioid", "oral", "morphine"),
  e("oxycodone_ir", "Oxycodone IR", "opioid", "oral", "oxycodone"),
  e("oxycodone_er", "Oxycodone ER", "opioid", "oral", "oxycodone"),
  e("oxymorphone", "Oxymorphone", "opioid", "oral", "oxymorphone"),
  e("tapentadol", "Tapentadol", "opioid", "oral", "tapentadol"),
  e("tramadol", "Tramadol", "opioid", "oral", "tramadol"),
  // Opioids without a factor in the table: counted as opioids, listed "not included in MME".
  e("buprenorphine_sl", "Buprenorphine sublingual", "opioid", "sublingual", "buprenorphine"),
  e("buprenorphine_patch", "Buprenorphine transdermal patch", "opioid", "transdermal", "buprenorphine", "mcg/hr"),
  e("buprenorphine_buccal", "Buprenorphine buccal film", "opioid", "buccal", "buprenorphine", "mcg"),
  e("meperidine", "Meperidine (pethidine)", "opioid", "oral", null),
  e("levorphanol", "Levorphanol", "opioid", "oral", null),
  e("pentazocine", "Pentazocine", "opioid", "oral", null),
  e("butorphanol", "Butorphanol nasal spray", "opioid", "intranasal", null),
  // Benzodiazepines (co-prescription with an opioid).
  e("alprazolam", "Alprazolam", "benzodiazepine", "oral"),
  e("clonazepam", "Clonazepam", "benzodiazepine", "oral"),
  e("diazepam", "Diazepam", "benzodiazepine", "oral"),
  e("lorazepam", "Lorazepam", "benzodiazepine", "oral"),
  e("temazepam", "Temazepam", "benzodiazepine", "oral"),
  // Gabapentinoids (a lesser co-prescription note).
  e("gabapentin", "Gabapentin", "gabapentinoid", "oral"),
  e("pregabalin", "Pregabalin", "gabapentinoid", "oral"),
  // Anticoagulants and antiplatelets (§6.4 hold table keys).
  e("warfarin", "Warfarin", "anticoagulant", "oral"),
  e("apixaban", "Apixaban", "anticoagulant", "oral"),
  e("rivaroxaban", "Rivaroxaban", "anticoagulant", "oral"),
  e("edoxaban", "Edoxaban", "anticoagulant", "oral"),
  e("dabigatran", "Dabigatran", "anticoagulant", "oral"),
  e("enoxaparin_therapeutic", "Enoxaparin (therapeutic dose)", "anticoagulant", "subcutaneous"),
  e("enoxaparin_prophylactic", "Enoxaparin (prophylactic dose)", "anticoagulant", "subcutaneous"),
  e("clopidogrel", "Clopidogrel", "antiplatelet", "oral"),
  e("prasugrel", "Prasugrel", "antiplatelet", "oral"),
  e("ticagrelor", "Ticagrelor", "antiplatelet", "oral"),
  e("aspirin_primary", "Aspirin (primary prevention)", "antiplatelet", "oral"),
  e("aspirin_secondary", "Aspirin (secondary prevention)", "antiplatelet", "oral"),
  // Naloxone (§6.5: a prescription clears the naloxone flag).
  e("naloxone_nasal", "Naloxone nasal spray", "naloxone", "intranasal"),
  e("naloxone_injection", "Naloxone injection", "naloxone", "intramuscular"),
  // Common non-opioid pain medication.
  e("acetaminophen", "Acetaminophen (paracetamol)", "other", "oral"),
  e("ibuprofen", "Ibuprofen", "nsaid", "oral"),
  e("naproxen", "Naproxen", "nsaid", "oral"),
  e("celecoxib", "Celecoxib", "nsaid", "oral"),
  e("meloxicam", "Meloxicam", "nsaid", "oral"),
  e("diclofenac_gel", "Diclofenac gel", "nsaid", "topical"),
  e("duloxetine", "Duloxetine", "antidepressant", "oral"),
  e("amitriptyline", "Amitriptyline", "antidepressant", "oral"),
  e("nortriptyline", "Nortriptyline", "antidepressant", "oral"),
  e("cyclobenzaprine", "Cyclobenzaprine", "muscle_relaxant", "oral"),
  e("tizanidine", "Tizanidine", "muscle_relaxant", "oral"),
  e("baclofen", "Baclofen", "muscle_relaxant", "oral"),
  e("lidocaine_patch", "Lidocaine 5% patch", "other", "topical"),
  e("capsaicin_patch", "Capsaicin 8% patch", "other", "topical"),
];

export const medicationCatalogKeys = medicationCatalog.map((m) => m.key);
export const medicationCatalogKeySchema = z.string().refine((key) => medicationCatalogKeys.includes(key), "not a medication in the catalogue");

export function catalogEntry(key: string | null | undefined): MedicationCatalogEntry | null {
  if (key === null || key === undefined) return null;
  return medicationCatalog.find((m) => m.key === key) ?? null;
}

/** Display order of the catalogue's groups in a picker. */
export const drugClassLabels: Record<DrugClass, string> = {
  opioid: "Opioids",
  benzodiazepine: "Benzodiazepines",
  gabapentinoid: "Gabapentinoids",
  anticoagulant: "Anticoagulants",
  antiplatelet: "Antiplatelets",
  naloxone: "Naloxone (overdose reversal)",
  nsaid: "NSAIDs",
  antidepressant: "Antidepressants (SNRI / TCA)",
  muscle_relaxant: "Muscle relaxants",
  other: "Other",
};

/** The catalogue grouped by class, in the order of `drugClassLabels`, each group sorted by name. */
export function catalogByClass(): { drugClass: DrugClass; label: string; entries: MedicationCatalogEntry[] }[] {
  return (Object.keys(drugClassLabels) as DrugClass[])
    .map((drugClass) => ({
      drugClass,
      label: drugClassLabels[drugClass],
      entries: medicationCatalog.filter((m) => m.drugClass === drugClass).sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .filter((group) => group.entries.length > 0);
}

/** The unit a dose of this row is entered and shown in: the catalogue's, else mcg/hr for a fentanyl patch, else mg. */
export function medicationUnit(row: { catalogKey?: string | null; opioid: OpioidKey | null }): MedicationCatalogEntry["unit"] {
  return catalogEntry(row.catalogKey)?.unit ?? (row.opioid === "fentanyl_transdermal" ? "mcg/hr" : "mg");
}

// --- names that identify a drug --------------------------------------------------------------------

/**
 * Generic and brand names (US and UK) that identify a drug whatever the clinician typed, so that a
 * free-text "Percocet 5/325" is an opioid and "Xanax" a benzodiazepine. `opioid` is the MME factor
 * key, null where the table has none (listed "not included in MME"). Fentanyl is keyed only as a
 * patch: the table's factor is per mcg/hr, so other fentanyl forms are opioids without a factor.
 */
export type KnownDrugName = { generic: string; drugClass: DrugClass; opioid: OpioidKey | null; names: readonly string[] };

export const knownDrugNames: readonly KnownDrugName[] = [
  { generic: "oxycodone", drugClass: "opioid", opioid: "oxycodone", names: ["oxycodone", "oxycontin", "percocet", "percodan", "roxicodone", "roxicet", "endocet", "oxaydo", "xtampza", "oxynorm", "targin"] },
  { generic: "hydrocodone", drugClass: "opioid", opioid: "hydrocodone", names: ["hydrocodone", "norco", "vicodin", "lortab", "lorcet", "hysingla", "zohydro"] },
  { generic: "hydromorphone", drugClass: "opioid", opioid: "hydromorphone", names: ["hydromorphone", "dilaudid", "exalgo", "palladone"] },
  { generic: "oxymorphone", drugClass: "opioid", opioid: "oxymorphone", names: ["oxymorphone", "opana"] },
  { generic: "morphine", drugClass: "opioid", opioid: "morphine", names: ["morphine", "ms contin", "mscontin", "kadian", "avinza", "msir", "oramorph", "sevredol", "zomorph"] },
  { generic: "fentanyl", drugClass: "opioid", opioid: "fentanyl_transdermal", names: ["fentanyl", "duragesic", "actiq", "fentora", "abstral", "subsys", "lazanda"] },
  { generic: "methadone", drugClass: "opioid", opioid: "methadone", names: ["methadone", "dolophine", "methadose", "physeptone"] },
  { generic: "tapentadol", drugClass: "opioid", opioid: "tapentadol", names: ["tapentadol", "nucynta", "palexia"] },
  { generic: "tramadol", drugClass: "opioid", opioid: "tramadol", names: ["tramadol", "ultram", "ultracet", "conzip", "zydol", "tramal"] },
  { generic: "codeine", drugClass: "opioid", opioid: "codeine", names: ["codeine", "tylenol #3", "tylenol #4", "tylenol 3", "tylenol 4", "co-codamol", "fioricet with codeine"] },
  { generic: "dihydrocodeine", drugClass: "opioid", opioid: null, names: ["dihydrocodeine", "df118", "co-dydramol"] },
  { generic: "meperidine", drugClass: "opioid", opioid: null, names: ["meperidine", "pethidine", "demerol"] },
  { generic: "levorphanol", drugClass: "opioid", opioid: null, names: ["levorphanol", "levo-dromoran"] },
  { generic: "pentazocine", drugClass: "opioid", opioid: null, names: ["pentazocine", "talwin"] },
  { generic: "butorphanol", drugClass: "opioid", opioid: null, names: ["butorphanol", "stadol"] },
  { generic: "nalbuphine", drugClass: "opioid", opioid: null, names: ["nalbuphine", "nubain"] },
  { generic: "buprenorphine", drugClass: "opioid", opioid: "buprenorphine", names: ["buprenorphine", "butrans", "belbuca", "suboxone", "subutex", "zubsolv", "sublocade", "brixadi", "transtec", "temgesic"] },
  { generic: "alprazolam", drugClass: "benzodiazepine", opioid: null, names: ["alprazolam", "xanax"] },
  { generic: "clonazepam", drugClass: "benzodiazepine", opioid: null, names: ["clonazepam", "klonopin", "rivotril"] },
  { generic: "diazepam", drugClass: "benzodiazepine", opioid: null, names: ["diazepam", "valium"] },
  { generic: "lorazepam", drugClass: "benzodiazepine", opioid: null, names: ["lorazepam", "ativan"] },
  { generic: "temazepam", drugClass: "benzodiazepine", opioid: null, names: ["temazepam", "restoril"] },
  { generic: "chlordiazepoxide", drugClass: "benzodiazepine", opioid: null, names: ["chlordiazepoxide", "librium"] },
  { generic: "clobazam", drugClass: "benzodiazepine", opioid: null, names: ["clobazam", "onfi"] },
  { generic: "midazolam", drugClass: "benzodiazepine", opioid: null, names: ["midazolam"] },
  { generic: "gabapentin", drugClass: "gabapentinoid", opioid: null, names: ["gabapentin", "neurontin", "gralise", "horizant"] },
  { generic: "pregabalin", drugClass: "gabapentinoid", opioid: null, names: ["pregabalin", "lyrica"] },
  { generic: "naloxone", drugClass: "naloxone", opioid: null, names: ["naloxone", "narcan", "kloxxado", "zimhi", "nyxoid"] },
];

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const namePatterns = knownDrugNames.map((drug) => ({
  drug,
  // Whole words only: "morphine" is not found inside "hydromorphone", nor "codeine" inside "dihydrocodeine".
  pattern: new RegExp(`(?<![a-z0-9])(${drug.names.map(escapeRegExp).join("|")})(?![a-z0-9])`, "i"),
}));

/**
 * The known drug a typed name identifies. An opioid wins over anything else in a combination
 * ("hydrocodone/acetaminophen", "oxycodone/naloxone"): the opioid is what the rules must see.
 */
export function identifyDrugName(name: string): (KnownDrugName & { matched: string }) | null {
  const hits = namePatterns.flatMap(({ drug, pattern }) => {
    const match = pattern.exec(name);
    return match ? [{ ...drug, matched: match[1] ?? drug.generic }] : [];
  });
  return hits.find((hit) => hit.drugClass === "opioid") ?? hits[0] ?? null;
}

export type MedicationIdentity = {
  /** The catalogue key picked, or null for "Other (not in the catalogue)". */
  catalogKey: string | null;
  name: string;
  drugClass: DrugClass;
  opioid: OpioidKey | null;
  route: (typeof medicationRoutes)[number];
};

export type MedicationIdentityInput = {
  catalogKey?: string | null | undefined;
  name?: string | undefined;
  /** As the clinician chose it; undefined = not chosen (the catalogue or the name decides). */
  drugClass?: DrugClass | undefined;
  /** As the clinician chose it; undefined or null = not chosen. */
  opioid?: OpioidKey | null | undefined;
  route?: MedicationIdentity["route"] | undefined;
  /** What the row was before an update, used when nothing above decides. */
  fallbackClass?: DrugClass | undefined;
};

const classWord = (drugClass: DrugClass) => drugClass.replace("_", " ");

/**
 * What a medication is (§6.5): a catalogue pick brings its class, route and MME key; a free-text
 * name that identifies an opioid is classed as one — with its factor key where the table has one —
 * and a contradicting class or key is refused (BAD_REQUEST), never saved as a non-opioid.
 */
export function resolveMedicationIdentity(input: MedicationIdentityInput): MedicationIdentity {
  const entry = catalogEntry(input.catalogKey);
  if (input.catalogKey !== null && input.catalogKey !== undefined && entry === null) throw new InvalidInputError("not a medication in the catalogue", "catalogKey");
  const name = (input.name ?? entry?.name ?? "").trim();
  if (name === "") throw new InvalidInputError("name the medication, or pick it from the catalogue", "name");
  const route = input.route ?? entry?.route;
  if (route === undefined) throw new InvalidInputError("choose a route", "route");
  const known = identifyDrugName(name);

  if (entry !== null) {
    if (input.drugClass !== undefined && input.drugClass !== entry.drugClass) {
      throw new InvalidInputError(`${entry.name} is in the catalogue as ${classWord(entry.drugClass)}: its class cannot be changed`, "drugClass");
    }
    if (known?.drugClass === "opioid" && entry.drugClass !== "opioid") {
      throw new InvalidInputError(`"${name}" names an opioid (${known.generic}): pick it from the opioids in the catalogue`, "name");
    }
    if (input.opioid !== undefined && input.opioid !== null && input.opioid !== entry.opioid) {
      throw new InvalidInputError(`${entry.name} counts for MME as ${entry.opioid ?? "not included"}, not ${input.opioid}`, "opioid");
    }
    return { catalogKey: entry.key, name, drugClass: entry.drugClass, opioid: entry.opioid, route };
  }

  // "other" is no claim about the drug: a known opioid name is classed as one; a specific other class is refused.
  const claimsClass = input.drugClass !== undefined && input.drugClass !== "other" ? input.drugClass : undefined;
  if (known?.drugClass === "opioid") {
    if (claimsClass !== undefined && claimsClass !== "opioid") {
      throw new InvalidInputError(`"${name}" names an opioid (${known.generic}): it cannot be saved as ${classWord(claimsClass)}`, "drugClass");
    }
    // A fentanyl that is not a patch has no factor in a per-mcg/hr table: an opioid, not included.
    const keyFromName = known.opioid === "fentanyl_transdermal" && route !== "transdermal" ? null : known.opioid;
    if (input.opioid !== undefined && input.opioid !== null && input.opioid !== keyFromName) {
      throw new InvalidInputError(`"${name}" names ${known.generic}: it cannot count for MME as ${input.opioid}`, "opioid");
    }
    return { catalogKey: null, name, drugClass: "opioid", opioid: keyFromName, route };
  }

  if (input.opioid !== undefined && input.opioid !== null) {
    if (claimsClass !== undefined && claimsClass !== "opioid") {
      throw new InvalidInputError(`an opioid key (${input.opioid}) makes this an opioid: it cannot be saved as ${classWord(claimsClass)}`, "drugClass");
    }
    return { catalogKey: null, name, drugClass: "opioid", opioid: input.opioid, route };
  }

  if (known !== null && input.drugClass !== undefined && input.drugClass !== known.drugClass && input.drugClass !== "other") {
    throw new InvalidInputError(`"${name}" names ${known.generic}, a ${classWord(known.drugClass)}: it cannot be saved as ${classWord(input.drugClass)}`, "drugClass");
  }
  const drugClass = known?.drugClass ?? input.drugClass ?? input.fallbackClass ?? "other";
  return { catalogKey: null, name, drugClass, opioid: null, route };
}

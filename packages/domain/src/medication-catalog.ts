import { z } from "zod";
import type { DrugClass } from "./entities";
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

import { describe, expect, it } from "vitest";
import { InvalidInputError } from "./errors";
import { catalogByClass, catalogEntry, identifyDrugName, medicationCatalog, medicationUnit, resolveMedicationIdentity } from "./medication-catalog";
import { mmeTables } from "./mme";

describe("medication catalogue", () => {
  it("keeps the keys others rely on (seed, hold table)", () => {
    for (const key of ["apixaban", "warfarin", "clopidogrel", "aspirin_primary", "enoxaparin_therapeutic", "oxycodone_ir", "alprazolam", "gabapentin", "naloxone_nasal", "meperidine"]) {
      expect(catalogEntry(key)?.key).toBe(key);
    }
  });

  it("every opioid entry is class opioid, and every factor key it names is in the cdc-2022 table or buprenorphine", () => {
    for (const entry of medicationCatalog) {
      if (entry.opioid === null) continue;
      expect(entry.drugClass).toBe("opioid");
      expect(entry.opioid === "buprenorphine" || entry.opioid in mmeTables["cdc-2022"].factors).toBe(true);
    }
  });

  it("groups by class, opioids first, each group sorted by name", () => {
    const groups = catalogByClass();
    expect(groups[0]?.drugClass).toBe("opioid");
    expect(groups.flatMap((g) => g.entries)).toHaveLength(medicationCatalog.length);
    for (const g of groups) expect(g.entries.map((e) => e.name)).toEqual([...g.entries.map((e) => e.name)].sort((a, b) => a.localeCompare(b)));
  });

  it.each([
    ["fentanyl_patch", null, "mcg/hr"],
    ["buprenorphine_patch", "buprenorphine", "mcg/hr"],
    ["buprenorphine_buccal", "buprenorphine", "mcg"],
    ["oxycodone_ir", "oxycodone", "mg"],
    [null, "fentanyl_transdermal", "mcg/hr"],
    [null, null, "mg"],
  ] as const)("unit of catalogKey %s / opioid %s → %s", (catalogKey, opioid, unit) => {
    expect(medicationUnit({ catalogKey, opioid: catalogKey ? (catalogEntry(catalogKey)?.opioid ?? null) : opioid })).toBe(unit);
  });
});

describe("identifyDrugName: generic and brand names", () => {
  it.each([
    ["Percocet 5/325", "oxycodone", "oxycodone"],
    ["OxyContin 20 mg ER", "oxycodone", "oxycodone"],
    ["Hydrocodone/acetaminophen 10/325", "hydrocodone", "hydrocodone"],
    ["Norco", "hydrocodone", "hydrocodone"],
    ["Vicodin", "hydrocodone", "hydrocodone"],
    ["MS Contin 30", "morphine", "morphine"],
    ["Dilaudid", "hydromorphone", "hydromorphone"],
    ["hydromorphone (not morphine)", "hydromorphone", "hydromorphone"],
    ["Duragesic 25", "fentanyl", "fentanyl_transdermal"],
    ["Nucynta", "tapentadol", "tapentadol"],
    ["Ultram", "tramadol", "tramadol"],
    ["Tylenol #3", "codeine", "codeine"],
    ["acetaminophen-codeine 300/30", "codeine", "codeine"],
    ["Dihydrocodeine", "dihydrocodeine", null],
    ["Opana", "oxymorphone", "oxymorphone"],
    ["Demerol", "meperidine", null],
    ["pethidine", "meperidine", null],
    ["Levorphanol", "levorphanol", null],
    ["Talwin", "pentazocine", null],
    ["butorphanol nasal", "butorphanol", null],
    ["Butrans 10 mcg/hr", "buprenorphine", "buprenorphine"],
    ["Belbuca", "buprenorphine", "buprenorphine"],
    ["Suboxone 8/2", "buprenorphine", "buprenorphine"],
    ["Subutex", "buprenorphine", "buprenorphine"],
    ["oxycodone/naloxone (Targin)", "oxycodone", "oxycodone"],
    ["methadone", "methadone", "methadone"],
  ] as const)("%s → opioid %s (factor key %s)", (name, generic, opioid) => {
    expect(identifyDrugName(name)).toMatchObject({ generic, drugClass: "opioid", opioid });
  });

  it.each([
    ["Xanax", "alprazolam", "benzodiazepine"],
    ["Valium 5", "diazepam", "benzodiazepine"],
    ["Lyrica", "pregabalin", "gabapentinoid"],
    ["Neurontin", "gabapentin", "gabapentinoid"],
    ["Narcan 4 mg", "naloxone", "naloxone"],
  ] as const)("%s → %s (%s)", (name, generic, drugClass) => {
    expect(identifyDrugName(name)).toMatchObject({ generic, drugClass });
  });

  it.each([["Ibuprofen"], ["Tylenol 325"], ["Acetaminophen"], ["Duloxetine"], ["Morphinan-free balm"]])("%s → not a known opioid", (name) => {
    expect(identifyDrugName(name)?.drugClass).not.toBe("opioid");
  });
});

describe("resolveMedicationIdentity: an opioid is never saved as a non-opioid", () => {
  it.each([
    ["catalogue oxycodone_ir → opioid, key oxycodone, oral, name from the catalogue", { catalogKey: "oxycodone_ir" }, { catalogKey: "oxycodone_ir", name: "Oxycodone IR", drugClass: "opioid", opioid: "oxycodone", route: "oral" }],
    ["catalogue meperidine → opioid, no key", { catalogKey: "meperidine" }, { drugClass: "opioid", opioid: null }],
    ["catalogue hydrocodone named 'Norco 10/325' → keeps the name", { catalogKey: "hydrocodone", name: "Norco 10/325" }, { name: "Norco 10/325", opioid: "hydrocodone" }],
    ["other 'Norco 10/325', no class → opioid hydrocodone", { name: "Norco 10/325", route: "oral" }, { catalogKey: null, drugClass: "opioid", opioid: "hydrocodone" }],
    ["other 'Oxycodone 10 mg', opioid null (the old 'not an opioid') → opioid oxycodone", { name: "Oxycodone 10 mg", opioid: null, route: "oral" }, { drugClass: "opioid", opioid: "oxycodone" }],
    ["other 'Duragesic', transdermal → fentanyl_transdermal", { name: "Duragesic", route: "transdermal" }, { drugClass: "opioid", opioid: "fentanyl_transdermal" }],
    ["other 'Fentanyl buccal', buccal → opioid without a factor", { name: "Fentanyl buccal", route: "buccal" }, { drugClass: "opioid", opioid: null }],
    ["other 'Demerol' → opioid without a factor", { name: "Demerol", route: "oral" }, { drugClass: "opioid", opioid: null }],
    ["other 'Percocet 5/325' left at class other → the server classes it opioid oxycodone", { name: "Percocet 5/325", drugClass: "other", route: "oral" }, { drugClass: "opioid", opioid: "oxycodone" }],
    ["other 'Compounded opioid X', class opioid → opioid without a factor", { name: "Compounded opioid X", drugClass: "opioid", route: "oral" }, { drugClass: "opioid", opioid: null }],
    ["other 'Xanax', class other → benzodiazepine", { name: "Xanax", drugClass: "other", route: "oral" }, { drugClass: "benzodiazepine", opioid: null }],
    ["other 'Turmeric', no class → other", { name: "Turmeric", route: "oral" }, { drugClass: "other", opioid: null }],
    ["other 'Turmeric', fallback nsaid (an update) → nsaid", { name: "Turmeric", route: "oral", fallbackClass: "nsaid" }, { drugClass: "nsaid" }],
  ] as const)("%s", (_name, input, expected) => {
    expect(resolveMedicationIdentity(input)).toMatchObject(expected);
  });

  it.each([
    ["other 'OxyContin' as nsaid", { name: "OxyContin", drugClass: "nsaid", route: "oral" }, "drugClass", /names an opioid \(oxycodone\)/],
    ["other 'Percocet' counted as morphine", { name: "Percocet", opioid: "morphine", route: "oral" }, "opioid", /names oxycodone/],
    ["other 'Demerol' counted as morphine", { name: "Demerol", opioid: "morphine", route: "oral" }, "opioid", /names meperidine/],
    ["catalogue gabapentin named 'Oxycodone'", { catalogKey: "gabapentin", name: "Oxycodone" }, "name", /names an opioid/],
    ["catalogue apixaban as nsaid", { catalogKey: "apixaban", drugClass: "nsaid" }, "drugClass", /cannot be changed/],
    ["catalogue oxycodone_ir counted as morphine", { catalogKey: "oxycodone_ir", opioid: "morphine" }, "opioid", /not morphine/],
    ["an opioid key with class antidepressant", { name: "Mystery", opioid: "tramadol", drugClass: "antidepressant", route: "oral" }, "drugClass", /makes this an opioid/],
    ["other 'Xanax' as nsaid", { name: "Xanax", drugClass: "nsaid", route: "oral" }, "drugClass", /benzodiazepine/],
    ["an unknown catalogue key", { catalogKey: "unobtainium" }, "catalogKey", /not a medication in the catalogue/],
    ["other without a route", { name: "Turmeric" }, "route", /route/],
    ["other without a name", { name: "  ", route: "oral" }, "name", /name/],
  ] as const)("refuses %s (BAD_REQUEST on %s)", (_name, input, field, message) => {
    let error: unknown;
    try {
      resolveMedicationIdentity(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", field });
    expect((error as Error).message).toMatch(message);
  });
});

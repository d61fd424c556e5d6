import type { Bundle, Patient, Resource } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { fhirSystems, instrumentForCode } from "@stepwise/domain";
import { everythingBundle, patientResources } from "../export";
import { queryRows } from "../../test-support";
import { useSeededClinic } from "../../test-clinic";

// Issue 14's round trip: a demo patient exported, imported as a new patient (another MRN), and
// exported again carries the same clinical content, ids aside — for every resource type the
// importer takes (problems, medications, allergies, instrument scores, performed procedures).

const PHYSICIAN = "physician@stepwise.test";
const clinic = useSeededClinic();

const execute = (statement: string) => queryRows(clinic.handle, statement);

const isScore = (r: Resource) => r.resourceType === "Observation" && (r.code.coding ?? []).some((c) => instrumentForCode(c.system, c.code) !== null) && !r.partOf;

/** The resources the importer takes, as clinical content: no ids, versions, row identifiers or times of entry. */
function clinicalContent(resources: Resource[], patientId: string): string[] {
  const kept = resources.filter((r) => ["Condition", "MedicationStatement", "AllergyIntolerance", "Procedure"].includes(r.resourceType) || isScore(r));
  return kept
    .map((resource) => {
      const copy = JSON.parse(JSON.stringify(resource).replaceAll(patientId, "PATIENT")) as Record<string, unknown>;
      // Row ids and versions, and when the row was entered (the import is a new entry of the same content).
      for (const key of ["id", "meta", "identifier", "recordedDate", "dateAsserted", "basedOn"]) delete copy[key];
      // A performed procedure's outcome time points are the procedure outcome series, which is not imported.
      if (resource.resourceType === "Procedure") delete copy.outcome;
      return JSON.stringify(copy);
    })
    .sort();
}

describe("round trip: export, import as a new patient, export again", () => {
  it("the richest demo patient's problems, medications, allergies, scores and procedures come back equal", async () => {
    const [richest] = await execute(`
      select p.id::text as id from patients p
      order by (select count(*) from problems x where x.patient_id = p.id) + (select count(*) from medications x where x.patient_id = p.id)
             + (select count(*) from assessments x where x.patient_id = p.id) + (select count(*) from procedures x where x.patient_id = p.id and x.status = 'performed') desc, p.mrn
      limit 1`);
    const sourceId = String(richest!.id);
    const now = new Date();
    const exported = await patientResources(clinic.handle.db, sourceId, { now });
    const bundle: Bundle = everythingBundle(exported, "https://stepwise.example/fhir/R4", { now });
    const patient = bundle.entry!.find((e) => e.resource!.resourceType === "Patient")!.resource as Patient;
    const mrn = patient.identifier!.find((i) => i.system === fhirSystems.mrn)!.value!;
    patient.identifier = patient.identifier!.map((i) => (i.system === fhirSystems.mrn ? { ...i, value: `${mrn}-RT` } : i));

    const caller = await clinic.as(PHYSICIAN);
    const bundleJson = JSON.stringify(bundle);
    const preview = await caller.fhir.importPreview({ bundleJson });
    expect(preview.patient.action).toBe("create");
    const taken = preview.entries.filter((e) => e.action === "create" && e.target !== "patient");
    const refused = preview.entries.filter((e) => e.action === "error");
    // Only resources of types the importer does not take (the plan's own: care team, goals, orders, summaries).
    for (const e of refused) expect(e.reason, `${e.resourceType} ${e.label}`).toMatch(/^unsupported resource type/);
    const result = await caller.fhir.importCommit({ bundleJson, fingerprint: preview.fingerprint });
    expect(result.created).toBe(taken.length);

    const again = await patientResources(clinic.handle.db, result.patientId, { now });
    const before = clinicalContent(exported, sourceId);
    const after = clinicalContent(again, result.patientId);
    expect(before.length).toBeGreaterThanOrEqual(8);
    expect(after).toEqual(before);
    const counts = Object.fromEntries(["Condition", "MedicationStatement", "AllergyIntolerance", "Procedure", "Observation"].map((t) => [t, before.filter((r) => r.includes(`"resourceType":"${t}"`)).length]));
    console.log(`round trip: ${JSON.stringify(counts)} equal after export → import → export`);

    // A Stepwise export imported back into the same patient adds nothing: its rows are already there.
    const fresh = await patientResources(clinic.handle.db, sourceId, { now });
    const home = await caller.fhir.importPreview({ bundleJson: JSON.stringify(everythingBundle(fresh, "https://stepwise.example/fhir/R4", { now })) });
    expect(home.patient).toMatchObject({ id: sourceId, action: "match" });
    expect(home.counts.create + home.counts.update).toBe(0);
    const own = home.entries.filter((e) => e.reason?.startsWith("Already in this patient's Stepwise record"));
    expect(own.length).toBeGreaterThanOrEqual(before.length - before.filter((r) => r.includes('"resourceType":"AllergyIntolerance"')).length);

    // The imported copy imported again changes nothing.
    const second = await caller.fhir.importPreview({ bundleJson });
    expect(second.counts.create + second.counts.update).toBe(0);
  });
});

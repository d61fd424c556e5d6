import type { Bundle, Observation, Patient } from "@medplum/fhirtypes";
import { schema } from "@stepwise/db";
import { fhirSystems, loincByInstrument, mmePerDayCode } from "@stepwise/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededClinic, type Clinic } from "../../test-support";
import { countByType, everythingBundle, patientResources, patientResourcesFor } from "./index";
import { validateFhir } from "./validate";

let clinic: Clinic;
let patientIds: string[];
const now = new Date();

beforeAll(async () => {
  clinic = await openSeededClinic();
  patientIds = (await clinic.handle.db.select({ id: schema.patients.id }).from(schema.patients)).map((p) => p.id);
}, 120_000);
afterAll(async () => clinic?.close());

describe("FHIR export of one patient", () => {
  it("every resource of every demo patient passes the R4 validator with 0 errors and 0 warnings", async () => {
    const all = await patientResourcesFor(clinic.handle.db, patientIds, { now });
    expect(all.size).toBe(patientIds.length);
    const resources = [...all.values()].flat();
    const issues = validateFhir(resources);
    expect(issues.slice(0, 20)).toEqual([]);
    // Nor a warning (a reference to a type the element does not admit is one).
    expect(validateFhir(resources, { warnings: true }).slice(0, 20)).toEqual([]);
    // The bundles themselves validate too.
    const bundles = [...all.values()].map((r) => everythingBundle(r, "https://stepwise.example/api/fhir/R4", { now }));
    expect(validateFhir(bundles)).toEqual([]);
    // The validator is not a rubber stamp: a resource missing a required element is refused.
    const broken = { resourceType: "Observation", id: "x", code: { text: "no status" } } as unknown as Observation;
    expect(validateFhir([broken]).length).toBeGreaterThan(0);
    console.log(`FHIR export: ${resources.length} resources for ${patientIds.length} demo patients, ${issues.length} validator errors; per type ${JSON.stringify(countByType(resources))}`);
  }, 120_000);

  it("the richest demo patient: resources per type", async () => {
    const all = await patientResourcesFor(clinic.handle.db, patientIds, { now });
    const [richestId, richest] = [...all.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    const counts = countByType(richest);
    const patient = richest.find((r): r is Patient => r.resourceType === "Patient")!;
    console.log(`FHIR export, richest demo patient ${patient.name?.[0]?.family} (${richestId}): ${JSON.stringify(counts)} total ${richest.length}`);
    for (const type of ["Patient", "CareTeam", "Condition", "Goal", "CarePlan", "ServiceRequest", "Observation", "MedicationStatement"]) expect(counts[type] ?? 0, type).toBeGreaterThan(0);
    expect(counts.Patient).toBe(1);
    expect(counts.CarePlan).toBe(1);
  });

  it("Patient carries the MRN on the clinic's system; references are relative and resolve inside the bundle", async () => {
    const [row] = await clinic.handle.db.select().from(schema.patients).limit(1);
    const resources = await patientResources(clinic.handle.db, row!.id, { now });
    const patient = resources.find((r): r is Patient => r.resourceType === "Patient")!;
    expect(patient.id).toBe(row!.id);
    expect(patient.identifier).toContainEqual(expect.objectContaining({ system: fhirSystems.mrn, value: row!.mrn }));
    const ids = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
    const refs = JSON.stringify(resources).match(/"reference":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(ids, r).toContain(r.slice('"reference":"'.length, -1));
    const bundle: Bundle = everythingBundle(resources, "https://x.example/api/fhir/R4");
    expect(bundle.type).toBe("searchset");
    expect(bundle.entry?.[0]?.fullUrl).toBe(`https://x.example/api/fhir/R4/Patient/${row!.id}`);
  });

  it("scored instruments carry their LOINC total code and item answers as components", async () => {
    const all = [...(await patientResourcesFor(clinic.handle.db, patientIds, { now })).values()].flat();
    const observations = all.filter((r): r is Observation => r.resourceType === "Observation");
    const phq9 = observations.find((o) => o.code.coding?.some((c) => c.code === loincByInstrument.phq9.total.code));
    expect(phq9).toBeDefined();
    expect(phq9!.component).toHaveLength(9);
    expect(phq9!.component![0]!.code.coding![0]!.code).toBe("44250-9");
    expect(typeof phq9!.valueQuantity?.value).toBe("number");
    const mme = observations.find((o) => o.code.coding?.some((c) => c.code === mmePerDayCode.code));
    expect(mme?.method?.coding?.[0]?.code).toBe("cdc-2022");
  });

  it("an unknown patient gives no resources; a fixed number of queries whatever the number of patients", async () => {
    expect(await patientResources(clinic.handle.db, "00000000-0000-4000-8000-00000000dead", { now })).toEqual([]);
    const count = async (ids: string[]) => {
      let n = 0;
      const db = clinic.handle.db;
      const counting = new Proxy(db, {
        get(target, prop, receiver) {
          if (prop === "select") n += 1;
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
      await patientResourcesFor(counting, ids, { now });
      return n;
    };
    expect(await count(patientIds.slice(0, 1))).toBe(await count(patientIds));
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { authenticate } from "@stepwise/auth";
import { demoPassword, findSafetyProfile, listAudit, listPatientMedications } from "@stepwise/db";
import { can, fhirSystems } from "@stepwise/domain";
import { appRouter } from "../../root";
import { demoEmails, failure, queryRows } from "../../test-support";
import { useSeededClinic } from "../../test-clinic";
import { handleTrpcRequest } from "../../http";
import { createInnerContext } from "../../context";

const { PHYSICIAN, PHYSICIAN2, COORD, PT, PSYCH, ADMIN } = demoEmails;

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const EHR = fixture("ehr-patient-export.json");
const SYNTHEA = fixture("synthea-transaction.json");

const clinic = useSeededClinic();

const execute = (statement: string) => queryRows(clinic.handle, statement);

/** Rows of every table but the audit log (which every call, refused or not, writes to). */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = (await execute("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('audit_log', 'sessions') order by table_name")).map((row) => String(row.table_name));
  const [row] = await execute(`select ${tables.map((name) => `(select count(*)::int from "${name}") as "${name}"`).join(", ")}`);
  return Object.fromEntries(tables.map((name) => [name, Number(row?.[name])]));
}

/** A bundle with its patient's MRN replaced, so each test imports a patient of its own. */
function withMrn(json: string, mrn: string): string {
  const bundle = JSON.parse(json) as { entry: { resource: { resourceType: string; identifier?: { type?: unknown; system?: string; value?: string }[] } }[] };
  for (const entry of bundle.entry) {
    if (entry.resource.resourceType !== "Patient") continue;
    entry.resource.identifier = (entry.resource.identifier ?? []).map((i) => (i.type ? { ...i, value: mrn } : i));
  }
  return JSON.stringify(bundle);
}

async function previewAndCommit(email: string, bundleJson: string) {
  const caller = await clinic.as(email);
  const preview = await caller.fhir.importPreview({ bundleJson });
  const result = await caller.fhir.importCommit({ bundleJson, fingerprint: preview.fingerprint });
  return { preview, result };
}

describe("importing one patient from an EHR export", () => {
  it("previews every entry in plain words, writing nothing but the audit row", async () => {
    const before = await rowCounts();
    const caller = await clinic.as(PHYSICIAN);
    const preview = await caller.fhir.importPreview({ bundleJson: withMrn(EHR, "EHR-PREVIEW-1") });
    expect(await rowCounts()).toEqual(before);
    expect(preview.patient).toEqual({ id: null, action: "create", name: "Adaeze N. Okafor", mrn: "EHR-PREVIEW-1" });
    const byPosition = new Map(preview.entries.map((e) => [e.position, e]));
    expect(preview.entries).toHaveLength(14);
    expect(byPosition.get(1)).toMatchObject({ resourceType: "Patient", action: "create", target: "patient" });
    expect(byPosition.get(2)).toMatchObject({ resourceType: "Practitioner", action: "skip" });
    expect(byPosition.get(3)).toMatchObject({ resourceType: "Encounter", action: "skip" });
    expect(byPosition.get(4)).toMatchObject({ resourceType: "Condition", action: "create", target: "problem", label: "Lumbar radiculopathy" });
    // No onset and a recorded date: the recorded date is the onset; coded only by ICD-10: its display is the diagnosis.
    expect(byPosition.get(5)).toMatchObject({ action: "create", label: "Spondylosis without myelopathy or radiculopathy, lumbar region" });
    expect(byPosition.get(6)).toMatchObject({ resourceType: "AllergyIntolerance", action: "create", target: "allergy" });
    expect(byPosition.get(8)).toMatchObject({ resourceType: "MedicationRequest", action: "create", target: "medication", label: "oxycodone 5 mg tablet" });
    // Buprenorphine has no factor in the CDC table: flagged in the preview as the clinical reference says.
    expect(byPosition.get(10)!.warnings.join(" ")).toMatch(/without an MME factor.*not included in MME/);
    expect(byPosition.get(11)).toMatchObject({ resourceType: "Observation", action: "create", target: "assessment", label: "PHQ-9: 8" });
    expect(byPosition.get(12)).toMatchObject({ resourceType: "Observation", action: "skip" });
    expect(byPosition.get(12)!.reason).toMatch(/not a score Stepwise keeps \(http:\/\/loinc.org\|85354-9\)/);
    expect(byPosition.get(13)).toMatchObject({ resourceType: "Procedure", action: "create", target: "procedure", label: "Epidural steroid injection — transforaminal" });
    expect(byPosition.get(14)).toMatchObject({ resourceType: "Procedure", action: "skip" });
    expect(byPosition.get(14)!.reason).toMatch(/not in the procedure catalogue/);
    expect(preview.counts).toEqual({ create: 10, update: 0, skip: 4, error: 0 });
    const audit = await listAudit(clinic.handle.db, { actorId: await clinic.userId(PHYSICIAN), action: "fhir.importPreview" });
    expect(audit.at(-1)).toMatchObject({ outcome: "success", entityType: "fhir_import" });
  });

  it("commits in one transaction: a new patient with the importer on the team, rows, plan events, links and audit rows", async () => {
    const { result } = await previewAndCommit(PHYSICIAN, withMrn(EHR, "EHR-COMMIT-1"));
    expect(result).toMatchObject({ patientCreated: true, created: 9, updated: 0, skipped: 4, errors: 0 });
    const patientId = result.patientId;
    const caller = await clinic.as(PHYSICIAN);
    const patient = await caller.patients.get({ patientId });
    expect(patient).toMatchObject({ givenName: "Adaeze N.", familyName: "Okafor", mrn: "EHR-COMMIT-1", dateOfBirth: "1968-03-14", sex: "female", primaryCondition: "Lumbar radiculopathy", myRole: "physician" });
    expect(patient.team.map((m) => m.role)).toEqual(["physician"]);

    const record = await caller.carePlan.get({ patientId });
    expect(record.problems.map((p) => p.diagnosis).sort()).toEqual(["Lumbar radiculopathy", "Spondylosis without myelopathy or radiculopathy, lumbar region"]);
    const radiculopathy = record.problems.find((p) => p.diagnosis === "Lumbar radiculopathy")!;
    expect(radiculopathy).toMatchObject({ bodySite: "lower back", laterality: "na", painGenerator: "unknown", status: "active" });
    expect(radiculopathy.onsetDate.toISOString().slice(0, 10)).toBe("2025-11-02");

    const meds = await listPatientMedications(clinic.handle.db, patientId);
    const byName = Object.fromEntries(meds.map((m) => [m.name, m]));
    expect(byName["oxycodone 5 mg tablet"]).toMatchObject({ catalogKey: "oxycodone_ir", drugClass: "opioid", opioid: "oxycodone", doseMg: 5, timesPerDay: 4, asNeeded: true, route: "oral", status: "active" });
    expect(byName["gabapentin 300 mg capsule"]).toMatchObject({ catalogKey: "gabapentin", drugClass: "gabapentinoid", timesPerDay: 3 });
    expect(byName["Butrans 10 mcg/hr patch"]).toMatchObject({ catalogKey: "buprenorphine_patch", drugClass: "opioid", opioid: "buprenorphine", route: "transdermal" });

    const profile = await findSafetyProfile(clinic.handle.db, patientId);
    expect(profile?.allergies).toEqual([
      { substance: "Iodinated contrast media", category: "iodinated_contrast", reaction: "Hives" },
      { substance: "Penicillin", category: "other", reaction: "Rash" },
    ]);
    const assessments = await execute(`select instrument, score, safety_flag, responses from assessments where patient_id = '${patientId}'`);
    expect(assessments).toEqual([{ instrument: "phq9", score: 8, safety_flag: false, responses: [1, 1, 2, 2, 1, 1, 0, 0, 0] }]);
    const procedures = await execute(`select procedure_type, status, region, side from procedures where patient_id = '${patientId}'`);
    expect(procedures).toEqual([{ procedure_type: "esi_transforaminal", status: "performed", region: "lumbar", side: "left" }]);

    const events = await execute(`select event_type, entity_type from plan_events where patient_id = '${patientId}' order by id`);
    expect(events.map((e) => e.event_type)).toEqual([
      "patient.imported",
      "problem.created",
      "problem.created",
      "medication.created",
      "medication.created",
      "medication.created",
      "assessment.submitted",
      "procedure.performed",
      "safety_profile.created",
    ]);
    const links = await execute(`select resource_type, source_system, source_value, entity_type from fhir_resource_links where patient_id = '${patientId}' order by source_value`);
    expect(links).toHaveLength(9);
    expect(links.map((l) => l.source_system)).toContain("urn:oid:1.2.840.114350.1.13.0.1.7.2.768282.1");
    const audit = await listAudit(clinic.handle.db, { patientId, action: "fhir.importCommit" });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: "success", entityType: "fhir_import", detail: expect.objectContaining({ created: 9, patientCreated: true }) });
  });

  it("flags the opioid without an MME factor on the imported plan (unknown-MME)", async () => {
    const { result } = await previewAndCommit(PHYSICIAN, withMrn(SYNTHEA, "SYN-FLAG-1"));
    const meds = await listPatientMedications(clinic.handle.db, result.patientId);
    const meperidine = meds.find((m) => m.name.startsWith("meperidine"))!;
    expect(meperidine).toMatchObject({ drugClass: "opioid", opioid: null, catalogKey: "meperidine" });
    const caller = await clinic.as(PHYSICIAN);
    const plan = await caller.carePlan.get({ patientId: result.patientId });
    expect(JSON.stringify(plan)).toMatch(/not included in MME/);
  });

  it("re-importing the same bundle changes nothing: no rows, no events, every entry skipped", async () => {
    const bundleJson = withMrn(EHR, "EHR-AGAIN-1");
    await previewAndCommit(PHYSICIAN, bundleJson);
    const before = await rowCounts();
    const { preview, result } = await previewAndCommit(PHYSICIAN, bundleJson);
    expect(preview.patient.action).toBe("match");
    expect(preview.counts).toEqual({ create: 0, update: 0, skip: 14, error: 0 });
    expect(preview.entries.filter((e) => e.target === "problem").map((e) => e.reason)).toEqual(["Unchanged since the last import", "Unchanged since the last import"]);
    expect(result).toMatchObject({ patientCreated: false, created: 0, updated: 0 });
    expect(await rowCounts()).toEqual(before);
  });

  it("a changed bundle updates only the changed row, as a versioned update with its plan event", async () => {
    const bundleJson = withMrn(EHR, "EHR-CHANGED-1");
    const { result: first } = await previewAndCommit(PHYSICIAN, bundleJson);
    const changed = JSON.parse(bundleJson) as { entry: { resource: Record<string, unknown> }[] };
    const gabapentin = changed.entry.find((e) => e.resource.id === "mr-2")!.resource as { dosageInstruction: { doseAndRate: { doseQuantity: { value: number } }[] }[] };
    gabapentin.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity.value = 600;
    // Metadata an EHR changes on every export is not content.
    (changed.entry[0]!.resource as { meta: { lastUpdated: string } }).meta.lastUpdated = "2026-11-01T00:00:00Z";
    const before = await rowCounts();
    const { preview, result } = await previewAndCommit(PHYSICIAN, JSON.stringify(changed));
    expect(preview.counts).toEqual({ create: 0, update: 1, skip: 13, error: 0 });
    expect(preview.entries.find((e) => e.action === "update")).toMatchObject({ resourceType: "MedicationRequest", label: "gabapentin 300 mg capsule", reason: "Changed in the EHR since the last import" });
    expect(result).toMatchObject({ patientId: first.patientId, created: 0, updated: 1 });
    const after = await rowCounts();
    expect(after).toEqual({ ...before, plan_events: before.plan_events! + 1 });
    const meds = await listPatientMedications(clinic.handle.db, first.patientId);
    expect(meds.find((m) => m.name.startsWith("gabapentin"))).toMatchObject({ doseMg: 600, version: 2 });
    expect(meds.filter((m) => m.version !== 1).map((m) => m.name)).toEqual(["gabapentin 300 mg capsule"]);
    const events = await execute(`select event_type, summary from plan_events where patient_id = '${first.patientId}' order by id desc limit 1`);
    expect(events[0]).toMatchObject({ event_type: "medication.updated" });
  });

  it("refuses a commit whose record changed since the preview (CONFLICT), writing nothing", async () => {
    const bundleJson = withMrn(EHR, "EHR-RACE-1");
    await previewAndCommit(PHYSICIAN, bundleJson);
    const caller = await clinic.as(PHYSICIAN);
    const changed = bundleJson.replace('"value": 300', '"value": 400').replace('"value":300', '"value":400');
    expect(changed).not.toBe(bundleJson);
    const preview = await caller.fhir.importPreview({ bundleJson: changed });
    // Meanwhile the same change is imported from another window.
    await previewAndCommit(PHYSICIAN, changed);
    const before = await rowCounts();
    const error = await failure(caller.fhir.importCommit({ bundleJson: changed, fingerprint: preview.fingerprint }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/changed since the preview/);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("bad bundles get a clear error and write nothing", () => {
  const cases: [string, () => string, RegExp][] = [
    ["not JSON", () => "this is not { json", /not JSON/],
    ["the wrong resourceType", () => JSON.stringify({ resourceType: "Patient", id: "x" }), /not a FHIR Bundle \(it holds a Patient\)/],
    ["a bundle type that is no record", () => JSON.stringify({ resourceType: "Bundle", type: "history", entry: [] }), /type "history"/],
    ["deeply nested JSON", () => `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","extension":${"[".repeat(60)}${"]".repeat(60)}}}]}`, /nested deeper than 32 levels/],
    ["a urn:uuid reference to nothing", () => EHR.replace('"reference": "urn:uuid:6f1c2a3e-1d0b-4c55-9a51-0c1d2e3f4b02"', '"reference": "urn:uuid:00000000-0000-4000-8000-00000000dead"'), /refers to urn:uuid:00000000-0000-4000-8000-00000000dead, which is not in the bundle/],
    ["no patient", () => JSON.stringify({ resourceType: "Bundle", type: "collection", entry: [{ fullUrl: "urn:uuid:1", resource: { resourceType: "Condition", code: { text: "x" } } }] }), /no Patient/],
    ["two patients", () => JSON.stringify({ resourceType: "Bundle", type: "collection", entry: [{ resource: { resourceType: "Patient" } }, { resource: { resourceType: "Patient" } }] }), /2 patients/],
    ["a patient without an MRN", () => JSON.stringify({ resourceType: "Bundle", type: "collection", entry: [{ resource: { resourceType: "Patient", name: [{ family: "X", given: ["Y"] }], gender: "male", birthDate: "1970-01-01" } }] }), /missing required field: an MRN/],
    ["a hostile key", () => `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","__proto__":{"isAdmin":true}}}]}`, /"__proto__" is not allowed/],
  ];
  for (const [name, build, message] of cases) {
    it(`${name}: BAD_REQUEST at preview and at commit`, async () => {
      const caller = await clinic.as(PHYSICIAN);
      const before = await rowCounts();
      const bundleJson = build();
      const previewError = await failure(caller.fhir.importPreview({ bundleJson }));
      expect(previewError.code).toBe("BAD_REQUEST");
      expect(previewError.message).toMatch(message);
      const commitError = await failure(caller.fhir.importCommit({ bundleJson, fingerprint: "0".repeat(64) }));
      expect(commitError.code).toBe("BAD_REQUEST");
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("20 MB: refused before it is parsed (413 over HTTP, BAD_REQUEST in process), nothing written", async () => {
    const caller = await clinic.as(PHYSICIAN);
    const before = await rowCounts();
    const padding = " ".repeat(20 * 1024 * 1024);
    const big = EHR.replace('"type": "collection"', `"type": "collection",${padding}"note": 1`);
    expect(big.length).toBeGreaterThan(20 * 1024 * 1024);
    const error = await failure(caller.fhir.importPreview({ bundleJson: big }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/larger than 8 MB/);
    const response = await handleTrpcRequest(
      new Request("http://localhost/api/trpc/fhir.importPreview", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost", host: "localhost" }, body: JSON.stringify({ json: { bundleJson: big } }) }),
      { createContext: () => createInnerContext({ db: clinic.handle.db, session: null, bus: clinic.bus }) },
    );
    expect(response.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it("a realistic import larger than the ordinary 1 MB body is taken over HTTP", async () => {
    const bundle = JSON.parse(withMrn(EHR, "EHR-LARGE-1")) as { entry: unknown[] };
    // Two thousand vital-sign observations an EHR export carries beside the record (skipped).
    for (let i = 0; i < 2000; i++) {
      bundle.entry.push({ fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, resource: { resourceType: "Observation", status: "final", code: { coding: [{ system: "http://loinc.org", code: "8867-4", display: "Heart rate" }], text: "Heart rate" }, subject: { reference: "urn:uuid:6f1c2a3e-1d0b-4c55-9a51-0c1d2e3f4a01" }, effectiveDateTime: "2026-01-01T10:00:00Z", valueQuantity: { value: 60 + (i % 40), unit: "/min" }, extension: [{ url: "http://example-ehr.org/fhir/StructureDefinition/flowsheet-row", valueString: `flowsheet row ${i} ${"x".repeat(300)}` }] } });
    }
    const bundleJson = JSON.stringify(bundle);
    expect(bundleJson.length).toBeGreaterThan(1024 * 1024);
    const session = await authenticate(clinic.handle.db, { email: PHYSICIAN, password: demoPassword });
    if (!session.ok) throw new Error("sign-in failed");
    const started = performance.now();
    const response = await handleTrpcRequest(
      new Request("http://localhost/api/trpc/fhir.importPreview", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost", host: "localhost" }, body: JSON.stringify({ json: { bundleJson } }) }),
      { createContext: () => createInnerContext({ db: clinic.handle.db, session: { user: session.user, sessionId: session.sessionId }, bus: clinic.bus }) },
    );
    expect(response.status).toBe(200);
    console.log(`import preview over HTTP: ${bundle.entry.length} entries, ${(bundleJson.length / 1024 / 1024).toFixed(2)} MB in ${Math.round(performance.now() - started)} ms`);
    const body = (await response.json()) as { result: { data: { json: { counts: Record<string, number> } } } };
    expect(body.result.data.json.counts).toEqual({ create: 10, update: 0, skip: 2004, error: 0 });
  });
});

describe("entries that cannot be taken: a clear error each, the rest imported", () => {
  it("unsupported type, missing required field, unknown code, another patient's entry; unknown extensions ignored", async () => {
    const bundle = JSON.parse(withMrn(EHR, "EHR-ENTRY-ERRORS-1")) as { entry: { fullUrl?: string; resource: Record<string, unknown> }[] };
    const subject = { reference: "urn:uuid:6f1c2a3e-1d0b-4c55-9a51-0c1d2e3f4a01" };
    bundle.entry.push(
      { fullUrl: "urn:uuid:aaaaaaaa-0000-4000-8000-000000000001", resource: { resourceType: "Immunization", status: "completed", patient: subject, vaccineCode: { text: "Influenza" }, occurrenceDateTime: "2026-10-01" } },
      { fullUrl: "urn:uuid:aaaaaaaa-0000-4000-8000-000000000002", resource: { resourceType: "MedicationRequest", status: "active", intent: "order", subject, authoredOn: "2026-09-01", medicationCodeableConcept: { text: "tramadol 50 mg tablet" }, dosageInstruction: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: "d" } } }] } },
      { fullUrl: "urn:uuid:aaaaaaaa-0000-4000-8000-000000000003", resource: { resourceType: "MedicationStatement", status: "active", subject, effectiveDateTime: "2026-09-01", medicationCodeableConcept: { coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "99999999" }] } } },
      { fullUrl: "urn:uuid:aaaaaaaa-0000-4000-8000-000000000004", resource: { resourceType: "Condition", subject, code: { text: "Migraine" }, onsetDateTime: "2099-01-01" } },
      { fullUrl: "urn:uuid:aaaaaaaa-0000-4000-8000-000000000005", resource: { resourceType: "Condition", subject: { reference: "Patient/someone-else" }, code: { text: "Asthma" }, onsetDateTime: "2020-01-01" } },
      { fullUrl: "urn:uuid:aaaaaaaa-0000-4000-8000-000000000006", resource: { resourceType: "Condition", subject, code: { text: "Neck pain" }, onsetDateTime: "2024-05-01", extension: [{ url: "http://unknown.example/ext", valueString: "ignored" }], modifierExtension: [] } },
    );
    const caller = await clinic.as(PHYSICIAN);
    const bundleJson = JSON.stringify(bundle);
    const preview = await caller.fhir.importPreview({ bundleJson });
    const last = preview.entries.slice(-6).map((e) => [e.resourceType, e.action, e.reason]);
    expect(last).toEqual([
      ["Immunization", "error", expect.stringMatching(/^unsupported resource type: Immunization/)],
      ["MedicationRequest", "error", "missing required field: the dose (Dosage.doseAndRate.doseQuantity)"],
      ["MedicationStatement", "error", expect.stringMatching(/^unknown code: the medication has no name \(http:\/\/www.nlm.nih.gov\/research\/umls\/rxnorm\|99999999\)/)],
      ["Condition", "error", expect.stringMatching(/future/i)],
      ["Condition", "error", "it is about another patient (Patient/someone-else)"],
      ["Condition", "create", null],
    ]);
    const result = await caller.fhir.importCommit({ bundleJson, fingerprint: preview.fingerprint });
    expect(result).toMatchObject({ created: 10, errors: 5 });
    const problems = await execute(`select diagnosis from problems where patient_id = '${result.patientId}' order by diagnosis`);
    expect(problems.map((p) => p.diagnosis)).toEqual(["Lumbar radiculopathy", "Neck pain", "Spondylosis without myelopathy or radiculopathy, lumbar region"]);
  });
});

describe("who may import", () => {
  it("physician and coordinator; no one else", async () => {
    const bundleJson = withMrn(EHR, "EHR-WHO-1");
    for (const email of [PT, PSYCH, ADMIN]) {
      const error = await failure((await clinic.as(email)).fhir.importPreview({ bundleJson }));
      expect(error.code, email).toBe("FORBIDDEN");
    }
    const error = await failure(clinic.anonymous().fhir.importPreview({ bundleJson }));
    expect(error.code).toBe("UNAUTHORIZED");
    const { result } = await previewAndCommit(COORD, bundleJson);
    const patient = await (await clinic.as(COORD)).patients.get({ patientId: result.patientId });
    expect(patient.team.map((m) => m.role)).toEqual(["coordinator"]);
  });

  it("every import procedure, found from the router, for every role: the permission matrix decides", async () => {
    const paths = Object.keys(appRouter._def.procedures as object).filter((p) => p.startsWith("fhir.import")).sort();
    expect(paths).toEqual(["fhir.importCommit", "fhir.importPreview"]);
    const mismatches: string[] = [];
    for (const [email, role] of [[PHYSICIAN, "physician"], [PHYSICIAN2, "physician"], [PT, "physical_therapist"], [PSYCH, "psychologist"], [COORD, "coordinator"], [ADMIN, "admin"]] as const) {
      const caller = (await clinic.as(email)) as unknown as { fhir: Record<string, (input: unknown) => Promise<unknown>> };
      for (const path of paths) {
        // A bundle that cannot be read: allowed roles get BAD_REQUEST (the file), the others FORBIDDEN first.
        const outcome = await caller.fhir[path.slice("fhir.".length)]!({ bundleJson: "not json", fingerprint: "0".repeat(64) }).then(
          () => "ok",
          (e: { code?: string }) => e.code,
        );
        const expected = can(role, "record.import") ? "BAD_REQUEST" : "FORBIDDEN";
        if (outcome !== expected) mismatches.push(`${email} ${path}: expected ${expected}, got ${outcome}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("importing into an existing patient needs access to that patient", async () => {
    const bundleJson = withMrn(EHR, "EHR-WHO-2");
    const { result } = await previewAndCommit(PHYSICIAN, bundleJson);
    const before = await rowCounts();
    const outsider = await clinic.as(PHYSICIAN2);
    const error = await failure(outsider.fhir.importPreview({ bundleJson }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/not on their care team/);
    const commitError = await failure(outsider.fhir.importCommit({ bundleJson, fingerprint: "0".repeat(64) }));
    expect(commitError.code).toBe("FORBIDDEN");
    expect(await rowCounts()).toEqual(before);
    const denied = await listAudit(clinic.handle.db, { patientId: result.patientId, actorId: await clinic.userId(PHYSICIAN2) });
    expect(denied.map((a) => a.outcome)).toContain("denied");
  });
});

describe("synthetic-population export (transaction bundle, urn:uuid references, unknown extensions)", () => {
  it("takes what Stepwise keeps, skips the rest with a reason and refuses what it cannot read", async () => {
    const caller = await clinic.as(PHYSICIAN);
    const preview = await caller.fhir.importPreview({ bundleJson: withMrn(SYNTHEA, "SYN-PREVIEW-1") });
    const summary = preview.entries.map((e) => `${e.resourceType}:${e.action}`);
    expect(summary).toEqual([
      "Patient:create",
      "Organization:skip",
      "Encounter:skip",
      "Condition:create",
      "Condition:create",
      "MedicationRequest:create",
      "MedicationRequest:create",
      "Observation:create",
      "Observation:error",
      "Observation:skip",
      "Procedure:skip",
      "Claim:error",
    ]);
    expect(preview.entries[8]!.reason).toMatch(/missing required field: the item answers .* GAD-7 total alone cannot be scored/);
    expect(preview.entries[11]!.reason).toMatch(/unsupported resource type: Claim/);
    expect(preview.entries[4]!.label).toBe("Acute bronchitis (disorder)");
    expect(preview.entries[6]!.warnings.join(" ")).toMatch(/without an MME factor/);
    expect(fhirSystems.mrn).toMatch(/mrn$/);
  });
});

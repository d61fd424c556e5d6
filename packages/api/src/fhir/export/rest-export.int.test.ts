import type { Bundle, CapabilityStatement, OperationOutcome, Patient } from "@medplum/fhirtypes";
import { authenticate } from "@stepwise/auth";
import { demoPassword, schema } from "@stepwise/db";
import { careTeamPatientIds } from "@stepwise/db/testing";
import { fhirSystems } from "@stepwise/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { createInnerContext } from "../../context";
import { handleFhirRequest } from "../rest";
import { demoEmails } from "../../test-support";
import { useSeededClinic } from "../../test-clinic";

const { PHYSICIAN, PHYSICIAN2, PT, COORD } = demoEmails;
const ORIGIN = "https://clinic.example";

const clinic = useSeededClinic();
let patientId: string;

async function get(path: string, email: string | null): Promise<Response> {
  const session = email ? await authenticate(clinic.handle.db, { email, password: demoPassword }) : null;
  if (session && !session.ok) throw new Error(`sign-in failed for ${email}`);
  const createContext = async () => createInnerContext({ db: clinic.handle.db, session: session && session.ok ? { user: session.user, sessionId: session.sessionId } : null, bus: clinic.bus });
  return handleFhirRequest(new Request(`${ORIGIN}/api/fhir/R4/${path}`, { method: "GET" }), { createContext });
}

beforeAll(async () => {
  const physicianId = await clinic.userId(PHYSICIAN);
  const mine = await careTeamPatientIds(clinic.handle.db, physicianId);
  const physician2Id = await clinic.userId(PHYSICIAN2);
  const theirs = new Set(await careTeamPatientIds(clinic.handle.db, physician2Id));
  patientId = mine.find((id) => !theirs.has(id))!;
  expect(patientId).toBeDefined();
}, 120_000);

describe("REST: GET /api/fhir/R4/Patient/{id}/$everything and /metadata", () => {
  it("without a session: 401 as an OperationOutcome", async () => {
    const res = await get(`Patient/${patientId}/$everything`, null);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/fhir+json");
    const body = (await res.json()) as OperationOutcome;
    expect(body.resourceType).toBe("OperationOutcome");
    expect(body.issue[0]!.code).toBe("login");
  });

  it("a physician not on the patient's team: 404, and the refusal is audited", async () => {
    const res = await get(`Patient/${patientId}/$everything`, PHYSICIAN2);
    expect(res.status).toBe(404);
    expect(((await res.json()) as OperationOutcome).issue[0]!.code).toBe("not-found");
    const rows = await clinic.handle.db.select().from(schema.auditLog);
    expect(rows.some((r) => r.action === "fhir.everything" && r.patientId === patientId && r.outcome === "denied" && r.actorId !== null)).toBe(true);
  });

  it("an id that is no Stepwise id, or an unknown path: 404", async () => {
    expect((await get("Patient/not-an-id/$everything", PHYSICIAN)).status).toBe(404);
    expect((await get(`Patient/00000000-0000-4000-8000-00000000dead/$everything`, PHYSICIAN)).status).toBe(404);
    expect((await get("Nothing/here", PHYSICIAN)).status).toBe(404);
  });

  it("a physical therapist on the team may read the plan but not export it: 403", async () => {
    const res = await get(`Patient/${patientId}/$everything`, PT);
    expect(res.status).toBe(403);
    expect(((await res.json()) as OperationOutcome).issue[0]!.code).toBe("forbidden");
  });

  it("the physician on the team: 200, a searchset Bundle with the patient's MRN and fullUrls under the request's base; audited in the access report", async () => {
    const res = await get(`Patient/${patientId}/$everything`, PHYSICIAN);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/fhir+json");
    const bundle = (await res.json()) as Bundle;
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("searchset");
    const patient = bundle.entry!.find((e) => e.resource?.resourceType === "Patient")!.resource as Patient;
    const [row] = (await clinic.handle.db.select().from(schema.patients)).filter((p) => p.id === patientId);
    expect(patient.identifier).toContainEqual(expect.objectContaining({ system: fhirSystems.mrn, value: row!.mrn }));
    expect(bundle.entry![0]!.fullUrl).toBe(`${ORIGIN}/api/fhir/R4/Patient/${patientId}`);
    for (const e of bundle.entry!) expect(e.fullUrl).toBe(`${ORIGIN}/api/fhir/R4/${e.resource!.resourceType}/${e.resource!.id}`);

    // The patient's access report (read by the coordinator on the team) shows the export.
    const report = await (await clinic.as(COORD)).audit.patientReport({ patientId });
    const physicianId = await clinic.userId(PHYSICIAN);
    expect(report.accesses.some((a) => a.action === "fhir.everything" && a.actorId === physicianId)).toBe(true);
    expect(report.users.find((u) => u.actorId === physicianId)?.actions).toContain("fhir.everything");
  });

  it("the coordinator on the team may export too; the same bundle through tRPC", async () => {
    const viaTrpc = await (await clinic.as(COORD)).fhir.everything({ patientId });
    const viaRest = (await (await get(`Patient/${patientId}/$everything`, COORD)).json()) as Bundle;
    expect(viaTrpc.entry!.map((e) => e.resource!.id)).toEqual(viaRest.entry!.map((e) => e.resource!.id));
  });

  it("GET metadata answers without a session: a CapabilityStatement naming $everything and $export", async () => {
    const res = await get("metadata", null);
    expect(res.status).toBe(200);
    const cap = (await res.json()) as CapabilityStatement;
    expect(cap.resourceType).toBe("CapabilityStatement");
    expect(cap.fhirVersion).toBe("4.0.1");
    const resources = cap.rest![0]!.resource!;
    expect(resources.find((r) => r.type === "Patient")?.operation?.map((o) => o.name)).toContain("everything");
    expect(resources.find((r) => r.type === "Group")?.operation?.map((o) => o.name)).toContain("export");
  });
});

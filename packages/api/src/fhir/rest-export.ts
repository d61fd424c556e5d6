import { fhirJson, outcome, type FhirRoute } from "./rest";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// One patient out: GET Patient/{id}/$everything, and the server's CapabilityStatement. Both call the
// tRPC procedures, so the patient gate, the permission matrix and the audit decide as everywhere.
export const exportRoutes: readonly FhirRoute[] = [
  {
    method: "GET",
    pattern: /^Patient\/([^/]+)\/\$everything$/,
    handle: async ({ match, caller, base }) => {
      const id = decodeURIComponent(match[1]!);
      // Stepwise ids are UUIDs: any other id names no patient here.
      if (!UUID.test(id)) return outcome(404, "not-found", "Patient not found.");
      return fhirJson(await caller.fhir.everything({ patientId: id, base }));
    },
  },
  {
    method: "GET",
    pattern: /^metadata$/,
    handle: async ({ caller }) => fhirJson(await caller.fhir.metadata()),
  },
];

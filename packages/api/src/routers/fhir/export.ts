import type { Bundle, CapabilityStatement } from "@medplum/fhirtypes";
import type { TRPCRouterRecord } from "@trpc/server";
import { fhirEverythingInputSchema, fhirExportResourceTypes, noInputSchema } from "@stepwise/domain";
import { everythingBundle, patientResources } from "../../fhir/export";
import { patientProcedure, publicProcedure } from "../../trpc";

/** The FHIR base the server answers under, when a caller does not name its own. */
export function defaultFhirBase(env: NodeJS.ProcessEnv = process.env): string {
  return `${new URL(env.AUTH_URL ?? env.STEPWISE_ORIGIN ?? `http://localhost:${env.PORT ?? "3000"}`).origin}/api/fhir/R4`;
}

/** What the FHIR API supports, as a CapabilityStatement: fixed by the code, so the same for everyone. */
export function capabilityStatement(base: string): CapabilityStatement {
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2026-12-02",
    publisher: "Stepwise",
    kind: "instance",
    software: { name: "Stepwise" },
    implementation: { description: "Stepwise shared care plan: FHIR R4 export, bulk export and import", url: base },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "json"],
    rest: [
      {
        mode: "server",
        documentation: "Every interaction needs a signed-in Stepwise session and is authorised and audited like the application itself.",
        security: { description: "Session cookie of a Stepwise sign-in; the permission matrix decides (record.export, record.bulkExport, record.import)." },
        resource: [
          { type: "Patient", operation: [{ name: "everything", definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything" }] },
          { type: "Group", operation: [{ name: "export", definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export" }] },
          ...fhirExportResourceTypes.filter((t) => t !== "Patient").map((type) => ({ type, documentation: "Exported within Patient/$everything and Group/$export." })),
        ],
        operation: [{ name: "import", definition: "https://stepwise.example/fhir/OperationDefinition/import", documentation: "A Bundle (collection, transaction or searchset) is previewed, then committed in one transaction (from the import page)." }],
      },
    ],
  };
}

export const exportProcedures = {
  /**
   * Patient/$everything: one patient's record as a searchset Bundle (never a psychotherapy note).
   * The patient gate decides who reaches the patient and audits the read against them.
   */
  everything: patientProcedure.input(fhirEverythingInputSchema).query(async ({ ctx, input }): Promise<Bundle> => {
    ctx.authorize("record.export");
    const now = ctx.now();
    const resources = await patientResources(ctx.db, ctx.patientId, { now });
    return everythingBundle(resources, input.base ?? defaultFhirBase(), { now });
  }),

  /** The CapabilityStatement: served without a session, as FHIR servers do; it names no patient. */
  metadata: publicProcedure.input(noInputSchema).query((): CapabilityStatement => capabilityStatement(defaultFhirBase())),
} satisfies TRPCRouterRecord;

import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { writeAudit, type DbOrTx } from "@stepwise/db";
import { ConflictError, decideGrantUse, fhirImportLimits, ForbiddenError } from "@stepwise/domain";
import { applyImport, parseImportBundle, planImport, type ImportPlan } from "../../fhir/import";
import { clinicProcedure, patientAccessOf } from "../../trpc";

/** The bundle travels as the file's JSON text: the importer parses it under its own bounds. */
const bundleJson = z.string().min(1, "choose a file").max(fhirImportLimits.maxBundleChars, `the file is larger than ${fhirImportLimits.maxBundleChars / 1024 / 1024} MB`);
export const importPreviewInputSchema = z.strictObject({ bundleJson });
export const importCommitInputSchema = z.strictObject({ bundleJson, fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "the preview's fingerprint") });

type ImportCtx = Parameters<typeof patientAccessOf>[0];

/**
 * Importing into a patient Stepwise already has (matched on the MRN) needs what every call about
 * that patient needs: the care team, or an emergency-access grant that allows writing. Refused
 * calls are audited against that patient; the answer names the MRN the caller sent, nothing more.
 */
async function assertMayImportInto(ctx: ImportCtx, plan: ImportPlan, path: string): Promise<void> {
  const patientId = plan.patientId;
  if (patientId === null) return;
  const reached = await patientAccessOf(ctx, patientId);
  const decision = !reached ? { allowed: false } : reached.access.kind === "grant" ? decideGrantUse(reached.access, ctx.user.role, { write: true, action: "record.import" }) : { allowed: true };
  if (decision.allowed) return;
  await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: path, patientId, outcome: "denied", detail: { reason: reached ? "grant_read_only" : "not_on_care_team" } });
  throw new ForbiddenError(`A patient with MRN ${plan.preview.patient.mrn} is already in Stepwise and you are not on their care team: ask their coordinator to add you, then import again.`);
}

export const importProcedures = {
  /**
   * What importing a FHIR Bundle would do — the patient (new, or matched on the MRN) and for each
   * entry create / update / skip / error, in plain words — without writing anything but the audit
   * row. A mutation only because the file is too large for a URL.
   */
  importPreview: clinicProcedure("record.import")
    .input(importPreviewInputSchema)
    .mutation(async ({ ctx, input, path }) => {
      const bundle = parseImportBundle(input.bundleJson);
      const plan = await planImport(ctx.db, bundle, { now: ctx.now() });
      await assertMayImportInto(ctx, plan, path);
      await ctx.audit({ patientIds: plan.patientId ? [plan.patientId] : [], entityType: "fhir_import", detail: { step: "preview", ...plan.preview.counts } });
      return plan.preview;
    }),

  /**
   * Takes the previewed bundle in one transaction: the plan is computed again inside it, and when
   * its fingerprint differs from the preview's (the record changed, or another import ran in
   * between) nothing is written and the caller is asked to preview again (CONFLICT). Entries the
   * preview refused are left out; the rest become rows with plan events, links and audit rows.
   */
  importCommit: clinicProcedure("record.import")
    .input(importCommitInputSchema)
    .mutation(async ({ ctx, input, path }) => {
      const bundle = parseImportBundle(input.bundleJson);
      const before = await planImport(ctx.db, bundle, { now: ctx.now() });
      await assertMayImportInto(ctx, before, path);
      return ctx.write(
        async (tx: DbOrTx) => {
          const plan = await planImport(tx, bundle, { now: ctx.now() });
          if (plan.preview.fingerprint !== input.fingerprint || plan.patientId !== before.patientId) {
            throw new ConflictError("The record changed since the preview (or this file was imported meanwhile): preview the file again before importing.");
          }
          return applyImport(tx, plan, { actorId: ctx.user.id, actorRole: ctx.user.role, now: ctx.now(), event: ctx.event });
        },
        (out) => ({ patientIds: [out.patientId], entityType: "fhir_import", entityId: out.patientId, detail: { step: "commit", created: out.created, updated: out.updated, skipped: out.skipped, errors: out.errors, patientCreated: out.patientCreated } }),
      );
    }),
} satisfies TRPCRouterRecord;

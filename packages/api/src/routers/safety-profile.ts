import type { TRPCRouterRecord } from "@trpc/server";
import { createSafetyProfile, findSafetyProfile, RowNotFoundError, schema, updateVersioned } from "@stepwise/db";
import { patientRefInputSchema, updateSafetyProfileInputSchema } from "@stepwise/domain";
import { patientProcedure } from "../trpc";

/** §6.4: the pre-procedure safety profile, one per patient, kept by any clinician on the team. */
export const safetyProfileRouter = {
  /** Null while nobody has recorded it: the header says "not recorded", never "none". */
  get: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("safetyProfile.read");
    return findSafetyProfile(ctx.db, ctx.patientId);
  }),

  /** The first save (no expectedVersion) creates it; later saves replace the version the caller read. */
  update: patientProcedure.input(updateSafetyProfileInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("safetyProfile.update");
    const { patientId, expectedVersion, ...fields } = input;
    return ctx.write({ entityType: "safety_profile" }, async (tx) => {
      const now = ctx.now();
      let row;
      if (expectedVersion === null) {
        row = await createSafetyProfile(tx, { ...fields, patientId, createdBy: ctx.user.id, updatedBy: ctx.user.id, createdAt: now, updatedAt: now });
      } else {
        const existing = await findSafetyProfile(tx, patientId);
        if (!existing) throw new RowNotFoundError("Safety profile");
        row = await updateVersioned(tx, schema.safetyProfiles, "safety profile", { id: existing.id, patientId, expectedVersion, actorId: ctx.user.id, now }, fields);
      }
      await ctx.event(tx, {
        entityType: "safety_profile",
        entityId: row.id,
        eventType: expectedVersion === null ? "safety_profile.created" : "safety_profile.updated",
        summary: expectedVersion === null ? "Safety profile recorded" : "Safety profile updated",
        discipline: ctx.discipline ?? undefined,
        entityVersion: row.version,
      });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;

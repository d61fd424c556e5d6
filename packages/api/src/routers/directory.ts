import type { TRPCRouterRecord } from "@trpc/server";
import { listUsers } from "@stepwise/db";
import { clinicalRoles, ForbiddenError, noInputSchema, staffRoles } from "@stepwise/domain";
import { clinicProcedure } from "../trpc";

export const directoryRouter = {
  /** Active clinicians and coordinators, for choosing meeting attendees and action-item owners. */
  clinicians: clinicProcedure().input(noInputSchema).query(async ({ ctx }) => {
    // The clinic's staff list is the staff's: a patient knows their own team from their own plan.
    if (!(staffRoles as readonly string[]).includes(ctx.user.role)) throw new ForbiddenError("Only the clinic's staff see the staff directory.");
    const rows = await listUsers(ctx.db);
    await ctx.audit({ patientIds: [], entityType: "user" });
    return rows.filter((u) => u.active && (clinicalRoles as readonly string[]).includes(u.role)).map(({ id, name, role }) => ({ id, name, role }));
  }),
} satisfies TRPCRouterRecord;

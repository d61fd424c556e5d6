import type { TRPCRouterRecord } from "@trpc/server";
import { getPatientWithTeam, listPatientsForMember } from "@stepwise/db";
import { patientListInputSchema, patientRefInputSchema } from "@stepwise/domain";
import { clinicProcedure, patientProcedure } from "../trpc";
import { ageOn } from "../age";

export const patientsRouter = {
  list: clinicProcedure("caseload.read").input(patientListInputSchema).query(async ({ ctx, input }) => {
    const page = await listPatientsForMember(ctx.db, { userId: ctx.user.id, search: input.search, limit: input.limit, offset: input.cursor });
    const now = ctx.now();
    await ctx.audit({ patientIds: page.items.map((p) => p.id), entityType: "patient", detail: { search: input.search ?? null } });
    const next = input.cursor + page.items.length;
    return {
      items: page.items.map((p) => ({ ...p, age: ageOn(p.dateOfBirth, now) })),
      total: page.total,
      nextCursor: next < page.total ? next : null,
    };
  }),
  get: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    const found = await getPatientWithTeam(ctx.db, ctx.patientId);
    if (!found) throw new Error("member of a patient that does not exist");
    return { ...found.patient, age: ageOn(found.patient.dateOfBirth, ctx.now()), team: found.team, myRole: ctx.membership.role };
  }),
} satisfies TRPCRouterRecord;

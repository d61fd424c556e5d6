import type { TRPCRouterRecord } from "@trpc/server";
import { authMessages, hasMfa, reenterPassword, verifySecondFactor } from "@stepwise/auth";
import {
  appendEvent,
  endGrant,
  findActiveGrant,
  findGrant,
  findMembership,
  findPatientExactly,
  getPatientWithTeam,
  insertGrant,
  listActiveGrantsForPatient,
  listGrantActivity,
  listUnreviewedGrants,
  markGrantReviewed,
  writeAudit,
} from "@stepwise/db";
import {
  ConflictError,
  emergencyAccessPolicy,
  emergencyLookupInputSchema,
  emergencyReasonLabels,
  emergencyReasonSchema,
  ForbiddenError,
  grantEnd,
  grantExpiry,
  grantRefInputSchema,
  noInputSchema,
  NotFoundError,
  openEmergencyAccessInputSchema,
  patientRefInputSchema,
  reasonAllowsWriting,
  reviewGrantInputSchema,
} from "@stepwise/domain";
import { clinicProcedure, patientProcedure } from "../trpc";

/** A review queue is read in one go; older unreviewed uses wait at its head. */
const queueLimit = 50;

const reasonOf = (reason: string) => {
  const parsed = emergencyReasonSchema.safeParse(reason);
  return parsed.success ? parsed.data : "other";
};

export const emergencyAccessRouter = {
  /**
   * Finds one patient for break-the-glass — never a list: an exact MRN, or the full given and
   * family names with the date of birth. Returns only what confirms identity and whether the
   * caller can already open the record. The search terms are audited (they are text: the admin's
   * viewer withholds them).
   */
  lookup: clinicProcedure("emergencyAccess.open")
    .input(emergencyLookupInputSchema)
    .query(async ({ ctx, input }) => {
      const rows = await findPatientExactly(ctx.db, input);
      const kind = "mrn" in input ? "mrn" : "name_and_birth_date";
      const found = rows.length === 1 ? rows[0] : undefined;
      const member = found ? await findMembership(ctx.db, found.id, ctx.user.id) : undefined;
      // Outside the care team, finding the patient is the first step of emergency access.
      const through = member ? {} : { through: "emergency_access" };
      await ctx.audit({ patientIds: found ? [found.id] : [], entityType: "patient", detail: { ...through, kind, search: input, rows: rows.length } });
      if (!found) return { found: null, ambiguous: rows.length > 1, access: null, grantExpiresAt: null, secondFactor: false };
      const grant = member ? undefined : await findActiveGrant(ctx.db, found.id, ctx.user.id, ctx.now());
      return {
        found: { id: found.id, givenName: found.givenName, familyName: found.familyName, dateOfBirth: found.dateOfBirth, mrn: found.mrn },
        ambiguous: false,
        access: member ? ("care_team" as const) : grant ? ("emergency_access" as const) : ("none" as const),
        grantExpiresAt: grant?.expiresAt ?? null,
        /** Whether opening will ask for a second-factor code too. */
        secondFactor: await hasMfa(ctx.db, ctx.user.id),
      };
    }),

  /**
   * Opens a patient outside the care team: a reason from the list and its explanation, the
   * caller's password typed again (and a second-factor code when they have one). A wrong password
   * counts as a failed sign-in. The grant lasts the policy's 60 minutes, is read-only unless the
   * reason is a clinical emergency, and is announced on the patient's plan at once.
   */
  open: clinicProcedure("emergencyAccess.open")
    .input(openEmergencyAccessInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      if (!(await getPatientWithTeam(ctx.db, input.patientId))) throw new NotFoundError("Patient", "patientId");
      if (await findMembership(ctx.db, input.patientId, ctx.user.id)) throw new ConflictError("You are on this patient's care team: open the plan from your patients.");
      if (await findActiveGrant(ctx.db, input.patientId, ctx.user.id, now)) throw new ConflictError("You already have emergency access to this patient.");

      const password = await reenterPassword(ctx.db, ctx.user.id, input.password, "emergencyAccess.open", now);
      if (!password.ok) throw new ForbiddenError(password.reason === "locked" ? authMessages.locked : "That password is not right.", "password");
      if (await hasMfa(ctx.db, ctx.user.id)) {
        if (!input.code) throw new ForbiddenError("Enter the code from your authenticator app.", "code");
        const second = await verifySecondFactor(ctx.db, ctx.user.id, input.code, now);
        if (!second.ok) throw new ForbiddenError(second.reason === "locked" ? authMessages.codeLocked : authMessages.codeInvalid, "code");
      }

      const emergency = reasonAllowsWriting(input.reason);
      const grant = await ctx.write(
        async (tx) => {
          const row = await insertGrant(tx, {
            patientId: input.patientId,
            userId: ctx.user.id,
            reason: input.reason,
            reasonText: input.reasonText,
            emergency,
            grantedAt: now,
            expiresAt: grantExpiry(now),
          });
          await appendEvent(tx, {
            patientId: input.patientId,
            actorId: ctx.user.id,
            actorRole: ctx.user.role,
            occurredAt: now,
            entityType: "access_grant",
            entityId: row.id,
            eventType: "emergency_access.opened",
            summary: `Emergency access opened (${emergencyReasonLabels[input.reason]}${emergency ? "" : ", read-only"})`,
          });
          return row;
        },
        (row) => ({
          patientIds: [row.patientId],
          entityType: "access_grant",
          entityId: row.id,
          detail: { through: "emergency_access", grantId: row.id, emergencyReason: row.reason, policyId: emergencyAccessPolicy.id },
        }),
      );
      ctx.announce(`patient:${grant.patientId}`);
      return { id: grant.id, patientId: grant.patientId, emergency: grant.emergency, grantedAt: grant.grantedAt, expiresAt: grant.expiresAt };
    }),

  /** The holder ends their own grant before it expires; the plan's viewers see it end at once. */
  end: clinicProcedure("emergencyAccess.open")
    .input(grantRefInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const ended = await ctx.write(
        async (tx) => {
          const row = await endGrant(tx, input.grantId, ctx.user.id, now);
          if (!row) throw new NotFoundError("Emergency access", "grantId");
          await appendEvent(tx, {
            patientId: row.patientId,
            actorId: ctx.user.id,
            actorRole: ctx.user.role,
            occurredAt: now,
            entityType: "access_grant",
            entityId: row.id,
            eventType: "emergency_access.ended",
            summary: "Emergency access ended",
          });
          return row;
        },
        (row) => ({ patientIds: [row.patientId], entityType: "access_grant", entityId: row.id, detail: { through: "emergency_access", grantId: row.id } }),
      );
      ctx.announce(`patient:${ended.patientId}`);
      return { id: ended.id, endedAt: ended.endedAt };
    }),

  /**
   * The active grants on a patient, for the banner everyone viewing the plan sees: who, until
   * when, why. Through the patient gate: the care team and the holders themselves.
   */
  forPatient: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("patient.read");
    const rows = await listActiveGrantsForPatient(ctx.db, ctx.patientId, ctx.now());
    return rows.map((g) => ({
      id: g.id,
      holderName: g.holderName,
      holderRole: g.holderRole,
      reason: reasonOf(g.reason),
      reasonText: g.reasonText,
      emergency: g.emergency,
      grantedAt: g.grantedAt,
      expiresAt: g.expiresAt,
      mine: g.userId === ctx.user.id,
    }));
  }),

  /**
   * Uses not yet reviewed, oldest first, each with what was done through it. The admin (privacy
   * officer) sees every patient's; a coordinator those of their own care teams' patients.
   */
  reviewQueue: clinicProcedure("emergencyAccess.review")
    .input(noInputSchema)
    .query(async ({ ctx }) => {
      const rows = await listUnreviewedGrants(ctx.db, { teamOf: ctx.user.role === "admin" ? undefined : ctx.user.id, limit: queueLimit });
      const now = ctx.now();
      const activity = await Promise.all(rows.map((g) => listGrantActivity(ctx.db, g)));
      await ctx.audit({ patientIds: rows.map((g) => g.patientId), entityType: "access_grant", detail: { rows: rows.length } });
      return rows.map((g, i) => {
        const end = grantEnd(g);
        const until = end < now ? end : now;
        return {
          id: g.id,
          version: g.version,
          patient: { id: g.patientId, givenName: g.patientGivenName, familyName: g.patientFamilyName, mrn: g.patientMrn },
          holder: { id: g.userId, name: g.holderName, role: g.holderRole },
          reason: reasonOf(g.reason),
          reasonText: g.reasonText,
          emergency: g.emergency,
          grantedAt: g.grantedAt,
          expiresAt: g.expiresAt,
          endedAt: g.endedAt,
          active: g.endedAt === null && g.expiresAt > now,
          minutes: Math.max(0, Math.round((until.getTime() - g.grantedAt.getTime()) / 60_000)),
          activity: (activity[i] ?? []).map((a) => ({ id: a.id, at: a.at, action: a.action, outcome: a.outcome })),
        };
      });
    }),

  /** Marks one use reviewed, with the reviewer's note (required). Reviewed once: a second review is a conflict. */
  review: clinicProcedure("emergencyAccess.review")
    .input(reviewGrantInputSchema)
    .mutation(async ({ ctx, input }) => {
      const grant = await findGrant(ctx.db, input.grantId);
      const mayReview = grant && (ctx.user.role === "admin" || (await findMembership(ctx.db, grant.patientId, ctx.user.id)) !== undefined);
      if (!grant || !mayReview) {
        await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "emergencyAccess.review", patientId: grant?.patientId ?? null, entityType: "access_grant", entityId: input.grantId, outcome: "denied", detail: { reason: "not_on_care_team" } });
        throw new NotFoundError("Emergency access", "grantId");
      }
      const row = await ctx.write(
        (tx) => markGrantReviewed(tx, { grantId: input.grantId, expectedVersion: input.expectedVersion, reviewerId: ctx.user.id, note: input.note, now: ctx.now() }),
        (r) => ({ patientIds: [r.patientId], entityType: "access_grant", entityId: r.id, detail: { grantId: r.id, version: r.version } }),
      );
      return { id: row.id, reviewedAt: row.reviewedAt, version: row.version };
    }),
} satisfies TRPCRouterRecord;

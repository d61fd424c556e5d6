import type { TRPCRouterRecord } from "@trpc/server";
import { listEvents, userNames } from "@stepwise/db";
import { listTimelineInputSchema, privateReaderId, visiblePlanEvents } from "@stepwise/domain";
import { patientProcedure } from "../trpc";

export const timelineRouter = {
  /**
   * Newest first. The page and its cursor are computed from events the caller may see only, so
   * neither the page length nor nextCursor gives away that a private event exists.
   */
  list: patientProcedure.input(listTimelineInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("timeline.read");
    // Under an emergency-access grant no private event (a psychotherapy note's) matches the reader.
    const viewer = { userId: privateReaderId(ctx.access, ctx.user.id), role: ctx.user.role };
    const rows = await listEvents(ctx.db, { patientId: ctx.patientId, viewerId: viewer.userId, beforeId: input.cursor, limit: input.limit + 1, discipline: input.discipline });
    const page = rows.slice(0, input.limit);
    const hasMore = rows.length > input.limit;
    // The second guard behind the SQL filter.
    const events = visiblePlanEvents(page, viewer);
    const names = await userNames(ctx.db, events.map((e) => e.actorId));
    return {
      items: events.map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt,
        actorId: e.actorId,
        actorName: names.get(e.actorId) ?? null,
        actorRole: e.actorRole,
        discipline: e.discipline,
        entityType: e.entityType,
        entityId: e.entityId,
        eventType: e.eventType,
        summary: e.summary,
        psychNoteKind: e.psychNoteKind,
        authorId: e.authorId,
        entityVersion: e.entityVersion,
        private: e.privateTo !== null,
      })),
      nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null,
    };
  }),
} satisfies TRPCRouterRecord;

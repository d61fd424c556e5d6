import { and, desc, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { planEvents } from "../schema";

export type PlanEventRow = typeof planEvents.$inferSelect;
export type NewPlanEvent = typeof planEvents.$inferInsert;

export async function appendEvent(tx: DbOrTx, event: NewPlanEvent): Promise<PlanEventRow> {
  const [row] = await tx.insert(planEvents).values(event).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/** Events a viewer may see: private events only for the one user they are private to. */
export function visibleEventsFor(viewerId: string): SQL {
  return or(isNull(planEvents.privateTo), eq(planEvents.privateTo, viewerId))!;
}

export interface EventPage {
  patientId: string;
  viewerId: string;
  /** Newest first, strictly older than this id. */
  beforeId?: number;
  limit: number;
  discipline?: string;
}

export async function listEvents(db: DbOrTx, q: EventPage): Promise<PlanEventRow[]> {
  return db
    .select()
    .from(planEvents)
    .where(
      and(
        eq(planEvents.patientId, q.patientId),
        visibleEventsFor(q.viewerId),
        q.beforeId ? lt(planEvents.id, q.beforeId) : undefined,
        q.discipline ? eq(planEvents.discipline, q.discipline) : undefined,
      ),
    )
    .orderBy(desc(planEvents.id))
    .limit(q.limit);
}

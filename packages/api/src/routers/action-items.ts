import type { TRPCRouterRecord } from "@trpc/server";
import {
  findCase,
  getInPatient,
  insertRow,
  listOpenActionItemsDueBy,
  listOpenActionItemsOwnedBy,
  schema,
  teamMembersAmong,
  updateVersioned,
  userNames,
  RowNotFoundError,
  type DbOrTx,
} from "@stepwise/db";
import {
  assertMeetingOpen,
  can,
  createActionItemInputSchema,
  daysOverdue,
  DomainError,
  isActionItemOverdue,
  listActionItemsInputSchema,
  updateActionItemInputSchema,
} from "@stepwise/domain";
import { clinicalDates, meetingProcedure, patientProcedure } from "../trpc";
import { openMeeting } from "./meetings/room";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The flags' rule (clinical-reference.md §4, computeFlags): open and past its due date. */

async function assertOnTeam(db: DbOrTx, patientId: string, ownerId: string): Promise<void> {
  if (!(await teamMembersAmong(db, patientId, [ownerId])).has(ownerId)) {
    throw new DomainError("BAD_REQUEST", "ownerId must be on this patient's care team", "ownerId");
  }
}

function assertNotPast(dueDate: Date, now: Date): void {
  if (day(dueDate) < day(now)) throw new DomainError("BAD_REQUEST", "dueDate cannot be in the past", "dueDate");
}

export const actionItemsRouter = {
  /** Assigned in a meeting, for a case on its agenda, by whoever runs it or any attendee. */
  create: patientProcedure.input(createActionItemInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertMeetingOpen(meeting);
    const agendaCase = await findCase(ctx.db, input.caseId);
    if (!agendaCase || agendaCase.meetingId !== meeting.id || agendaCase.patientId !== ctx.patientId) throw new RowNotFoundError("Case");
    await assertOnTeam(ctx.db, ctx.patientId, input.ownerId);
    assertNotPast(input.dueDate, ctx.now());
    ctx.announce(`meeting:${meeting.id}`);
    return ctx.write({ entityType: "action_item", detail: { meetingId: meeting.id, caseId: agendaCase.id, ownerId: input.ownerId } }, async (tx) => {
      const row = await insertRow(tx, schema.actionItems, {
        patientId: ctx.patientId,
        meetingId: meeting.id,
        description: input.description,
        ownerId: input.ownerId,
        dueDate: input.dueDate,
        status: "open",
        createdBy: ctx.user.id,
        updatedBy: ctx.user.id,
      });
      const owner = (await userNames(tx, [row.ownerId])).get(row.ownerId) ?? "a team member";
      await ctx.event(tx, {
        entityType: "action_item",
        entityId: row.id,
        eventType: "action_item.created",
        summary: `Action item for ${owner}, due ${day(row.dueDate)}`,
        discipline: ctx.discipline,
        entityVersion: 1,
      });
      return row;
    });
  }),

  /** Its owner or the coordinator: status, due date, description, or a new owner on the same team. */
  update: patientProcedure.input(updateActionItemInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("actionItem.update");
    const { patientId, id, expectedVersion, ...patch } = input;
    const now = ctx.now();
    return ctx.write({ entityType: "action_item", entityId: id, detail: { changed: Object.keys(patch) } }, async (tx) => {
      const existing = await getInPatient(tx, schema.actionItems, "Action item", id, patientId);
      if (existing.ownerId !== ctx.user.id && !can(ctx.user.role, "meeting.manage")) {
        throw new DomainError("FORBIDDEN", "Only the action item's owner or the coordinator may change it");
      }
      if (patch.ownerId !== undefined && patch.ownerId !== existing.ownerId) await assertOnTeam(tx, patientId, patch.ownerId);
      if (patch.dueDate !== undefined && day(patch.dueDate) !== day(existing.dueDate)) assertNotPast(patch.dueDate, now);
      const row = await updateVersioned(tx, schema.actionItems, "action item", { id, patientId, expectedVersion, actorId: ctx.user.id, now }, patch);
      const statusChanged = patch.status !== undefined && patch.status !== existing.status;
      const summary = statusChanged
        ? { done: "Action item done", cancelled: "Action item cancelled", open: "Action item reopened" }[row.status]
        : `Action item updated (due ${day(row.dueDate)})`;
      await ctx.event(tx, {
        entityType: "action_item",
        entityId: id,
        eventType: statusChanged ? `action_item.${row.status}` : "action_item.updated",
        summary,
        discipline: ctx.discipline,
        entityVersion: row.version,
      });
      return row;
    });
  }),

  /** Open items the caller owns, overdue first, with the patient's name and the meeting's title. */
  mine: meetingProcedure.input(listActionItemsInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("actionItem.update");
    const now = ctx.now();
    const rows = await listOpenActionItemsOwnedBy(ctx.db, ctx.user.id, input.limit);
    const items = rows
      .map((r) => ({
        id: r.id,
        patientId: r.patientId,
        patientName: r.patientName,
        meetingId: r.meetingId,
        meetingTitle: r.meetingTitle,
        description: r.description,
        dueDate: r.dueDate,
        status: r.status,
        overdue: isActionItemOverdue(r, now),
        version: r.version,
      }))
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.getTime() - b.dueDate.getTime());
    await ctx.audit({ patientIds: items.map((i) => i.patientId), entityType: "action_item", detail: { itemIds: items.map((i) => i.id) } });
    return items;
  }),

  /** Every overdue item on the coordinator's teams, longest overdue first. */
  overdue: meetingProcedure.input(listActionItemsInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const now = ctx.now();
    const rows = await listOpenActionItemsDueBy(ctx.db, ctx.user.id, now, input.limit);
    const items = rows
      .filter((r) => isActionItemOverdue(r, now))
      .map((r) => ({
        id: r.id,
        patientId: r.patientId,
        patientName: r.patientName,
        meetingId: r.meetingId,
        meetingTitle: r.meetingTitle,
        description: r.description,
        ownerId: r.ownerId,
        ownerName: r.ownerName,
        dueDate: r.dueDate,
        daysOverdue: daysOverdue(r, now),
        version: r.version,
      }));
    await ctx.audit({ patientIds: items.map((i) => i.patientId), entityType: "action_item", detail: { itemIds: items.map((i) => i.id) } });
    return items;
  }),
} satisfies TRPCRouterRecord;

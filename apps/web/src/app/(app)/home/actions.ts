"use server";

import { revalidatePath } from "next/cache";
import { TRPCError } from "@trpc/server";
import type { ActionResult } from "~/components/action-button";
import type { RouterInputs } from "~/lib/types";
import { api } from "~/trpc/server";

type Caller = Awaited<ReturnType<typeof api>>;

/** Runs one call through the server caller (its gate and audit), then re-renders the home; a refusal is returned to show. */
async function run(call: (caller: Caller) => Promise<unknown>): Promise<ActionResult> {
  try {
    await call(await api());
  } catch (error) {
    if (error instanceof TRPCError) return error.message;
    throw error;
  }
  revalidatePath("/");
  return null;
}

export async function acknowledgeNotices(noticeIds: string[]): Promise<ActionResult> {
  return run((c) => c.notices.acknowledge({ noticeIds }));
}

export async function markActionItemDone(ref: { patientId: string; id: string; expectedVersion: number }): Promise<ActionResult> {
  return run((c) => c.actionItems.update({ ...ref, status: "done" }));
}

export async function signOffMeeting(meetingId: string): Promise<ActionResult> {
  return run((c) => c.meetings.signOff({ meetingId }));
}

export async function confirmDecision(ref: RouterInputs["meetings"]["confirmDecision"]): Promise<ActionResult> {
  return run((c) => c.meetings.confirmDecision(ref));
}

const pageSize = 25;

/** The home's patient search and its pages, read through the same procedure and gate as before. */
export async function findPatients(search: string, cursor: number) {
  const caller = await api();
  return caller.patients.list(search ? { search, limit: pageSize, cursor } : { limit: pageSize, cursor });
}

"use server";

import { redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import type { RouterInputs } from "~/lib/types";
import { api } from "~/trpc/server";

/** Schedules a meeting through `meetings.schedule` (its gate, its audit) and opens its room; a refusal comes back to show. */
export async function scheduleMeeting(values: RouterInputs["meetings"]["schedule"]): Promise<string> {
  let id: string;
  try {
    id = (await (await api()).meetings.schedule(values)).id;
  } catch (error) {
    if (error instanceof TRPCError) return error.message;
    throw error;
  }
  redirect(`/meetings/${id}`);
}

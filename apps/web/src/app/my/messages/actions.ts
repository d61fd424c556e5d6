"use server";

import { TRPCError } from "@trpc/server";
import { api } from "~/trpc/server";

/**
 * The patient's conversation, read and written through the same procedures (their own gate, their
 * audit) as before, as server actions: the page loads no client data layer for it.
 */
export async function readMyMessages(cursor: number | null) {
  return (await api()).messages.mine(cursor === null ? {} : { cursor });
}

/** Sends a message; a refusal comes back as its message, to show beside the form. */
export async function sendMyMessage(body: string): Promise<string | null> {
  try {
    await (await api()).messages.sendMine({ body });
    return null;
  } catch (error) {
    if (error instanceof TRPCError) return error.message;
    throw error;
  }
}

export async function markMyMessagesRead(upToId: number): Promise<void> {
  await (await api()).messages.markReadMine({ upToId });
}

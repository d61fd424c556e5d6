"use server";

import { revalidatePath } from "next/cache";
import { TRPCError } from "@trpc/server";
import type { RouterInputs } from "~/lib/types";
import { api } from "~/trpc/server";

/** Marks one use of emergency access reviewed through `emergencyAccess.review`; a refusal comes back to show. */
export async function reviewGrant(input: RouterInputs["emergencyAccess"]["review"]): Promise<string | null> {
  try {
    await (await api()).emergencyAccess.review(input);
  } catch (error) {
    if (error instanceof TRPCError) return error.message;
    throw error;
  }
  revalidatePath("/emergency-access/reviews");
  return null;
}

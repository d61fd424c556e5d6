"use server";

import type { RouterInputs, RouterOutputs } from "~/lib/types";
import { refusalOf, type Refusal } from "~/server/refusal";
import { api } from "~/trpc/server";

/**
 * The two steps of breaking the glass, as server actions through the same procedures (their gate,
 * their audit, the password check): the page loads no client data layer.
 */
export async function lookupPatient(input: RouterInputs["emergencyAccess"]["lookup"]): Promise<{ result: RouterOutputs["emergencyAccess"]["lookup"] } | { refusal: Refusal }> {
  try {
    return { result: await (await api()).emergencyAccess.lookup(input) };
  } catch (error) {
    return { refusal: refusalOf(error) };
  }
}

/** Opens emergency access; null when open (the browser then opens the plan), else the refusal to show. */
export async function openEmergencyAccess(input: RouterInputs["emergencyAccess"]["open"]): Promise<Refusal | null> {
  try {
    await (await api()).emergencyAccess.open(input);
    return null;
  } catch (error) {
    return refusalOf(error);
  }
}

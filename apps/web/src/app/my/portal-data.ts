import "server-only";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";

/** A portal read for a page: a link revoked meanwhile (NOT_FOUND) shows the not-found page, anything else is an error. */
export async function portalRead<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

import "server-only";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { DomainError } from "@stepwise/domain";

/** A procedure's refusal, as a server action hands it to its form: the message, and the field it names. */
export interface Refusal {
  message: string;
  /** The procedure's code (CONFLICT when someone else changed it meanwhile). */
  code: TRPCError["code"];
  field?: string;
}

/**
 * Reads a refusal from a call through the server caller the way the API's error formatter does for
 * the browser: the first schema issue as "path: message", or a rule's message with the field it
 * names. Anything that is not a refusal (a fault) is thrown on.
 */
export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof TRPCError)) throw error;
  const cause = error.cause;
  if (cause instanceof ZodError) {
    const issue = cause.issues[0];
    const path = issue?.path.join(".") ?? "";
    return issue ? { message: `${path || "input"}: ${issue.message}`, code: error.code, ...(path ? { field: path } : {}) } : { message: error.message, code: error.code };
  }
  if (cause instanceof DomainError && cause.field) return { message: error.message, code: error.code, field: cause.field };
  return { message: error.message, code: error.code };
}

import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { logInternalError } from "@stepwise/db";
import { ConflictError, DomainError, InvalidInputError, NotSignedInError, type UnsafeInput } from "@stepwise/domain";

/**
 * The one mapping to tRPC: the domain's error family and validation errors become their codes, a
 * unique violation a CONFLICT; anything else stays an internal error.
 */
export function toTRPCError(error: unknown): TRPCError | undefined {
  if (error instanceof TRPCError) return undefined;
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const field = first?.path.join(".") || undefined;
    return new TRPCError({ code: "BAD_REQUEST", message: field ? `${field}: ${first?.message}` : (first?.message ?? "Invalid input"), cause: error });
  }
  if (error instanceof DomainError) {
    return new TRPCError({ code: error.code, message: error.message, cause: error });
  }
  const duplicate = uniqueViolationIn(error);
  if (duplicate) {
    // A fresh cause: the driver's error carries the SQL, its parameters and the duplicate value.
    const meaning = (duplicate.constraint && uniqueMeanings[duplicate.constraint]) || undefined;
    const conflict = new ConflictError(meaning?.message ?? "This record already exists.", { field: meaning?.field });
    return new TRPCError({ code: "CONFLICT", message: conflict.message, cause: conflict });
  }
  return undefined;
}

/**
 * A live stream fails while it yields, after the mapping middleware has returned, so its errors are
 * mapped here directly: an ended session ends the stream (4xx), a stopping server asks the client
 * to reconnect elsewhere (5xx).
 */
export function streamError(reason: "session_ended" | "server_stopping"): TRPCError {
  if (reason === "server_stopping") return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "This server is stopping." });
  const ended = new NotSignedInError("Your session has ended. Sign in again to keep receiving updates.");
  return new TRPCError({ code: ended.code, message: ended.message, cause: ended });
}

/** PostgreSQL's unique_violation: two requests raced past a check, and the index decided. */
const UNIQUE_VIOLATION = "23505";

/** What a duplicate means to the person who sent it, by unique index (named in packages/db's schema). */
const uniqueMeanings: Record<string, { field: string; message: string }> = {
  users_email_lower_idx: { field: "email", message: "An account with this email already exists." },
  patients_mrn_idx: { field: "mrn", message: "A patient with this MRN already exists." },
};

/** The unique violation on the cause chain (drizzle wraps the driver's error), if there is one. */
function uniqueViolationIn(error: unknown): { constraint?: string } | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === UNIQUE_VIOLATION) return { constraint: typeof constraint === "string" ? constraint : undefined };
  }
  return undefined;
}

export function fieldOf(cause: unknown): string | undefined {
  if (cause instanceof ZodError) return cause.issues[0]?.path.join(".") || undefined;
  if (cause instanceof DomainError) return cause.field;
  return undefined;
}

export function currentOf(cause: unknown): unknown {
  if (cause instanceof DomainError) return cause.details.current;
  return undefined;
}

/** Refusal of an input before any schema sees it (hostile keys, depth, size), naming the field. */
export function unsafeInputError(issue: UnsafeInput): TRPCError {
  const cause = new InvalidInputError(`${issue.path || "input"}: ${issue.message}`, issue.path || undefined);
  return new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
}

// --- internal errors ------------------------------------------------------------------------------
//
// Anything not mapped above is a fault of ours. Its message may be SQL with parameters (drizzle puts
// both in it, and tRPC copies a cause's message), so the caller sees a generic message and an id,
// and the log gets that id with where and who (packages/db's logInternalError), never the message.

export interface ErrorPlace {
  path: string | undefined;
  actorId: string | undefined;
}

const errorIds = new WeakMap<TRPCError, string>();
const logged = new WeakSet<TRPCError>();

/** The id of an internal error, assigned on first use: the same in the answer and in the log. */
export function errorIdOf(error: TRPCError): string {
  let id = errorIds.get(error);
  if (!id) {
    id = randomUUID();
    errorIds.set(error, id);
  }
  return id;
}

export const internalErrorMessage = (errorId: string) => `Something went wrong. Error id: ${errorId}`;

/**
 * Logs an internal error and returns one that carries nothing of it: no message, no cause, so no
 * later handler (an adapter, a server component's error log) can print what it held.
 */
export function concealInternalError(error: TRPCError, place: ErrorPlace): TRPCError {
  const errorId = randomUUID();
  const concealed = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: internalErrorMessage(errorId) });
  errorIds.set(concealed, errorId);
  logged.add(concealed);
  logInternalError({ errorId, ...place, error });
  return concealed;
}

/** A fault after the answer is settled (a live announcement that failed): logged, never thrown. */
export function logStrayError(error: unknown, place: ErrorPlace): void {
  logInternalError({ errorId: randomUUID(), ...place, error });
}

/** For internal errors raised outside a procedure (context, streams): logged once, under their id. */
export function logInternalErrorOnce(error: TRPCError, place: ErrorPlace): void {
  if (logged.has(error)) return;
  logged.add(error);
  logInternalError({ errorId: errorIdOf(error), ...place, error });
}

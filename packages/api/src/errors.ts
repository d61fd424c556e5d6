import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ZodError } from "zod";

/** A typed failure from a rule or a repository; mapped to a tRPC code in one place (see trpc.ts). */
export class AppError extends Error {
  constructor(
    readonly code: "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PRECONDITION_FAILED" | "UNAUTHORIZED",
    message: string,
    readonly details?: { field?: string; current?: unknown },
  ) {
    super(message);
    this.name = "AppError";
  }
}

interface CodedError {
  code: string;
  message: string;
  field?: string;
  details?: { field?: string; current?: unknown };
}

const mappable = new Set<string>(["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "UNAUTHORIZED"]);

function isCoded(error: unknown): error is CodedError {
  const code: unknown = error instanceof Error ? (error as unknown as { code?: unknown }).code : undefined;
  return typeof code === "string" && mappable.has(code);
}

/** Turns domain and validation errors into tRPC errors; anything else stays an internal error. */
export function toTRPCError(error: unknown): TRPCError | undefined {
  if (error instanceof TRPCError) return undefined;
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const field = first?.path.join(".") || undefined;
    return new TRPCError({ code: "BAD_REQUEST", message: field ? `${field}: ${first?.message}` : (first?.message ?? "Invalid input"), cause: error });
  }
  if (isCoded(error)) {
    return new TRPCError({ code: error.code as TRPC_ERROR_CODE_KEY, message: error.message, cause: error });
  }
  return undefined;
}

export function fieldOf(cause: unknown): string | undefined {
  if (cause instanceof ZodError) return cause.issues[0]?.path.join(".") || undefined;
  if (isCoded(cause)) return cause.field ?? cause.details?.field;
  return undefined;
}

export function currentOf(cause: unknown): unknown {
  if (isCoded(cause)) return cause.details?.current;
  return undefined;
}

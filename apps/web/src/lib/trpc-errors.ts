import { TRPCClientError } from "@trpc/client";

export interface ErrorInfo {
  code?: string;
  message: string;
  field?: string;
  issues?: { path: string; message: string }[];
  current?: unknown;
}

/** The server maps every failure to a code, a message and (for bad input) the field; read them here. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as { code?: string; field?: string; issues?: { path: string; message: string }[]; current?: unknown };
    return { code: data.code, message: error.message, field: data.field, issues: data.issues, current: data.current };
  }
  return { message: error instanceof Error ? error.message : "Something went wrong." };
}

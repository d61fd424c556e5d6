"use client";

import { useId, type ReactNode } from "react";
import type { FieldError, FieldValues, Path, UseFormReturn } from "react-hook-form";
import { errorInfo } from "~/lib/trpc-errors";

interface FieldProps {
  label: string;
  error?: FieldError | { message?: string };
  hint?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}

/** A labelled control with its hint and its error next to it, wired for screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error?.message ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": !!error?.message, "aria-describedby": describedBy })}
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error?.message ? (
        <span className="error" id={`${id}-error`} role="alert">
          {error.message}
        </span>
      ) : null}
    </div>
  );
}

/**
 * Puts a server error where the user will look: a BAD_REQUEST naming a field goes next to that
 * field; anything else is returned for the form-level alert.
 */
export function applyServerError<T extends FieldValues>(form: UseFormReturn<T>, error: unknown, fields: readonly string[]): string | null {
  const info = errorInfo(error);
  const field = info.field?.split(".")[0];
  if (info.code === "BAD_REQUEST" && field && fields.includes(field)) {
    form.setError(field as Path<T>, { type: "server", message: info.message.replace(/^[\w.]+: /, "") });
    return null;
  }
  return info.message;
}

export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="alert error" role="alert">
      {message}
    </div>
  );
}

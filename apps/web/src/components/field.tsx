"use client";

import { useId, type ReactNode } from "react";
import type { FieldError } from "react-hook-form";

// Its own module (re-exported by form.tsx): a search box or a single control loads no form library.
interface FieldProps {
  label: string;
  error?: FieldError | { message?: string };
  hint?: string;
  /** For a control whose purpose the page already shows (a search box): the label is for screen readers. */
  labelHidden?: boolean;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}

/** A labelled control with its hint and its error next to it, wired for screen readers. */
export function Field({ label, error, hint, labelHidden = false, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error?.message ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className={labelHidden ? "visually-hidden" : undefined}>
        {label}
      </label>
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

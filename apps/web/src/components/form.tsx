"use client";

import { useState, type ReactNode } from "react";
import { FormProvider, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { errorInfo } from "~/lib/trpc-errors";

export { Field } from "./field";

/**
 * Puts a server error where the user will look: a BAD_REQUEST naming a field goes next to that
 * field; anything else is returned for the form-level alert.
 */
export function applyServerError<T extends FieldValues, O>(form: UseFormReturn<T, unknown, O>, error: unknown, fields: readonly string[]): string | null {
  const info = errorInfo(error);
  const field = info.field?.split(".")[0];
  if (info.code === "BAD_REQUEST" && field && fields.includes(field)) {
    form.setError(field as Path<T>, { type: "server", message: info.message.replace(/^[\w.]+: /, "") });
    return null;
  }
  return info.message;
}

/**
 * The submit handler every plan form shares: run the mutation, and on failure put a field error beside
 * its field (any field of the form) or return the message for the form-level alert.
 */
export function useServerSubmit<T extends FieldValues, O>(form: UseFormReturn<T, unknown, O>, run: (values: O) => Promise<void>) {
  const [formError, setFormError] = useState<string | null>(null);
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await run(values);
    } catch (error) {
      setFormError(applyServerError(form, error, Object.keys(form.getValues())));
    }
  });
  return { onSubmit, formError, setFormError };
}

import { FormAlert } from "./form-alert";

export { FormAlert };

/** Submit beside Cancel: the closing row of every form that opens in place. */
export function FormActions({ submitLabel, disabled, onCancel, small = false }: { submitLabel: string; disabled: boolean; onCancel: () => void; small?: boolean }) {
  const size = small ? " small" : "";
  return (
    <div className="actions">
      <button className={`btn${size}`} type="submit" disabled={disabled}>
        {submitLabel}
      </button>
      <button className={`btn${size} secondary`} type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/**
 * A form that opens in place to add something: its fields (given the form through its context), the
 * form-level alert, and the submit beside Cancel. `run` saves; a failure lands beside its field.
 */
export function InlineForm<T extends FieldValues, O>({
  form,
  label,
  heading,
  submitLabel,
  onCancel,
  run,
  children,
}: {
  form: UseFormReturn<T, unknown, O>;
  label: string;
  heading?: ReactNode;
  submitLabel: string;
  onCancel: () => void;
  run: (values: O) => Promise<void>;
  children: ReactNode;
}) {
  const { onSubmit, formError } = useServerSubmit(form, run);
  return (
    <FormProvider {...form}>
      <form className="inline-form" aria-label={label} noValidate onSubmit={onSubmit}>
        {heading}
        <FormAlert message={formError} />
        {children}
        <FormActions submitLabel={submitLabel} disabled={form.formState.isSubmitting} onCancel={onCancel} />
      </form>
    </FormProvider>
  );
}

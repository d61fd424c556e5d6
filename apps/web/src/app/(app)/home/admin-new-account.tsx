"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import type { z } from "zod";
import { createUserInputSchema, roleLabels, staffRoles, type CreateUserInput } from "@stepwise/domain";
import { Field } from "~/components/field";
import { FormAlert } from "~/components/form-alert";
import type { Issued } from "./account-resets";
import { createAccount } from "./admin-actions";

const defaults: z.input<typeof createUserInputSchema> = { name: "", email: "", role: "physician" };
const fields = ["name", "email", "role"] as const;

/** The new staff account: checked with the domain's schema here and again by `admin.createUser`; the code it gets is shown once. */
export function NewAccountForm({ onCreated, onCancel }: { onCreated: (issued: Issued & { name: string; email: string }) => void; onCancel: () => void }) {
  const form = useForm<z.input<typeof createUserInputSchema>, unknown, CreateUserInput>({ resolver: zodResolver(createUserInputSchema), defaultValues: defaults });
  const [formError, setFormError] = useState<string | null>(null);
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const result = await createAccount(values);
    if ("ok" in result) {
      onCreated(result.ok);
      return;
    }
    const field = result.refusal.field?.split(".")[0];
    if (field && (fields as readonly string[]).includes(field)) form.setError(field as Path<CreateUserInput>, { type: "server", message: result.refusal.message.replace(/^[\w.]+: /, "") });
    else setFormError(result.refusal.message);
  });
  const { errors, isSubmitting } = form.formState;
  return (
    <form className="inline-form" aria-label="Create account" noValidate onSubmit={onSubmit}>
      <FormAlert message={formError} />
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} {...form.register("name")} />}
        </Field>
        <Field label="Email" error={errors.email}>
          {(p) => <input type="email" {...p} {...form.register("email")} />}
        </Field>
        <Field label="Role" error={errors.role}>
          {(p) => (
            <select {...p} {...form.register("role")}>
              {staffRoles.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="actions">
        <button className="btn" type="submit" disabled={isSubmitting}>
          Create
        </button>
        <button className="btn secondary" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

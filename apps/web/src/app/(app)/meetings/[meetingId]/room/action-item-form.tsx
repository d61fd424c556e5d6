"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { createActionItemInputSchema, roleLabels } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { isoDay } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { useRefreshMeeting, type CaseRefs } from "./shared";

export function ActionItemForm({ refs }: { refs: CaseRefs }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting();
  const team = useQuery(trpc.careTeam.get.queryOptions({ patientId: refs.patientId }));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<z.input<typeof createActionItemInputSchema>, unknown, z.output<typeof createActionItemInputSchema>>({
    resolver: zodResolver(createActionItemInputSchema),
    defaultValues: { ...refs, description: "", ownerId: "", dueDate: isoDay(new Date(Date.now() + 7 * 864e5)) },
  });
  const create = useMutation(trpc.actionItems.create.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    setSaved(null);
    await create.mutateAsync(values);
    setSaved("Action item assigned.");
    form.resetField("description");
    await refresh();
  });
  const errors = form.formState.errors;
  return (
    <form className="inline-form" aria-label="Assign an action item" noValidate onSubmit={onSubmit}>
      <h3>Action item</h3>
      <FormAlert message={formError} />
      {saved ? (
        <div className="alert info" role="status">
          {saved}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label="What" error={errors.description}>
          {(p) => <input {...p} {...form.register("description")} />}
        </Field>
        <Field label="Owner" error={errors.ownerId}>
          {(p) => (
            <select {...p} {...form.register("ownerId")}>
              <option value="">Choose…</option>
              {(team.data?.team ?? []).map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} ({roleLabels[m.role]})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Due" error={errors.dueDate}>
          {(p) => <input type="date" {...p} {...form.register("dueDate")} />}
        </Field>
      </div>
      <button className="btn small" type="submit" disabled={create.isPending}>
        Assign
      </button>
    </form>
  );
}

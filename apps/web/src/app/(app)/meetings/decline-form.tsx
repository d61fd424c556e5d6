"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { declineDecisionInputSchema } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { useTRPC } from "~/trpc/react";
import { useRefreshAfterDecision } from "./decision-actions";

export function DeclineForm({ refs, description, onDone }: { refs: { patientId: string; decisionId: string; expectedVersion: number }; description: string; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfterDecision();
  const form = useForm<z.input<typeof declineDecisionInputSchema>, unknown, z.output<typeof declineDecisionInputSchema>>({
    resolver: zodResolver(declineDecisionInputSchema),
    defaultValues: { ...refs, reason: "" },
  });
  const decline = useMutation(trpc.meetings.declineDecision.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await decline.mutateAsync(values);
    await refresh();
    onDone();
  });
  return (
    <form className="inline-form" aria-label={`Decline: ${description}`} noValidate onSubmit={onSubmit}>
      <FormAlert message={formError} />
      <Field label="Why decline?" error={form.formState.errors.reason}>
        {(p) => <input {...p} {...form.register("reason")} />}
      </Field>
      <div className="actions">
        <button className="btn small" type="submit" disabled={decline.isPending}>
          Decline
        </button>
        <button className="btn small secondary" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

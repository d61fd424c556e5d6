"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { declineDecisionInputSchema } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export interface PendingDecision {
  id: string;
  patientId: string;
  description: string;
  version: number;
}

/** A confirmed or declined proposal changes the plan, the meeting and the owner's home at once. */
function useRefreshAfterDecision() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: trpc.meetings.pathKey() }), qc.invalidateQueries({ queryKey: trpc.carePlan.pathKey() })]);
  };
}

/** The owner's answer to a proposal: confirm with one click, or decline with a reason. */
export function DecisionActions({ decision }: { decision: PendingDecision }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfterDecision();
  const [declining, setDeclining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = useMutation(trpc.meetings.confirmDecision.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorInfo(e).message) }));
  const ref = { patientId: decision.patientId, decisionId: decision.id, expectedVersion: decision.version };
  return (
    <div className="grid" style={{ gap: "0.5rem" }}>
      <FormAlert message={error} />
      <div className="actions">
        <button className="btn small" type="button" disabled={confirm.isPending} aria-label={`Confirm: ${decision.description}`} onClick={() => confirm.mutate(ref)}>
          Confirm
        </button>
        {!declining ? (
          <button className="btn small ghost" type="button" aria-label={`Decline: ${decision.description}`} onClick={() => setDeclining(true)}>
            Decline
          </button>
        ) : null}
      </div>
      {declining ? <DeclineForm refs={ref} description={decision.description} onDone={() => setDeclining(false)} /> : null}
    </div>
  );
}

function DeclineForm({ refs, description, onDone }: { refs: { patientId: string; decisionId: string; expectedVersion: number }; description: string; onDone: () => void }) {
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

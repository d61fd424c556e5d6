"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { FormAlert } from "~/components/form-alert";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

// The decline form (a form library and the domain's schema) loads when someone chooses to decline.
const DeclineForm = dynamic(() => import("./decline-form").then((m) => m.DeclineForm));

export interface PendingDecision {
  id: string;
  patientId: string;
  description: string;
  version: number;
}

/** A confirmed or declined proposal changes the plan, the meeting and the owner's home at once. */
export function useRefreshAfterDecision() {
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

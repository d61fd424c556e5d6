"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SafetyAcknowledgement } from "@stepwise/domain";
import { isAcknowledged } from "@stepwise/domain/flag-display";
import { fmtDateTime } from "~/lib/format";
import { withData } from "./with-data";

// The response form (form library, the domain's schema, and on a home the data layer) loads when a clinician opens it.
const SafetyResponseForm = withData(() => import("./safety-response-form").then((m) => m.SafetyResponseForm));

/** "Acknowledged by Jordan Lee, 2 Dec 2026, 09:14": who and when; what was done is in the flag's own message (responseSummary). */
export function SafetyAcknowledgementLine({ ack }: { ack: SafetyAcknowledgement | null | undefined }) {
  if (!ack) return null;
  const who = ack.byName ?? "a colleague";
  return (
    <div className="meta" data-testid="safety-acknowledgement">
      {isAcknowledged(ack) ? "Acknowledged" : "Contact attempted"} by <strong>{who}</strong>, {fmtDateTime(ack.at)}
      {isAcknowledged(ack) ? null : " — still urgent: try again or escalate."}
    </div>
  );
}

/** "Record response" and the form it opens: any clinician on the team answers the self-harm flag (§6.9). */
export function SafetyResponseButton({ patientId, assessmentId, patientName, serverRendered = false }: { patientId: string; assessmentId: string; patientName?: string; serverRendered?: boolean }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  // A page rendered on the server (a home) is rendered again to show the response.
  const done = () => {
    setOpen(false);
    if (serverRendered) router.refresh();
  };
  if (!open) {
    return (
      <button className="btn small" type="button" onClick={() => setOpen(true)} aria-label={patientName ? `Record response for ${patientName}` : "Record response"}>
        Record response
      </button>
    );
  }
  return <SafetyResponseForm patientId={patientId} assessmentId={assessmentId} onDone={done} />;
}

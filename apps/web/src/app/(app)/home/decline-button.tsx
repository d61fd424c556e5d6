"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { withData } from "~/components/with-data";

// The decline form (a form library, the domain's schema and the data layer) loads when someone chooses to decline.
const DeclineForm = withData(() => import("../meetings/decline-form").then((m) => m.DeclineForm));

/** Beside the confirm button (`children`): "Decline", which opens the form asking for the reason. */
export function DeclineButton({ refs, description, children }: { refs: { patientId: string; decisionId: string; expectedVersion: number }; description: string; children: ReactNode }) {
  const [declining, setDeclining] = useState(false);
  const router = useRouter();
  return (
    <>
      <div className="actions">
        {children}
        {!declining ? (
          <button className="btn small ghost" type="button" aria-label={`Decline: ${description}`} onClick={() => setDeclining(true)}>
            Decline
          </button>
        ) : null}
      </div>
      {declining ? (
        <DeclineForm
          refs={refs}
          description={description}
          onDone={() => {
            setDeclining(false);
            router.refresh();
          }}
        />
      ) : null}
    </>
  );
}

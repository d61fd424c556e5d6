"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { emergencyReasonLabels, roleLabels, type Role } from "@stepwise/domain";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const timeOf = (d: Date) => new Date(d).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/**
 * While anyone has emergency access to this patient, everyone viewing the plan sees it: the care
 * team who, until when and why; the holder that their access is read-only (or not) and a way to
 * end it. Re-read when a grant opens or ends (live) and when the next one expires.
 */
export function EmergencyAccessBanner({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const grants = useQuery(trpc.emergencyAccess.forPatient.queryOptions({ patientId }));
  const [error, setError] = useState<string | null>(null);
  const end = useMutation(
    trpc.emergencyAccess.end.mutationOptions({
      onSuccess: () => router.push("/"),
      onError: (e) => setError(errorInfo(e).message),
    }),
  );

  const nextExpiry = grants.data?.reduce<number | null>((soonest, g) => Math.min(soonest ?? Infinity, new Date(g.expiresAt).getTime()), null) ?? null;
  useEffect(() => {
    if (nextExpiry === null) return;
    const timer = setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: trpc.emergencyAccess.forPatient.queryKey({ patientId }) });
      router.refresh();
    }, Math.max(0, nextExpiry - Date.now()) + 500);
    return () => clearTimeout(timer);
  }, [nextExpiry, queryClient, trpc, patientId, router]);

  if (!grants.data || grants.data.length === 0) return null;
  return (
    <section className="alert warn emergency-banner" role="status" aria-label="Emergency access" data-testid="emergency-access-banner">
      <FormAlert message={error} />
      <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "0.5rem" }}>
        {grants.data.map((g) =>
          g.mine ? (
            <li key={g.id} style={{ display: "flex", gap: "1rem", alignItems: "center", justifyContent: "space-between", flexWrap: "wrap" }}>
              <span>
                <strong>You have {g.emergency ? "emergency access (changes allowed)" : "read-only emergency access"} until {timeOf(g.expiresAt)}</strong> — reason: {emergencyReasonLabels[g.reason]}.{" "}
                Psychotherapy notes are not included. Every view is recorded and reviewed.
              </span>
              <button className="btn small secondary" type="button" onClick={() => end.mutate({ grantId: g.id })} disabled={end.isPending}>
                End access
              </button>
            </li>
          ) : (
            <li key={g.id}>
              <strong>
                {g.holderName} ({roleLabels[g.holderRole as Role] ?? g.holderRole}) has emergency access until {timeOf(g.expiresAt)}
              </strong>{" "}
              — reason: {emergencyReasonLabels[g.reason]}
              {g.emergency ? " (may change the record)" : " (read-only)"}. <span className="meta">“{g.reasonText}” · opened {fmtDateTime(g.grantedAt)}</span>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

export type Meeting = RouterOutputs["meetings"]["get"];
export type Case = Meeting["cases"][number];
export type VisibleCase = Extract<Case, { visible: true }>;
export type CaseRefs = { patientId: string; meetingId: string; caseId: string };

/** A meeting change can also assign or move action items shown on the homes. */
export function useRefreshMeeting() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: trpc.meetings.pathKey() }), qc.invalidateQueries({ queryKey: trpc.actionItems.pathKey() })]);
  };
}

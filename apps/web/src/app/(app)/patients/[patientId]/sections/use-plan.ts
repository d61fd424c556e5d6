"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "~/trpc/react";

/** After a write, refetch what shows it: the plan and the patient's feeds (precise keys, not everything). */
export function useRefreshPlan(patientId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.carePlan.get.queryKey({ patientId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.timeline.list.pathKey() }),
    ]);
  }, [queryClient, trpc, patientId]);
}

"use client";

import { HydrationBoundary, type DehydratedState } from "@tanstack/react-query";
import { TRPCReactProvider } from "~/trpc/react";
import { AdminHome } from "./admin-home";

/** The administrator's home (forms, dialogs, the audit log) with the client data layer it reads through, its reads arriving with the HTML. */
export function AdminRoot({ state }: { state: DehydratedState }) {
  return (
    <TRPCReactProvider>
      <HydrationBoundary state={state}>
        <AdminHome />
      </HydrationBoundary>
    </TRPCReactProvider>
  );
}

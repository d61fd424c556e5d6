"use client";

import { useQuery } from "@tanstack/react-query";
import { PresenceBar, useLive, useLiveTopic } from "~/components/live";
import { Tabs } from "~/components/tabs";
import { useTRPC } from "~/trpc/react";
import { FlagsBanner } from "./sections/flags-banner";
import { SafetyHeader } from "./safety-header";
import { OverviewSection } from "./sections/overview";
import dynamic from "next/dynamic";
import type { ComponentType } from "react";
import type { CarePlan } from "~/lib/types";

// Each tab but the first loads with the tab (charts, forms and catalogs included), not with the plan;
// the tab named in the address is rendered on the server as usual. While a tab's code loads, its
// placeholder fills a screen, so that the cards below the tabs (care team, patient access) start out of
// view and are not pushed down when the tab arrives (every tab that loads this way is taller than that).
const sectionLoading = () => <div className="card skeleton" role="status" aria-label="Loading the section" style={{ minHeight: "100vh" }} />;
const ProceduresSection = dynamic(() => import("./sections/procedures").then((m) => m.ProceduresSection), { loading: sectionLoading });
const MedicationsSection = dynamic(() => import("./sections/medications").then((m) => m.MedicationsSection), { loading: sectionLoading });
const OutcomesSection = dynamic(() => import("./sections/outcomes").then((m) => m.OutcomesSection), { loading: sectionLoading });
const TherapySection = dynamic(() => import("./sections/therapy").then((m) => m.TherapySection), { loading: sectionLoading });
const PsychologySection = dynamic(() => import("./sections/psychology").then((m) => m.PsychologySection), { loading: sectionLoading });
const TimelineSection = dynamic(() => import("./sections/timeline").then((m) => m.TimelineSection), { loading: sectionLoading });
const MessagesSection = dynamic(() => import("./sections/messages").then((m) => m.MessagesSection), { loading: sectionLoading });

type Panel = ComponentType<{ patientId: string; plan: CarePlan }>;

const tabs: readonly (readonly [value: string, label: string, Panel])[] = [
  ["plan", "Plan", OverviewSection],
  ["procedures", "Procedures", ProceduresSection],
  ["medications", "Medications", MedicationsSection],
  ["outcomes", "Outcomes", OutcomesSection],
  ["therapy", "Physical therapy", TherapySection],
  ["psychology", "Psychology", PsychologySection],
  ["timeline", "Timeline", ({ patientId }) => <TimelineSection patientId={patientId} />],
  ["messages", "Messages", MessagesSection],
];

export function PlanView({ patientId, initialTab }: { patientId: string; initialTab?: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.carePlan.get.queryOptions({ patientId }));
  useLiveTopic("patient", patientId, query.data?.lastEventId);
  const { revoked } = useLive();

  if (query.isPending) {
    return (
      <div className="card" role="status" aria-busy="true" aria-label="Loading the care plan" style={{ marginTop: "1rem" }}>
        <div className="grid">
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="skeleton" />
          ))}
        </div>
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="alert error" role="alert" style={{ marginTop: "1rem" }}>
        The care plan could not be loaded ({query.error.message}).{" "}
        <button className="btn small secondary" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const plan = query.data;
  return (
    <div style={{ marginTop: "1rem" }}>
      <PresenceBar topic={`patient:${patientId}`} selfId={plan.viewer.userId} />
      {revoked.has(patientId) ? (
        <div className="alert warn" role="alert">
          You have been removed from this patient&apos;s care team. Live updates have stopped; reload to leave the record.
        </div>
      ) : null}
      <FlagsBanner flags={plan.flags} patientId={patientId} canRespond={plan.viewer.allowed["safetyFlag.respond"]} />
      <SafetyHeader patientId={patientId} plan={plan} />
      <Tabs
        label="Care plan sections"
        defaultValue={tabs.some(([v]) => v === initialTab) ? (initialTab ?? "plan") : "plan"}
        items={tabs.map(([value, label, Section]) => ({ value, label, panel: () => <Section patientId={patientId} plan={plan} /> }))}
      />
    </div>
  );
}

import { isAcknowledged } from "@stepwise/domain";
import { SafetyAcknowledgementLine, SafetyResponseButton } from "~/components/safety-response";
import type { CarePlan } from "~/lib/types";

const severityLabel = { urgent: "Urgent", high: "Attention", normal: "Note" } as const;

type Flag = CarePlan["flags"][number];

/** The self-harm flag tops the plan page for every role (§6.9); the rest keep their severity order. */
const safetyFirst = (flags: readonly Flag[]) => [...flags.filter((f) => f.code === "safety_self_harm"), ...flags.filter((f) => f.code !== "safety_self_harm")];

export function FlagsBanner({ flags, patientId, canRespond = false }: { flags: CarePlan["flags"]; patientId?: string; canRespond?: boolean }) {
  if (flags.length === 0) return null;
  return (
    <section aria-label="Flags" className="flags">
      {safetyFirst(flags).map((f, i) => {
        const selfHarm = f.code === "safety_self_harm";
        const acknowledged = selfHarm && isAcknowledged(f.acknowledgement);
        const assessmentId = selfHarm ? f.evidence.find((e) => e.kind === "assessment")?.id : undefined;
        return (
          <div
            key={`${f.code}-${i}`}
            className={`flag ${f.severity}${acknowledged ? " acknowledged" : ""}`}
            role={f.severity === "urgent" ? "alert" : undefined}
            data-testid={selfHarm ? "self-harm-flag" : undefined}
            style={selfHarm ? { flexWrap: "wrap" } : undefined}
          >
            <span className={`pill ${f.severity === "urgent" ? "danger" : f.severity === "high" ? "warn" : ""}`}>{acknowledged ? "Acknowledged" : severityLabel[f.severity]}</span>
            <span style={selfHarm ? { flex: "1 1 20rem" } : undefined}>
              {f.message}
              {selfHarm ? <SafetyAcknowledgementLine ack={f.acknowledgement} /> : null}
              {selfHarm && f.policyId ? <span className="meta"> · rule {f.policyId}</span> : null}
            </span>
            {selfHarm && canRespond && patientId && assessmentId ? (
              <div style={{ flexBasis: "100%" }}>
                <SafetyResponseButton patientId={patientId} assessmentId={assessmentId} />
              </div>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

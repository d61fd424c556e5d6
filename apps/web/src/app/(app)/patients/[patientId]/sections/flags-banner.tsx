import type { CarePlan } from "~/lib/types";

const severityLabel = { urgent: "Urgent", high: "Attention", normal: "Note" } as const;

export function FlagsBanner({ flags }: { flags: CarePlan["flags"] }) {
  if (flags.length === 0) return null;
  return (
    <section aria-label="Flags" className="flags">
      {flags.map((f, i) => (
        <div key={`${f.code}-${i}`} className={`flag ${f.severity}`} role={f.severity === "urgent" ? "alert" : undefined}>
          <span className={`pill ${f.severity === "urgent" ? "danger" : f.severity === "high" ? "warn" : ""}`}>{severityLabel[f.severity]}</span>
          <span>{f.message}</span>
        </div>
      ))}
    </section>
  );
}

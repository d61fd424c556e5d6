import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { handoutSections, normaliseLevel } from "@stepwise/domain";
import { HandoutSections } from "~/components/handout-sections";
import { fmtDate, humanize } from "~/lib/format";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Patient handout" };

const clinicName = () => process.env.STEPWISE_CLINIC_NAME?.trim() || "Stepwise Pain Clinic";

/** Both reads go through tRPC with the care-team check, so the handout's read is audited like any other. */
async function load(patientId: string, id: string) {
  const caller = await api();
  try {
    return await Promise.all([caller.patients.get({ patientId }), caller.procedures.handout({ patientId, id })]);
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

// Print: the app's chrome is hidden by the global print rules; these keep the handout on A4 and readable.
const handoutCss = `
.handout { max-width: 46rem; margin: 0 auto; font-size: 1.02rem; line-height: 1.55; }
.handout h1 { margin: 0.25rem 0 0; }
.handout h2 { font-size: 1.1rem; margin: 1.25rem 0 0.35rem; }
.handout .handout-head { display: flex; justify-content: space-between; gap: 1rem; border-bottom: 2px solid var(--line); padding-bottom: 0.75rem; }
.handout .handout-head dl { margin: 0; display: grid; grid-template-columns: auto auto; gap: 0.1rem 0.75rem; }
.handout .handout-head dt { color: var(--ink-2); }
.handout .handout-head dd { margin: 0; font-weight: 600; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  .presence, .handout-toolbar { display: none !important; }
  .handout { max-width: none; font-size: 11.5pt; }
  .handout section { break-inside: avoid; }
}
`;

export default async function HandoutPage({ params }: { params: Promise<{ patientId: string; procedureId: string }> }) {
  await requireSession();
  const { patientId, procedureId } = await params;
  const [patient, { order, label }] = await load(patientId, procedureId);
  const where = [humanize(order.region), normaliseLevel(order.level), order.side].filter(Boolean).join(", ");
  return (
    <article className="card handout" aria-labelledby="handout-title">
      <style>{handoutCss}</style>
      <div className="handout-toolbar actions no-print" style={{ marginTop: 0, marginBottom: "1rem" }}>
        <PrintButton />
        <Link className="btn secondary" href={`/patients/${patientId}?tab=procedures`}>
          Back to the care plan
        </Link>
      </div>
      <header className="handout-head">
        <div>
          <p className="meta" style={{ margin: 0 }} data-testid="clinic-name">
            {clinicName()}
          </p>
          <h1 id="handout-title">{label}</h1>
          <p style={{ margin: 0 }}>Information for you about your procedure{where ? ` (${where})` : ""}</p>
        </div>
        <dl>
          <dt>Patient</dt>
          <dd>
            {patient.givenName} {patient.familyName}
          </dd>
          <dt>Date of birth</dt>
          <dd>{fmtDate(patient.dateOfBirth)}</dd>
          <dt>Date</dt>
          <dd>{fmtDate(new Date())}</dd>
        </dl>
      </header>

      <HandoutSections sections={handoutSections(order)} />
      <section aria-labelledby="questions">
        <h2 id="questions">Questions</h2>
        <p>You can ask your care team about anything on this sheet, and you can change your mind at any time before the procedure.</p>
      </section>
    </article>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { invitationMailSettings } from "@stepwise/api";
import { can, roleLabels } from "@stepwise/domain";
import { ClientData } from "~/components/client-data";
import { requireSession } from "~/server/session";
import { api, getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import { CareTeamManager } from "./care-team-manager";
import { EmergencyAccessBanner } from "./emergency-access-banner";
import { PatientAccessPanel } from "./patient-access-panel";
import { PlanView } from "./plan-view";
import { chartedInstruments, SERIES_PAGE, seriesFrom, TIMELINE_PAGE } from "./sections/series-range";

export const metadata: Metadata = { title: "Care plan" };

async function loadPatient(patientId: string) {
  try {
    return await (await api()).patients.get({ patientId });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

/** What the tab opened by address reads beyond the plan, read through the same procedures (gated and audited). */
async function prefetchTab(patientId: string, tab: string | undefined) {
  const queryClient = getQueryClient();
  if (tab === "timeline") {
    await queryClient.prefetchInfiniteQuery(trpc.timeline.list.infiniteQueryOptions({ patientId, limit: TIMELINE_PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  } else if (tab === "outcomes") {
    await Promise.all([
      queryClient.prefetchQuery(trpc.questionnaires.schedules.queryOptions({ patientId })),
      queryClient.prefetchInfiniteQuery(trpc.assessments.page.infiniteQueryOptions({ patientId, instruments: [...chartedInstruments], from: seriesFrom(), limit: SERIES_PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined })),
    ]);
  } else if (tab === "procedures") {
    const plan = queryClient.getQueryData(trpc.carePlan.get.queryKey({ patientId }));
    await Promise.all([
      queryClient.prefetchQuery(trpc.careTeam.get.queryOptions({ patientId })),
      ...(plan?.procedures ?? [])
        .filter((order) => order.status === "proposed")
        .map((order) =>
          queryClient.prefetchQuery(
            trpc.procedures.evaluateCandidacy.queryOptions({
              patientId,
              procedureType: order.procedureType,
              target: { level: order.level ?? undefined, side: order.side ?? undefined, region: order.region, withSteroid: order.withSteroid },
            }),
          ),
        ),
    ]);
  }
}

export default async function PatientPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user } = await requireSession();
  const { patientId } = await params;
  const { tab } = await searchParams;
  const patient = await loadPatient(patientId);
  const queryClient = getQueryClient();
  await Promise.all([queryClient.prefetchQuery(trpc.carePlan.get.queryOptions({ patientId })), queryClient.prefetchQuery(trpc.emergencyAccess.forPatient.queryOptions({ patientId }))]);
  // The tab named in the address is rendered on the server with what it reads, so it arrives whole
  // and nothing below it moves when the browser takes over.
  await prefetchTab(patientId, typeof tab === "string" ? tab : undefined);
  // The plan reads, edits and follows the patient live from the browser: the client data layer and
  // the live stream are this page's (the access report and the handouts are rendered on the server without them).
  return (
    <ClientData userId={user.id}>
      <HydrateClient>
        <EmergencyAccessBanner patientId={patientId} />
      </HydrateClient>
      <section className="card patient-header" aria-labelledby="patient-name">
        <div>
          <h1 id="patient-name">
            {patient.givenName} {patient.familyName}
          </h1>
          <p className="muted" style={{ margin: 0 }}>
            {patient.primaryCondition}
          </p>
          <dl>
            <div>
              <dt>Age</dt>
              <dd>{patient.age}</dd>
            </div>
            <div>
              <dt>Sex</dt>
              <dd style={{ textTransform: "capitalize" }}>{patient.sex}</dd>
            </div>
            <div>
              <dt>MRN</dt>
              <dd className="mono">{patient.mrn}</dd>
            </div>
            <div>
              <dt>Date of birth</dt>
              <dd>{patient.dateOfBirth}</dd>
            </div>
          </dl>
        </div>
        <div>
          <h2>Care team</h2>
          <ul className="team" aria-label="Care team">
            {patient.team.map((m) => (
              <li key={m.userId}>
                <span>{m.name}</span>
                <span className="pill">{roleLabels[m.role]}</span>
                {m.isLead ? <span className="pill brand">Lead</span> : null}
              </li>
            ))}
          </ul>
          {can(user.role, "audit.patientReport") ? (
            <Link className="btn secondary small" href={`/patients/${patientId}/access`}>
              Access report
            </Link>
          ) : null}
          {can(user.role, "record.export") ? (
            // The FHIR R4 $everything Bundle, saved as a file (the REST endpoint checks and audits the export).
            <a className="btn secondary small" href={`/api/fhir/R4/Patient/${patientId}/$everything`} download={`stepwise-${patient.mrn}.fhir.json`} type="application/fhir+json">
              Download FHIR
            </a>
          ) : null}
        </div>
      </section>
      <HydrateClient>
        <PlanView patientId={patientId} initialTab={typeof tab === "string" ? tab : undefined} />
        {can(user.role, "careTeam.manage") ? <CareTeamManager patientId={patientId} /> : null}
        {can(user.role, "patientAccount.invite") ? <PatientAccessPanel patientId={patientId} canInvite canRevoke={can(user.role, "patientAccount.revoke")} canEmail={!!invitationMailSettings()} /> : null}
      </HydrateClient>
    </ClientData>
  );
}

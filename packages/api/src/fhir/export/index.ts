import type { Bundle, BundleEntry, Resource } from "@medplum/fhirtypes";
import { loadPatientsWithTeams, loadPlanRowsFor, patientRecordOf, type DbOrTx } from "@stepwise/db";
import { evaluateCandidacy, fhirExportResourceTypes, ladderPosition } from "@stepwise/domain";
import { orderTarget, policy } from "../../services/procedures";
import {
  allergyResources,
  assessmentObservation,
  carePlanResource,
  careTeamResource,
  conditionResource,
  documentReferenceResource,
  encounterResource,
  goalResource,
  medicationStatementResource,
  mmeObservation,
  monitoringObservation,
  outcomeObservation,
  patientResource,
  procedureResource,
  safetyProfileObservation,
  serviceRequestResource,
} from "./mappers";

/**
 * The plan rows are read as a viewer who wrote nothing: the query itself keeps every psychotherapy
 * note out (only shared summaries match), and the mapper refuses any other kind a second time.
 */
const NO_AUTHOR = "00000000-0000-0000-0000-000000000000";

/**
 * Every resource of these patients' records that may leave the clinic (never psychotherapy notes),
 * ids stable (the Stepwise row ids), references relative ("Patient/<id>"). A fixed number of
 * queries whatever the number of patients or the size of their records. Patients that do not exist
 * are absent from the map.
 */
export async function patientResourcesFor(db: DbOrTx, patientIds: readonly string[], options: { now: Date }): Promise<Map<string, Resource[]>> {
  const [people, planRows] = await Promise.all([loadPatientsWithTeams(db, patientIds), loadPlanRowsFor(db, patientIds, NO_AUTHOR)]);
  const out = new Map<string, Resource[]>();
  for (const id of patientIds) {
    const person = people.get(id);
    const rows = planRows.get(id);
    if (!person || !rows) continue;
    const names = new Map(person.team.map((m) => [m.userId, m.name]));
    const record = patientRecordOf(rows);
    const ladder = ladderPosition(rows.planItems, rows.procedures, options.now);
    const outcomesByOrder = new Map<string, typeof rows.procedureOutcomes>();
    for (const o of rows.procedureOutcomes) outcomesByOrder.set(o.procedureId, [...(outcomesByOrder.get(o.procedureId) ?? []), o]);
    const resources: Resource[] = [
      patientResource(person),
      careTeamResource(person),
      ...rows.problems.map(conditionResource),
      ...rows.goals.map(goalResource),
      carePlanResource(rows, id, ladder),
      ...rows.procedures.map((o) => serviceRequestResource(o, evaluateCandidacy(o.procedureType, record, policy, options.now, orderTarget(o)), names)),
      ...rows.procedures.filter((o) => o.status === "performed").map((o) => procedureResource(o, outcomesByOrder.get(o.id) ?? [])),
      ...rows.assessments.map(assessmentObservation),
      ...rows.procedureOutcomes.map(outcomeObservation),
      ...rows.opioidMonitoring.map(monitoringObservation),
      ...(rows.safetyProfile ? [safetyProfileObservation(rows.safetyProfile)] : []),
    ];
    const mme = mmeObservation(id, rows.medications, options.now);
    if (mme) resources.push(mme);
    resources.push(...rows.medications.map(medicationStatementResource));
    if (rows.safetyProfile) resources.push(...allergyResources(rows.safetyProfile));
    resources.push(...rows.therapySessions.map(encounterResource));
    resources.push(...rows.psychNotes.filter((n) => n.kind === "shared_summary").map((n) => documentReferenceResource(n, names.get(n.authorId))));
    out.set(id, sortByType(resources));
  }
  return out;
}

const typeOrder = new Map<string, number>(fhirExportResourceTypes.map((t, i) => [t, i]));
function sortByType(resources: Resource[]): Resource[] {
  return resources.map((r, i) => ({ r, i })).sort((a, b) => (typeOrder.get(a.r.resourceType) ?? 99) - (typeOrder.get(b.r.resourceType) ?? 99) || a.i - b.i).map(({ r }) => r);
}

/** One patient's resources (see patientResourcesFor); an empty list when the patient does not exist. */
export async function patientResources(db: DbOrTx, patientId: string, options: { now: Date }): Promise<Resource[]> {
  const map = await patientResourcesFor(db, [patientId], options);
  return map.get(patientId) ?? [];
}

/** A searchset Bundle of those resources, fullUrl = `${base}/${type}/${id}`. */
export function everythingBundle(resources: Resource[], base: string, options: { now?: Date } = {}): Bundle {
  const entry: BundleEntry[] = resources.map((resource) => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: resource.resourceType === "Patient" ? "match" : "include" },
  }));
  return {
    resourceType: "Bundle",
    type: "searchset",
    timestamp: (options.now ?? new Date()).toISOString(),
    total: resources.filter((r) => r.resourceType === "Patient").length,
    entry,
  };
}

/** How many resources of each type, for reports and tests. */
export function countByType(resources: readonly Resource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  return counts;
}

import { createHash } from "node:crypto";
import {
  addCareTeamMember,
  createSafetyProfile,
  ensureCarePlan,
  findPatientExactly,
  findSafetyProfile,
  importedRowVersions,
  insertImportedPatient,
  insertImportLink,
  insertRow,
  listImportLinks,
  schema,
  updateImportLink,
  updateVersioned,
  type DbOrTx,
  type ImportLinkRow,
  type NewPlanEvent,
  type PlanEventRow,
} from "@stepwise/db";
import { fhirSystems, instrumentDefinitions, InvalidInputError, procedureCatalog, type Allergy, type Role } from "@stepwise/domain";
import type { Patient } from "@medplum/fhirtypes";
import { scoredAssessment } from "../../services/assessments";
import type { BundleItem, ParsedBundle } from "./bundle";
import { mapEntry, mapPatient, type Draft, type Mapped, type PatientDraft } from "./map";

export type ImportAction = "create" | "update" | "skip" | "error";

/** One entry of the bundle as the preview shows it. */
export interface ImportEntryPreview {
  /** 1-based, as a person counts the file's entries. */
  position: number;
  resourceType: string;
  label: string;
  action: ImportAction;
  /** What it becomes in Stepwise (problem, medication, …), null when it is skipped or refused. */
  target: "patient" | "problem" | "allergy" | "medication" | "assessment" | "procedure" | null;
  /** Why it is skipped or refused, or what is updated. */
  reason: string | null;
  warnings: string[];
}

export interface ImportPreview {
  patient: { id: string | null; action: "create" | "match"; name: string; mrn: string };
  entries: ImportEntryPreview[];
  counts: Record<ImportAction, number>;
  /** The preview's result in one value: a commit recomputes it and refuses when it differs. */
  fingerprint: string;
}

/** What a commit does for one entry (internal: the preview shows the public part). */
interface Operation {
  item: BundleItem;
  draft: Draft;
  label: string;
  source: { system: string; value: string };
  hash: string;
  link: ImportLinkRow | undefined;
  /** The row it updates and that row's version as read (null: created). */
  existing: { id: string; version: number } | null;
}

export interface ImportPlan {
  preview: ImportPreview;
  patientDraft: PatientDraft;
  patientId: string | null;
  operations: Operation[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const targetOf = (draft: Draft): ImportEntryPreview["target"] => (draft.kind === "no_known_allergies" ? "allergy" : draft.kind);
const entityTypeOf: Record<Exclude<Draft["kind"], "patient">, string> = {
  problem: "problem",
  allergy: "safety_profile",
  no_known_allergies: "safety_profile",
  medication: "medication",
  assessment: "assessment",
  procedure: "procedure",
};

/** A stable hash of a mapped draft: what Stepwise takes from the entry, not the entry's metadata. */
function hashOf(draft: Draft): string {
  return createHash("sha256").update(JSON.stringify(draft, (_key, value: unknown) => value)).digest("hex");
}

/** The Patient of the bundle: exactly one, or the bundle is refused. */
export function bundlePatient(bundle: ParsedBundle): BundleItem {
  const found = bundle.items.filter((i) => i.resource.resourceType === "Patient");
  if (found.length === 0) throw new ImportRefused("The bundle has no Patient: it must carry the patient the record belongs to.");
  if (found.length > 1) throw new ImportRefused(`The bundle has ${found.length} patients: import one patient's record at a time.`);
  return found[0]!;
}

/** A bundle that cannot be imported as a whole (no patient, the patient's own entry refused). */
export class ImportRefused extends InvalidInputError {
  constructor(message: string) {
    super(message, "bundleJson");
  }
}

/**
 * What importing the bundle would do, read against the record as it stands: the patient (new, or
 * matched on the MRN), and for each entry create / update / skip / error. Entries earlier imports
 * took are found in fhir_resource_links (source type + identifier, or fullUrl): unchanged content
 * is skipped, changed content updates that row.
 */
export async function planImport(db: DbOrTx, bundle: ParsedBundle, options: { now: Date }): Promise<ImportPlan> {
  const patientItem = bundlePatient(bundle);
  const mappedPatient = mapPatient(patientItem.resource as Patient);
  if (mappedPatient.outcome !== "draft" || mappedPatient.draft.kind !== "patient") {
    throw new ImportRefused(`The patient cannot be imported: ${mappedPatient.outcome === "draft" ? "not a patient" : mappedPatient.reason}.`);
  }
  const patientDraft = mappedPatient.draft.values;
  const [matched] = await findPatientExactly(db, { mrn: patientDraft.mrn });
  const patientId = matched?.id ?? null;
  const links = patientId ? await listImportLinks(db, patientId) : [];
  const linkByKey = new Map(links.map((l) => [`${l.resourceType}|${l.sourceSystem}|${l.sourceValue}`, l]));
  const idsOf = (entityType: string) => links.filter((l) => l.entityType === entityType).map((l) => l.entityId);
  const versions = patientId
    ? await importedRowVersions(db, patientId, { problem: idsOf("problem"), medication: idsOf("medication"), assessment: idsOf("assessment"), procedure: idsOf("procedure") })
    : new Map<string, number>();
  const profile = patientId ? await findSafetyProfile(db, patientId) : null;
  if (profile) versions.set(profile.id, profile.version);
  // A Stepwise export of this same patient names its rows by their ids: those rows are already here.
  const rowIds = bundle.items.flatMap((i) => ((i.resource as { identifier?: unknown }).identifier instanceof Array ? ((i.resource as { identifier: { system?: string; value?: string }[] }).identifier) : []))
    .filter((id) => id.system === fhirSystems.rowId && typeof id.value === "string" && UUID.test(id.value))
    .map((id) => id.value!);
  const ownRows = patientId && rowIds.length > 0 ? await importedRowVersions(db, patientId, { problem: rowIds, medication: rowIds, assessment: rowIds, procedure: rowIds }) : new Map<string, number>();

  const patientRefs = new Set([patientItem.fullUrl, patientItem.resource.id ? `Patient/${patientItem.resource.id}` : null].filter((r): r is string => r !== null));
  const context = { bundle, now: options.now, birthDate: new Date(`${patientDraft.dateOfBirth}T00:00:00Z`) };
  const entries: ImportEntryPreview[] = [];
  const operations: Operation[] = [];
  const seen = new Map<string, number>();

  for (const item of bundle.items) {
    const position = item.index + 1;
    const resourceType = item.resource.resourceType;
    if (item === patientItem) {
      entries.push({
        position,
        resourceType,
        label: mappedPatient.label,
        action: patientId ? "skip" : "create",
        target: "patient",
        reason: patientId ? `Already in Stepwise (MRN ${patientDraft.mrn}): the record is added to; the name and birth date are kept as Stepwise has them` : null,
        warnings: [],
      });
      continue;
    }
    const mapped: Mapped = otherPatientRef(item, patientRefs, bundle) ?? mapEntry(item, context);
    if (mapped.outcome !== "draft") {
      entries.push({ position, resourceType, label: mapped.label, action: mapped.outcome, target: null, reason: mapped.reason, warnings: [] });
      continue;
    }
    const source = sourceOf(item);
    if (!source) {
      entries.push({ position, resourceType, label: mapped.label, action: "error", target: null, reason: "missing required field: an identifier or a fullUrl (needed to recognise it on a later import)", warnings: [] });
      continue;
    }
    const key = `${resourceType}|${source.system}|${source.value}`;
    const twin = seen.get(key);
    if (twin !== undefined) {
      entries.push({ position, resourceType, label: mapped.label, action: "error", target: null, reason: `the same ${resourceType} as entry ${twin} (same identifier)`, warnings: [] });
      continue;
    }
    seen.set(key, position);
    const hash = hashOf(mapped.draft);
    const link = linkByKey.get(key);
    const linkedVersion = link ? versions.get(link.entityId) : undefined;
    const existing = link && linkedVersion !== undefined ? { id: link.entityId, version: linkedVersion } : null;
    const target = targetOf(mapped.draft);
    if (!link && source.system === fhirSystems.rowId && ownRows.has(source.value)) {
      entries.push({ position, resourceType, label: mapped.label, action: "skip", target, reason: "Already in this patient's Stepwise record (the file is a Stepwise export of this patient)", warnings: [] });
      continue;
    }
    if (!link && profile && alreadyOnProfile(mapped.draft, profile)) {
      entries.push({ position, resourceType, label: mapped.label, action: "skip", target, reason: "Already on the patient's safety profile", warnings: [] });
      continue;
    }
    if (existing && link!.contentHash === hash) {
      entries.push({ position, resourceType, label: mapped.label, action: "skip", target, reason: "Unchanged since the last import", warnings: [] });
      continue;
    }
    const action: ImportAction = existing ? "update" : "create";
    entries.push({ position, resourceType, label: mapped.label, action, target, reason: existing ? "Changed in the EHR since the last import" : null, warnings: mapped.warnings });
    operations.push({ item, draft: mapped.draft, label: mapped.label, source, hash, link, existing });
  }

  const counts: Record<ImportAction, number> = { create: 0, update: 0, skip: 0, error: 0 };
  for (const e of entries) counts[e.action] += 1;
  const fingerprint = createHash("sha256")
    .update(JSON.stringify({ patientId, entries: entries.map((e) => [e.position, e.action, e.reason]), operations: operations.map((o) => [o.item.index, o.hash, o.existing]), profile: profile ? [profile.id, profile.version] : null }))
    .digest("hex");
  return {
    preview: { patient: { id: patientId, action: patientId ? "match" : "create", name: `${patientDraft.givenName} ${patientDraft.familyName}`, mrn: patientDraft.mrn }, entries, counts, fingerprint },
    patientDraft,
    patientId,
    operations,
  };
}

/** An allergy the profile already lists the same way (or "no known allergies" already recorded). */
function alreadyOnProfile(draft: Draft, profile: { allergies: Allergy[]; noKnownAllergies: boolean }): boolean {
  if (draft.kind === "no_known_allergies") return profile.noKnownAllergies;
  if (draft.kind !== "allergy") return false;
  const a = draft.values;
  return profile.allergies.some((b) => b.substance.toLowerCase() === a.substance.toLowerCase() && b.category === a.category && (b.reaction ?? null) === a.reaction);
}

/** The source identity an entry is matched on across imports (see sourceKeyOf). */
function sourceOf(item: BundleItem): { system: string; value: string } | null {
  const identifiers = (item.resource as { identifier?: { system?: string; value?: string }[] | { system?: string; value?: string } }).identifier;
  const list = Array.isArray(identifiers) ? identifiers : identifiers ? [identifiers] : [];
  const identified = list.find((i) => i.system?.trim() && i.value?.trim());
  if (identified) return { system: identified.system!.slice(0, 500), value: identified.value!.slice(0, 500) };
  if (item.fullUrl) return { system: "urn:ietf:rfc:3986", value: item.fullUrl.slice(0, 500) };
  return null;
}

/** An entry about someone else (its subject or patient names another Patient): refused. */
function otherPatientRef(item: BundleItem, patientRefs: Set<string>, bundle: ParsedBundle): Mapped | null {
  const subject = (item.resource as { subject?: { reference?: string }; patient?: { reference?: string } }).subject ?? (item.resource as { patient?: { reference?: string } }).patient;
  const reference = subject?.reference;
  if (!reference) return null;
  const target = bundle.resolve(reference);
  if (target ? target.resource.resourceType === "Patient" && patientRefs.has(target.fullUrl ?? "") : patientRefs.has(reference)) return null;
  if (target?.resource.resourceType === "Patient" && target.resource.id && patientRefs.has(`Patient/${target.resource.id}`)) return null;
  return { outcome: "error", label: item.resource.resourceType, reason: `it is about another patient (${reference.slice(0, 80)})` };
}

// --- commit ----------------------------------------------------------------------------------------

type EventInput = Omit<NewPlanEvent, "patientId" | "actorId" | "actorRole" | "occurredAt">;

export interface ApplyContext {
  actorId: string;
  actorRole: Role;
  now: Date;
  event: (tx: DbOrTx, patientId: string, e: EventInput) => Promise<PlanEventRow>;
}

export interface ImportResult {
  patientId: string;
  patientCreated: boolean;
  created: number;
  updated: number;
  skipped: number;
  errors: number;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Applies a plan inside the caller's transaction: a new patient (with a care plan, and the importer
 * on the care team), then each operation as the forms would — a versioned row, a plan event, the
 * link to the source resource. Allergies land on the one safety profile, in one versioned update.
 */
export async function applyImport(tx: DbOrTx, plan: ImportPlan, c: ApplyContext): Promise<ImportResult> {
  const meta = { createdBy: c.actorId, updatedBy: c.actorId };
  let patientId = plan.patientId;
  const patientCreated = patientId === null;
  if (patientId === null) {
    const p = plan.patientDraft;
    const firstProblem = plan.operations.find((o) => o.draft.kind === "problem");
    const primaryCondition = firstProblem?.draft.kind === "problem" ? firstProblem.draft.values.diagnosis : "Imported from the EHR";
    const row = await insertImportedPatient(tx, { mrn: p.mrn, givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, sex: p.sex, primaryCondition });
    patientId = row.id;
    await ensureCarePlan(tx, patientId, c.actorId);
    // The importer joins the care team, so the record is reachable; a coordinator then assigns the team.
    if (c.actorRole !== "admin" && c.actorRole !== "patient") await addCareTeamMember(tx, { patientId, userId: c.actorId, role: c.actorRole, isLead: false });
    await c.event(tx, patientId, { entityType: "patient", entityId: patientId, eventType: "patient.imported", summary: `Patient imported from the EHR (FHIR): ${p.givenName} ${p.familyName}, MRN ${p.mrn}`, entityVersion: 1 });
  }
  const pid = patientId;
  const link = async (op: Operation, entityId: string) => {
    if (op.link) await updateImportLink(tx, op.link.id, { entityId, contentHash: op.hash, now: c.now });
    else await insertImportLink(tx, { patientId: pid, resourceType: op.item.resource.resourceType, sourceSystem: op.source.system, sourceValue: op.source.value, entityType: entityTypeOf[op.draft.kind as Exclude<Draft["kind"], "patient">], entityId, contentHash: op.hash, importedBy: c.actorId });
  };
  const key = { patientId: pid, actorId: c.actorId, now: c.now };
  const allergyOps: Operation[] = [];

  for (const op of plan.operations) {
    const draft = op.draft;
    switch (draft.kind) {
      case "patient":
        break;
      case "problem": {
        const v = draft.values;
        const row = op.existing
          ? await updateVersioned(tx, schema.problems, "problem", { ...key, id: op.existing.id, expectedVersion: op.existing.version }, v)
          : await insertRow(tx, schema.problems, { ...v, patientId: pid, ...meta });
        await c.event(tx, pid, { entityType: "problem", entityId: row.id, eventType: op.existing ? "problem.updated" : "problem.created", summary: `Problem ${op.existing ? "updated" : "added"} from the EHR: ${row.diagnosis}`, discipline: "physician", entityVersion: row.version });
        await link(op, row.id);
        break;
      }
      case "medication": {
        const v = draft.values;
        const row = op.existing
          ? await updateVersioned(tx, schema.medications, "medication", { ...key, id: op.existing.id, expectedVersion: op.existing.version }, v)
          : await insertRow(tx, schema.medications, { ...v, patientId: pid, ...meta });
        const what = op.existing ? "changed" : v.status === "stopped" ? "recorded (stopped)" : "started";
        await c.event(tx, pid, { entityType: "medication", entityId: row.id, eventType: op.existing ? "medication.updated" : "medication.created", summary: `Medication ${what} from the EHR: ${row.name}`, discipline: "physician", entityVersion: row.version });
        await link(op, row.id);
        break;
      }
      case "assessment": {
        const v = draft.values;
        const { scored, columns } = scoredAssessment(v.instrument, v.responses);
        const values = { ...columns, administeredAt: v.administeredAt, source: v.source };
        const row = op.existing
          ? await updateVersioned(tx, schema.assessments, "assessment", { ...key, id: op.existing.id, expectedVersion: op.existing.version }, values)
          : await insertRow(tx, schema.assessments, { ...values, patientId: pid, ...meta });
        const label = instrumentDefinitions[v.instrument].label;
        await c.event(tx, pid, { entityType: "assessment", entityId: row.id, eventType: op.existing ? "assessment.updated" : "assessment.submitted", summary: `${label} ${op.existing ? "updated" : "recorded"} from the EHR: ${scored.score ?? "not scored"} (administered ${day(v.administeredAt)})`, entityVersion: row.version });
        await link(op, row.id);
        break;
      }
      case "procedure": {
        const v = draft.values;
        const entry = procedureCatalog[v.procedureType];
        const values = { procedureType: v.procedureType, region: v.region, side: v.side, level: v.level, performedAt: v.performedAt, indication: v.indication, diagnostic: v.diagnostic, followUpPlan: v.followUpPlan, complications: v.complications, status: "performed" as const };
        const row = op.existing
          ? await updateVersioned(tx, schema.procedures, "procedure", { ...key, id: op.existing.id, expectedVersion: op.existing.version }, values)
          : await insertRow(tx, schema.procedures, { ...values, intent: "Recorded in the EHR", expectedBenefit: "Recorded in the EHR", alternatives: "Recorded in the EHR", patientId: pid, ...meta });
        await c.event(tx, pid, { entityType: "procedure", entityId: row.id, eventType: op.existing ? "procedure.updated" : "procedure.performed", summary: `${entry.label} ${op.existing ? "updated" : "recorded as performed"} from the EHR (${day(v.performedAt)})`, discipline: "physician", entityVersion: row.version });
        await link(op, row.id);
        break;
      }
      case "allergy":
      case "no_known_allergies":
        allergyOps.push(op);
        break;
    }
  }

  if (allergyOps.length > 0) {
    const existing = await findSafetyProfile(tx, pid);
    let allergies: Allergy[] = existing?.allergies ?? [];
    let noKnownAllergies = existing?.noKnownAllergies ?? false;
    for (const op of allergyOps) {
      if (op.draft.kind === "no_known_allergies") {
        noKnownAllergies = allergies.length === 0;
      } else if (op.draft.kind === "allergy") {
        const allergy = op.draft.values;
        // An allergy is one substance on the profile: the EHR's newer wording of it replaces the older.
        const same = allergies.findIndex((a) => a.substance.toLowerCase() === allergy.substance.toLowerCase());
        allergies = same === -1 ? [...allergies, allergy] : allergies.map((a, i) => (i === same ? allergy : a));
        noKnownAllergies = false;
      }
    }
    const fields = { allergies: allergies.slice(0, 50), noKnownAllergies };
    const row = existing
      ? await updateVersioned(tx, schema.safetyProfiles, "safety profile", { ...key, id: existing.id, expectedVersion: existing.version }, fields)
      : await createSafetyProfile(tx, { ...fields, patientId: pid, ...meta, createdAt: c.now, updatedAt: c.now });
    const names = allergyOps.map((o) => o.label).join(", ");
    await c.event(tx, pid, { entityType: "safety_profile", entityId: row.id, eventType: existing ? "safety_profile.updated" : "safety_profile.created", summary: `Allergies from the EHR: ${names}`, entityVersion: row.version });
    for (const op of allergyOps) await link(op, row.id);
  }

  const counts = plan.preview.counts;
  return { patientId: pid, patientCreated, created: counts.create - (patientCreated ? 1 : 0), updated: counts.update, skipped: counts.skip, errors: counts.error };
}


import { z } from "zod";
import { clinicalDateSchema, idSchema } from "./common";
import { can } from "./permissions";
import type { Role } from "./roles";

/**
 * What the audit shows of itself. Audit rows carry a JSON detail; some of it is free text a
 * clinician wrote (an override reason, a patient-name search, a note). Those are stored — the
 * audit must be complete — but never shown: a detail key is shown only when it is on this
 * allow-list AND its value has the shape the list gives it; anything else reads "text withheld".
 */
export const TEXT_WITHHELD = "text withheld";

type DetailShape = "id" | "ids" | "token" | "tokens" | "count" | "flag" | "time" | "object" | readonly string[];

/** Keys whose values are ids, enums, versions, counts, flags or timestamps — never prose. */
export const auditDetailAllowList: Readonly<Record<string, DetailShape>> = {
  // ids
  assessmentId: "id",
  caseId: "id",
  connectionId: "id",
  decisionId: "id",
  grantId: "id",
  meetingId: "id",
  nextMeetingId: "id",
  ownerId: "id",
  patientId: "id",
  actorId: "id",
  userId: "id",
  attendeeIds: "ids",
  caseIds: "ids",
  decisionIds: "ids",
  itemIds: "ids",
  meetingIds: "ids",
  noticeIds: "ids",
  patientIds: "ids",
  // enums and names of fields or rules
  action: "token",
  code: "token",
  contactMethod: "token",
  coSigned: "token",
  criterionId: "token",
  direction: "token",
  instrument: "token",
  kind: "token",
  outcome: "token",
  overall: "token",
  policyId: "token",
  procedureType: "token",
  emergencyReason: "token",
  targetType: "token",
  signedInWith: ["password", "reset_code"],
  through: "token",
  to: "token",
  changed: "tokens",
  diary: "tokens",
  overriddenCriteria: "tokens",
  // `reason` is free text on overrides and cancellations: only the gate's own refusal reasons show.
  reason: ["not_on_care_team", "meeting_not_found", "patient_not_found"],
  // counts, versions, flags, times
  appointments: "count",
  carriedOver: "count",
  cursor: "count",
  expectedVersion: "count",
  from: "count",
  limit: "count",
  offset: "count",
  proposals: "count",
  revokedSessions: "count",
  revokedCodes: "count",
  version: "count",
  acknowledgedNoQuorum: "flag",
  active: "flag",
  attended: "flag",
  idempotentReplay: "flag",
  minutes: "flag",
  quorumMet: "flag",
  signedOffAt: "time",
  expiresAt: "time",
  periodFrom: "time",
  periodTo: "time",
  rows: "count",
  // the admin's own audit filter: its keys go through this same list
  filter: "object",
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An enum value or a field/rule/procedure name: one word of letters, digits, `_`, `.` or `-`, no spaces. */
const token = /^[A-Za-z][A-Za-z0-9_.-]{0,59}$/;
const isoTime = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

const isId = (v: unknown) => (typeof v === "string" && uuid.test(v)) || (typeof v === "number" && Number.isSafeInteger(v));
const isToken = (v: unknown) => typeof v === "string" && token.test(v);

function shown(shape: DetailShape, value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof shape !== "string") return typeof value === "string" && shape.includes(value) ? value : TEXT_WITHHELD;
  switch (shape) {
    case "id":
      return isId(value) ? value : TEXT_WITHHELD;
    case "ids":
      return Array.isArray(value) && value.every(isId) ? value : TEXT_WITHHELD;
    case "token":
      return isToken(value) ? value : TEXT_WITHHELD;
    case "tokens":
      return Array.isArray(value) && value.every(isToken) ? value : TEXT_WITHHELD;
    case "count":
      return typeof value === "number" && Number.isFinite(value) ? value : TEXT_WITHHELD;
    case "flag":
      return typeof value === "boolean" ? value : TEXT_WITHHELD;
    case "time":
      return value instanceof Date || (typeof value === "string" && isoTime.test(value)) ? value : TEXT_WITHHELD;
    case "object":
      return typeof value === "object" && !Array.isArray(value) ? redactAuditDetail(value as Record<string, unknown>) : TEXT_WITHHELD;
  }
}

/** The detail as the audit viewer may show it: allow-listed keys of the right shape, everything else withheld. */
export function redactAuditDetail(detail: Readonly<Record<string, unknown>> | null | undefined): Record<string, unknown> | null {
  if (!detail) return null;
  // fromEntries defines own keys: a stored "__proto__" stays a key and cannot become a prototype.
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => {
      const shape = Object.hasOwn(auditDetailAllowList, key) ? auditDetailAllowList[key] : undefined;
      return [key, shape === undefined ? TEXT_WITHHELD : shown(shape, value)];
    }),
  );
}

/**
 * How an access reached the record. Today every clinical access is through the care team (the
 * gate refuses anyone else); a row may name another path in its detail (`through`), which is
 * shown as written, so paths added later (emergency access) need no change here.
 */
export type AccessThrough = "care_team" | "administration" | (string & {});

export function accessThrough(row: { actorRole: string | null; detail: Readonly<Record<string, unknown>> | null }): AccessThrough {
  const named = row.detail?.through;
  if (typeof named === "string" && token.test(named)) return named;
  return row.actorRole === "admin" ? "administration" : "care_team";
}

export const accessThroughLabels: Record<string, string> = { care_team: "Care team", administration: "Administration", emergency_access: "Emergency access" };

export interface AccessRow {
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  at: Date;
  through: AccessThrough;
}

export interface AccessSummary {
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  accesses: number;
  first: Date;
  last: Date;
  actions: string[];
  through: AccessThrough[];
}

/** One line per user: how often, first and last, through what, which actions — newest access first. */
export function summarizeAccess(rows: readonly AccessRow[]): AccessSummary[] {
  const byActor = new Map<string, AccessSummary>();
  for (const row of rows) {
    const key = row.actorId ?? "";
    const s = byActor.get(key);
    if (!s) {
      byActor.set(key, { actorId: row.actorId, actorName: row.actorName, actorRole: row.actorRole, accesses: 1, first: row.at, last: row.at, actions: [row.action], through: [row.through] });
      continue;
    }
    s.accesses += 1;
    if (row.at < s.first) s.first = row.at;
    if (row.at > s.last) s.last = row.at;
    if (!s.actions.includes(row.action)) s.actions.push(row.action);
    if (!s.through.includes(row.through)) s.through.push(row.through);
  }
  return [...byActor.values()].map((s) => ({ ...s, actions: [...s.actions].sort() })).sort((a, b) => b.last.getTime() - a.last.getTime());
}

/**
 * Who may read a patient's access report: the admin for any patient, a coordinator only for a
 * patient on one of their own care teams (the matrix says which roles; this, which patients).
 */
export function mayReadAccessReport(role: Role, onCareTeam: boolean): boolean {
  return can(role, "audit.patientReport") && (role === "admin" || onCareTeam);
}

/** A report without a period covers the last 90 days. */
export const accessReportDefaultDays = 90;

export const patientAccessReportInputSchema = z
  .strictObject({
    patientId: idSchema,
    from: clinicalDateSchema.optional(),
    to: clinicalDateSchema.optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "must not be after 'to'", path: ["from"] });
export type PatientAccessReportInput = z.infer<typeof patientAccessReportInputSchema>;

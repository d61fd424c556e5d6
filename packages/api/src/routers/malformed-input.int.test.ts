import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { clinicalDateRules } from "@stepwise/domain";
import { appRouter } from "../root";
import { selfProcedure } from "../trpc";
import { createBlankPatient, createPatientUser, demoEmails, openSeededClinic, type Clinic } from "../test-support";

// Every procedure of the router — found by walking it, not listed by hand — called with inputs
// generated to be malformed: each call must be refused with a 4xx TRPCError (never a 5xx, never
// success) and write no row. The callers pass each procedure's gate (on the patient's team, the
// coordinator for meetings, the administrator for accounts), so the inputs reach validation.

/** Generated malformed inputs per procedure; the brief is at least 50. */
const RUNS_PER_PROCEDURE = 60;
/** A live stream that wrongly accepted its input is read until its first message, or this long. */
const SUBSCRIPTION_WAIT_MS = 1_000;
const SEED = Date.now();

const { PHYSICIAN, PT, PSYCH, COORD, ADMIN } = demoEmails;

type ProcedureType = "query" | "mutation" | "subscription";
interface RouterProcedure {
  _def: { type: ProcedureType; inputs: unknown[] };
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, RouterProcedure>).map(([path, procedure]) => ({ path, procedure }));

/** Procedures on the patient's own gate (from the router): the patient linked to the walk's patient calls them. */
const selfPaths = new Set(
  procedures
    .filter(({ procedure }) => selfProcedure._def.middlewares.every((m) => ((procedure._def as { middlewares?: unknown[] }).middlewares ?? []).includes(m)))
    .map((p) => p.path),
);
/** The walk's patient account, linked to its patient (made with the clinic). */
let PATIENT = "";

/** Who calls: someone the procedure's gate lets through, so its input is what decides. */
function callerFor(path: string): string {
  if (selfPaths.has(path)) return PATIENT;
  if (path.startsWith("admin.") || path.startsWith("audit.") || path === "questionnaires.crisisText" || path === "questionnaires.setCrisisText") return ADMIN;
  if (path.startsWith("meetings.") || path.startsWith("actionItems.") || path.startsWith("emergencyAccess.review") || path.startsWith("fhir.bulkExport")) return COORD;
  if (path.startsWith("psychNotes.") || path === "clearances.record") return PSYCH;
  if (path.startsWith("therapySessions.")) return PT;
  return PHYSICIAN;
}

// --- valid inputs: the base each malformed one is made from ------------------------------------

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
const ID = randomUUID();
const ID2 = randomUUID();

interface Ids {
  patientId: string;
}

/** A FHIR bundle of one patient, as the import takes it (its JSON text). */
const IMPORT_BUNDLE = JSON.stringify({
  resourceType: "Bundle",
  type: "collection",
  entry: [{ fullUrl: "urn:uuid:7d1f0c2e-3b4a-4c5d-8e6f-000000000001", resource: { resourceType: "Patient", identifier: [{ system: "https://stepwise.example/fhir/mrn", value: "FUZZ-IMPORT-1" }], name: [{ family: "Fuzz", given: ["Import"] }], gender: "female", birthDate: "1970-01-01" } }],
});

/**
 * One valid input per procedure path. A procedure without an entry fails the walk: a new
 * procedure cannot go unfuzzed. `undefined` is the valid input of procedures that take none.
 */
const validInputs: Record<string, (ids: Ids) => unknown> = {
  "me.get": () => undefined,
  "meetings.list": () => ({ recentDays: 30, limit: 10 }),
  "meetings.get": () => ({ meetingId: ID }),
  "meetings.schedule": () => ({ title: "Team review", scheduledFor: inDays(7), durationMinutes: 60, attendeeIds: [ID] }),
  "meetings.updateAttendees": () => ({ meetingId: ID, expectedVersion: 1, attendeeIds: [ID, ID2] }),
  "meetings.proposeAgenda": () => ({ meetingId: ID, offset: 0, limit: 15 }),
  "meetings.addCase": ({ patientId }) => ({ patientId, meetingId: ID, reason: "Candidacy decision pending", carriedFromCaseId: ID2 }),
  "meetings.removeCase": () => ({ caseId: ID, expectedVersion: 1 }),
  "meetings.reorderCases": () => ({ meetingId: ID, expectedVersion: 1, caseIds: [ID, ID2] }),
  "meetings.caseSummary": ({ patientId }) => ({ patientId, meetingId: ID }),
  "meetings.recordDecision": ({ patientId }) => ({
    patientId,
    meetingId: ID,
    caseId: ID2,
    kind: "add_goal",
    goal: { problemId: null, description: "Walk to the shop", measure: "minutes walking", target: "20", targetDate: inDays(60), discipline: "physician" },
  }),
  "meetings.markDiscussed": () => ({ caseId: ID, expectedVersion: 1, discussionNotes: "Discussed;\nplan agreed" }),
  "meetings.close": () => ({ meetingId: ID, expectedVersion: 1, acknowledgeNoQuorum: true }),
  "meetings.confirmDecision": ({ patientId }) => ({ patientId, decisionId: ID, expectedVersion: 1 }),
  "meetings.declineDecision": ({ patientId }) => ({ patientId, decisionId: ID, expectedVersion: 1, reason: "Wait for the pain diary" }),
  "meetings.pendingDecisions": () => ({ limit: 10 }),
  "meetings.markAttendance": () => ({ meetingId: ID, userId: ID2, attended: true, expectedVersion: 1 }),
  "meetings.signOff": () => ({ meetingId: ID }),
  "meetings.mySignOffs": () => ({ limit: 10 }),
  "meetings.minutes": () => ({ meetingId: ID }),
  "actionItems.create": ({ patientId }) => ({ patientId, meetingId: ID, caseId: ID2, description: "Book the MRI", ownerId: ID, dueDate: inDays(7) }),
  "actionItems.update": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, status: "done", dueDate: inDays(7), ownerId: ID2, description: "Book the MRI" }),
  "actionItems.mine": () => ({ limit: 10 }),
  "actionItems.overdue": () => ({ limit: 10 }),
  "patients.list": () => ({ search: "Test", limit: 10, cursor: 0 }),
  "patients.get": ({ patientId }) => ({ patientId }),
  "carePlan.get": ({ patientId }) => ({ patientId }),
  "carePlan.update": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, summary: "Conservative care first", status: "active" }),
  "worklist.mine": () => ({ view: "worklist", cursor: 0, limit: 10 }),
  "worklist.schedule": () => undefined,
  "live.events": ({ patientId }) => ({ patientIds: [patientId], meetingIds: [ID], lastEventId: "12" }),
  "directory.clinicians": () => undefined,
  "admin.listUsers": () => undefined,
  "admin.createUser": () => ({ email: "new.person@stepwise.test", name: "New Person", role: "physician" }),
  "admin.setActive": () => ({ userId: ID, active: false, expectedVersion: 1 }),
  "admin.resetPassword": () => ({ userId: ID }),
  "admin.removeMfa": () => ({ userId: ID }),
  "notices.mine": () => undefined,
  "notices.acknowledge": () => ({ noticeIds: [ID] }),
  "admin.unlock": () => ({ userId: ID }),
  "admin.audit": ({ patientId }) => ({ patientId, actorId: ID, action: "patients.list", from: inDays(-30), to: inDays(0), cursor: 10, direction: "backward", limit: 10 }),
  "audit.patientReport": ({ patientId }) => ({ patientId, from: inDays(-30), to: inDays(0) }),
  "emergencyAccess.lookup": () => ({ givenName: "Margaret", familyName: "Hollis", dateOfBirth: "1958-04-12" }),
  "emergencyAccess.open": ({ patientId }) => ({ patientId, reason: "urgent_consultation", reasonText: "Covering the on-call service tonight for a flare.", password: "a long enough password", code: "123456" }),
  "emergencyAccess.end": () => ({ grantId: ID }),
  "emergencyAccess.forPatient": ({ patientId }) => ({ patientId }),
  "emergencyAccess.reviewQueue": () => undefined,
  "emergencyAccess.review": () => ({ grantId: ID, note: "Checked with the care team.", expectedVersion: 1 }),
  "careTeam.get": ({ patientId }) => ({ patientId }),
  "careTeam.add": ({ patientId }) => ({ patientId, userId: ID }),
  "careTeam.remove": ({ patientId }) => ({ patientId, userId: ID }),
  "careTeam.setLead": ({ patientId }) => ({ patientId, userId: ID }),
  "patientAccess.status": ({ patientId }) => ({ patientId }),
  "patientAccess.invite": ({ patientId }) => ({ patientId }),
  "patientAccess.revoke": ({ patientId }) => ({ patientId }),
  "problems.create": ({ patientId }) => ({
    patientId,
    diagnosis: "Lumbar radiculopathy",
    bodySite: "left leg",
    laterality: "left",
    level: "L5-S1",
    painGenerator: "nerve_root",
    painPattern: "radicular",
    onsetDate: inDays(-100),
    imagingFindings: "Disc protrusion at L5-S1",
    imagingConcordant: true,
    positiveProvocativeTests: 2,
    findings: [],
  }),
  "problems.update": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, diagnosis: "Lumbar radiculopathy", onsetDate: inDays(-100) }),
  "goals.create": ({ patientId }) => ({ patientId, problemId: null, description: "Walk to the shop", measure: "minutes walking", target: "20", targetDate: inDays(60), discipline: "physician" }),
  "goals.update": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, description: "Walk to the park", targetDate: inDays(60) }),
  "planItems.create": ({ patientId }) => ({ patientId, kind: "physical_therapy", ladderStep: 1, discipline: "physical_therapist", title: "Graded activity", rationale: "Core stability", problemId: null, goalIds: [ID] }),
  "planItems.update": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, title: "Graded activity", goalIds: [ID2] }),
  "planItems.transition": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, to: "active", reason: "Started" }),
  "procedures.list": ({ patientId }) => ({ patientId }),
  "procedures.evaluateCandidacy": ({ patientId }) => ({ patientId, procedureType: "medial_branch_block", target: { level: "L4-L5", side: "left", region: "lumbar" } }),
  "procedures.propose": ({ patientId }) => ({
    patientId,
    procedureType: "medial_branch_block",
    level: "L4-L5",
    side: "left",
    region: "lumbar",
    indication: "Axial low back pain",
    intent: "Diagnostic",
    expectedBenefit: "Hours of relief if positive",
    alternatives: "Continue PT",
    followUpPlan: "Pain diary",
    risks: "Soreness where the needle went in",
    withSteroid: false,
  }),
  "procedures.approve": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1 }),
  "procedures.schedule": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 2, scheduledFor: inDays(7) }),
  "procedures.recordPerformed": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 3, performedAt: inDays(-1), preProcedurePain: 7, complications: null }),
  "procedures.recordOutcome": ({ patientId }) => ({
    patientId,
    id: ID,
    expectedVersion: 4,
    timePoint: "3m",
    assessedAt: inDays(-1),
    preProcedurePain: 7,
    painScore: 2,
    functionImprovementPercent: 40,
    sideEffects: "None",
    notes: "Walking further",
    outcomeExpectedVersion: 1,
  }),
  "procedures.recordDiary": ({ patientId }) => ({
    patientId,
    id: ID,
    expectedVersion: 4,
    preProcedurePain: 7,
    points: [{ timePoint: "diary_30m", painScore: 2, assessedAt: inDays(-1) }],
    sideEffects: null,
  }),
  "procedures.cancel": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, reason: "Patient declined" }),
  "procedures.overrideCriterion": ({ patientId }) => ({ patientId, procedureId: ID, criterionId: "conservative_trial", reason: "Agreed at the case conference" }),
  "procedures.handout": ({ patientId }) => ({ patientId, id: ID }),
  "procedures.coSignOverride": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, criterionId: "psych_clearance", note: null }),
  "procedures.confirmHold": ({ patientId }) => ({ patientId, procedureId: ID, drug: "apixaban", note: null }),
  "safetyProfile.get": ({ patientId }) => ({ patientId }),
  "fhir.everything": ({ patientId }) => ({ patientId, base: "https://clinic.example/api/fhir/R4" }),
  "fhir.metadata": () => undefined,
  "safetyProfile.update": ({ patientId }) => ({ patientId, expectedVersion: null, noKnownAllergies: true, allergies: [], anticoagulantsTaking: [], diabetes: null, pregnancy: null, activeInfection: null, implantedDevices: null, renalImpairment: null, overdoseOrSudHistory: null }),
  "messages.mine": () => ({ cursor: 10, limit: 20, direction: "forward" }),
  "messages.sendMine": () => ({ body: "Can I take ibuprofen before the block?" }),
  "messages.markReadMine": () => ({ upToId: 12 }),
  "messages.thread": ({ patientId }) => ({ patientId, cursor: 10, limit: 20, direction: "forward" }),
  "messages.send": ({ patientId }) => ({ patientId, body: "Yes, until the evening before." }),
  "messages.markRead": ({ patientId }) => ({ patientId, upToId: 12 }),
  "messages.triage": ({ patientId }) => ({ patientId, status: "with_team", assignedRole: "physician", version: 1 }),
  "messages.inbox": () => undefined,
  "questionnaires.schedules": ({ patientId }) => ({ patientId }),
  "questionnaires.setSchedule": ({ patientId }) => ({ patientId, instrument: "peg3", everyDays: 7, startsOn: "2026-03-02", active: true, version: 1 }),
  "questionnaires.mine": () => undefined,
  "questionnaires.submit": () => ({ instrument: "peg3", responses: [5, 4, 4] }),
  "questionnaires.diary": () => ({ procedureId: ID }),
  "questionnaires.recordDiary": () => ({ procedureId: ID, timePoint: "diary_30m", painScore: 3 }),
  "questionnaires.crisisText": () => undefined,
  "questionnaires.setCrisisText": () => ({ text: "Call or text 988 now, or call 911 in an emergency.", version: 1 }),
  "safetyResponses.record": ({ patientId }) => ({ patientId, assessmentId: ID, contactMethod: "phone", contactedAt: inDays(0), riskAssessed: "low", safetyPlanInPlace: true, referral: null, notes: null }),
  "clearances.list": ({ patientId }) => ({ patientId }),
  "clearances.request": ({ patientId }) => ({ patientId, procedureType: "scs_trial" }),
  "clearances.record": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, status: "cleared", rationale: "Stable mood, realistic expectations" }),
  "medications.list": ({ patientId }) => ({ patientId }),
  "medications.create": ({ patientId }) => ({ patientId, name: "Naproxen", opioid: null, doseMg: 500, timesPerDay: 2, route: "oral", startedAt: inDays(-30) }),
  "medications.update": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, doseMg: 250, timesPerDay: 2 }),
  "medications.stop": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, stoppedAt: inDays(-1), reason: "Side effects" }),
  "medications.recordMonitoring": ({ patientId }) => ({ patientId, kind: "pdmp_check", performedAt: inDays(-1), result: "No other prescribers" }),
  "therapySessions.log": ({ patientId }) => ({
    patientId,
    idempotencyKey: ID,
    sessionDate: inDays(-1),
    attendance: "attended",
    minutes: 45,
    interventions: ["Walking", "Core stability"],
    painBefore: 6,
    painAfter: 4,
    functionNote: "Stairs easier",
    notes: "Tolerated well",
  }),
  "therapySessions.list": ({ patientId }) => ({ patientId, from: inDays(-30), to: inDays(0), limit: 10 }),
  "therapySessions.page": ({ patientId }) => ({ patientId, cursor: ID, limit: 10 }),
  "therapySessions.correct": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, minutes: 30, sessionDate: inDays(-2) }),
  "psychNotes.create": ({ patientId }) => ({ patientId, kind: "shared_summary", body: "Engaged in CBT" }),
  "psychNotes.list": ({ patientId }) => ({ patientId, limit: 10 }),
  "psychNotes.page": ({ patientId }) => ({ patientId, cursor: ID, limit: 10 }),
  "psychNotes.shareWithPatient": ({ patientId }) => ({ patientId, noteId: ID, shared: true, version: 1 }),
  "portal.plan": () => undefined,
  "portal.procedures": () => undefined,
  "portal.accessReport": () => undefined,
  "assessments.submit": ({ patientId }) => ({ patientId, instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 1], administeredAt: inDays(-3) }),
  "assessments.list": ({ patientId }) => ({ patientId, instrument: "nrs", from: inDays(-30), to: inDays(0), limit: 10 }),
  "assessments.page": ({ patientId }) => ({ patientId, instruments: ["nrs"], from: inDays(-30), to: inDays(0), cursor: ID, limit: 10 }),
  "comments.create": ({ patientId }) => ({ patientId, targetType: "goal", targetId: ID, body: "Agreed" }),
  "comments.list": ({ patientId }) => ({ patientId, targetType: "goal", targetId: ID, limit: 10 }),
  "comments.update": ({ patientId }) => ({ patientId, id: ID, expectedVersion: 1, body: "Agreed, with a caveat" }),
  "timeline.list": ({ patientId }) => ({ patientId, cursor: 10, direction: "backward", limit: 10, discipline: "physician" }),
  "fhir.importPreview": () => ({ bundleJson: IMPORT_BUNDLE }),
  "fhir.importCommit": () => ({ bundleJson: IMPORT_BUNDLE, fingerprint: "0".repeat(64) }),
  "fhir.bulkExportStart": () => ({ groupId: "my-teams", types: ["Patient", "Observation"] }),
  "fhir.bulkExportStatus": () => ({ jobId: ID }),
  "fhir.bulkExportList": () => undefined,
  "fhir.bulkExportCancel": () => ({ jobId: ID }),
  "fhir.bulkExportFile": () => ({ jobId: ID, type: "Patient" }),
};

// --- malformed values -----------------------------------------------------------------------------

/** Characters no field may hold: NUL, other C0 and C1 controls, DEL, a bidi override, a lone surrogate. */
const forbiddenCharacter = fc.constantFrom("\u0000", "\u0001", "\u0008", "\u001b", "\u007f", "\u0085", "\u202e", "\u2066", "\ud800");
const controlString = fc.tuple(fc.string({ maxLength: 12 }), forbiddenCharacter, fc.string({ maxLength: 12 })).map(([a, c, b]) => `${a}${c}${b}`);
/** Longer than any field allows. */
const overLong = fc.constantFrom("x".repeat(100_001), `${"é".repeat(60_000)}`);
/** Dates neither JavaScript nor PostgreSQL keeps as a clinic's date: year 0, −1, 20000, invalid. */
const impossibleDate = fc.constantFrom(new Date("0000-06-15T00:00:00Z"), new Date(Date.UTC(-1, 0, 1)), new Date(Date.UTC(20_000, 0, 1)), new Date(Number.NaN));
const impossibleDateString = fc.constantFrom("0000-06-15", "-000001-01-01", "+020000-01-01", "2026-02-30", "1899-12-31");
const impossibleNumber = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308, 1e30, 2 ** 53 + 2);
const deepObject = fc.integer({ min: 20, max: 60 }).map((depth) => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
});
const nestedArray = fc.constantFrom([[[]]], [[1, [2, [3]]]]);
const hostileObject = fc.constantFrom('{"__proto__": {"isAdmin": true}}', '{"constructor": {"prototype": {"isAdmin": true}}}', '{"prototype": 1}').map((json): unknown => JSON.parse(json));

/** Values no field of any input accepts, whatever its type. */
const neverValid = fc.oneof(controlString, overLong, impossibleDate, impossibleNumber, deepObject, nestedArray, hostileObject);
/**
 * The same for a whole input (or a nested object), less the Dates: zod reads a Date as an object
 * without keys, which an object whose every field is optional takes as `{}` — nothing malformed
 * reaches a rule or a row.
 */
const neverValidInput = fc.oneof(controlString, overLong, impossibleNumber, deepObject, nestedArray, hostileObject);

/** Wrong for this field because of what the valid value is. */
function wrongFor(key: string, valid: unknown): fc.Arbitrary<unknown>[] {
  const options: fc.Arbitrary<unknown>[] = [];
  if (key in clinicalDateRules) {
    // Plausible as dates, not for this field: before the patient's birth, or in 2099.
    options.push(fc.constantFrom(new Date("1900-01-01T00:00:00Z"), new Date("2099-06-15T00:00:00Z"), "1900-01-01", "2099-06-15"));
  }
  if (typeof valid === "string") options.push(fc.constantFrom<unknown>(12, true, {}, ["x"]));
  // A row id sent as digits (the live stream's lastEventId): too many of them, or not digits.
  if (key === "lastEventId") options.push(fc.constantFrom("1".repeat(30), "9007199254740993", "-1", "1e3"));
  if (typeof valid === "number") options.push(fc.constantFrom<unknown>("12", "1".repeat(30), true, [1]));
  // Versions are PostgreSQL integers.
  if (key === "expectedVersion") options.push(fc.constantFrom(2_147_483_648, 0, -1, 1.5));
  if (typeof valid === "boolean") options.push(fc.constantFrom<unknown>("true", 1, [true]));
  if (Array.isArray(valid)) options.push(fc.constantFrom<unknown>({}, "[]", 1));
  if (valid instanceof Date) options.push(impossibleDateString, fc.constantFrom<unknown>(1_780_000_000_000, "next week", {}));
  if (isPlainObject(valid)) options.push(fc.constantFrom<unknown>([], "{}", 1));
  return options;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

type Path = (string | number)[];

/** Every place in a valid input a value can be put: each field, each element, at any depth. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const children: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isPlainObject(value) ? Object.entries(value) : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (Array.isArray(node) || isPlainObject(node) ? (node as Record<string | number, unknown>)[key] : undefined), value);
}

/** A copy of `value` with `replacement` at `path`. */
function withValueAt(value: unknown, path: Path, replacement: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return replacement;
  if (Array.isArray(value)) return value.map((child, i) => (i === key ? withValueAt(child, rest, replacement) : child));
  if (isPlainObject(value)) return { ...value, [key]: withValueAt(value[key], rest, replacement) };
  return value;
}

/** The whole input malformed: wrapped, widened with an unknown or a hostile key, or replaced. */
function malformedWhole(valid: unknown): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [neverValidInput, fc.constant([valid]), fc.constant(null)];
  // A procedure that takes no input is sent extra and hostile keys all the same.
  if (isPlainObject(valid) || valid === undefined) {
    const base = valid ?? {};
    options.push(
      fc.tuple(fc.constantFrom("unexpected", "isAdmin", "score", "reliefPercent"), fc.anything()).map(([key, extra]) => ({ ...base, [key]: extra })),
      fc.constantFrom("__proto__", "constructor", "prototype").map((key) => Object.assign(JSON.parse(`{${JSON.stringify(key)}: {"isAdmin": true}}`) as object, base)),
    );
  }
  return fc.oneof(...options);
}

/** Anything at all, but not an input the procedure may legitimately take with every field defaulted. */
function randomValue(valid: unknown): fc.Arbitrary<unknown> {
  return fc.anything().filter((v) => v !== undefined && !(valid !== undefined && isPlainObject(v) && Object.keys(v).length === 0));
}

function malformedInputs(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const options: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: malformedWhole(valid), weight: 2 },
    { arbitrary: randomValue(valid), weight: 1 },
  ];
  if (paths.length > 0) {
    const oneField = fc.constantFrom(...paths).chain((path) => {
      const key = String(path.at(-1));
      const current = valueAt(valid, path);
      return fc.oneof(isPlainObject(current) ? neverValidInput : neverValid, ...wrongFor(key, current)).map((bad) => withValueAt(valid, path, bad));
    });
    options.push({ arbitrary: oneField, weight: 6 });
  }
  return fc.oneof(...options);
}

// --- the walk ---------------------------------------------------------------------------------------

type Invoke = (input: unknown) => Promise<unknown>;

/** The function a caller exposes for a procedure path ("a.b" → caller.a.b). */
function procedureOf(caller: object, path: string): Invoke {
  const found = path.split(".").reduce<unknown>((node, part) => (typeof node === "object" || typeof node === "function") && node !== null ? (node as Record<string, unknown>)[part] : undefined, caller);
  if (typeof found !== "function") throw new Error(`no caller function for ${path}`);
  return (input) => (found as (input: unknown) => Promise<unknown>)(input);
}

/** A subscription that wrongly started counts as a success once it yields (or stays open). */
async function firstOf(stream: unknown): Promise<unknown> {
  if (typeof stream !== "object" || stream === null || !(Symbol.asyncIterator in stream)) return stream;
  const iterator = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  try {
    return await Promise.race([iterator.next(), new Promise((resolve) => setTimeout(resolve, SUBSCRIPTION_WAIT_MS, "still open"))]);
  } finally {
    await iterator.return?.();
  }
}

let clinic: Clinic;
let ids: Ids;
const callers = new Map<string, object>();
const streamAbort = new AbortController();

async function execute(statement: string): Promise<Record<string, unknown>[]> {
  if (clinic.handle.pglite) return (await clinic.handle.pglite.query<Record<string, unknown>>(statement)).rows;
  return (await clinic.handle.pool!.query(statement)).rows as Record<string, unknown>[];
}

/**
 * Rows per table of the application's schema, as the database catalog lists them. audit_log is left
 * out: a refused call is audited by design (patient-scoped and meeting calls record their failure).
 */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = (await execute("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name"))
    .map((row) => String(row.table_name))
    .filter((name) => name !== "audit_log");
  const [row] = await execute(`select ${tables.map((name) => `(select count(*)::int from "${name}") as "${name}"`).join(", ")}`);
  return Object.fromEntries(tables.map((name) => [name, Number(row?.[name])]));
}

const totals = { procedures: 0, inputs: 0, serverErrors: 0 };

beforeAll(async () => {
  clinic = await openSeededClinic();
  ids = { patientId: await createBlankPatient(clinic, [PHYSICIAN, PT, PSYCH, COORD]) };
  PATIENT = await createPatientUser(clinic, ids.patientId);
  // Signed in before any row is counted: sign-in itself writes a session row.
  for (const email of [PHYSICIAN, PT, PSYCH, COORD, ADMIN, PATIENT]) callers.set(email, await clinic.as(email, undefined, streamAbort.signal));
});

afterAll(async () => {
  streamAbort.abort();
  console.log(`malformed input: ${totals.procedures} procedures, ${totals.inputs} inputs, ${totals.serverErrors} answered 5xx (seed ${SEED})`);
  await clinic?.close();
});

describe("malformed input is a 4xx naming the problem, never a 5xx, and writes nothing", () => {
  it("finds every procedure by walking the router, each with a valid input its own schemas accept", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(70);
    expect(procedures.map((p) => p.procedure._def.type)).toContain("subscription");
    const uncovered = procedures.map((p) => p.path).filter((path) => !(path in validInputs));
    expect(uncovered, "procedures without a valid input to fuzz from").toEqual([]);
    expect(Object.keys(validInputs).filter((path) => !procedures.some((p) => p.path === path)), "entries for procedures that no longer exist").toEqual([]);
    for (const { path, procedure } of procedures) {
      const valid = validInputs[path]!({ patientId: randomUUID() });
      for (const parser of procedure._def.inputs) {
        if (!(parser instanceof z.ZodType)) throw new Error(`${path}: an input parser that is not a zod schema`);
        const result = parser.safeParse(valid);
        expect(result.success, `${path}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    }
  });

  it.each(procedures.map((p) => [p.path, p.procedure._def.type] as const))("%s (%s)", async (path, type) => {
    const build = validInputs[path];
    if (!build) throw new Error(`${path} has no valid input to fuzz from`);
    const call = procedureOf(callers.get(callerFor(path))!, path);
    const inputs = fc.sample(malformedInputs(build(ids)), { numRuns: RUNS_PER_PROCEDURE, seed: SEED });
    const before = await rowCounts();
    const wrong: string[] = [];
    for (const input of inputs) {
      totals.inputs += 1;
      try {
        const out = await call(input);
        const first = type === "subscription" ? await firstOf(out) : out;
        wrong.push(`accepted ${describeInput(input)} → ${describeInput(first)}`);
      } catch (error) {
        const status = error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
        if (status >= 500) totals.serverErrors += 1;
        if (!(error instanceof TRPCError) || status < 400 || status >= 500) {
          wrong.push(`${describeInput(input)} → ${error instanceof TRPCError ? `${error.code} ${error.message}` : String(error)}`);
        }
      }
    }
    totals.procedures += 1;
    expect(wrong.slice(0, 5), `${wrong.length} of ${inputs.length} inputs were not a 4xx`).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });
});

// The patient role against everything else: procedures of the care team, the clinic, the meetings,
// the administrator — each called by the walk's patient account with its valid input. Refused or
// answered, the answer never carries another patient (their id or their name).
describe("a patient, outside their own gate, is refused or answered with nothing of any other patient", () => {
  it("every procedure not on the patient's own gate, from the router, called by a patient account", async () => {
    const others = (await execute("select id::text as id, given_name || ' ' || family_name as name from patients")).filter((r) => r.id !== ids.patientId);
    expect(others.length).toBeGreaterThanOrEqual(40);
    const markers = others.flatMap((r) => [String(r.id), String(r.name)]);
    const patient = callers.get(PATIENT)!;
    const leaks: string[] = [];
    const answered: string[] = [];
    let called = 0;
    for (const { path, procedure } of procedures) {
      if (selfPaths.has(path)) continue;
      called += 1;
      let text: string;
      try {
        const out = await procedureOf(patient, path)(validInputs[path]!(ids));
        text = JSON.stringify((procedure._def.type === "subscription" ? await firstOf(out) : out) ?? null);
        answered.push(path);
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error;
        text = error.message;
      }
      const found = markers.find((m) => text.includes(m));
      if (found) leaks.push(`${path} carries another patient's ${found}`);
    }
    console.log(`a patient outside their own gate: ${called} procedures called, ${answered.length} answered (${answered.join(", ")}), the rest refused`);
    expect(leaks).toEqual([]);
  });
});

function describeInput(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" && v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v));
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { TRPCError, type inferRouterInputs, type inferRouterOutputs } from "@trpc/server";
import { addCareTeamMember, endGrant, ensureCarePlan, insertRow, listAudit, loadPlanRowsFor, removeCareTeamMember, schema, type Database, type PlanRows } from "@stepwise/db";
import { careTeamPatientIds } from "@stepwise/db/testing";
import {
  can,
  decideGrantUse,
  disciplines,
  instrumentDefinitions,
  instruments,
  isReadAction,
  procedureCatalog,
  type Action,
  type ClinicalRole,
  type Discipline,
  type PermissionContext,
  type Role,
} from "@stepwise/domain";
import { appRouter, type AppRouter } from "../root";
import { patientProcedure, selfProcedure } from "../trpc";
import { demoEmails, countQueries, createBlankPatient, createPatientUser, cutPatientAccess, type Clinic, mbbOrder } from "../test-support";
import { useSeededClinic } from "../test-clinic";

// Every patient-scoped procedure of the care-plan API, called by every role on and off the care
// team, against rows built for that one call. The expected outcome is never written by hand: it is
// the domain's permission matrix (`can`) applied to the row context the router authorizes against.
// meetings.* and actionItems.* have their own walker (meetings.int.test.ts); patients.* and live.*
// are tested where they live.

const { PHYSICIAN, PHYSICIAN2, PT, PT2, PSYCH, COORD, ADMIN } = demoEmails;

/** The care team of every fixture patient. physician2, pt2 and admin (who cannot join a team) are never on it. */
const TEAM = [PHYSICIAN, PT, PSYCH, COORD];
const clinicalRoleOf: Record<string, ClinicalRole> = {
  [PHYSICIAN]: "physician",
  [PHYSICIAN2]: "physician",
  [PT]: "physical_therapist",
  [PT2]: "physical_therapist",
  [PSYCH]: "psychologist",
  [COORD]: "coordinator",
};

/**
 * member: on the patient's team; never: not on it; removed: on it while the rows were built, then
 * taken off. grant_*: off the team with an emergency-access grant for the call — read-only,
 * emergency (may write), or expired; grant_emergency_removed: on the team while the rows were
 * built (their own psychotherapy note among them), then off it with an emergency grant.
 */
type Membership = "member" | "never" | "removed" | "grant_read" | "grant_emergency" | "grant_expired" | "grant_emergency_removed" | PatientLink;
/**
 * A `patient` user: own — linked to the case's patient (a patient is never on a care team); other —
 * linked to another patient; revoked / deactivated — linked to the case's patient, signed in, then
 * the link revoked or the account deactivated behind the session's back.
 */
type PatientLink = "patient_own" | "patient_other" | "patient_revoked" | "patient_deactivated";
const isPatientLink = (m: Membership): m is PatientLink => m.startsWith("patient_");
const onTeamWhileBuilding = (m: Membership) => m === "member" || m === "removed" || m === "grant_emergency_removed";
const takenOffAfterBuilding = (m: Membership) => m === "removed" || m === "grant_emergency_removed";
interface CallerSpec {
  label: string;
  email: string;
  role: Role;
  membership: Membership;
}

/** Every role on the team and off it (the demo clinic has one psychologist and one coordinator: off the team means removed from it). */
const callers: readonly CallerSpec[] = [
  { label: "physician", email: PHYSICIAN, role: "physician", membership: "member" },
  { label: "pt", email: PT, role: "physical_therapist", membership: "member" },
  { label: "psychologist", email: PSYCH, role: "psychologist", membership: "member" },
  { label: "coordinator", email: COORD, role: "coordinator", membership: "member" },
  { label: "admin", email: ADMIN, role: "admin", membership: "never" },
  { label: "physician2 (not on the team)", email: PHYSICIAN2, role: "physician", membership: "never" },
  { label: "pt2 (not on the team)", email: PT2, role: "physical_therapist", membership: "never" },
  { label: "psychologist (removed from the team)", email: PSYCH, role: "psychologist", membership: "removed" },
  { label: "coordinator (removed from the team)", email: COORD, role: "coordinator", membership: "removed" },
  { label: "physician2 (read-only emergency access)", email: PHYSICIAN2, role: "physician", membership: "grant_read" },
  { label: "pt2 (clinical-emergency access)", email: PT2, role: "physical_therapist", membership: "grant_emergency" },
  { label: "physician2 (expired emergency access)", email: PHYSICIAN2, role: "physician", membership: "grant_expired" },
  { label: "psychologist (removed, clinical-emergency access)", email: PSYCH, role: "psychologist", membership: "grant_emergency_removed" },
  // Patients sign in as accounts made per case (emailOf): no demo email.
  { label: "patient (own record)", email: "", role: "patient", membership: "patient_own" },
  { label: "patient (another patient's record)", email: "", role: "patient", membership: "patient_other" },
];

/** Procedures that are patient-scoped but tested elsewhere. */
const testedElsewhere = ["meetings.", "actionItems.", "live.", "patients."];

type Caller = Awaited<ReturnType<Clinic["as"]>>;
type RouterInputs = inferRouterInputs<AppRouter>;
type RouterOutputs = inferRouterOutputs<AppRouter>;
type ProcedurePath = { [N in keyof RouterInputs & string]: `${N}.${keyof RouterInputs[N] & string}` }[keyof RouterInputs & string];
type InputOf<P extends ProcedurePath> = P extends `${infer N extends keyof RouterInputs & string}.${infer K}` ? (K extends keyof RouterInputs[N] ? RouterInputs[N][K] : never) : never;
type OutputOf<P extends ProcedurePath> = P extends `${infer N extends keyof RouterOutputs & string}.${infer K}` ? (K extends keyof RouterOutputs[N] ? RouterOutputs[N][K] : never) : never;

/** What the router hands ctx.authorize besides the caller: the row's discipline, its author, the instrument. */
type RowContext = Omit<PermissionContext, "userId">;

/** What one case needs, built for that case alone. */
interface Fixture {
  db: Database;
  patientId: string;
  caller: CallerSpec;
  callerId: string;
  as(email: string): Promise<Caller>;
  userId(email: string): Promise<string>;
  /** The author of "the caller's own" row: the caller, if they are on the team while rows are built and may write one; else `fallback`. */
  ownAuthor(create: Action, fallback: string): string;
  /** Runs `write` as `email` put on the team for its duration: a colleague who wrote a row and has left the team since. */
  asFormerMember<T>(email: string, write: (caller: Caller) => Promise<T>): Promise<T>;
}

interface Built<P extends ProcedurePath> {
  input: InputOf<P>;
  row?: RowContext;
  /** Run on success: proof that the action really happened. */
  check?: (out: OutputOf<P>) => void;
}
type Build<P extends ProcedurePath> = (fx: Fixture) => Promise<Built<P>>;
interface Entry<P extends ProcedurePath> {
  /** The action the router checks. */
  action: Action;
  build?: Build<P>;
  /** Several row contexts (discipline, author, instrument), one case per caller each. */
  variants?: readonly { name: string; build: Build<P> }[];
  /** A blank patient per case: the family's state would otherwise leak from one case into the next. */
  isolate?: true;
}
type Table = { [P in ProcedurePath]?: Entry<P> };

// --- inputs and the rows allowed roles create first ------------------------------------------------

const DAY = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);
/** A moment just past: dates that must not lie in the future. */
const justNow = () => new Date(Date.now() - 60_000);

const ownerOf: Record<Discipline, string> = { physician: PHYSICIAN, physical_therapist: PT, psychologist: PSYCH };
const planItemKindOf = { physician: "medication", physical_therapist: "physical_therapy", psychologist: "psychology" } as const;

const problemInput = (patientId: string) => ({
  patientId,
  diagnosis: "Lumbar facet arthropathy",
  bodySite: "lower back",
  laterality: "left" as const,
  level: "L4-L5",
  painGenerator: "facet_joint" as const,
  painPattern: "axial" as const,
  onsetDate: "2024-01-15",
});
const goalInput = (patientId: string, discipline: Discipline) => ({
  patientId,
  description: "Walk 30 minutes without stopping",
  measure: "minutes walked",
  target: "30",
  targetDate: daysFromNow(60),
  discipline,
});
const planItemInput = (patientId: string, discipline: Discipline) => ({
  patientId,
  kind: planItemKindOf[discipline],
  ladderStep: 1 as const,
  discipline,
  title: `Matrix item (${discipline})`,
  rationale: "Built for one permission-matrix case.",
});
const medicationInput = (patientId: string) => ({ patientId, name: "Naproxen", doseMg: 500, timesPerDay: 2, route: "oral" as const, startedAt: daysFromNow(-10) });
const sessionInput = (patientId: string) => ({
  patientId,
  idempotencyKey: randomUUID(),
  sessionDate: daysFromNow(-1),
  attendance: "attended" as const,
  minutes: 45,
  painBefore: 6,
  painAfter: 4,
});
/** Valid responses for any instrument: every item at its lowest. */
const responsesFor = (instrument: keyof typeof instrumentDefinitions) => Array<number>(instrumentDefinitions[instrument].items).fill(instrumentDefinitions[instrument].itemMin);

const problem = async (fx: Fixture) => (await fx.as(PHYSICIAN)).problems.create(problemInput(fx.patientId));
/** Orders are built the same for the team's cases and the patient's: all they need is a patient and a physician. */
type OrderFixture = Pick<Fixture, "as" | "patientId">;
const proposedOrder = async (fx: OrderFixture) => (await fx.as(PHYSICIAN)).procedures.propose(mbbOrder(fx.patientId));
/** Proposed, with every criterion of a blank record overridden so that the physician may approve it. */
async function approvableOrder(fx: OrderFixture) {
  const doc = await fx.as(PHYSICIAN);
  const order = await proposedOrder(fx);
  let version = order.version;
  for (const criterionId of procedureCatalog.medial_branch_block.criteria) {
    version = (await doc.procedures.overrideCriterion({ patientId: fx.patientId, procedureId: order.id, criterionId, reason: "Agreed at the case conference." })).version;
  }
  return { ...order, version };
}
async function approvedOrder(fx: OrderFixture) {
  const order = await approvableOrder(fx);
  return (await fx.as(PHYSICIAN)).procedures.approve({ patientId: fx.patientId, id: order.id, expectedVersion: order.version });
}
async function scheduledOrder(fx: OrderFixture) {
  const order = await approvedOrder(fx);
  return (await fx.as(PHYSICIAN)).procedures.schedule({ patientId: fx.patientId, id: order.id, expectedVersion: order.version, scheduledFor: daysFromNow(7) });
}
async function performedOrder(fx: OrderFixture) {
  const order = await scheduledOrder(fx);
  return (await fx.as(PHYSICIAN)).procedures.recordPerformed({ patientId: fx.patientId, id: order.id, expectedVersion: order.version, performedAt: justNow(), preProcedurePain: 7 });
}
const blankSafetyProfile = { noKnownAllergies: false, allergies: [], anticoagulantsTaking: [], diabetes: null, pregnancy: null, activeInfection: null, implantedDevices: null, renalImpairment: null, overdoseOrSudHistory: null };
/** §6.4 rows written straight to the tables: the hold plan reads the medication list and the scheduled order. */
async function scheduledEsiOnApixaban(fx: Fixture) {
  const doc = await fx.userId(PHYSICIAN);
  const by = { patientId: fx.patientId, createdBy: doc, updatedBy: doc };
  await insertRow(fx.db, schema.medications, { ...by, name: "Apixaban", catalogKey: "apixaban", drugClass: "anticoagulant", doseMg: 5, timesPerDay: 2, route: "oral", startedAt: daysFromNow(-100) });
  return insertRow(fx.db, schema.procedures, {
    ...by,
    ...mbbOrder(fx.patientId),
    procedureType: "esi_transforaminal",
    status: "scheduled",
    scheduledFor: daysFromNow(2),
    diagnostic: false,
    withSteroid: true,
  });
}
/** A transforaminal ESI performed 20 days ago (pre-procedure NRS 7): its 2-week outcome is due. */
async function performedEsi(fx: Fixture) {
  const doc = await fx.userId(PHYSICIAN);
  return insertRow(fx.db, schema.procedures, {
    ...mbbOrder(fx.patientId),
    patientId: fx.patientId,
    createdBy: doc,
    updatedBy: doc,
    procedureType: "esi_transforaminal",
    status: "performed",
    performedAt: daysFromNow(-20),
    preProcedurePain: 7,
    diagnostic: false,
    withSteroid: true,
  });
}
const requestedClearance = async (fx: Fixture) => (await fx.as(PHYSICIAN)).clearances.request({ patientId: fx.patientId, procedureType: "scs_trial" });
const medication = async (fx: Fixture) => (await fx.as(PHYSICIAN)).medications.create(medicationInput(fx.patientId));
async function comment(fx: Fixture, authorEmail: string) {
  const target = await problem(fx);
  return (await fx.as(authorEmail)).comments.create({ patientId: fx.patientId, targetType: "problem", targetId: target.id, body: "Matrix comment." });
}
/** Someone on the team the coordinator adds for this case, never the caller (who must stay off the team if they are). */
const newcomerFor = (fx: Fixture) => (fx.caller.email === PT2 ? PHYSICIAN2 : PT2);
async function newcomerOnTeam(fx: Fixture) {
  const userId = await fx.userId(newcomerFor(fx));
  await (await fx.as(COORD)).careTeam.add({ patientId: fx.patientId, userId });
  return userId;
}
const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);
const perDiscipline = <P extends ProcedurePath>(build: (fx: Fixture, discipline: Discipline) => Promise<Built<P>>) =>
  disciplines.map((discipline) => ({ name: `${discipline} row`, build: (fx: Fixture) => build(fx, discipline) }));

// --- the table: procedure → action, rows and input, row context -----------------------------------

const table = {
  "carePlan.get": {
    action: "carePlan.read",
    build: async (fx) => ({ input: { patientId: fx.patientId }, check: (out) => expect(out.viewer.userId).toBe(fx.callerId) }),
  },
  "carePlan.update": {
    action: "carePlan.update",
    build: async (fx) => {
      const plan = await ensureCarePlan(fx.db, fx.patientId, await fx.userId(PHYSICIAN));
      return {
        input: { patientId: fx.patientId, id: plan.id, expectedVersion: plan.version, summary: `Reviewed ${randomUUID()}` },
        check: (out) => expect(out).toMatchObject({ id: plan.id, version: plan.version + 1 }),
      };
    },
  },

  "problems.create": {
    action: "problem.create",
    build: async (fx) => ({ input: problemInput(fx.patientId), check: (out) => expect(out).toMatchObject({ version: 1, createdBy: fx.callerId }) }),
  },
  "problems.update": {
    action: "problem.update",
    build: async (fx) => {
      const row = await problem(fx);
      return { input: { patientId: fx.patientId, id: row.id, expectedVersion: row.version, diagnosis: "Bilateral facet arthropathy" }, check: (out) => expect(out.version).toBe(row.version + 1) };
    },
  },

  "goals.create": {
    action: "goal.create",
    variants: perDiscipline(async (fx, discipline) => ({
      input: goalInput(fx.patientId, discipline),
      row: { rowDiscipline: discipline },
      check: (out) => expect(out).toMatchObject({ discipline, createdBy: fx.callerId }),
    })),
  },
  "goals.update": {
    action: "goal.update",
    variants: perDiscipline(async (fx, discipline) => {
      const goal = await (await fx.as(ownerOf[discipline])).goals.create(goalInput(fx.patientId, discipline));
      return {
        input: { patientId: fx.patientId, id: goal.id, expectedVersion: goal.version, description: "Walk 40 minutes without stopping" },
        row: { rowDiscipline: goal.discipline },
        check: (out) => expect(out.version).toBe(goal.version + 1),
      };
    }),
  },

  "planItems.create": {
    action: "planItem.create",
    variants: perDiscipline(async (fx, discipline) => ({
      input: planItemInput(fx.patientId, discipline),
      row: { rowDiscipline: discipline },
      check: (out) => expect(out).toMatchObject({ discipline, status: "proposed" }),
    })),
  },
  "planItems.update": {
    action: "planItem.update",
    variants: perDiscipline(async (fx, discipline) => {
      const item = await (await fx.as(ownerOf[discipline])).planItems.create(planItemInput(fx.patientId, discipline));
      return {
        input: { patientId: fx.patientId, id: item.id, expectedVersion: item.version, title: "Renamed matrix item" },
        row: { rowDiscipline: item.discipline },
        check: (out) => expect(out.version).toBe(item.version + 1),
      };
    }),
  },
  "planItems.transition": {
    action: "planItem.transition",
    variants: perDiscipline(async (fx, discipline) => {
      const item = await (await fx.as(ownerOf[discipline])).planItems.create(planItemInput(fx.patientId, discipline));
      return {
        input: { patientId: fx.patientId, id: item.id, expectedVersion: item.version, to: "active" },
        row: { rowDiscipline: item.discipline },
        check: (out) => expect(out.status).toBe("active"),
      };
    }),
  },

  "procedures.list": {
    action: "carePlan.read",
    build: async (fx) => {
      const order = await proposedOrder(fx);
      return { input: { patientId: fx.patientId }, check: (out) => expect(ids(out)).toContain(order.id) };
    },
  },
  "procedures.evaluateCandidacy": {
    action: "procedure.evaluate",
    build: async (fx) => ({
      input: { patientId: fx.patientId, procedureType: "medial_branch_block" },
      check: (out) => expect(out.criteria.map((c) => c.id)).toEqual([...procedureCatalog.medial_branch_block.criteria]),
    }),
  },
  "procedures.propose": {
    action: "procedure.propose",
    build: async (fx) => ({ input: mbbOrder(fx.patientId), check: (out) => expect(out).toMatchObject({ status: "proposed", createdBy: fx.callerId }) }),
  },
  "procedures.approve": {
    action: "procedure.approve",
    build: async (fx) => {
      const order = await approvableOrder(fx);
      return { input: { patientId: fx.patientId, id: order.id, expectedVersion: order.version }, check: (out) => expect(out).toMatchObject({ status: "approved", approvedBy: fx.callerId }) };
    },
  },
  "procedures.schedule": {
    action: "procedure.schedule",
    build: async (fx) => {
      const order = await approvedOrder(fx);
      return { input: { patientId: fx.patientId, id: order.id, expectedVersion: order.version, scheduledFor: daysFromNow(14) }, check: (out) => expect(out.status).toBe("scheduled") };
    },
  },
  "procedures.recordPerformed": {
    action: "procedure.recordPerformed",
    build: async (fx) => {
      const order = await scheduledOrder(fx);
      return {
        input: { patientId: fx.patientId, id: order.id, expectedVersion: order.version, performedAt: justNow(), preProcedurePain: 7 },
        check: (out) => expect(out.status).toBe("performed"),
      };
    },
  },
  "procedures.recordOutcome": {
    action: "procedure.recordOutcome",
    build: async (fx) => {
      const order = await performedEsi(fx);
      return {
        input: { patientId: fx.patientId, id: order.id, expectedVersion: order.version, timePoint: "2w" as const, assessedAt: justNow(), painScore: 2 },
        check: (out) => expect(out).toMatchObject({ postProcedurePain: 2, reliefPercent: expect.any(Number) }),
      };
    },
  },
  "procedures.recordDiary": {
    action: "procedure.recordDiary",
    build: async (fx) => {
      const order = await performedOrder(fx);
      return {
        input: { patientId: fx.patientId, id: order.id, expectedVersion: order.version, points: [{ timePoint: "diary_30m" as const, painScore: 1, assessedAt: justNow() }] },
        check: (out) => expect(out).toMatchObject({ postProcedurePain: 1, reliefPercent: expect.any(Number) }),
      };
    },
  },
  "procedures.cancel": {
    action: "procedure.cancel",
    build: async (fx) => {
      const order = await proposedOrder(fx);
      return { input: { patientId: fx.patientId, id: order.id, expectedVersion: order.version, reason: "Patient declined" }, check: (out) => expect(out.status).toBe("cancelled") };
    },
  },
  "procedures.overrideCriterion": {
    action: "procedure.override",
    build: async (fx) => {
      const order = await proposedOrder(fx);
      return {
        input: { patientId: fx.patientId, procedureId: order.id, criterionId: "conservative_trial", reason: "Agreed at the case conference." },
        check: (out) => expect(out.overrides).toEqual([expect.objectContaining({ criterionId: "conservative_trial", by: fx.callerId })]),
      };
    },
  },

  "procedures.handout": {
    action: "carePlan.read",
    build: async (fx) => {
      const order = await proposedOrder(fx);
      return { input: { patientId: fx.patientId, id: order.id }, check: (out) => expect(out).toMatchObject({ order: { id: order.id }, label: "Medial branch block" }) };
    },
  },
  // Issue 10: the physician's override of a clearance criterion waits for a psychologist's co-signature.
  "procedures.coSignOverride": {
    action: "procedure.coSignOverride",
    build: async (fx) => {
      const doc = await fx.as(PHYSICIAN);
      const order = await doc.procedures.propose({
        ...mbbOrder(fx.patientId),
        procedureType: "scs_trial",
        level: null,
        side: null,
        region: "thoracic",
        intent: "Trial of spinal cord stimulation",
      });
      const overridden = await doc.procedures.overrideCriterion({ patientId: fx.patientId, procedureId: order.id, criterionId: "psych_clearance", reason: "Agreed at the case conference." });
      return {
        input: { patientId: fx.patientId, id: order.id, expectedVersion: overridden.version, criterionId: "psych_clearance", note: null },
        check: (out) => expect(out.overrides).toEqual([expect.objectContaining({ criterionId: "psych_clearance", coSignedBy: fx.callerId })]),
      };
    },
  },

  // §6.4: apixaban on the list and an ESI scheduled in 2 days (intermediate risk): a hold to confirm.
  "procedures.confirmHold": {
    action: "procedure.confirmHold",
    isolate: true,
    build: async (fx) => {
      const order = await scheduledEsiOnApixaban(fx);
      return {
        input: { patientId: fx.patientId, procedureId: order.id, drug: "apixaban", note: null },
        check: (out) => expect(out.holdConfirmations).toEqual([expect.objectContaining({ drug: "apixaban", confirmedBy: fx.callerId })]),
      };
    },
  },

  "safetyProfile.get": {
    action: "safetyProfile.read",
    build: async (fx) => ({ input: { patientId: fx.patientId }, check: (out) => expect(out === null || out.patientId === fx.patientId).toBe(true) }),
  },
  "safetyProfile.update": {
    action: "safetyProfile.update",
    isolate: true,
    build: async (fx) => ({
      input: { patientId: fx.patientId, expectedVersion: null, ...blankSafetyProfile, noKnownAllergies: true },
      check: (out) => expect(out).toMatchObject({ version: 1, noKnownAllergies: true, createdBy: fx.callerId }),
    }),
  },

  // FHIR R4: the patient's record as a searchset Bundle (never a psychotherapy note).
  "fhir.everything": {
    action: "record.export",
    build: async (fx) => ({
      input: { patientId: fx.patientId },
      check: (out) => expect(out.entry?.filter((e) => e.resource?.resourceType === "Patient").map((e) => e.resource?.id)).toEqual([fx.patientId]),
    }),
  },

  // §6.9: a positive PHQ-9 item 9 on the case's own patient, answered by the caller.
  "safetyResponses.record": {
    action: "safetyFlag.respond",
    isolate: true,
    build: async (fx) => {
      const phq9 = await (await fx.as(PSYCH)).assessments.submit({ patientId: fx.patientId, instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 1] });
      return {
        input: { patientId: fx.patientId, assessmentId: phq9.id, contactMethod: "phone", contactedAt: new Date(), riskAssessed: "low", safetyPlanInPlace: true, referral: null, notes: null },
        check: (out) => expect(out).toMatchObject({ assessmentId: phq9.id, createdBy: fx.callerId }),
      };
    },
  },

  // A second open request for one procedure family is refused: every case gets its own patient.
  "clearances.list": {
    action: "carePlan.read",
    isolate: true,
    build: async (fx) => {
      const clearance = await requestedClearance(fx);
      return { input: { patientId: fx.patientId }, check: (out) => expect(ids(out)).toContain(clearance.id) };
    },
  },
  "clearances.request": {
    action: "clearance.request",
    isolate: true,
    build: async (fx) => ({ input: { patientId: fx.patientId, procedureType: "scs_trial" }, check: (out) => expect(out).toMatchObject({ status: "requested", requestedBy: fx.callerId }) }),
  },
  "clearances.record": {
    action: "clearance.record",
    isolate: true,
    build: async (fx) => {
      const clearance = await requestedClearance(fx);
      return {
        input: { patientId: fx.patientId, id: clearance.id, expectedVersion: clearance.version, status: "cleared", rationale: "No contraindication on evaluation." },
        check: (out) => expect(out).toMatchObject({ status: "cleared", decidedBy: fx.callerId }),
      };
    },
  },

  "medications.list": {
    action: "carePlan.read",
    build: async (fx) => {
      const row = await medication(fx);
      return { input: { patientId: fx.patientId }, check: (out) => expect(ids(out.items)).toContain(row.id) };
    },
  },
  "medications.create": {
    action: "medication.create",
    build: async (fx) => ({ input: medicationInput(fx.patientId), check: (out) => expect(out).toMatchObject({ status: "active", createdBy: fx.callerId }) }),
  },
  "medications.update": {
    action: "medication.update",
    build: async (fx) => {
      const row = await medication(fx);
      return { input: { patientId: fx.patientId, id: row.id, expectedVersion: row.version, doseMg: 250 }, check: (out) => expect(out).toMatchObject({ doseMg: 250, version: row.version + 1 }) };
    },
  },
  "medications.stop": {
    action: "medication.update",
    build: async (fx) => {
      const row = await medication(fx);
      return { input: { patientId: fx.patientId, id: row.id, expectedVersion: row.version, stoppedAt: justNow(), reason: "No longer needed." }, check: (out) => expect(out).toMatchObject({ status: "stopped", stopReason: "No longer needed." }) };
    },
  },
  "medications.recordMonitoring": {
    action: "medication.recordMonitoring",
    build: async (fx) => ({
      input: { patientId: fx.patientId, kind: "pdmp_check", performedAt: justNow(), result: "No other prescribers." },
      check: (out) => expect(out).toMatchObject({ kind: "pdmp_check", createdBy: fx.callerId }),
    }),
  },

  "therapySessions.log": {
    action: "therapySession.log",
    build: async (fx) => ({ input: sessionInput(fx.patientId), check: (out) => expect(out).toMatchObject({ version: 1, authorId: fx.callerId }) }),
  },
  "therapySessions.list": {
    action: "therapySession.read",
    build: async (fx) => {
      const session = await (await fx.as(PT)).therapySessions.log(sessionInput(fx.patientId));
      return { input: { patientId: fx.patientId }, check: (out) => expect(ids(out)).toContain(session.id) };
    },
  },
  "therapySessions.page": {
    action: "therapySession.read",
    build: async (fx) => {
      const session = await (await fx.as(PT)).therapySessions.log(sessionInput(fx.patientId));
      return { input: { patientId: fx.patientId, limit: 100 }, check: (out) => expect(ids((out as { items: { id: string }[] }).items)).toContain(session.id) };
    },
  },
  "therapySessions.correct": {
    action: "therapySession.correct",
    variants: [
      {
        name: "the caller's own session (the PT's when the caller may not log one)",
        build: async (fx) => {
          const session = await (await fx.as(fx.ownAuthor("therapySession.log", PT))).therapySessions.log(sessionInput(fx.patientId));
          return {
            input: { patientId: fx.patientId, id: session.id, expectedVersion: session.version, minutes: 40 },
            row: { rowAuthorId: session.authorId },
            check: (out) => expect(out).toMatchObject({ minutes: 40, version: session.version + 1 }),
          };
        },
      },
      {
        name: "another PT's session",
        build: async (fx) => {
          const input = sessionInput(fx.patientId);
          const session = fx.caller.email === PT ? await fx.asFormerMember(PT2, (pt2) => pt2.therapySessions.log(input)) : await (await fx.as(PT)).therapySessions.log(input);
          return {
            input: { patientId: fx.patientId, id: session.id, expectedVersion: session.version, minutes: 40 },
            row: { rowAuthorId: session.authorId },
            check: (out) => expect(out.version).toBe(session.version + 1),
          };
        },
      },
    ],
  },

  "psychNotes.create": {
    action: "psychNote.create",
    variants: (["shared_summary", "psychotherapy"] as const).map((kind) => ({
      name: kind,
      build: async (fx: Fixture): Promise<Built<"psychNotes.create">> => ({
        input: { patientId: fx.patientId, kind, body: "Matrix note." },
        check: (out) => expect(out).toMatchObject({ kind, authorId: fx.callerId }),
      }),
    })),
  },
  "psychNotes.list": {
    action: "psychNote.readSharedSummary",
    build: async (fx) => {
      const note = await (await fx.as(PSYCH)).psychNotes.create({ patientId: fx.patientId, kind: "shared_summary", body: "Shared with the team." });
      return { input: { patientId: fx.patientId }, check: (out) => expect(ids(out)).toContain(note.id) };
    },
  },

  "psychNotes.page": {
    action: "psychNote.readSharedSummary",
    build: async (fx) => {
      const note = await (await fx.as(PSYCH)).psychNotes.create({ patientId: fx.patientId, kind: "shared_summary", body: "Shared with the team." });
      return { input: { patientId: fx.patientId, limit: 100 }, check: (out) => expect(ids((out as { items: { id: string }[] }).items)).toContain(note.id) };
    },
  },
  // Author only: the caller's own summary when they may write one, the psychologist's otherwise.
  "psychNotes.shareWithPatient": {
    action: "psychNote.shareWithPatient",
    build: async (fx) => {
      const note = await (await fx.as(fx.ownAuthor("psychNote.create", PSYCH))).psychNotes.create({ patientId: fx.patientId, kind: "shared_summary", body: "For the patient too." });
      return {
        input: { patientId: fx.patientId, noteId: note.id, shared: true, version: note.version },
        row: { rowAuthorId: note.authorId },
        check: (out) => expect(out).toMatchObject({ id: note.id, sharedWithPatient: true, version: note.version + 1 }),
      };
    },
  },

  "assessments.submit": {
    action: "assessment.submit",
    variants: instruments.map((instrument) => ({
      name: instrument,
      build: async (fx: Fixture): Promise<Built<"assessments.submit">> => ({
        input: { patientId: fx.patientId, instrument, responses: responsesFor(instrument) },
        row: { instrument },
        check: (out) => expect(out).toMatchObject({ instrument, createdBy: fx.callerId }),
      }),
    })),
  },
  "assessments.list": {
    action: "assessment.read",
    build: async (fx) => {
      const row = await (await fx.as(PT)).assessments.submit({ patientId: fx.patientId, instrument: "nrs", responses: [5] });
      return { input: { patientId: fx.patientId }, check: (out) => expect(ids(out)).toContain(row.id) };
    },
  },

  "assessments.page": {
    action: "assessment.read",
    build: async (fx) => {
      const row = await (await fx.as(PT)).assessments.submit({ patientId: fx.patientId, instrument: "nrs", responses: [5] });
      return { input: { patientId: fx.patientId, instruments: ["nrs"], limit: 100 }, check: (out) => expect(ids((out as { items: { id: string }[] }).items)).toContain(row.id) };
    },
  },

  "comments.create": {
    action: "comment.create",
    build: async (fx) => {
      const target = await problem(fx);
      return {
        input: { patientId: fx.patientId, targetType: "problem", targetId: target.id, body: "Seen, agree." },
        check: (out) => expect(out).toMatchObject({ targetId: target.id, authorId: fx.callerId }),
      };
    },
  },
  "comments.list": {
    action: "comment.read",
    build: async (fx) => {
      const row = await comment(fx, PHYSICIAN);
      return { input: { patientId: fx.patientId, targetType: "problem", targetId: row.targetId }, check: (out) => expect(ids(out)).toEqual([row.id]) };
    },
  },
  "comments.update": {
    action: "comment.update",
    variants: [
      {
        name: "the caller's own comment (the physician's when the caller may not comment)",
        build: async (fx) => {
          const row = await comment(fx, fx.ownAuthor("comment.create", PHYSICIAN));
          return {
            input: { patientId: fx.patientId, id: row.id, expectedVersion: row.version, body: "Edited." },
            row: { rowAuthorId: row.authorId },
            check: (out) => expect(out).toMatchObject({ body: "Edited.", version: row.version + 1 }),
          };
        },
      },
      {
        name: "a colleague's comment",
        build: async (fx) => {
          const row = await comment(fx, fx.caller.email === PHYSICIAN ? PT : PHYSICIAN);
          return {
            input: { patientId: fx.patientId, id: row.id, expectedVersion: row.version, body: "Edited." },
            row: { rowAuthorId: row.authorId },
            check: (out) => expect(out.version).toBe(row.version + 1),
          };
        },
      },
    ],
  },

  // The patient's conversation, from the team's side.
  "messages.thread": {
    action: "message.read",
    build: async (fx) => {
      const message = await (await fx.as(COORD)).messages.send({ patientId: fx.patientId, body: "Matrix message." });
      return { input: { patientId: fx.patientId }, check: (out) => expect(out.items.map((m) => m.id)).toContain(message.id) };
    },
  },
  "messages.send": {
    action: "message.send",
    build: async (fx) => ({ input: { patientId: fx.patientId, body: "We will call you tomorrow." }, check: (out) => expect(out).toMatchObject({ id: expect.any(Number), thread: { status: "answered" } }) }),
  },
  "messages.markRead": {
    action: "message.read",
    isolate: true,
    build: async (fx) => {
      const message = await (await fx.as(COORD)).messages.send({ patientId: fx.patientId, body: "Matrix message." });
      return { input: { patientId: fx.patientId, upToId: message.id }, check: (out) => expect(out.lastReadId).toBe(message.id) };
    },
  },
  "messages.triage": {
    action: "message.triage",
    isolate: true,
    build: async (fx) => {
      const { thread } = await (await fx.as(PHYSICIAN)).messages.send({ patientId: fx.patientId, body: "Matrix message." });
      return { input: { patientId: fx.patientId, status: "closed", version: thread!.version }, check: (out) => expect(out).toMatchObject({ status: "closed", version: thread!.version + 1 }) };
    },
  },

  // Questionnaires between visits: the team reads and sets the patient's schedules.
  "questionnaires.schedules": {
    action: "assessment.read",
    build: async (fx) => ({ input: { patientId: fx.patientId }, check: (out) => expect(out.answerable).toEqual(["nrs", "peg3", "phq9", "gad7"]) }),
  },
  "questionnaires.setSchedule": {
    action: "questionnaireSchedule.manage",
    isolate: true,
    build: async (fx) => ({
      input: { patientId: fx.patientId, instrument: "peg3" as const, everyDays: 7, startsOn: new Date().toISOString().slice(0, 10), active: true },
      check: (out) => expect(out).toMatchObject({ instrument: "peg3", everyDays: 7, version: 1, createdBy: fx.callerId }),
    }),
  },

  "timeline.list": {
    action: "timeline.read",
    build: async (fx) => {
      const row = await problem(fx);
      return { input: { patientId: fx.patientId }, check: (out) => expect(out.items.map((e) => e.entityId)).toContain(row.id) };
    },
  },

  // Membership is the fixture here: every case gets its own patient.
  "emergencyAccess.forPatient": {
    action: "patient.read",
    build: async (fx) => ({ input: { patientId: fx.patientId }, check: (out) => expect(Array.isArray(out)).toBe(true) }),
  },
  "careTeam.get": {
    action: "patient.read",
    isolate: true,
    build: async (fx) => {
      const physicianId = await fx.userId(PHYSICIAN);
      return { input: { patientId: fx.patientId }, check: (out) => expect(out.team.map((m) => m.userId)).toContain(physicianId) };
    },
  },
  "careTeam.add": {
    action: "careTeam.manage",
    isolate: true,
    build: async (fx) => {
      const userId = await fx.userId(newcomerFor(fx));
      return { input: { patientId: fx.patientId, userId }, check: (out) => expect(out.userId).toBe(userId) };
    },
  },
  "careTeam.remove": {
    action: "careTeam.manage",
    isolate: true,
    build: async (fx) => {
      const userId = await newcomerOnTeam(fx);
      return { input: { patientId: fx.patientId, userId }, check: (out) => expect(out.userId).toBe(userId) };
    },
  },
  "careTeam.setLead": {
    action: "careTeam.manage",
    isolate: true,
    build: async (fx) => {
      const userId = await newcomerOnTeam(fx);
      return { input: { patientId: fx.patientId, userId }, check: (out) => expect(out).toMatchObject({ userId, isLead: true }) };
    },
  },
  "patientAccess.status": {
    action: "patient.read",
    build: async (fx) => ({ input: { patientId: fx.patientId }, check: (out) => expect(["none", "invited", "active", "revoked"]).toContain(out.state) }),
  },
  "patientAccess.invite": {
    action: "patientAccount.invite",
    isolate: true,
    build: async (fx) => ({ input: { patientId: fx.patientId }, check: (out) => expect(out.path).toBe(`/invite?code=${out.code}`) }),
  },
  "patientAccess.revoke": {
    action: "patientAccount.revoke",
    isolate: true,
    build: async (fx) => {
      const coord = await fx.as(COORD);
      // The patient's own caller already has the live account; anyone else finds an invitation to revoke.
      if ((await coord.patientAccess.status({ patientId: fx.patientId })).state !== "active") await coord.patientAccess.invite({ patientId: fx.patientId });
      return { input: { patientId: fx.patientId }, check: (out) => expect(out).toMatchObject({ revokedAccount: false, revokedInvitations: 1 }) };
    },
  },
} satisfies Table;

// --- the patient's side: every procedure built on selfProcedure ------------------------------------

/** What a patient-side case needs: its own patient (the account calling is linked to it), rows built by the team. */
interface SelfFixture {
  db: Database;
  patientId: string;
  as(email: string): Promise<Caller>;
  userId(email: string): Promise<string>;
}
interface SelfEntry<P extends ProcedurePath> {
  /** The action the router checks (the patient's record is the session's, never the input's). */
  action: Action;
  build: (fx: SelfFixture) => Promise<Built<P>>;
  /**
   * The input names rows by id (an order, a message): called by a patient linked to another record,
   * those rows are another patient's and the answer is NOT_FOUND. Without ids, that patient's call
   * answers about their own record, never this one.
   */
  namesRows?: true;
}
type SelfTable = { [P in ProcedurePath]?: SelfEntry<P> };

/** A message from the care team in the case's patient's conversation. */
const teamMessage = async (fx: SelfFixture) => (await fx.as(COORD)).messages.send({ patientId: fx.patientId, body: "Your appointment is confirmed for Tuesday." });

/** PEG every week from today, set by the physician: one questionnaire due. */
const weeklyPeg = async (fx: SelfFixture) =>
  (await fx.as(PHYSICIAN)).questionnaires.setSchedule({ patientId: fx.patientId, instrument: "peg3", everyDays: 7, startsOn: new Date().toISOString().slice(0, 10), active: true });

const selfTable = {
  "messages.mine": {
    action: "message.read",
    build: async (fx) => {
      const message = await teamMessage(fx);
      return { input: {}, check: (out) => expect(out.items.map((m) => m.id)).toEqual([message.id]) };
    },
  },
  "messages.sendMine": {
    action: "message.send",
    build: async () => ({ input: { body: "Is it normal that my back is sore after the block?" }, check: (out) => expect(out.id).toBeGreaterThan(0) }),
  },
  "questionnaires.mine": {
    action: "portal.read",
    build: async (fx) => {
      await weeklyPeg(fx);
      return { input: undefined, check: (out) => expect(out.scheduled.map((q) => q.instrument)).toEqual(["peg3"]) };
    },
  },
  "questionnaires.submit": {
    action: "portal.submitQuestionnaire",
    build: async (fx) => {
      await weeklyPeg(fx);
      return { input: { instrument: "peg3", responses: [5, 4, 4] }, check: (out) => expect(out).toMatchObject({ instrument: "peg3", crisis: null }) };
    },
  },
  // A diagnostic block's diary names the order: another patient's order is NOT_FOUND.
  "questionnaires.diary": {
    action: "portal.read",
    namesRows: true,
    build: async (fx) => {
      const order = await scheduledOrder(fx);
      return { input: { procedureId: order.id }, check: (out) => expect(out).toMatchObject({ procedureId: order.id, state: "waiting", label: "Medial branch block" }) };
    },
  },
  "questionnaires.recordDiary": {
    action: "portal.recordDiary",
    namesRows: true,
    build: async (fx) => {
      // The pain before the block is recorded on the block's day: booked for later today.
      const approved = await approvedOrder(fx);
      const order = await (await fx.as(PHYSICIAN)).procedures.schedule({ patientId: fx.patientId, id: approved.id, expectedVersion: approved.version, scheduledFor: new Date(Date.now() + 60_000) });
      return { input: { procedureId: order.id, timePoint: "pre", painScore: 7 }, check: (out) => expect(out.id).toBe(order.id) };
    },
  },
  // upToId is a position in the patient's own conversation (bounded by its last message), not a row to find.
  "messages.markReadMine": {
    action: "message.read",
    build: async (fx) => {
      const message = await teamMessage(fx);
      return { input: { upToId: message.id }, check: (out) => expect(out.lastReadId).toBe(message.id) };
    },
  },
  "portal.plan": {
    action: "portal.read",
    build: async (fx) => {
      const goal = await (await fx.as(PT)).goals.create(goalInput(fx.patientId, "physical_therapist"));
      return { input: undefined, check: (out) => expect(ids(out.goals)).toEqual([goal.id]) };
    },
  },
  "portal.procedures": {
    action: "portal.read",
    build: async (fx) => {
      const order = await (await fx.as(PHYSICIAN)).procedures.propose(mbbOrder(fx.patientId));
      return { input: undefined, check: (out) => expect(ids(out)).toEqual([order.id]) };
    },
  },
  "portal.accessReport": {
    action: "portal.read",
    build: async (fx) => {
      await (await fx.as(PHYSICIAN)).carePlan.get({ patientId: fx.patientId });
      return { input: undefined, check: (out) => expect(out.accesses.map((a) => a.role)).toContain("Pain doctor") };
    },
  },
} satisfies SelfTable;

// --- the walker -------------------------------------------------------------------------------------

type Outcome = "ok" | TRPCError["code"];

/**
 * The matrix's answer: off the team (admin always is) NOT_FOUND; on it, what `can` says about this
 * row. Through an active grant, first what the grant allows (decideGrantUse: reads, writes only in
 * an emergency, psychotherapy notes never), then the same `can`; an expired grant is no grant.
 */
function expectedOutcome(caller: CallerSpec, callerId: string, action: Action, row: RowContext, write: boolean): Outcome {
  const m = caller.membership;
  if (m === "grant_read" || m === "grant_emergency" || m === "grant_emergency_removed") {
    if (!decideGrantUse({ emergency: m !== "grant_read" }, caller.role, { write, action }).allowed) return "FORBIDDEN";
    return can(caller.role, action, { ...row, userId: callerId }) ? "ok" : "FORBIDDEN";
  }
  if (m !== "member") return "NOT_FOUND";
  return can(caller.role, action, { ...row, userId: callerId }) ? "ok" : "FORBIDDEN";
}

/** A grant row for one case (the open procedure, with its password re-entry, is tested on its own). */
async function grantFor(caller: CallerSpec, patientId: string, userId: string): Promise<string | undefined> {
  const m = caller.membership;
  if (m !== "grant_read" && m !== "grant_emergency" && m !== "grant_expired" && m !== "grant_emergency_removed") return undefined;
  const now = Date.now();
  const grantedAt = new Date(m === "grant_expired" ? now - 2 * 3_600_000 : now - 60_000);
  const row = await insertRow(clinic.handle.db, schema.accessGrants, {
    patientId,
    userId,
    reason: m === "grant_read" || m === "grant_expired" ? "urgent_consultation" : "clinical_emergency",
    reasonText: "Permission walker: one call through emergency access.",
    emergency: m !== "grant_read" && m !== "grant_expired",
    grantedAt,
    expiresAt: new Date(grantedAt.getTime() + 3_600_000),
  });
  return row.id;
}

/** Patient accounts of the walk by the patient they are linked to (a record has one active account at a time). */
const patientEmails = new Map<string, Promise<string>>();
let otherPatientEmail: Promise<string> | undefined;

/**
 * The caller with the email it signs in with: a patient's account is made for the case's patient
 * (or, for "another patient's record", for a patient of its own), signed in before its access is cut.
 */
async function signedIn(caller: CallerSpec, patientId: string): Promise<CallerSpec> {
  const m = caller.membership;
  if (!isPatientLink(m)) return caller;
  let email: string;
  if (m === "patient_other") {
    otherPatientEmail ??= createBlankPatient(clinic, TEAM).then((other) => createPatientUser(clinic, other, "other-patient"));
    email = await otherPatientEmail;
  } else if (m === "patient_own") {
    if (!patientEmails.has(patientId)) patientEmails.set(patientId, createPatientUser(clinic, patientId));
    email = await patientEmails.get(patientId)!;
  } else {
    email = await createPatientUser(clinic, patientId, m === "patient_revoked" ? "revoked-patient" : "deactivated-patient");
    await clinic.userId(email);
    await cutPatientAccess(clinic, email, m === "patient_revoked" ? "revoke_link" : "deactivate_account");
  }
  return { ...caller, email };
}

const isMutation = (path: string) => (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)[path]?._def.type === "mutation";

async function attempt(call: () => Promise<unknown>): Promise<{ outcome: Outcome; value?: unknown; message?: string }> {
  try {
    return { outcome: "ok", value: await call() };
  } catch (error) {
    if (error instanceof TRPCError) return { outcome: error.code, message: error.message };
    throw error;
  }
}

/** Calls `path` ("goals.update") on a caller; the table's types already tie each input to its path. */
function invoke(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const [namespace, name] = path.split(".");
  const procedure = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[namespace!]?.[name!];
  if (!procedure) throw new Error(`no procedure ${path} on the caller`);
  return procedure(input);
}

/** Every procedure built on patientProcedure (its care-team check among its middlewares), from the router itself. */
function patientScopedPaths(): string[] {
  const membershipCheck = patientProcedure._def.middlewares;
  // Typed as the nested record, but flat at runtime: "carePlan.get" → procedure.
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: unknown }>;
  return Object.entries(procedures)
    .filter(([, procedure]) => {
      const middlewares = (procedure._def as { middlewares?: unknown[] }).middlewares ?? [];
      return membershipCheck.every((m) => middlewares.includes(m));
    })
    .map(([path]) => path)
    .sort();
}

/** Every procedure built on selfProcedure (the patient's own record, from the session), from the router itself. */
function selfScopedPaths(): string[] {
  const linkCheck = selfProcedure._def.middlewares;
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: unknown }>;
  return Object.entries(procedures)
    .filter(([, procedure]) => {
      const middlewares = (procedure._def as { middlewares?: unknown[] }).middlewares ?? [];
      return linkCheck.every((m) => middlewares.includes(m));
    })
    .map(([path]) => path)
    .sort();
}

interface LooseEntry {
  action: Action;
  build?: Build<ProcedurePath>;
  variants?: readonly { name: string; build: Build<ProcedurePath> }[];
  isolate?: true;
}
const entries = Object.entries(table as unknown as Record<string, LooseEntry>);
const variantsOf = (entry: LooseEntry) => entry.variants ?? (entry.build ? [{ name: "", build: entry.build }] : []);

const clinic = useSeededClinic();

describe("permission matrix: every patient-scoped procedure × every role, on and off the care team", () => {
  /** One blank patient per router (procedure family), shared by the cases that need no patient of their own. */
  const families = new Map<string, Promise<string>>();
  const familyPatient = (path: string) => {
    const family = path.split(".")[0]!;
    if (!families.has(family)) families.set(family, createBlankPatient(clinic, TEAM));
    return families.get(family)!;
  };
  let cases = 0;

  async function fixture(patientId: string, caller: CallerSpec): Promise<Fixture> {
    const callerOnTeamWhileBuilding = onTeamWhileBuilding(caller.membership);
    return {
      db: clinic.handle.db,
      patientId,
      caller,
      callerId: await clinic.userId(caller.email),
      as: (email) => clinic.as(email),
      userId: (email) => clinic.userId(email),
      ownAuthor: (create, fallback) => (callerOnTeamWhileBuilding && can(caller.role, create) ? caller.email : fallback),
      async asFormerMember(email, write) {
        const role = clinicalRoleOf[email];
        if (!role) throw new Error(`${email} cannot join a care team`);
        const userId = await clinic.userId(email);
        await addCareTeamMember(clinic.handle.db, { patientId, userId, role });
        try {
          return await write(await clinic.as(email));
        } finally {
          await removeCareTeamMember(clinic.handle.db, patientId, userId);
        }
      },
    };
  }

  afterAll(() => {
    console.log(`permission matrix: ${cases} cases across ${entries.length} procedures`);
  });

  it("covers every patient-scoped procedure of the API, and nothing else", () => {
    const scoped = patientScopedPaths().filter((path) => !testedElsewhere.some((prefix) => path.startsWith(prefix)));
    expect(scoped.length).toBeGreaterThanOrEqual(40);
    expect(entries.map(([path]) => path).sort()).toEqual(scoped);
  });

  for (const [path, entry] of entries) {
    it(`${path} (${entry.action})`, async () => {
      const mismatches: string[] = [];
      for (const variant of variantsOf(entry)) {
        for (const spec of callers) {
          const patientId = entry.isolate || takenOffAfterBuilding(spec.membership) ? await createBlankPatient(clinic, TEAM) : await familyPatient(path);
          const caller = await signedIn(spec, patientId);
          const fx = await fixture(patientId, caller);
          const built = await variant.build(fx);
          if (takenOffAfterBuilding(caller.membership)) await removeCareTeamMember(clinic.handle.db, patientId, fx.callerId);
          // As the gate counts it: a mutation, or a query that checks an action that is not a read, writes.
          const expected = expectedOutcome(caller, fx.callerId, entry.action, built.row ?? {}, isMutation(path) || !isReadAction(entry.action));
          const grantId = await grantFor(caller, patientId, fx.callerId);
          const actual = await attempt(async () => invoke(await clinic.as(caller.email), path, built.input)).finally(async () => {
            if (grantId) await endGrant(clinic.handle.db, grantId, fx.callerId, new Date());
          });
          cases += 1;
          const what = `${path}${variant.name ? ` [${variant.name}]` : ""} as ${caller.label}`;
          if (actual.outcome !== expected) {
            mismatches.push(`${what}: matrix says ${expected}, router answered ${actual.outcome}${actual.message ? ` (${actual.message})` : ""}`);
          } else if (actual.outcome === "ok" && built.check) {
            try {
              (built.check as (out: unknown) => void)(actual.value);
            } catch (error) {
              mismatches.push(`${what}: succeeded, but the result does not show it: ${(error as Error).message}`);
            }
          }
        }
      }
      // Signed out: refused before anything else, once per procedure.
      const [first] = variantsOf(entry);
      if (!first) throw new Error(`${path} has no case`);
      const patientId = entry.isolate ? await createBlankPatient(clinic, TEAM) : await familyPatient(path);
      const built = await first.build(await fixture(patientId, callers[0]!));
      const anonymous = await attempt(() => invoke(clinic.anonymous(), path, built.input));
      cases += 1;
      if (anonymous.outcome !== "UNAUTHORIZED") mismatches.push(`${path} signed out: expected UNAUTHORIZED, got ${anonymous.outcome}`);
      expect(mismatches).toEqual([]);
    });
  }
});

describe("the patient's side: every selfProcedure × every role, the patient's own record and another's", () => {
  /** The staff of `callers` as they stand on the case's team (on it or not, selfProcedure lets none of them in), and each kind of patient account. */
  const selfCallers: readonly CallerSpec[] = [
    ...callers.filter((c) => c.membership === "member" || c.membership === "never"),
    { label: "patient (own record)", email: "", role: "patient", membership: "patient_own" },
    { label: "patient (another patient's record)", email: "", role: "patient", membership: "patient_other" },
    { label: "patient (link revoked after signing in)", email: "", role: "patient", membership: "patient_revoked" },
    { label: "patient (account deactivated after signing in)", email: "", role: "patient", membership: "patient_deactivated" },
  ];
  const selfEntries = Object.entries(selfTable as unknown as Record<string, SelfEntry<ProcedurePath>>);
  /** What a patient's own call was allowed, per procedure: the role's share of the matrix, as walked. */
  const allowedForPatient = new Set<string>();
  let cases = 0;

  /** The matrix's answer: only a patient account with a live link gets in, then `can` decides; rows of another record are NOT_FOUND. */
  function expectedSelf(caller: CallerSpec, callerId: string, entry: SelfEntry<ProcedurePath>, row: RowContext): Outcome {
    const m = caller.membership;
    if (m !== "patient_own" && m !== "patient_other") return "NOT_FOUND";
    if (m === "patient_other" && entry.namesRows) return "NOT_FOUND";
    return can(caller.role, entry.action, { ...row, userId: callerId }) ? "ok" : "FORBIDDEN";
  }

  afterAll(() => {
    console.log(`patient's side: ${cases} cases across ${selfEntries.length} procedures; a patient may call ${[...allowedForPatient].sort().join(", ") || "none"}`);
  });

  it("covers every procedure built on selfProcedure, and nothing else", () => {
    expect(selfEntries.map(([path]) => path).sort()).toEqual(selfScopedPaths());
  });

  for (const [path, entry] of selfEntries) {
    it(`${path} (${entry.action})`, async () => {
      const mismatches: string[] = [];
      for (const spec of selfCallers) {
        // A patient record has one live account: each case builds on a patient of its own.
        const patientId = await createBlankPatient(clinic, TEAM);
        const caller = await signedIn(spec, patientId);
        const callerId = await clinic.userId(caller.email);
        const built = await entry.build({ db: clinic.handle.db, patientId, as: (email) => clinic.as(email), userId: (email) => clinic.userId(email) });
        const expected = expectedSelf(caller, callerId, entry, built.row ?? {});
        const signedInCaller = await clinic.as(caller.email);
        const auditedBefore = (await listAudit(clinic.handle.db, { actorId: callerId, action: path })).length;
        const actual = await attempt(async () => invoke(signedInCaller, path, built.input));
        cases += 1;
        const what = `${path} as ${caller.label}`;
        // Every call leaves its row: a refusal at the gate as denied, the patient's own call against their record.
        const [auditRow, ...olderRows] = await listAudit(clinic.handle.db, { actorId: callerId, action: path });
        if (olderRows.length !== auditedBefore) mismatches.push(`${what}: ${olderRows.length + (auditRow ? 1 : 0) - auditedBefore} audit rows for one call`);
        else if (expected === "NOT_FOUND" && caller.membership !== "patient_other" && auditRow?.outcome !== "denied") mismatches.push(`${what}: refused at the gate, audited as ${auditRow?.outcome}`);
        else if (expected === "ok" && caller.membership === "patient_own" && (auditRow?.outcome !== "success" || auditRow.patientId !== patientId)) mismatches.push(`${what}: not audited as a success on the patient's record`);
        if (actual.outcome !== expected) {
          mismatches.push(`${what}: matrix says ${expected}, router answered ${actual.outcome}${actual.message ? ` (${actual.message})` : ""}`);
          continue;
        }
        if (actual.outcome !== "ok") continue;
        if (caller.membership === "patient_own") {
          allowedForPatient.add(path);
          try {
            (built.check as ((out: unknown) => void) | undefined)?.(actual.value);
          } catch (error) {
            mismatches.push(`${what}: succeeded, but the result does not show it: ${(error as Error).message}`);
          }
        } else if (JSON.stringify(actual.value ?? null).includes(patientId)) {
          mismatches.push(`${what}: answered with the case's patient, whose record is not theirs`);
        }
      }
      const built = await entry.build({ db: clinic.handle.db, patientId: await createBlankPatient(clinic, TEAM), as: (email) => clinic.as(email), userId: (email) => clinic.userId(email) });
      const anonymous = await attempt(() => invoke(clinic.anonymous(), path, built.input));
      cases += 1;
      if (anonymous.outcome !== "UNAUTHORIZED") mismatches.push(`${path} signed out: expected UNAUTHORIZED, got ${anonymous.outcome}`);
      expect(mismatches).toEqual([]);
    });
  }
});

// --- how many statements one carePlan.get sends -----------------------------------------------------

describe("the staff lists (caseload.read): every role as the matrix says; a patient account is refused, not handed an empty list", () => {
  const lists: Record<string, unknown> = {
    "patients.list": { limit: 10, cursor: 0 },
    "worklist.mine": { view: "worklist", cursor: 0, limit: 10 },
    "worklist.schedule": undefined,
  };
  const staff: [string, Role][] = [
    [PHYSICIAN, "physician"],
    [PT, "physical_therapist"],
    [PSYCH, "psychologist"],
    [COORD, "coordinator"],
    [ADMIN, "admin"],
  ];

  for (const [path, input] of Object.entries(lists)) {
    it(path, async () => {
      const patientId = await createBlankPatient(clinic, TEAM);
      const callers: [string, Role][] = [...staff, [await createPatientUser(clinic, patientId), "patient"]];
      const mismatches: string[] = [];
      for (const [email, role] of callers) {
        const expected: Outcome = can(role, "caseload.read") ? "ok" : "FORBIDDEN";
        const actual = await attempt(async () => invoke(await clinic.as(email), path, input));
        if (actual.outcome !== expected) mismatches.push(`${path} as ${role}: matrix says ${expected}, router answered ${actual.outcome}`);
        const [audit] = await listAudit(clinic.handle.db, { actorId: await clinic.userId(email), action: path });
        if (audit?.outcome !== (expected === "ok" ? "success" : "denied")) mismatches.push(`${path} as ${role}: audited as ${audit?.outcome}`);
      }
      expect(can("patient", "caseload.read")).toBe(false);
      expect(mismatches).toEqual([]);
    });
  }
});

describe("carePlan.get sends a fixed number of SQL statements, whatever the size of the record", () => {
  it("is the same for the richest seeded patient and for a blank one, and at most 20", async () => {
    const db = clinic.handle.db;
    // The psychologist is on every demo team and reads every row (their own psychotherapy notes included).
    const psychId = await clinic.userId(PSYCH);
    const rowsByPatient = await loadPlanRowsFor(db, await careTeamPatientIds(db, psychId), psychId);
    const size = (rows: PlanRows) =>
      Object.values(rows).reduce((n, value) => n + (Array.isArray(value) ? value.length : value ? 1 : 0), 0);
    const [richest, richestRows] = [...rowsByPatient.entries()].map(([id, rows]) => [id, size(rows)] as const).sort((a, b) => b[1] - a[1])[0]!;
    expect(richestRows).toBeGreaterThan(20);
    const blank = await createBlankPatient(clinic, TEAM);

    const psych = await clinic.as(PSYCH);
    await psych.carePlan.get({ patientId: blank }); // warm up: sign-in and anything cached per process stay out of the count
    const rich = await countQueries(clinic.handle, () => psych.carePlan.get({ patientId: richest }));
    const empty = await countQueries(clinic.handle, () => psych.carePlan.get({ patientId: blank }));
    console.log(
      `carePlan.get on ${clinic.handle.kind}: ${rich.queries} statements for the richest seeded patient (${richestRows} plan rows), ${empty.queries} for a blank one`,
    );
    expect(rich.value.problems.length + rich.value.planItems.length).toBeGreaterThan(0);
    expect(empty.value.problems).toEqual([]);
    expect(rich.queries).toBe(empty.queries);
    expect(rich.queries).toBeLessThanOrEqual(20);
    // The same statements, in whatever order the parallel reads went out.
    expect([...rich.statements].sort()).toEqual([...empty.statements].sort());
  });
});

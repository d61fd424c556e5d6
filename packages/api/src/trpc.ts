import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { SessionUser } from "@stepwise/auth";
import { appendEvent, findActiveGrant, findLinkedPatient, findMembership, refreshPatientSummaries, writeAudit, writeAuditEntries, type DbOrTx, type NewPlanEvent, type PlanEventRow, type Tx } from "@stepwise/db";
import {
  can,
  decide,
  decideGrantUse,
  disciplineOfRole,
  findUnsafeInput,
  ForbiddenError,
  grantAuditDetail,
  isReadAction,
  NotFoundError,
  NotSignedInError,
  validateClinicalDates,
  type Action,
  type PatientAccess,
  type PermissionContext,
  type Role,
} from "@stepwise/domain";
import type { Context } from "./context";
import { caseloadTopic } from "./live/topics";
import { serializeOutput } from "./live/wire";
import { concealInternalError, currentOf, errorIdOf, fieldOf, internalErrorMessage, logStrayError, toTRPCError, unsafeInputError } from "./errors";

/**
 * superjson on the wire, but its JSON is inspected first: superjson drops an own `__proto__` key
 * silently while copying, so after it no guard could see (and refuse) one.
 */
const transformer = {
  input: {
    serialize: superjson.serialize,
    deserialize: (wire: unknown) => {
      const { json, meta } = (wire ?? {}) as { json?: unknown; meta?: unknown };
      const issue = findUnsafeInput(json) ?? findUnsafeInput(meta);
      if (issue) throw unsafeInputError(issue);
      return superjson.deserialize(wire as Parameters<typeof superjson.deserialize>[0]);
    },
  },
  // A live message handed to many streams is serialised once (see live/wire.ts); everything else as usual.
  output: { serialize: serializeOutput, deserialize: superjson.deserialize },
};

const t = initTRPC.context<Context>().create({
  transformer,
  // Keep-alive pings through proxies; the client reconnects (with its last event id) after silence.
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error }) {
    if (error.code === "INTERNAL_SERVER_ERROR") {
      // Ours to fix, and nothing of it is the caller's to read: a generic message and the id to quote.
      const errorId = errorIdOf(error);
      const data = { ...shape.data, stack: undefined, field: undefined, issues: undefined, current: undefined, errorId };
      return { ...shape, message: internalErrorMessage(errorId), data };
    }
    const issues = error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : undefined;
    return {
      ...shape,
      message: issues?.[0] ? `${issues[0].path || "input"}: ${issues[0].message}` : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        field: fieldOf(error.cause) ?? issues?.[0]?.path,
        issues,
        current: currentOf(error.cause),
        errorId: undefined,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Errors are mapped in one place: rules throw typed errors, this turns them into tRPC codes. What
 * stays internal is logged here, where the procedure and the actor are known, and concealed.
 */
const errorMapping = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTRPCError(result.error.cause);
  if (mapped) throw mapped;
  if (result.error.code === "INTERNAL_SERVER_ERROR") throw concealInternalError(result.error, { path, actorId: ctx.session?.user.id });
  return result;
});

/**
 * Hostile keys, depth and size are refused on the raw input, before any schema or gate parses it
 * (in-process callers included; the wire is also checked as it is decoded, see `transformer`).
 */
const inputGuard = t.middleware(async ({ getRawInput, next }) => {
  const issue = findUnsafeInput(await getRawInput());
  if (issue) throw unsafeInputError(issue);
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(inputGuard);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new NotSignedInError();
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});

export interface AuditTarget {
  entityType?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
}

/** What a call spanning patients read or changed: one audit row per patient, or one row about no patient. */
export interface Touched {
  patientIds: readonly string[];
  entityType?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
}

type EventInput = Omit<NewPlanEvent, "patientId" | "actorId" | "actorRole" | "occurredAt">;
type AuthedContext = Context & { user: SessionUser };
type Outcome = { ok: true } | { ok: false; error: { code: string; cause?: unknown } };

/**
 * The gate core every scoped procedure is built from (patient, meeting, clinic): one audit style,
 * one permission check, plan events stamped with the caller and the clock, and the live topics a
 * call announces — after commit, ids only, every stream re-reading plan_events with its own
 * viewer's filter. Topics are declared, never guessed from the input: `event` announces the
 * patient, `announce` anything else (a meeting the call changed).
 */
function openGate(ctx: AuthedContext, path: string, through?: Record<string, unknown>) {
  const base = { actorId: ctx.user.id, actorRole: ctx.user.role, action: path };
  // How the caller reached the record (an emergency-access grant), on every row this call writes.
  const withThrough = (detail: Record<string, unknown> | undefined) => (through ? { ...detail, ...through } : detail);
  const topics = new Set<string>();
  /** Patients whose plan the call wrote an event for. */
  const changed = new Set<string>();
  let audited = false;
  let committed = false;
  const entries = (t: Touched) => {
    const ids: (string | null)[] = t.patientIds.length > 0 ? [...new Set(t.patientIds)] : [null];
    return ids.map((patientId) => ({ ...base, outcome: "success" as const, patientId, entityType: t.entityType, entityId: t.entityId, detail: withThrough(t.detail) }));
  };
  return {
    base,
    get audited() {
      return audited;
    },
    audit: async (t: Touched): Promise<void> => {
      await writeAuditEntries(ctx.db, entries(t));
      audited = true;
    },
    /** One transaction: the change, and its audit rows listed from its result. */
    write: async <T>(fn: (tx: Tx) => Promise<T>, touched: (out: T) => Touched): Promise<T> => {
      const listsChanged = new Set<string>();
      const value = await ctx.db.transaction(async (tx) => {
        listsChanged.clear();
        const out = await fn(tx);
        const target = touched(out);
        // The homes read each patient's summary: it changes with the write, in the same transaction.
        await refreshPatientSummaries(tx, [...target.patientIds, ...changed], ctx.now(), listsChanged);
        await writeAuditEntries(tx, entries(target));
        return out;
      });
      audited = true;
      committed = true;
      // The homes whose list this write changed re-read it (live.events with `caseload`).
      for (const userId of listsChanged) topics.add(caseloadTopic(userId));
      return value;
    },
    authorize: (action: Action, row: Omit<PermissionContext, "userId"> = {}): void => {
      const decision = decide(ctx.user.role, action, { ...row, userId: ctx.user.id });
      if (!decision.allowed) throw new ForbiddenError(decision.reason);
    },
    event: (tx: DbOrTx, patientId: string, e: EventInput): Promise<PlanEventRow> => {
      topics.add(`patient:${patientId}`);
      changed.add(patientId);
      return appendEvent(tx, { ...e, patientId, actorId: ctx.user.id, actorRole: ctx.user.role, occurredAt: ctx.now() });
    },
    announce: (topic: string): void => {
      topics.add(topic);
    },
    /** Audits a failure against the patients the call had reached (none: one row about no patient). */
    refused: async (result: Outcome & { ok: false }, patientIds: readonly string[]): Promise<void> => {
      const code = toTRPCError(result.error.cause)?.code ?? result.error.code;
      await refusal(code, patientIds);
    },
    refusedWith: (code: string, patientIds: readonly string[] = []) => refusal(code, patientIds),
    /** After commit: a failed announcement is logged, never the caller's failure. */
    publish: async (): Promise<void> => {
      if (!committed || topics.size === 0) return;
      await Promise.all([...topics].map((t) => ctx.bus.publish(t))).catch((error: unknown) => logStrayError(error, { path: `${path}:publish`, actorId: ctx.user.id }));
    },
  };

  async function refusal(code: string, patientIds: readonly string[]): Promise<void> {
    const outcome = code === "FORBIDDEN" ? ("denied" as const) : ("failure" as const);
    const ids: (string | null)[] = patientIds.length > 0 ? [...new Set(patientIds)] : [null];
    await writeAuditEntries(ctx.db, ids.map((patientId) => ({ ...base, patientId, outcome, detail: withThrough({ code }) })));
  }
}

/** A handler that returned without auditing is ours to fix: an internal error, never a silent success. */
class UnauditedCallError extends Error {
  override readonly name = "UnauditedCallError";
  constructor(path: string) {
    super(`${path} returned without an audit row`);
  }
}

/** How the caller reached one patient: the care team, an active emergency-access grant, or not at all. */
export async function patientAccessOf(ctx: AuthedContext, patientId: string): Promise<{ access: PatientAccess; membership: { role: Role; patientBirthDate: string } } | undefined> {
  const member = await findMembership(ctx.db, patientId, ctx.user.id);
  if (member) return { access: { kind: "care_team" }, membership: member };
  const grant = await findActiveGrant(ctx.db, patientId, ctx.user.id, ctx.now());
  if (!grant) return undefined;
  return { access: { kind: "grant", grantId: grant.id, emergency: grant.emergency, expiresAt: grant.expiresAt }, membership: { role: ctx.user.role, patientBirthDate: grant.patientBirthDate } };
}

/**
 * Scope: the patient id comes from the input and the care-team membership — or an active
 * emergency-access grant — is checked before any handler runs. Anyone else gets NOT_FOUND whether
 * or not the patient exists (no existence oracle). Under a grant, what the grant allows is asked
 * of the domain (`decideGrantUse`) for the call and for every action the handler checks, and every
 * audit row names the grant. Reads are audited on success; writes must go through `ctx.write`,
 * which audits inside the write's own transaction.
 */
export const patientProcedure = authedProcedure
  .input(z.object({ patientId: z.string().uuid() }))
  .use(async ({ ctx, input, next, path, type }) => {
    const { patientId } = input;
    const reached = await patientAccessOf(ctx, patientId);
    if (!reached) {
      await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: path, patientId, outcome: "denied", detail: { reason: "not_on_care_team" } });
      throw new NotFoundError("Patient");
    }
    const { access, membership } = reached;
    const gate = openGate(ctx, path, grantAuditDetail(access));
    const grantAllows = (use: { write: boolean; action?: Action }): void => {
      if (access.kind !== "grant") return;
      const decision = decideGrantUse(access, ctx.user.role, use);
      if (!decision.allowed) throw new ForbiddenError(decision.reason);
    };
    if (type === "mutation" && access.kind === "grant" && !decideGrantUse(access, ctx.user.role, { write: true }).allowed) {
      await gate.refusedWith("FORBIDDEN", [patientId]);
      grantAllows({ write: true });
    }
    const authorize = (action: Action, row: Omit<PermissionContext, "userId"> = {}): void => {
      grantAllows({ write: type === "mutation" || !isReadAction(action), action });
      gate.authorize(action, row);
    };
    const write = <T>(target: AuditTarget, fn: (tx: Tx) => Promise<T>): Promise<T> =>
      gate.write(fn, (out) => ({ ...auditTarget(target, out), patientIds: [patientId] }));
    const event = (tx: DbOrTx, e: EventInput) => gate.event(tx, patientId, e);
    const discipline = disciplineOfRole(ctx.user.role);
    const result = await next({ ctx: { ...ctx, patientId, membership, access, write, authorize, event, announce: gate.announce, discipline } });
    await closeOnePatientCall(gate, result, { type, path, patientId });
    return result;
  });

/**
 * The patient's side: a `patient` user reaches exactly one record, the one their account is linked
 * to — taken from the session, never from the input, so no input can name another patient. Any other
 * role, a revoked link or a deactivated account gets NOT_FOUND. The permission matrix decides each
 * action (`ctx.authorize`); reads are audited against the patient, writes go through `ctx.write`
 * (one transaction with their audit rows), like patientProcedure.
 */
export const selfProcedure = authedProcedure.use(async ({ ctx, next, path, type }) => {
  const linked = ctx.user.role === "patient" ? await findLinkedPatient(ctx.db, ctx.user.id) : undefined;
  if (!linked) {
    await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: path, outcome: "denied", detail: { reason: "no_linked_patient" } });
    throw new NotFoundError("Patient");
  }
  const { patientId } = linked;
  const gate = openGate(ctx, path, { through: "patient_portal" });
  const write = <T>(target: AuditTarget, fn: (tx: Tx) => Promise<T>): Promise<T> =>
    gate.write(fn, (out) => ({ ...auditTarget(target, out), patientIds: [patientId] }));
  const event = (tx: DbOrTx, e: EventInput) => gate.event(tx, patientId, e);
  const membership = { role: ctx.user.role, patientBirthDate: linked.patientBirthDate };
  const result = await next({ ctx: { ...ctx, patientId, membership, write, authorize: gate.authorize, event, announce: gate.announce } });
  await closeOnePatientCall(gate, result, { type, path, patientId });
  return result;
});

/**
 * After a call about one patient: a failure audited against the patient, a read audited on success,
 * a write required to have audited in its own transaction (else an internal error), then its topics
 * announced.
 */
async function closeOnePatientCall(gate: ReturnType<typeof openGate>, result: Outcome, call: { type: string; path: string; patientId: string }): Promise<void> {
  if (!result.ok) {
    await gate.refused(result, [call.patientId]);
    await gate.publish();
  } else if (call.type === "query") {
    await gate.audit({ patientIds: [call.patientId], entityType: "patient", entityId: call.patientId });
  } else if (!gate.audited) {
    throw new UnauditedCallError(call.path);
  } else {
    await gate.publish();
  }
}

/**
 * For meeting and action-item calls that are not about one patient named in the input. Like
 * patientProcedure, no handler can skip the audit: a successful call must have gone through
 * `ctx.audit` (reads) or `ctx.write` (one transaction, its audit rows listed from its result), and
 * a failed one is audited here — against the patients the handler had reached (`ctx.concerns`).
 * A mutation announces the meeting it names (input or result) besides what it declared.
 */
export const meetingProcedure = authedProcedure.use(async ({ ctx, next, path, type, getRawInput }) => {
  const gate = openGate(ctx, path);
  const concerned = new Set<string>();
  const concerns = (patientId: string) => {
    concerned.add(patientId);
  };
  const result = await next({ ctx: { ...ctx, audit: gate.audit, write: gate.write, authorize: gate.authorize, event: gate.event, announce: gate.announce, concerns } });
  if (!result.ok) {
    await gate.refused(result, [...concerned]);
    await gate.publish();
    return result;
  }
  if (!gate.audited) throw new UnauditedCallError(path);
  if (type === "mutation") {
    const raw = (await getRawInput()) as { meetingId?: unknown } | undefined;
    const data = result.data as { meetingId?: unknown; meeting?: { id?: unknown }; id?: unknown } | undefined;
    const meetingId = [raw?.meetingId, data?.meetingId, data?.meeting?.id].find((v): v is string => typeof v === "string");
    if (meetingId) gate.announce(`meeting:${meetingId}`);
    await gate.publish();
  }
  return result;
});

/**
 * For clinic-wide calls that read no one patient (worklist, directory, accounts, audit): the
 * permission matrix decides before the handler when an action is named, a refusal is audited, and
 * a successful call must have audited what it read or changed (`ctx.audit` / `ctx.write`).
 */
export const clinicProcedure = (action?: Action) =>
  authedProcedure.use(async ({ ctx, next, path }) => {
    const gate = openGate(ctx, path);
    if (action && !can(ctx.user.role, action, { userId: ctx.user.id })) {
      await gate.refusedWith("FORBIDDEN");
      throw new ForbiddenError(`${ctx.user.role} may not ${action}`);
    }
    const result = await next({ ctx: { ...ctx, audit: gate.audit, write: gate.write, authorize: gate.authorize, event: gate.event, announce: gate.announce } });
    if (!result.ok) {
      await gate.refused(result, []);
      await gate.publish();
      return result;
    }
    if (!gate.audited) throw new UnauditedCallError(path);
    await gate.publish();
    return result;
  });

function auditTarget(target: AuditTarget, out: unknown): AuditTarget {
  const id = (out as { id?: unknown } | null)?.id;
  return { ...target, entityId: target.entityId ?? (typeof id === "string" || typeof id === "number" ? String(id) : undefined) };
}

/**
 * Runs after the domain schema has parsed the input: every date is checked against its field's rule
 * (clinicalDateRules), the request's clock and — behind patientProcedure — the patient's birth
 * date. Schemas are built once and cannot see either.
 */
export const clinicalDates = t.middleware(({ ctx, input, next }) => {
  validateClinicalDates(input, { now: ctx.now(), birthDate: patientBirthDate(ctx) });
  return next();
});

/** The birth date patientProcedure's membership lookup brought along, when there is a patient. */
function patientBirthDate(ctx: object): Date | undefined {
  if (!("membership" in ctx) || typeof ctx.membership !== "object" || ctx.membership === null) return undefined;
  const birthDate = "patientBirthDate" in ctx.membership ? ctx.membership.patientBirthDate : undefined;
  return typeof birthDate === "string" ? new Date(birthDate) : undefined;
}

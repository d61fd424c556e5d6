import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { appendEvent, findMembership, writeAudit, type DbOrTx, type NewPlanEvent, type Tx } from "@stepwise/db";
import { decide, disciplineOfRole, findUnsafeInput, validateClinicalDates, type Action, type PermissionContext } from "@stepwise/domain";
import type { Context } from "./context";
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
  output: superjson,
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
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});

export interface AuditTarget {
  entityType?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
}

/**
 * Scope: the patient id comes from the input and the care-team membership is checked before any
 * handler runs. Non-members get NOT_FOUND whether or not the patient exists (no existence oracle).
 * Reads are audited on success; writes must go through `ctx.write`, which audits inside the write's
 * own transaction.
 */
export const patientProcedure = authedProcedure
  .input(z.object({ patientId: z.string().uuid() }))
  .use(async ({ ctx, input, next, path, type, getRawInput }) => {
    const membership = await findMembership(ctx.db, input.patientId, ctx.user.id);
    const base = { actorId: ctx.user.id, actorRole: ctx.user.role, patientId: input.patientId, action: path };
    if (!membership) {
      await writeAudit(ctx.db, { ...base, outcome: "denied", detail: { reason: "not_on_care_team" } });
      throw new TRPCError({ code: "NOT_FOUND", message: "Patient not found." });
    }
    let wroteAudit = false;
    let wroteEvents = false;
    const write = async <T>(target: AuditTarget, fn: (tx: Tx) => Promise<T>): Promise<T> => {
      wroteEvents = false;
      const value = await ctx.db.transaction(async (tx) => {
        const out = await fn(tx);
        await writeAudit(tx, { ...base, outcome: "success", ...auditTarget(target, out) });
        return out;
      });
      wroteAudit = true;
      // After commit, ids only: every stream re-reads plan_events with its own viewer's filter.
      const raw = (await getRawInput()) as { meetingId?: unknown } | undefined;
      const topics = [...(wroteEvents ? [`patient:${input.patientId}`] : []), ...(typeof raw?.meetingId === "string" ? [`meeting:${raw.meetingId}`] : [])];
      await Promise.all(topics.map((t) => ctx.bus.publish(t))).catch((error: unknown) => logStrayError(error, { path: `${path}:publish`, actorId: ctx.user.id }));
      return value;
    };
    const authorize = (action: Action, row: Omit<PermissionContext, "userId"> = {}) => {
      const decision = decide(ctx.user.role, action, { ...row, userId: ctx.user.id });
      if (!decision.allowed) throw new TRPCError({ code: "FORBIDDEN", message: decision.reason });
    };
    type EventInput = Omit<NewPlanEvent, "patientId" | "actorId" | "actorRole" | "occurredAt">;
    const event = (tx: DbOrTx, e: EventInput) => {
      wroteEvents = true;
      return appendEvent(tx, { ...e, patientId: input.patientId, actorId: ctx.user.id, actorRole: ctx.user.role, occurredAt: ctx.now() });
    };
    const discipline = disciplineOfRole(ctx.user.role);
    const result = await next({ ctx: { ...ctx, patientId: input.patientId, membership, write, authorize, event, discipline } });
    if (type === "query" && result.ok) {
      await writeAudit(ctx.db, { ...base, outcome: "success", entityType: "patient", entityId: input.patientId });
    } else if (!result.ok) {
      const code = toTRPCError(result.error.cause)?.code ?? result.error.code;
      await writeAudit(ctx.db, { ...base, outcome: code === "FORBIDDEN" ? "denied" : "failure", detail: { code } });
    } else if (!wroteAudit) {
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `${path} changed data without ctx.write` });
    }
    return result;
  });

function auditTarget(target: AuditTarget, out: unknown): AuditTarget {
  const id = (out as { id?: unknown } | null)?.id;
  return { ...target, entityId: target.entityId ?? (typeof id === "string" || typeof id === "number" ? String(id) : undefined) };
}

export type { DbOrTx };

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

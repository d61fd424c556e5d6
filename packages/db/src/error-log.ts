/**
 * The one way the server writes an unexpected error to its log. Messages are never printed: a
 * drizzle error's message is the SQL with its parameters (a psychotherapy note's body, an email),
 * and a wrapping error copies its cause's message. What is printed is chosen, not filtered: the
 * error id the caller was shown, where it happened, who was acting, the class of each error in the
 * cause chain, and the innermost code (a SQLSTATE, a system error code).
 */
export interface InternalErrorReport {
  errorId: string;
  /** The procedure path, or another fixed name of the place (e.g. "auth.signIn"). */
  path: string | undefined;
  actorId: string | undefined;
  error: unknown;
}

export function logInternalError(report: InternalErrorReport): void {
  const { classes, code } = describeError(report.error);
  const fields = [`path=${safeToken(report.path)}`, `actor=${safeToken(report.actorId)}`, `class=${classes.join(">") || "?"}`, ...(code ? [`code=${code}`] : [])];
  console.error(`Internal error ${report.errorId}: ${fields.join(" ")}`);
}

/** Class names along the cause chain (outermost first) and the innermost error code on it. */
export function describeError(error: unknown): { classes: string[]; code: string | undefined } {
  const classes: string[] = [];
  let code: string | undefined;
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current) && classes.length < 8; current = causeOf(current)) {
    seen.add(current);
    classes.push(classOf(current));
    const candidate = typeof current === "object" ? (current as { code?: unknown }).code : undefined;
    // The innermost code is the root cause's (a SQLSTATE beneath the wrappers' generic codes).
    if (typeof candidate === "string" && ERROR_CODE.test(candidate)) code = candidate;
  }
  return { classes, code };
}

/** SQLSTATE ("23505"), system ("ECONNREFUSED") and our own ("CONFLICT") codes: never free text. */
const ERROR_CODE = /^[A-Z0-9_]{2,40}$/;
const SQLSTATE = /^[0-9A-Z]{5}$/;
const SAFE_TOKEN = /^[A-Za-z0-9_.,:-]{1,200}$/;
const CLASS_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

function classOf(value: unknown): string {
  if (typeof value !== "object") return typeof value;
  // PGlite's bundled driver error has a minified class name; the server's fields identify it.
  if (typeof (value as { severity?: unknown }).severity === "string" && SQLSTATE.test(String((value as { code?: unknown }).code))) return "DatabaseError";
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && CLASS_NAME.test(name) ? name : "Object";
}

function causeOf(value: unknown): unknown {
  if (!(value instanceof Error)) return undefined;
  const cause = value.cause;
  // Auth.js hands on the error its callback threw as `cause.err`.
  const wrapped = typeof cause === "object" && cause !== null && !(cause instanceof Error) ? (cause as { err?: unknown }).err : undefined;
  return wrapped instanceof Error ? wrapped : cause;
}

/** Paths come from the request URL; anything but a plain identifier is not repeated. */
function safeToken(value: string | undefined): string {
  if (value === undefined) return "-";
  return SAFE_TOKEN.test(value) ? value : "?";
}

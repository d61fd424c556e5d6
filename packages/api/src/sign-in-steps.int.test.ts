import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, beginMfaEnrolment, completeSecondFactor, confirmMfaEnrolment, totpCode, validateSession } from "@stepwise/auth";
import { demoMfaEmail, demoPassword, findUserByEmail } from "@stepwise/db";
import { createInnerContext, type Context } from "./context";
import { handleTrpcRequest } from "./http";
import { createCaller } from "./root";
import { openSeededClinic, type Clinic } from "./test-support";

const origin = "http://localhost:3000";
let clinic: Clinic;
let secret: string;

beforeAll(async () => {
  clinic = await openSeededClinic();
  const user = (await findUserByEmail(clinic.handle.db, demoMfaEmail))!;
  const enrolment = (await beginMfaEnrolment(clinic.handle.db, user))!;
  secret = enrolment.secret;
  const confirmed = await confirmMfaEnrolment(clinic.handle.db, user.id, totpCode(secret, new Date()));
  if (!confirmed.ok) throw new Error(confirmed.reason);
});
afterAll(async () => {
  await clinic?.close();
});

/** A request as the web server answers it: the context holds the cookie's session only once validated. */
const asRequest = (sessionId: string) =>
  handleTrpcRequest(new Request(`${origin}/api/trpc/patients.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`), {
    createContext: async () => createInnerContext({ db: clinic.handle.db, session: await validateSession(clinic.handle.db, sessionId), bus: clinic.bus }),
  });

describe("a session waiting for its second factor", () => {
  it("is refused by tRPC calls and by the live stream until the code passes", async () => {
    // A code step of its own: the enrolment used the current one.
    const signedIn = await authenticate(clinic.handle.db, { email: demoMfaEmail, password: demoPassword });
    if (!signedIn.ok) throw new Error(signedIn.reason);
    expect(signedIn.pendingStep).toBe("second_factor");

    const refused = await asRequest(signedIn.sessionId);
    expect(refused.status).toBe(401);

    // Even handed the pending session directly, the live stream ends before it delivers anything.
    const forced: Context["session"] = { user: signedIn.user, sessionId: signedIn.sessionId };
    const controller = new AbortController();
    const caller = createCaller(createInnerContext({ db: clinic.handle.db, session: forced, bus: clinic.bus }), { signal: controller.signal });
    const stream = (await caller.live.events({ patientIds: [] })) as AsyncIterable<unknown>;
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    controller.abort();

    const next = new Date(Date.now() + 30_000);
    expect(await completeSecondFactor(clinic.handle.db, signedIn.sessionId, totpCode(secret, next))).toEqual({ ok: true, pendingStep: null });
    const allowed = await asRequest(signedIn.sessionId);
    expect(allowed.status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { demoPassword, listAudit, type LiveBus } from "@stepwise/db";
import { authenticate } from "@stepwise/auth";
import { createInnerContext } from "./context";
import { createBlankPatient, failure, openSeededClinic, type Clinic } from "./test-support";
import { clinicProcedure, createCallerFactory, createTRPCRouter, patientProcedure } from "./trpc";

// A router of the test's own, so the gate core is exercised apart from any one product procedure.
const probeRouter = createTRPCRouter({
  write: patientProcedure.input(z.object({ patientId: z.uuid(), meetingId: z.uuid(), announceMeeting: z.boolean() })).mutation(({ ctx, input }) =>
    ctx.write({ entityType: "probe" }, async (tx) => {
      if (input.announceMeeting) ctx.announce(`meeting:${input.meetingId}`);
      await ctx.event(tx, { entityType: "care_plan", entityId: input.patientId, eventType: "probe", summary: "probe" });
      return { id: input.patientId };
    }),
  ),
  refuseAfterAnnouncing: patientProcedure.input(z.object({ patientId: z.uuid() })).mutation(({ ctx }) => {
    ctx.announce("meeting:never");
    ctx.authorize("audit.read");
    return { ok: true };
  }),
  forgetsAudit: clinicProcedure().query(() => "read without an audit row"),
  audited: clinicProcedure("user.manage").query(async ({ ctx }) => {
    await ctx.audit({ patientIds: [], entityType: "probe" });
    return "ok";
  }),
});

class RecordingBus implements LiveBus {
  readonly topics: string[] = [];
  publish(topic: string) {
    this.topics.push(topic);
    return Promise.resolve();
  }
  subscribe() {
    return () => undefined;
  }
  listenerCount() {
    return 0;
  }
  close() {
    return Promise.resolve();
  }
}

let clinic: Clinic;
let patientId: string;
const meetingId = "00000000-0000-4000-8000-000000000009";

async function probeAs(email: string) {
  const bus = new RecordingBus();
  const r = await authenticate(clinic.handle.db, { email, password: demoPassword });
  if (!r.ok) throw new Error(`demo login failed for ${email}`);
  const caller = createCallerFactory(probeRouter)(createInnerContext({ db: clinic.handle.db, session: { user: r.user, sessionId: r.sessionId }, bus }));
  return { caller, bus };
}

beforeAll(async () => {
  clinic = await openSeededClinic();
  patientId = await createBlankPatient(clinic, ["physician@stepwise.test"]);
});
afterAll(() => clinic.close());

describe("the gate core", () => {
  it("announces the patient after a write, and a meeting only when the procedure declares it — never from the input", async () => {
    const { caller, bus } = await probeAs("physician@stepwise.test");
    // Besides what the call declares, a write may tell the homes of users whose list it changed (`caseload:<user>`).
    const declared = () => bus.topics.filter((t) => !t.startsWith("caseload:")).sort();
    await caller.write({ patientId, meetingId, announceMeeting: false });
    expect(declared()).toEqual([`patient:${patientId}`]);
    bus.topics.length = 0;
    await caller.write({ patientId, meetingId, announceMeeting: true });
    expect(declared()).toEqual([`meeting:${meetingId}`, `patient:${patientId}`]);
  });

  it("announces nothing for a call that committed nothing, and audits its refusal as denied", async () => {
    const { caller, bus } = await probeAs("physician@stepwise.test");
    expect((await failure(caller.refuseAfterAnnouncing({ patientId }))).code).toBe("FORBIDDEN");
    expect(bus.topics).toEqual([]);
    const [row] = await listAudit(clinic.handle.db, { patientId, action: "refuseAfterAnnouncing" });
    expect(row).toMatchObject({ outcome: "denied", detail: { code: "FORBIDDEN" } });
  });

  it("refuses a clinic-wide call the matrix does not allow before its handler, audited; and one that returns unaudited is an internal error", async () => {
    const { caller } = await probeAs("physician@stepwise.test");
    expect((await failure(caller.audited())).code).toBe("FORBIDDEN");
    const [denied] = await listAudit(clinic.handle.db, { action: "audited" });
    expect(denied).toMatchObject({ outcome: "denied", patientId: null });
    expect((await failure(caller.forgetsAudit())).code).toBe("INTERNAL_SERVER_ERROR");
    const admin = await probeAs("admin@stepwise.test");
    await expect(admin.caller.audited()).resolves.toBe("ok");
  });
});

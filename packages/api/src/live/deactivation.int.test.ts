import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, changeOwnPassword } from "@stepwise/auth";
import { findUserById, revokeUserSessions } from "@stepwise/db";
import { createInnerContext } from "../context";
import { createCaller } from "../root";
import type { LiveMessage } from "../routers/live";
import { collect, type Received } from "../routers/live-test-support";
import { createBlankPatient, openSeededClinic, type Clinic } from "../test-support";

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openSeededClinic();
});
afterAll(async () => {
  await clinic?.close();
});

const password = "a long enough password";
const isEvent = (m: LiveMessage): m is Extract<LiveMessage, { type: "event" }> => m.type === "event";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A therapist of the test's own on a patient of its own, with a live stream open on that patient. */
async function therapistWatching(label: string) {
  const admin = await clinic.as("admin@stepwise.test");
  const email = `${label}-${Date.now().toString(36)}@stepwise.test`;
  const user = await admin.admin.createUser({ email, name: `Therapist ${label}`, role: "physical_therapist" });
  const patientId = await createBlankPatient(clinic, ["physician@stepwise.test", email]);
  // A new account signs in with its one-time code and chooses its password first.
  const r = await authenticate(clinic.handle.db, { email, password: user.code });
  if (!r.ok) throw new Error("sign-in failed");
  if (!(await changeOwnPassword(clinic.handle.db, r.sessionId, { newPassword: password, confirmPassword: password })).ok) throw new Error("password change failed");
  const controller = new AbortController();
  const caller = createCaller(createInnerContext({ db: clinic.handle.db, session: { user: r.user, sessionId: r.sessionId }, bus: clinic.bus }), { signal: controller.signal });
  const stream = collect((await caller.live.events({ patientIds: [patientId] })) as AsyncIterable<unknown>, controller);
  await stream.waitFor((m) => m.type === "presence");
  return { userId: user.id, patientId, stream };
}

async function writeGoal(patientId: string, description: string) {
  const physician = await clinic.as("physician@stepwise.test");
  return physician.goals.create({ patientId, discipline: "physician", description, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
}

async function ended(stream: Received, withinMs: number) {
  for (let waited = 0; waited < withinMs && !stream.error; waited += 50) await sleep(50);
  return stream.error;
}

describe("a deactivated user's live stream", () => {
  it("delivers nothing written after deactivation and ends at once with UNAUTHORIZED", async () => {
    const { userId, patientId, stream } = await therapistWatching("deactivated");
    const before = await writeGoal(patientId, "Before deactivation");
    await stream.waitFor((m) => isEvent(m) && m.event.entityId === before.id);

    const admin = await clinic.as("admin@stepwise.test");
    const { version } = (await findUserById(clinic.handle.db, userId))!;
    const deactivatedAt = Date.now();
    await admin.admin.setActive({ userId, active: false, expectedVersion: version });
    const right = await writeGoal(patientId, "Right after deactivation");
    await sleep(1_000);
    const later = await writeGoal(patientId, "A second after deactivation");

    expect(await ended(stream, 3_000)).toMatchObject({ code: "UNAUTHORIZED" });
    // Well inside the periodic session check: deactivation itself ends the stream.
    expect(Date.now() - deactivatedAt).toBeLessThan(3_000);
    const delivered = stream.messages.filter(isEvent).map((m) => m.event.entityId);
    expect(delivered).toContain(before.id);
    expect(delivered).not.toContain(right.id);
    expect(delivered).not.toContain(later.id);
    await stream.stop();
  });

  it("ends at once on deactivation, with nothing written to wake it", async () => {
    const { userId, stream } = await therapistWatching("quiet");
    const admin = await clinic.as("admin@stepwise.test");
    const { version } = (await findUserById(clinic.handle.db, userId))!;
    await admin.admin.setActive({ userId, active: false, expectedVersion: version });
    expect(await ended(stream, 2_000)).toMatchObject({ code: "UNAUTHORIZED" });
    await stream.stop();
  });

  it("delivers nothing after its sessions are revoked even when no notice reaches this instance", async () => {
    const { userId, patientId, stream } = await therapistWatching("revoked");
    // As another instance would see it if the notice were lost or late: the rows change, nothing is announced.
    await revokeUserSessions(clinic.handle.db, userId, "deactivated");
    const after = await writeGoal(patientId, "After revocation");
    expect(await ended(stream, 3_000)).toMatchObject({ code: "UNAUTHORIZED" });
    expect(stream.messages.filter(isEvent).map((m) => m.event.entityId)).not.toContain(after.id);
    await stream.stop();
  });
});

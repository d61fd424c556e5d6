import { authenticate, hashPassword } from "@stepwise/auth";
import { randomUUID } from "node:crypto";
import { createBus, demoPassword, findUserByEmail, insertRow, schema, seedDemo, type DatabaseHandle, type LiveBus } from "@stepwise/db";
import { createTestDatabase } from "@stepwise/db/testing";
import { createInnerContext } from "./context";
import { createCaller } from "./root";

export interface Clinic {
  handle: DatabaseHandle;
  /** Shared by every caller of this clinic, like one server instance. */
  bus: LiveBus;
  /** A caller signed in as a demo user, through the real sign-in path. */
  as(email: string, now?: () => Date, signal?: AbortSignal): Promise<ReturnType<typeof createCaller>>;
  anonymous(): ReturnType<typeof createCaller>;
  userId(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function openSeededClinic(): Promise<Clinic> {
  const handle = await createTestDatabase();
  await seedDemo(handle.db, { hashPassword });
  const bus = await createBus(handle);
  const sessions = new Map<string, Awaited<ReturnType<typeof authenticate>>>();
  const login = async (email: string) => {
    let result = sessions.get(email);
    if (!result) {
      result = await authenticate(handle.db, { email, password: demoPassword });
      sessions.set(email, result);
    }
    if (!result.ok) throw new Error(`demo login failed for ${email}`);
    return result;
  };
  return {
    handle,
    bus,
    async as(email, now, signal) {
      const r = await login(email);
      return createCaller(createInnerContext({ db: handle.db, session: { user: r.user, sessionId: r.sessionId }, now, bus }), { signal });
    },
    anonymous: () => createCaller(createInnerContext({ db: handle.db, session: null, bus })),
    async userId(email) {
      return (await login(email)).user.id;
    },
    close: async () => {
      await bus.close();
      await handle.close();
    },
  };
}

/**
 * A patient of the test's own with an empty clinical record (the demo seed gives every demo patient
 * a rich one), on the care team of exactly `teamEmails`, each in their user role; the first
 * physician listed is the lead. Returns the patient's id.
 */
export async function createBlankPatient(clinic: Clinic, teamEmails: readonly string[]): Promise<string> {
  const db = clinic.handle.db;
  const label = `Blank-${randomUUID().slice(0, 8)}`;
  const patient = await insertRow(db, schema.patients, {
    mrn: `T-${label}`,
    givenName: "Test",
    familyName: label,
    dateOfBirth: "1970-01-01",
    sex: "female",
    primaryCondition: "Chronic low back pain",
  });
  let hasLead = false;
  for (const email of teamEmails) {
    const user = await findUserByEmail(db, email);
    if (!user) throw new Error(`no user ${email}`);
    const role = user.role;
    if (role === "admin") throw new Error(`${email} is an admin and cannot join a care team`);
    const isLead: boolean = !hasLead && role === "physician";
    if (isLead) hasLead = true;
    await insertRow(db, schema.careTeamMembers, { patientId: patient.id, userId: user.id, role, isLead });
  }
  return patient.id;
}

import { authenticate, hashPassword } from "@stepwise/auth";
import { createBus, demoPassword, seedDemo, type DatabaseHandle, type LiveBus } from "@stepwise/db";
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

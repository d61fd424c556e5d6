import { afterAll, beforeAll } from "vitest";
import { openSeededClinic, type Clinic } from "./test-support";

/**
 * The seeded clinic of one test file: opened before its first test (before the file's own
 * `beforeAll` hooks registered after this call) and closed after its last. The clinic returned
 * stands for it and may be held in a constant: each member is read from the opened clinic when used.
 */
export function useSeededClinic(): Clinic {
  let opened: Clinic | undefined;
  beforeAll(async () => {
    opened = await openSeededClinic();
  });
  afterAll(async () => {
    await opened?.close();
  });
  const current = (): Clinic => {
    if (!opened) throw new Error("the seeded clinic is used before its beforeAll hook opened it");
    return opened;
  };
  return {
    get handle() {
      return current().handle;
    },
    get bus() {
      return current().bus;
    },
    as: (email, now, signal) => current().as(email, now, signal),
    anonymous: () => current().anonymous(),
    userId: (email) => current().userId(email),
    close: () => current().close(),
  };
}

import { TRPCError } from "@trpc/server";
import { presentUsers } from "@stepwise/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect } from "../routers/live-test-support";
import { openSeededClinic, type Clinic } from "../test-support";
import { openStreams } from "./hub";

let clinic: Clinic;
let patientId: string;
beforeAll(async () => {
  clinic = await openSeededClinic();
  patientId = (await (await clinic.as("physician@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
});
afterAll(async () => {
  await clinic?.close();
});

async function subscribe(email: string) {
  const controller = new AbortController();
  const caller = await clinic.as(email, undefined, controller.signal);
  return collect((await caller.live.events({ patientIds: [patientId] })) as AsyncIterable<unknown>, controller);
}

const present = () => presentUsers(clinic.handle.db, [`patient:${patientId}`], new Date());

// The registry is process-wide and stopping is final, so this file holds one stop only.
describe("a stopping server's live streams", () => {
  it("end with a retryable error once each has removed its presence, and new ones end at once", async () => {
    const pt = await subscribe("pt@stepwise.test");
    const physician = await subscribe("physician@stepwise.test");
    await pt.waitFor((m) => m.type === "presence" && m.users.length === 2);
    expect(openStreams().size).toBe(2);

    await openStreams().closeAll();
    expect(openStreams().size).toBe(0);
    // Each stream's own cleanup finished before the database could close.
    expect(await present()).toEqual([]);
    await expect.poll(() => [pt.error, physician.error].map((e) => e instanceof TRPCError && e.code)).toEqual(["SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE"]);

    const late = await subscribe("pt@stepwise.test");
    await expect.poll(() => late.error instanceof TRPCError && late.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(openStreams().size).toBe(0);
    expect(await present()).toEqual([]);
  });
});

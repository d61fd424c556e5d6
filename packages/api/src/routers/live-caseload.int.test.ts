import { beforeAll, describe, expect, it } from "vitest";
import { refreshDueSummaries } from "@stepwise/db";
import { queryAsOwner } from "@stepwise/db/testing";
import { caseloadTopic } from "../live/topics";
import { createBlankPatient, demoEmails } from "../test-support";
import { useSeededClinic } from "../test-clinic";
import { collect } from "./live-test-support";
import type { LiveMessage } from "./live";

// The homes' live list: a stream that asks for its caseload is told, content-free, when a write
// changed its own list (issue 13: a PHQ-9 self-harm answer reaches the whole team's homes live),
// never when another user's list changed, and not when a write left every list as it was.

const { PHYSICIAN, PT, PT2, PSYCH, COORD } = demoEmails;
const TEAM = [PHYSICIAN, PT, PSYCH, COORD];

const clinic = useSeededClinic();
let patientId: string;
beforeAll(async () => {
  patientId = await createBlankPatient(clinic, TEAM);
});

async function subscribe(email: string, caseload: boolean) {
  const controller = new AbortController();
  const caller = await clinic.as(email, undefined, controller.signal);
  const iterable = await caller.live.events({ patientIds: [], meetingIds: [], caseload });
  const stream = collect(iterable as AsyncIterable<unknown>, controller);
  // The empty presence: the stream is open and listening.
  await stream.waitFor((m) => m.type === "presence");
  return stream;
}

const caseloads = (messages: LiveMessage[]) => messages.filter((m) => m.type === "caseload").length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("live.events with caseload", () => {
  it("tells a PT's home when a PHQ-9 self-harm answer flags a patient on her list, and no one else's home", async () => {
    const pt = await subscribe(PT, true);
    const ptWithoutCaseload = await subscribe(PT, false);
    const offTeam = await subscribe(PT2, true);

    const submitted = Date.now();
    await (await clinic.as(PSYCH)).assessments.submit({ patientId, instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 1] });
    expect(await pt.waitFor((m) => m.type === "caseload", 5_000)).toEqual({ type: "caseload" });
    expect(Date.now() - submitted).toBeLessThan(3_000);

    // The list it re-reads now holds the flag.
    const list = await (await clinic.as(PT)).worklist.mine({});
    expect(list.items.find((e) => e.id === patientId)?.flags.map((f) => f.code)).toContain("safety_self_harm");

    await sleep(1_500);
    expect(caseloads(pt.messages)).toBe(1);
    expect(caseloads(ptWithoutCaseload.messages)).toBe(0);
    expect(caseloads(offTeam.messages)).toBe(0);
    await Promise.all([pt.stop(), ptWithoutCaseload.stop(), offTeam.stop()]);
  });

  it("never hands a stream another user's caseload, and coalesces a burst into at most one signal a second", async () => {
    const pt = await subscribe(PT, true);
    const pt2Id = await clinic.userId(PT2);
    const ptId = await clinic.userId(PT);
    await clinic.bus.publish(caseloadTopic(pt2Id));
    await sleep(1_200);
    expect(caseloads(pt.messages)).toBe(0);

    for (let i = 0; i < 5; i++) await clinic.bus.publish(caseloadTopic(ptId));
    await pt.waitFor((m) => m.type === "caseload", 5_000);
    await sleep(1_500);
    expect(caseloads(pt.messages)).toBeGreaterThanOrEqual(1);
    expect(caseloads(pt.messages)).toBeLessThanOrEqual(2);
    expect(JSON.stringify(pt.messages.filter((m) => m.type === "caseload"))).not.toContain(patientId);
    await pt.stop();
  });

  it("sends nothing for a write that leaves every list as it was", async () => {
    const pt = await subscribe(PT, true);
    const coord = await subscribe(COORD, true);
    // A GAD-7 of no anxiety: a new score on the plan, no flag added or removed on anyone's list.
    await (await clinic.as(PSYCH)).assessments.submit({ patientId, instrument: "gad7", responses: [0, 0, 0, 0, 0, 0, 0] });
    await sleep(1_500);
    expect(caseloads(pt.messages)).toBe(0);
    expect(caseloads(coord.messages)).toBe(0);

    // The same streams are told when a list does change (so the silence above is not a deaf stream).
    await (await clinic.as(PSYCH)).assessments.submit({ patientId, instrument: "phq9", responses: [3, 3, 3, 3, 3, 3, 3, 3, 0] });
    await Promise.all([pt.waitFor((m) => m.type === "caseload", 5_000), coord.waitFor((m) => m.type === "caseload", 5_000)]);
    await Promise.all([pt.stop(), coord.stop()]);
  });

  it("names the users whose list a summary refreshed as its time ran out changed (what the keeper announces)", async () => {
    const db = clinic.handle.db;
    const [ptId, coordId] = await Promise.all([clinic.userId(PT), clinic.userId(COORD)]);
    // The PT's entry is gone (as if the list had changed under it) and the summary's time has run out.
    await queryAsOwner(clinic.handle, "DELETE FROM patient_summary_members WHERE patient_id = $1 AND user_id = $2", [patientId, ptId]);
    await queryAsOwner(clinic.handle, "UPDATE patient_summaries SET valid_until = now() - interval '1 second' WHERE patient_id = $1", [patientId]);
    const changed = new Set<string>();
    expect(await refreshDueSummaries(db, new Date(), 500, changed)).toBeGreaterThan(0);
    expect(changed.has(ptId)).toBe(true);
    // The coordinator's entry came back the same: her list did not change.
    expect(changed.has(coordId)).toBe(false);
  });
});

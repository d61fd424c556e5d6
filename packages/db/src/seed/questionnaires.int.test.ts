import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleStatus } from "@stepwise/domain";
import type { DatabaseHandle } from "../client";
import { listAnswerTimes, listQuestionnaireSchedules } from "../repos/questionnaires";
import { createTestDatabase } from "../testing";
import { demoPatientIdByName, seedDemo } from "./demo";

let handle: DatabaseHandle;
const fakeHash = async (p: string) => `test-hash:${p}`;
const now = new Date();
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemo(handle.db, { hashPassword: fakeHash, now });
});
afterAll(async () => {
  await handle?.close();
});

describe("demo seed: Samuel Achterberg's questionnaires between visits", () => {
  it("PEG weekly with one due now, PHQ-9 every 4 weeks not yet started; a rerun keeps them", async () => {
    const samuel = demoPatientIdByName("Achterberg");
    const read = async () => {
      const [schedules, answers] = await Promise.all([listQuestionnaireSchedules(handle.db, samuel), listAnswerTimes(handle.db, samuel)]);
      return schedules.map((s) => [s.instrument, s.everyDays, scheduleStatus(s, answers.filter((a) => a.instrument === s.instrument).map((a) => a.administeredAt), now)?.state]);
    };
    expect(await read()).toEqual([
      ["peg3", 7, "due"],
      ["phq9", 28, "not_yet"],
    ]);
    await seedDemo(handle.db, { hashPassword: fakeHash, now });
    expect(await read()).toHaveLength(2);
    expect(await listQuestionnaireSchedules(handle.db, demoPatientIdByName("Hollis"))).toEqual([]);
  });
});

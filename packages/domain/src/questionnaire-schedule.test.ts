import { describe, expect, it } from "vitest";
import type { ProcedureOutcome } from "./clinical-v2";
import { instrumentDefinitions, instruments } from "./instruments";
import { scoreInstrument } from "./instruments";
import {
  answerableByPatient,
  crisisResourcesOf,
  defaultCrisisResources,
  defaultQuestionnaireSchedulePolicy,
  diaryPointIssue,
  followUpQuestionnaires,
  isDiaryDay,
  patientDiary,
  patientQuestionnaireText,
  scheduleStatus,
  showsCrisisResources,
  type DiaryOrder,
} from "./questionnaire-schedule";

const at = (iso: string) => new Date(iso);
const weeklyPeg = { instrument: "peg3" as const, everyDays: 7, startsOn: "2026-03-02", active: true };

describe("questionnaire schedule: due, late, done", () => {
  it("is not yet due before it starts, with the first day as the next", () => {
    expect(scheduleStatus(weeklyPeg, [], at("2026-03-01T23:59:00Z"))).toMatchObject({ state: "not_yet", dueOn: null, nextDueOn: "2026-03-02" });
  });

  it("is due from the day it falls, through the grace, and late the day after", () => {
    expect(scheduleStatus(weeklyPeg, [], at("2026-03-02T00:00:00Z"))).toMatchObject({ state: "due", dueOn: "2026-03-02", nextDueOn: "2026-03-09" });
    expect(scheduleStatus(weeklyPeg, [], at("2026-03-05T23:59:00Z"))?.state).toBe("due"); // 3 days = the grace
    expect(scheduleStatus(weeklyPeg, [], at("2026-03-06T00:00:00Z"))?.state).toBe("late");
  });

  it("is done once answered on or after the day it fell; an answer the day before does not count", () => {
    expect(scheduleStatus(weeklyPeg, [at("2026-03-09T08:00:00Z")], at("2026-03-10T12:00:00Z"))).toMatchObject({ state: "done", dueOn: "2026-03-09", nextDueOn: "2026-03-16", lastAnsweredOn: "2026-03-09" });
    expect(scheduleStatus(weeklyPeg, [at("2026-03-08T23:00:00Z")], at("2026-03-10T12:00:00Z"))?.state).toBe("due");
  });

  it("a missed week makes the next one late the day it falls", () => {
    expect(scheduleStatus(weeklyPeg, [at("2026-03-02T10:00:00Z")], at("2026-03-16T09:00:00Z"))?.state).toBe("late");
    expect(scheduleStatus(weeklyPeg, [at("2026-03-10T10:00:00Z")], at("2026-03-16T09:00:00Z"))?.state).toBe("due");
  });

  it("an inactive schedule asks nothing", () => {
    expect(scheduleStatus({ ...weeklyPeg, active: false }, [], at("2026-03-03T00:00:00Z"))).toBeNull();
  });

  it("names its policy", () => {
    expect(scheduleStatus(weeklyPeg, [], at("2026-03-03T00:00:00Z"))?.policyId).toBe(defaultQuestionnaireSchedulePolicy.id);
  });
});

const order = (over: Partial<DiaryOrder> = {}): DiaryOrder => ({
  id: "00000000-0000-4000-8000-000000000001",
  procedureType: "medial_branch_block",
  diagnostic: true,
  status: "performed",
  performedAt: at("2026-03-10T09:00:00Z"),
  scheduledFor: at("2026-03-10T09:00:00Z"),
  preProcedurePain: null,
  ...over,
});

const outcome = (timePoint: ProcedureOutcome["timePoint"], painScore: number, assessedAt: string, procedureId = order().id): ProcedureOutcome => ({
  id: `00000000-0000-4000-8000-00000000${String(timePoint.length).padStart(4, "0")}`,
  patientId: "00000000-0000-4000-8000-0000000000aa",
  procedureId,
  timePoint,
  assessedAt: at(assessedAt),
  painScore,
  reliefPercent: null,
  functionImprovementPercent: null,
  sideEffects: null,
  notes: null,
});

describe("follow-up questionnaires after a procedure (§6.7 series)", () => {
  const esi = order({ procedureType: "esi_transforaminal", diagnostic: false, preProcedurePain: 7, performedAt: at("2026-03-01T10:00:00Z") });

  it("an injection asks for the pain score from 2 weeks on; late after its window", () => {
    expect(followUpQuestionnaires([esi], [], [], at("2026-03-14T12:00:00Z"))).toEqual([]);
    expect(followUpQuestionnaires([esi], [], [], at("2026-03-15T00:00:00Z"))).toMatchObject([{ timePoint: "2w", instrument: "nrs", state: "due" }]);
    expect(followUpQuestionnaires([esi], [], [], at("2026-03-30T00:00:00Z"))).toMatchObject([{ timePoint: "2w", state: "late" }]);
  });

  it("is done when the patient answered after it fell, and gone once the team charted the point", () => {
    expect(followUpQuestionnaires([esi], [], [at("2026-03-16T08:00:00Z")], at("2026-03-17T00:00:00Z"))).toMatchObject([{ state: "done" }]);
    expect(followUpQuestionnaires([esi], [outcome("2w", 3, "2026-03-15T10:00:00Z", esi.id)], [], at("2026-03-17T00:00:00Z"))).toEqual([]);
  });

  it("a diagnostic block keeps its diary instead; an order not performed asks nothing", () => {
    expect(followUpQuestionnaires([order()], [], [], at("2026-03-10T12:00:00Z"))).toEqual([]);
    expect(followUpQuestionnaires([{ ...esi, status: "scheduled", performedAt: null }], [], [], at("2026-03-20T00:00:00Z"))).toEqual([]);
  });
});

describe("the patient's pain diary", () => {
  it("is kept on the day a diagnostic block is performed or scheduled, not the next day nor for a therapeutic injection", () => {
    expect(isDiaryDay(order(), at("2026-03-10T20:00:00Z"))).toBe(true);
    expect(isDiaryDay(order(), at("2026-03-11T00:00:00Z"))).toBe(false);
    expect(isDiaryDay(order({ status: "scheduled", performedAt: null }), at("2026-03-10T07:00:00Z"))).toBe(true);
    expect(isDiaryDay(order({ diagnostic: false, procedureType: "esi_interlaminar" }), at("2026-03-10T12:00:00Z"))).toBe(false);
  });

  it("prompts each point at the block's time plus its offset, opening 10 minutes early", () => {
    const view = patientDiary(order({ preProcedurePain: 8 }), [], at("2026-03-10T09:20:00Z"));
    expect(view.points.map((p) => p.promptAt?.toISOString().slice(11, 16))).toEqual(["09:30", "10:00", "11:00", "13:00", "15:00"]);
    expect(view.points.map((p) => p.state)).toEqual(["open", "upcoming", "upcoming", "upcoming", "upcoming"]);
    expect(patientDiary(order({ preProcedurePain: 8 }), [], at("2026-03-10T09:19:59Z")).points[0]!.state).toBe("upcoming");
  });

  it("asks the pain before the block first, and only until the first point", () => {
    const fresh = patientDiary(order(), [], at("2026-03-10T09:40:00Z"));
    expect(diaryPointIssue(fresh, "pre")).toBeUndefined();
    expect(diaryPointIssue(fresh, "diary_30m")).toBe("first record your pain before the block");
    const started = patientDiary(order({ preProcedurePain: 8 }), [outcome("diary_30m", 2, "2026-03-10T09:31:00Z")], at("2026-03-10T10:05:00Z"));
    expect(diaryPointIssue(started, "pre")).toBe("the pain before the block is already recorded");
    expect(diaryPointIssue(started, "diary_30m")).toBe("the 30 min score is already recorded");
    expect(diaryPointIssue(started, "diary_1h")).toBeUndefined();
    expect(diaryPointIssue(started, "diary_2h")).toBe("the 2 h score opens at its time");
  });

  it("relief is the domain's diary relief: pre 8, lowest 2 → 75%", () => {
    const view = patientDiary(order({ preProcedurePain: 8 }), [outcome("diary_30m", 3, "2026-03-10T09:31:00Z"), outcome("diary_1h", 2, "2026-03-10T10:01:00Z")], at("2026-03-10T10:05:00Z"));
    expect(view.reliefPercent).toBe(75);
  });

  it("waits for the block while it is only scheduled, and closes after the diary window", () => {
    const waiting = patientDiary(order({ status: "scheduled", performedAt: null }), [], at("2026-03-10T07:00:00Z"));
    expect(waiting.state).toBe("waiting");
    expect(diaryPointIssue(waiting, "pre")).toBeUndefined();
    expect(diaryPointIssue({ ...waiting, pre: { painScore: 7, canRecord: false } }, "diary_30m")).toBe("the diary opens once your team has marked the block as done");
    const booked = patientDiary(order({ status: "scheduled", performedAt: null, scheduledFor: at("2026-03-17T09:00:00Z") }), [], at("2026-03-10T07:00:00Z"));
    expect(diaryPointIssue(booked, "pre")).toBe("you can record your pain before the block on the day of the block");
    const closed = patientDiary(order({ preProcedurePain: 7 }), [], at("2026-03-11T09:00:01Z"));
    expect(closed.state).toBe("closed");
    expect(diaryPointIssue(closed, "diary_6h")).toBe("this diary has closed");
  });
});

describe("what the patient reads", () => {
  it("every answerable instrument has one question per scored item, with options inside its range", () => {
    const answerable = instruments.filter((i) => answerableByPatient(i));
    expect(answerable).toEqual(["nrs", "peg3", "phq9", "gad7"]);
    for (const i of answerable) {
      const def = instrumentDefinitions[i];
      for (const q of patientQuestionnaireText[i]!.questions) expect(q.options.map((o) => o.value)).toEqual(Array.from({ length: def.itemMax - def.itemMin + 1 }, (_, k) => def.itemMin + k));
    }
  });

  it("licensed wording (ODI, PCS) stays with the clinician", () => {
    expect(answerableByPatient("odi")).toBe(false);
    expect(answerableByPatient("pcs")).toBe(false);
  });
});

describe("crisis resources", () => {
  it("show exactly when PHQ-9 item 9 is above 0, as the team's flag", () => {
    expect(showsCrisisResources(scoreInstrument("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe(true);
    expect(showsCrisisResources(scoreInstrument("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0]))).toBe(false);
  });

  it("read the clinic's text, else the US default", () => {
    expect(crisisResourcesOf({ text: "Call the clinic's 24 h line: 555 0100." }).text).toBe("Call the clinic's 24 h line: 555 0100.");
    expect(crisisResourcesOf(undefined)).toEqual(defaultCrisisResources);
    expect(crisisResourcesOf({ text: "   " })).toEqual(defaultCrisisResources);
    expect(defaultCrisisResources.text).toContain("988");
  });
});

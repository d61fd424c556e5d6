import { describe, expect, it } from "vitest";
import type { Discipline } from "./discipline";
import { DomainError } from "./errors";
import type { Flag } from "./flags";
import {
  assertMayClose,
  assertMayDecide,
  assertMayMarkAttendance,
  assertMaySignOff,
  awaitsSignOff,
  carriedReason,
  CASE_REASON_MAX,
  mayApply,
  naloxoneStatus,
  ownerDiscipline,
  pageOf,
  proposeAgenda,
  quorumOf,
  statusOnRecord,
  type DecisionTarget,
} from "./meetings";
import type { Role } from "./roles";

const start = new Date("2026-03-10T14:00:00Z");
const before = new Date("2026-03-10T13:59:00Z");
const after = new Date("2026-03-10T14:30:00Z");

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

describe("quorum: a physician, a PT and a psychologist marked present", () => {
  const present = (role: Role, attended: boolean | null = true) => ({ role, attended });
  it.each<[string, { role: Role; attended: boolean | null }[], boolean, Discipline[]]>([
    ["all three present", [present("physician"), present("physical_therapist"), present("psychologist")], true, []],
    ["coordinator does not count", [present("coordinator"), present("physician"), present("physical_therapist")], false, ["psychologist"]],
    ["listed but not marked", [present("physician", null), present("physical_therapist"), present("psychologist")], false, ["physician"]],
    ["marked absent", [present("physician"), present("physical_therapist", false), present("psychologist")], false, ["physical_therapist"]],
    ["nobody", [], false, ["physician", "physical_therapist", "psychologist"]],
  ])("%s", (_name, attendees, met, missing) => {
    const q = quorumOf(attendees);
    expect(q.met).toBe(met);
    expect(q.missing).toEqual(missing);
    expect(q.policy).toMatch(/physician/);
  });
});

describe("closing", () => {
  const met = quorumOf([
    { role: "physician", attended: true },
    { role: "physical_therapist", attended: true },
    { role: "psychologist", attended: true },
  ]);
  const unmet = quorumOf([{ role: "physician", attended: true }]);
  it.each<[string, "scheduled" | "closed", Date, boolean, boolean, string | null]>([
    ["before the start, even with quorum", "scheduled", before, true, false, "PRECONDITION_FAILED"],
    ["after the start with quorum", "scheduled", after, true, false, null],
    ["exactly at the start", "scheduled", start, true, false, null],
    ["without quorum, not acknowledged", "scheduled", after, false, false, "PRECONDITION_FAILED"],
    ["without quorum, acknowledged", "scheduled", after, false, true, null],
    ["already closed", "closed", after, true, false, "PRECONDITION_FAILED"],
  ])("%s", (_name, status, now, hasQuorum, acknowledgeNoQuorum, code) => {
    expect(codeOf(() => assertMayClose({ status, scheduledFor: start }, { now, quorum: hasQuorum ? met : unmet, acknowledgeNoQuorum }))).toBe(code);
  });
});

describe("attendance and sign-off", () => {
  it.each<[string, string, "scheduled" | "closed", string | null]>([
    ["the chair", "chair", "scheduled", null],
    ["anyone else", "someone", "scheduled", "FORBIDDEN"],
    ["the chair, once closed", "chair", "closed", "PRECONDITION_FAILED"],
  ])("attendance is marked by %s", (_name, userId, status, code) => {
    expect(codeOf(() => assertMayMarkAttendance({ chairId: "chair", status }, userId))).toBe(code);
  });

  it.each<[string, { attended: boolean | null } | undefined, Date, string | null]>([
    ["present, after the start", { attended: true }, after, null],
    ["present, before the start", { attended: true }, before, "PRECONDITION_FAILED"],
    ["not marked", { attended: null }, after, "PRECONDITION_FAILED"],
    ["marked absent", { attended: false }, after, "PRECONDITION_FAILED"],
    ["not an attendee", undefined, after, "FORBIDDEN"],
  ])("sign-off: %s", (_name, attendee, now, code) => {
    expect(codeOf(() => assertMaySignOff({ scheduledFor: start }, attendee, now))).toBe(code);
  });

  it("waits on an attendee only once started, present and unsigned", () => {
    expect(awaitsSignOff({ scheduledFor: start }, { attended: true, signedOffAt: null }, after)).toBe(true);
    expect(awaitsSignOff({ scheduledFor: start }, { attended: true, signedOffAt: null }, before)).toBe(false);
    expect(awaitsSignOff({ scheduledFor: start }, { attended: true, signedOffAt: after }, after)).toBe(false);
    expect(awaitsSignOff({ scheduledFor: start }, { attended: null, signedOffAt: null }, after)).toBe(false);
  });
});

describe("decisions: what they change and who confirms", () => {
  const targets: [DecisionTarget, Discipline | null][] = [
    [{ kind: "approve_procedure" }, "physician"],
    [{ kind: "decline_procedure" }, "physician"],
    [{ kind: "transition_item", rowDiscipline: "physical_therapist" }, "physical_therapist"],
    [{ kind: "add_goal", rowDiscipline: "psychologist" }, "psychologist"],
    [{ kind: "start_medication" }, "physician"],
    [{ kind: "stop_medication" }, "physician"],
    [{ kind: "request_clearance" }, "physician"],
    [{ kind: "note" }, null],
  ];
  it.each(targets)("%o is owned by %s", (target, owner) => {
    expect(ownerDiscipline(target)).toBe(owner);
  });

  // Columns: physician, physical_therapist, psychologist, coordinator — C = confirmed at once, P = proposed.
  const EXPECTED: [DecisionTarget, string][] = [
    [{ kind: "approve_procedure" }, "CPPP"],
    [{ kind: "decline_procedure" }, "CPPP"],
    [{ kind: "transition_item", rowDiscipline: "physical_therapist" }, "PCPP"],
    [{ kind: "add_goal", rowDiscipline: "psychologist" }, "PPCP"],
    [{ kind: "start_medication" }, "CPPP"],
    [{ kind: "stop_medication" }, "CPPP"],
    [{ kind: "request_clearance" }, "CPPP"],
    [{ kind: "note" }, "CCCC"],
  ];
  const columns: Role[] = ["physician", "physical_therapist", "psychologist", "coordinator"];
  it.each(EXPECTED)("%o recorded by each role: %s", (target, row) => {
    expect(columns.map((role) => (statusOnRecord(role, target) === "confirmed" ? "C" : "P")).join("")).toBe(row);
  });

  it("is confirmed only by the owner, only at the version read, only while proposed", () => {
    const proposed = { status: "proposed" as const, version: 2 };
    const approve: DecisionTarget = { kind: "approve_procedure" };
    expect(codeOf(() => assertMayDecide("physician", approve, proposed, 2))).toBeNull();
    expect(codeOf(() => assertMayDecide("physical_therapist", approve, proposed, 2))).toBe("FORBIDDEN");
    expect(codeOf(() => assertMayDecide("coordinator", approve, proposed, 2))).toBe("FORBIDDEN");
    expect(codeOf(() => assertMayDecide("physician", approve, proposed, 1))).toBe("CONFLICT");
    expect(codeOf(() => assertMayDecide("physician", approve, { status: "confirmed", version: 2 }, 2))).toBe("PRECONDITION_FAILED");
    expect(codeOf(() => assertMayDecide("physician", approve, { status: "declined", version: 2 }, 2))).toBe("PRECONDITION_FAILED");
    // Two confirmations read at one version: the second finds a newer version, not just a new status.
    expect(codeOf(() => assertMayDecide("physician", approve, { status: "confirmed", version: 3 }, 2))).toBe("CONFLICT");
    expect(mayApply("admin", { kind: "approve_procedure" })).toBe(false);
  });
});

describe("agenda proposal and carry-over", () => {
  const flag = (code: Flag["code"], severity: Flag["severity"], message: string): Flag => ({
    code,
    severity,
    message,
    audience: [],
    agenda: true,
    evidence: [],
  });
  const earlier = { caseId: "c1", meetingId: "m1", title: "March review", scheduledFor: new Date("2026-03-01T14:00:00Z"), reason: "High dose" };

  it("ranks the most urgent flag first, then carried cases, then more flags, then by name; drops patients with nothing", () => {
    const out = proposeAgenda([
      { patientId: "a", patientName: "Ann", flags: [], leftover: null },
      { patientId: "b", patientName: "Bo", flags: [flag("outcome_due", "normal", "Outcome due")], leftover: null },
      { patientId: "c", patientName: "Cy", flags: [], leftover: earlier },
      { patientId: "d", patientName: "Di", flags: [flag("safety_self_harm", "urgent", "Item 9")], leftover: null },
      { patientId: "e", patientName: "Ed", flags: [flag("outcome_due", "normal", "Outcome due")], leftover: earlier },
    ]);
    expect(out.map((p) => p.patientId)).toEqual(["d", "e", "b", "c"]);
    expect(out[1]).toMatchObject({ carriedFromCaseId: "c1", reason: "Outcome due; Not reached at March review (2026-03-01): High dose" });
  });

  it("keeps a carried reason within the case reason limit", () => {
    expect(carriedReason(earlier, "x".repeat(CASE_REASON_MAX)).length).toBe(CASE_REASON_MAX);
  });

  it.each<[number, number, number[], number | null]>([
    [0, 2, [0, 1], 2],
    [2, 2, [2, 3], 4],
    [4, 2, [4], null],
    [5, 2, [], null],
  ])("pages from %i by %i", (offset, limit, items, nextOffset) => {
    expect(pageOf([0, 1, 2, 3, 4], offset, limit)).toEqual({ items, total: 5, nextOffset });
  });
});

describe("naloxoneStatus", () => {
  const med = (name: string, status: "active" | "stopped" = "active") => ({ name, status });
  it.each([
    [[med("Naloxone nasal spray (rescue)")], "on the medication list: Naloxone nasal spray (rescue)"],
    [[med("Oxycodone IR"), med("NARCAN 4 mg")], "on the medication list: NARCAN 4 mg"],
    [[med("Naloxone nasal spray", "stopped")], "none on the medication list"],
    [[med("Oxycodone IR")], "none on the medication list"],
    [[], "none on the medication list"],
  ])("reads %j as %s", (medications, expected) => {
    expect(naloxoneStatus(medications)).toBe(expected);
  });
});

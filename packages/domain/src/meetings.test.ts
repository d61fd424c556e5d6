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
  caseByFlag,
  ownerDiscipline,
  pageOf,
  proposeAgenda,
  quorumOf,
  statusOnRecord,
  type DecisionTarget,
} from "./meetings";
import type { Role } from "./roles";
import type { PatientRecord } from "./patient-record";
import { assessment, daysAgo, medication, monthsAgo, NOW, PATIENT, PSYCH_ID, record, uid } from "./test-fixtures";

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

describe("caseByFlag reads naloxone, monitoring and the safety response from the §6 rules", () => {
  // NOW = 2026-06-01. Oxycodone IR 10 mg ×4/day started 2026-03-01 → 60 MME/day (opioid review).
  const oxy = medication({ id: uid(), name: "Oxycodone IR", doseMg: 10, timesPerDay: 4, startedAt: monthsAgo(3) });
  const nasal = medication({ id: uid(), name: "Naloxone nasal spray", catalogKey: "naloxone_nasal", drugClass: "naloxone", opioid: null, doseMg: 4, timesPerDay: 1, asNeeded: true, route: "intranasal", startedAt: monthsAgo(1) });
  const pdmp = { id: uid(), patientId: PATIENT, kind: "pdmp_check" as const, performedAt: monthsAgo(4), result: null };
  const base = (parts: Partial<PatientRecord>) => record({ medications: [oxy], ...parts });

  it.each([
    ["60 MME/day, naloxone spray started 2026-05-01 → prescribed", base({ medications: [oxy, nasal] }), "prescribed: Naloxone nasal spray (since 2026-05-01)"],
    ["60 MME/day, nothing recorded → needed, with the reason", base({}), "none on the medication list and no offer recorded — offer: 60 MME/day (≥ 50, table cdc-2022)"],
    [
      "60 MME/day, offered 2026-02-01 → stands until 2027-02-01",
      base({ opioidMonitoring: [{ id: uid(), patientId: PATIENT, kind: "naloxone_offered", performedAt: monthsAgo(4), result: null }] }),
      "offered 2026-02-01 (stands until 2027-02-01)",
    ],
  ])("%s", (_name, rec, expected) => {
    expect(caseByFlag(["opioid_review"], rec, NOW).opioid?.naloxone).toBe(expected);
  });

  it("monitoring: PDMP last 2026-02-01 (due 2026-05-01, overdue), urine drug test never (due at the start 2026-03-01, overdue)", () => {
    const monitoring = caseByFlag(["opioid_review"], base({ opioidMonitoring: [pdmp] }), NOW).opioid?.monitoring ?? "";
    expect(monitoring).toContain("Prescription-monitoring (PDMP) check: overdue — last 2026-02-01, due 2026-05-01");
    expect(monitoring).toContain("Urine drug test: overdue — never recorded — due at the start of opioid therapy (2026-03-01)");
  });

  it("safety: PHQ-9 item 9 = 1 on 2026-05-25, answered by phone 2026-05-26 → the response is shown; none → 'no response recorded'", () => {
    const phq9 = assessment("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 1], daysAgo(7));
    const response = {
      id: uid(),
      patientId: PATIENT,
      assessmentId: phq9.id,
      contactMethod: "phone" as const,
      contactedAt: daysAgo(6),
      riskAssessed: "low" as const,
      safetyPlanInPlace: true,
      referral: null,
      notes: null,
      createdBy: PSYCH_ID,
      createdAt: daysAgo(6),
    };
    expect(caseByFlag(["safety_self_harm"], record({ assessments: [phq9] }), NOW).safety?.response).toBe("no response recorded");
    expect(caseByFlag(["safety_self_harm"], record({ assessments: [phq9], safetyResponses: [response] }), NOW).safety).toMatchObject({
      answer: 1,
      response: "responded: contacted by phone 2026-05-26, risk assessed low, safety plan in place",
    });
  });
});

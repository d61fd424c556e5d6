import { describe, expect, it } from "vitest";
import type { Flag } from "./flags";
import { flagsForRole, rankWorklist } from "./worklist";

const flag = (code: Flag["code"], audience: Flag["audience"], ownerIds?: string[]): Flag => ({ code, severity: "normal", audience, agenda: false, message: code, evidence: [], ...(ownerIds ? { ownerIds } : {}) });

describe("worklist", () => {
  it("ranks a physician's patients safety first, then high MME, candidacy pending, outcome due, not improving", () => {
    const entries = [
      { patient: "not-improving", flags: [flag("not_improving", ["physician"])] },
      { patient: "outcome", flags: [flag("outcome_due", ["physician"])] },
      { patient: "quiet", flags: [] },
      { patient: "candidacy", flags: [flag("candidacy_pending", ["physician"])] },
      { patient: "mme", flags: [flag("high_opioid_dose", ["physician"])] },
      { patient: "safety", flags: [flag("safety_self_harm", ["physician", "psychologist"])] },
    ];
    expect(rankWorklist(entries, "physician").map((e) => e.patient)).toEqual(["safety", "mme", "candidacy", "outcome", "not-improving", "quiet"]);
  });

  it("keeps only the flags addressed to the role or owned by the user", () => {
    const flags = [flag("missed_sessions", ["physical_therapist", "coordinator"]), flag("depression_anxiety", ["psychologist"]), flag("overdue_action", ["coordinator"], ["u1"])];
    expect(flagsForRole(flags, "physical_therapist").map((f) => f.code)).toEqual(["missed_sessions"]);
    expect(flagsForRole(flags, "physical_therapist", "u1").map((f) => f.code)).toEqual(["missed_sessions", "overdue_action"]);
    expect(flagsForRole(flags, "psychologist").map((f) => f.code)).toEqual(["depression_anxiety"]);
  });
});

describe("worklist: safety first for every role, and the agenda on every team list (§6.9, issue 10 item 2)", () => {
  const agendaFlag = (code: Flag["code"], audience: Flag["audience"]): Flag => ({ ...flag(code, audience), agenda: true });
  const flags = [
    agendaFlag("not_improving", ["physician", "physical_therapist", "psychologist", "coordinator"]),
    agendaFlag("high_opioid_dose", ["physician"]),
    agendaFlag("candidacy_pending", ["physician"]),
    { ...agendaFlag("safety_self_harm", ["physician", "physical_therapist", "psychologist", "coordinator"]), severity: "urgent" as const },
    flag("outcome_due", ["physician"]),
  ];

  it.each([
    ["coordinator", ["safety_self_harm", "candidacy_pending", "not_improving", "high_opioid_dose"]],
    ["physical_therapist", ["safety_self_harm", "not_improving", "high_opioid_dose", "candidacy_pending"]],
    ["psychologist", ["safety_self_harm", "not_improving", "high_opioid_dose", "candidacy_pending"]],
    ["physician", ["safety_self_harm", "high_opioid_dose", "candidacy_pending", "outcome_due", "not_improving"]],
  ] as const)("%s sees %j (agenda flags kept, outcome due stays the physician's)", (role, expected) => {
    expect(flagsForRole(flags, role).map((f) => f.code)).toEqual(expected);
  });

  it("an acknowledged self-harm patient ranks after an open one but before a high-opioid patient, for the PT", () => {
    const ack = { responseId: "r", byId: "u", byName: null, at: new Date(0), contactMethod: "phone" as const, contactedAt: new Date(0), riskAssessed: null, safetyPlanInPlace: true, referral: null };
    const entries = [
      { patient: "opioid", flags: [agendaFlag("high_opioid_dose", ["physician"])] },
      { patient: "acknowledged", flags: [{ ...agendaFlag("safety_self_harm", ["physical_therapist"]), acknowledgement: ack }] },
      { patient: "open", flags: [agendaFlag("safety_self_harm", ["physical_therapist"])] },
    ];
    expect(rankWorklist(entries, "physical_therapist").map((e) => e.patient)).toEqual(["open", "acknowledged", "opioid"]);
  });
});

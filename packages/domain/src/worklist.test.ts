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

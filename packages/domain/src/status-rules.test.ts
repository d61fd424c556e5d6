import { describe, expect, it } from "vitest";
import { assertClearanceTransition, assertCriteriaOverridable, isClearanceOpen, assertMedicationEditable, assertMedicationStop, assertOutcomeRecordable, procedureStatuses, clearanceStatusSchema } from "./entities";

describe("procedure status rules", () => {
  it("an outcome only for a performed procedure; an override only before approval", () => {
    expect(procedureStatuses.filter((s) => !throws(() => assertOutcomeRecordable(s)))).toEqual(["performed"]);
    expect(procedureStatuses.filter((s) => !throws(() => assertCriteriaOverridable(s)))).toEqual(["proposed"]);
    expect(() => assertOutcomeRecordable("scheduled")).toThrow(expect.objectContaining({ code: "PRECONDITION_FAILED", field: "status" }));
  });
});

describe("clearance status rules", () => {
  it("requested and deferred are open; cleared and not cleared are final", () => {
    expect(clearanceStatusSchema.options.filter(isClearanceOpen)).toEqual(["requested", "deferred"]);
    expect(() => assertClearanceTransition("deferred", "cleared")).not.toThrow();
    expect(() => assertClearanceTransition("cleared", "deferred")).toThrow(expect.objectContaining({ code: "PRECONDITION_FAILED" }));
  });
});

describe("medication status rules", () => {
  const startedAt = new Date("2026-03-01T00:00:00Z");
  it("an active medication is edited and stopped; a stopped one is history", () => {
    expect(() => assertMedicationEditable("active")).not.toThrow();
    expect(() => assertMedicationEditable("stopped")).toThrow(expect.objectContaining({ code: "PRECONDITION_FAILED", field: "status" }));
    expect(() => assertMedicationStop({ status: "active", startedAt }, new Date("2026-04-01T00:00:00Z"))).not.toThrow();
    expect(() => assertMedicationStop({ status: "stopped", startedAt }, new Date("2026-04-01T00:00:00Z"))).toThrow(expect.objectContaining({ code: "PRECONDITION_FAILED" }));
  });
  it("is not stopped before it was started", () => {
    expect(() => assertMedicationStop({ status: "active", startedAt }, new Date("2026-02-28T00:00:00Z"))).toThrow(expect.objectContaining({ code: "BAD_REQUEST", field: "stoppedAt" }));
  });
});

function throws(fn: () => void): boolean {
  try {
    fn();
    return false;
  } catch {
    return true;
  }
}

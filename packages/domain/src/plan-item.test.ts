import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertProcedureTransition, canTransitionProcedure, procedureStatuses, procedureTransitions } from "./entities";
import { DomainError } from "./errors";
import {
  assertTransition,
  canTransition,
  currentStep,
  planItemShapeIssue,
  planItemStatuses,
  planItemTransitions,
  transitionTimestamps,
  type PlanItemStatus,
} from "./plan-item";
import { isTerminalIn, reachableFrom, type TransitionTable } from "./state-machine";
import { NOW } from "./test-fixtures";

describe("plan item transitions", () => {
  it("follow the table of DESIGN.md §2 exactly", () => {
    expect(planItemTransitions).toEqual({
      proposed: ["active", "stopped"],
      active: ["completed", "stopped", "on_hold"],
      on_hold: ["active", "stopped"],
      completed: [],
      stopped: [],
    });
  });

  it("allows and refuses moves", () => {
    expect(canTransition("proposed", "active")).toBe(true);
    expect(canTransition("proposed", "completed")).toBe(false);
    expect(canTransition("on_hold", "active")).toBe(true);
    expect(canTransition("completed", "active")).toBe(false);
  });

  it("assertTransition throws a typed DomainError", () => {
    expect(() => assertTransition("active", "on_hold")).not.toThrow();
    try {
      assertTransition("stopped", "active");
      throw new Error("expected a throw");
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("PRECONDITION_FAILED");
      expect((error as DomainError).field).toBe("status");
    }
  });

  it("stamps startedAt once and endedAt on completion", () => {
    const earlier = new Date("2026-01-01T00:00:00Z");
    expect(transitionTimestamps({ status: "proposed", startedAt: null, endedAt: null }, "active", NOW)).toEqual({ startedAt: NOW, endedAt: null });
    expect(transitionTimestamps({ status: "on_hold", startedAt: earlier, endedAt: null }, "active", NOW)).toEqual({ startedAt: earlier, endedAt: null });
    expect(transitionTimestamps({ status: "active", startedAt: earlier, endedAt: null }, "completed", NOW)).toEqual({ startedAt: earlier, endedAt: NOW });
  });

  it("keeps each kind on its ladder steps and with its owning discipline", () => {
    expect(planItemShapeIssue("procedure", 3, "physician")).toBeNull();
    expect(planItemShapeIssue("procedure", 2, "physician")?.field).toBe("ladderStep");
    expect(planItemShapeIssue("physical_therapy", 1, "psychologist")?.field).toBe("discipline");
    expect(planItemShapeIssue("referral", 4, "physician")).toBeNull();
  });
});

describe("currentStep", () => {
  it("is 1 when there are no active items", () => {
    expect(currentStep([])).toBe(1);
    expect(currentStep([{ status: "completed", ladderStep: 4 }, { status: "proposed", ladderStep: 3 }])).toBe(1);
  });
  it("is the highest step among ACTIVE items only", () => {
    expect(
      currentStep([
        { status: "active", ladderStep: 2 },
        { status: "on_hold", ladderStep: 4 },
        { status: "active", ladderStep: 3 },
        { status: "stopped", ladderStep: 4 },
      ]),
    ).toBe(3);
  });
  it("never exceeds the highest active step (property)", () => {
    const item = fc.record({ status: fc.constantFrom(...planItemStatuses), ladderStep: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 10 }), (items) => {
        const active = items.filter((i) => i.status === "active").map((i) => i.ladderStep);
        expect(currentStep(items)).toBe(Math.max(1, ...active));
      }),
    );
  });
});

function transitionProperties<S extends string>(name: string, statuses: readonly S[], table: TransitionTable<S>, start: S): void {
  describe(`${name} state machine properties`, () => {
    it("every status named in the table is a known status", () => {
      for (const [from, targets] of Object.entries(table) as [S, readonly S[]][]) {
        expect(statuses).toContain(from);
        for (const to of targets) expect(statuses).toContain(to);
      }
      expect(Object.keys(table).sort()).toEqual([...statuses].sort());
    });

    it("every status is reachable from the start", () => {
      expect([...reachableFrom(table, start)].sort()).toEqual([...statuses].sort());
    });

    it("no path of allowed moves ever leaves a terminal status", () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...statuses), { maxLength: 20 }), (attempts) => {
          let status: S = start;
          let terminalSeen: S | null = null;
          for (const next of attempts) {
            if (table[status].includes(next)) status = next;
            if (terminalSeen !== null) expect(status).toBe(terminalSeen);
            if (isTerminalIn(table, status)) terminalSeen = status;
          }
        }),
      );
    });
  });
}

transitionProperties<PlanItemStatus>("plan item", planItemStatuses, planItemTransitions, "proposed");
transitionProperties("procedure", procedureStatuses, procedureTransitions, "proposed");

describe("procedure transitions", () => {
  it("follow proposed → approved → scheduled → performed | cancelled", () => {
    expect(canTransitionProcedure("proposed", "approved")).toBe(true);
    expect(canTransitionProcedure("approved", "scheduled")).toBe(true);
    expect(canTransitionProcedure("scheduled", "performed")).toBe(true);
    expect(canTransitionProcedure("proposed", "performed")).toBe(false);
    expect(canTransitionProcedure("performed", "cancelled")).toBe(false);
    expect(() => assertProcedureTransition("cancelled", "approved")).toThrow(DomainError);
  });
});

import { describe, expect, it } from "vitest";
import { listEvents } from "@stepwise/db";
import { ladderPolicy } from "@stepwise/domain";
import { createBlankPatient, demoEmails, failure } from "../test-support";
import { useSeededClinic } from "../test-clinic";

// §6.8 through the API: a procedure order and its ladder item are one thing seen twice. Every move
// of the order (orders router or a case conference's decision) moves the item in the same
// transaction; the item cannot be moved around its order; the plan reads the step from both.

const { PHYSICIAN, PT, PSYCH, COORD } = demoEmails;
const DAY = 86_400_000;
const HOUR = 3_600_000;

const clinic = useSeededClinic();

const patient = () => createBlankPatient(clinic, [PHYSICIAN, PT, PSYCH, COORD]);

const order = (patientId: string, procedureType: "medial_branch_block" | "radiofrequency_ablation" = "medial_branch_block") => ({
  patientId,
  procedureType,
  level: "L4-L5",
  side: "left" as const,
  region: "lumbar" as const,
  indication: "Axial low back pain, facet-mediated pattern on examination",
  intent: "Confirm the L4-L5 facet joint as the pain generator",
  expectedBenefit: "Relief that predicts the benefit of ablation",
  alternatives: "Continue physical therapy; facet joint injection",
  followUpPlan: "Pain diary for 6 hours; review at 2 weeks",
});

/** Overrides whatever the checklist leaves open, so the order can be approved on a blank record. */
async function overrideOpen(patientId: string, id: string) {
  const doc = await clinic.as(PHYSICIAN);
  const row = (await doc.procedures.list({ patientId })).find((p) => p.id === id)!;
  const checklist = await doc.procedures.evaluateCandidacy({ patientId, procedureType: row.procedureType, target: { level: row.level, side: row.side } });
  let version = row.version;
  for (const c of checklist.criteria.filter((x) => x.status !== "met")) {
    version = (await doc.procedures.overrideCriterion({ patientId, procedureId: id, criterionId: c.id, reason: "Test fixture: decided at the case conference." })).version;
  }
  return version;
}

async function itemOf(patientId: string, planItemId: string | null) {
  const plan = await (await clinic.as(PHYSICIAN)).carePlan.get({ patientId });
  return plan.planItems.find((i) => i.id === planItemId);
}

describe("order ↔ ladder item through the orders router", () => {
  it("propose creates the step-3 procedure item (physician, proposed, linked); approve → active; schedule keeps it active; perform → completed — each with a plan event", async () => {
    const p = await patient();
    const doc = await clinic.as(PHYSICIAN);
    const proposed = await doc.procedures.propose(order(p));
    expect(proposed.planItemId).not.toBeNull();
    expect(await itemOf(p, proposed.planItemId)).toMatchObject({ kind: "procedure", ladderStep: 3, discipline: "physician", status: "proposed", title: "Medial branch block L4-L5 left", startedAt: null });

    const approved = await doc.procedures.approve({ patientId: p, id: proposed.id, expectedVersion: await overrideOpen(p, proposed.id) });
    const active = await itemOf(p, approved.planItemId);
    expect(active).toMatchObject({ status: "active" });
    expect(active?.startedAt).not.toBeNull();
    // The item's move is written in the same transaction, just before the order's own event.
    const [orderEvent, itemEvent] = await listEvents(clinic.handle.db, { patientId: p, viewerId: await clinic.userId(PHYSICIAN), limit: 2 });
    expect(orderEvent).toMatchObject({ entityType: "procedure", entityId: approved.id, eventType: "procedure.approved" });
    expect(itemEvent).toMatchObject({ entityType: "plan_item", entityId: approved.planItemId, eventType: "plan_item.active", summary: "Medial branch block L4-L5 left: proposed → active (with its order, approved)" });

    const scheduled = await doc.procedures.schedule({ patientId: p, id: approved.id, expectedVersion: approved.version, scheduledFor: new Date(Date.now() + 2 * DAY) });
    expect(await itemOf(p, scheduled.planItemId)).toMatchObject({ status: "active", version: active?.version });

    const performed = await doc.procedures.recordPerformed({ patientId: p, id: scheduled.id, expectedVersion: scheduled.version, performedAt: new Date(Date.now() - HOUR), preProcedurePain: 7 });
    const done = await itemOf(p, performed.planItemId);
    expect(done).toMatchObject({ status: "completed" });
    expect(done?.endedAt).not.toBeNull();
    // A performed diagnostic block: step 3 in work-up, though no step-3 item is active any more.
    const plan = await doc.carePlan.get({ patientId: p });
    expect(plan.ladder).toMatchObject({ current: 3, basis: "work_up", highestReached: 3, policyId: ladderPolicy.id });
    expect(plan.currentStep).toBe(3);
  });

  it("cancel → the item is stopped; a proposed order for a named proposed procedure item links to it instead of creating one", async () => {
    const p = await patient();
    const doc = await clinic.as(PHYSICIAN);
    const item = await doc.planItems.create({ patientId: p, kind: "procedure", ladderStep: 3, discipline: "physician", title: "RFA L4-L5 left if blocks positive", rationale: "Facet pathway", problemId: null, goalIds: [] });
    const before = (await doc.carePlan.get({ patientId: p })).planItems.length;
    const proposed = await doc.procedures.propose({ ...order(p, "radiofrequency_ablation"), planItemId: item.id });
    expect(proposed.planItemId).toBe(item.id);
    expect((await doc.carePlan.get({ patientId: p })).planItems).toHaveLength(before);

    const again = await failure(doc.procedures.propose({ ...order(p), planItemId: item.id }));
    expect(again.code).toBe("PRECONDITION_FAILED");
    expect(again.message).toContain("already seen as the order Radiofrequency ablation");

    const cancelled = await doc.procedures.cancel({ patientId: p, id: proposed.id, expectedVersion: proposed.version, reason: "Patient declined after discussion." });
    expect(await itemOf(p, cancelled.planItemId)).toMatchObject({ status: "stopped" });
  });

  it("refuses a non-procedure item as the order's ladder item (BAD_REQUEST) and another patient's item (NOT_FOUND)", async () => {
    const p = await patient();
    const other = await patient();
    const doc = await clinic.as(PHYSICIAN);
    const med = await doc.planItems.create({ patientId: p, kind: "medication", ladderStep: 2, discipline: "physician", title: "Duloxetine trial", rationale: "Neuropathic component", problemId: null, goalIds: [] });
    expect((await failure(doc.procedures.propose({ ...order(p), planItemId: med.id }))).code).toBe("BAD_REQUEST");
    const foreign = await doc.planItems.create({ patientId: other, kind: "procedure", ladderStep: 3, discipline: "physician", title: "MBB", rationale: "Facet pathway", problemId: null, goalIds: [] });
    expect((await failure(doc.procedures.propose({ ...order(p), planItemId: foreign.id }))).code).toBe("NOT_FOUND");
  });

  it("moving the linked item directly is refused with PRECONDITION_FAILED naming the order, and nothing changes", async () => {
    const p = await patient();
    const doc = await clinic.as(PHYSICIAN);
    const proposed = await doc.procedures.propose(order(p));
    const item = (await itemOf(p, proposed.planItemId))!;
    const refused = await failure(doc.planItems.transition({ patientId: p, id: item.id, expectedVersion: item.version, to: "active" }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toBe("Medial branch block L4-L5 left moves with its procedure order (Medial branch block L4-L5 left, proposed): approve, schedule, record it performed or cancel the order instead");
    expect(await itemOf(p, proposed.planItemId)).toMatchObject({ status: "proposed", version: item.version });
  });

  it("after two performed blocks and an approved RFA the plan reads step 3, not step 1 (issue 10 item 6)", async () => {
    const p = await patient();
    const doc = await clinic.as(PHYSICIAN);
    const pt = await clinic.as(PT);
    const therapy = await pt.planItems.create({ patientId: p, kind: "physical_therapy", ladderStep: 1, discipline: "physical_therapist", title: "Core stabilisation", rationale: "First line", problemId: null, goalIds: [] });
    await pt.planItems.transition({ patientId: p, id: therapy.id, expectedVersion: therapy.version, to: "active" });
    for (const daysAgo of [40, 20]) {
      const b = await doc.procedures.propose(order(p));
      const a = await doc.procedures.approve({ patientId: p, id: b.id, expectedVersion: await overrideOpen(p, b.id) });
      const s = await doc.procedures.schedule({ patientId: p, id: a.id, expectedVersion: a.version, scheduledFor: new Date(Date.now() - 2 * DAY) });
      await doc.procedures.recordPerformed({ patientId: p, id: s.id, expectedVersion: s.version, performedAt: new Date(Date.now() - daysAgo * DAY), preProcedurePain: 7 });
    }
    const rfa = await doc.procedures.propose(order(p, "radiofrequency_ablation"));
    await doc.procedures.approve({ patientId: p, id: rfa.id, expectedVersion: await overrideOpen(p, rfa.id) });
    const plan = await doc.carePlan.get({ patientId: p });
    expect(plan.ladder).toMatchObject({ current: 3, basis: "active", highestReached: 3 });
    expect(plan.planItems.filter((i) => i.kind === "procedure").map((i) => i.status).sort()).toEqual(["active", "completed", "completed"]);
    const mine = (await doc.worklist.mine({ limit: 100 })).items.find((e) => e.id === p);
    expect(mine).toMatchObject({ currentStep: 3, ladder: { current: 3, highestReached: 3 } });
  });
});

describe("order ↔ ladder item through a case conference's decision", () => {
  it("a confirmed approve_procedure makes the item active; a confirmed decline_procedure stops it", async () => {
    const p = await patient();
    const coord = await clinic.as(COORD);
    const doc = await clinic.as(PHYSICIAN);
    const ids = await Promise.all([PHYSICIAN, PT, PSYCH].map((e) => clinic.userId(e)));
    const meeting = await coord.meetings.schedule({ title: `Ladder review ${p.slice(0, 6)}`, scheduledFor: new Date(Date.now() + DAY), attendeeIds: ids });
    const agendaCase = await coord.meetings.addCase({ patientId: p, meetingId: meeting.id, reason: "Candidacy decision" });

    const first = await doc.procedures.propose(order(p));
    await overrideOpen(p, first.id);
    const approve = await coord.meetings.recordDecision({ patientId: p, meetingId: meeting.id, caseId: agendaCase.id, kind: "approve_procedure", procedureId: first.id });
    expect(await itemOf(p, first.planItemId)).toMatchObject({ status: "proposed" });
    await doc.meetings.confirmDecision({ patientId: p, decisionId: approve.id, expectedVersion: approve.version });
    expect(await itemOf(p, first.planItemId)).toMatchObject({ status: "active" });
    // The case view shows the step as the plan does.
    expect((await doc.meetings.caseSummary({ patientId: p, meetingId: meeting.id })).ladder).toMatchObject({ current: 3, basis: "active", highestReached: 3 });

    const second = await doc.procedures.propose(order(p, "radiofrequency_ablation"));
    const decline = await coord.meetings.recordDecision({ patientId: p, meetingId: meeting.id, caseId: agendaCase.id, kind: "decline_procedure", procedureId: second.id, reason: "Blocks first, then ablation." });
    await doc.meetings.confirmDecision({ patientId: p, decisionId: decline.id, expectedVersion: decline.version });
    expect(await itemOf(p, second.planItemId)).toMatchObject({ status: "stopped" });
  });
});

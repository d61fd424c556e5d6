import { describe, expect, it } from "vitest";
import { listAudit, listEvents } from "@stepwise/db";
import { defaultClinicPolicy, procedureInfo } from "@stepwise/domain";
import { demoEmails, createBlankPatient, failure, mbbOrder } from "../test-support";
import { useSeededClinic } from "../test-clinic";

// Issue 10 on the procedures router: levels normalised on input (§6.1), the steroid choice and the
// risks of an order (§6.3, patient information), and overrides that need a psychologist's co-sign.

const { PHYSICIAN, PT, PSYCH: PSYCHOLOGIST, COORD: COORDINATOR } = demoEmails;

const clinic = useSeededClinic();

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
const newPatient = () => createBlankPatient(clinic, [PHYSICIAN, PT, PSYCHOLOGIST, COORDINATOR]);

const order = mbbOrder;

describe("§6.1 levels are normalised on input", () => {
  it.each([
    ["l4/5", "L4-L5"],
    ["L4–L5", "L4-L5"],
    ["L4 L5", "L4-L5"],
    ["l5-s1", "L5-S1"],
  ])("propose with level %s stores %s", async (written, stored) => {
    const patientId = await newPatient();
    const row = await (await clinic.as(PHYSICIAN)).procedures.propose(order(patientId, { level: written }));
    expect(row.level).toBe(stored);
  });

  it("an invalid level is a BAD_REQUEST on the level field, and nothing is written", async () => {
    const patientId = await newPatient();
    const doc = await clinic.as(PHYSICIAN);
    const err = await failure(doc.procedures.propose(order(patientId, { level: "L5-L4" })));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toContain("level");
    expect(err.message).toContain("upper to the lower");
    expect(await doc.procedures.list({ patientId })).toEqual([]);
  });

  it("a problem's level is normalised too (C5-6 → C5-C6), and the checklist target accepts free text", async () => {
    const patientId = await newPatient();
    const doc = await clinic.as(PHYSICIAN);
    const problem = await doc.problems.create({
      patientId,
      diagnosis: "Cervical facet arthropathy",
      bodySite: "neck, right",
      laterality: "right",
      level: "c5-6",
      painGenerator: "facet_joint",
      painPattern: "axial",
      onsetDate: daysAgo(200),
    });
    expect(problem.level).toBe("C5-C6");
    const checklist = await doc.procedures.evaluateCandidacy({ patientId, procedureType: "radiofrequency_ablation", target: { level: "c5/c6", side: "right", region: "cervical" } });
    expect(checklist.target).toMatchObject({ level: "C5-C6", side: "right", region: "cervical" });
  });
});

describe("steroid and risks on the order", () => {
  it("an ESI always has steroid; a medial branch block never; a trigger point injection as chosen", async () => {
    const patientId = await newPatient();
    const doc = await clinic.as(PHYSICIAN);
    const esi = await doc.procedures.propose(order(patientId, { procedureType: "esi_transforaminal", intent: "Therapeutic: reduce radicular pain" }));
    expect(esi.withSteroid).toBe(true);
    expect((esi.candidacySnapshot as { criteria: { id: string }[] }).criteria.map((c) => c.id)).toContain("steroid_exposure");
    const block = await doc.procedures.propose(order(patientId));
    expect(block.withSteroid).toBe(false);
    const tpi = await doc.procedures.propose(order(patientId, { procedureType: "trigger_point_injection", level: null, side: null, region: "other", withSteroid: true }));
    expect(tpi.withSteroid).toBe(true);
    expect((tpi.candidacySnapshot as { criteria: { id: string }[] }).criteria.map((c) => c.id)).toContain("steroid_exposure");
  });

  it("an ESI without steroid, or a medial branch block with one, is refused on withSteroid", async () => {
    const patientId = await newPatient();
    const doc = await clinic.as(PHYSICIAN);
    const esi = await failure(doc.procedures.propose(order(patientId, { procedureType: "esi_transforaminal", withSteroid: false })));
    expect(esi.code).toBe("BAD_REQUEST");
    expect(esi.message).toContain("withSteroid");
    expect((await failure(doc.procedures.propose(order(patientId, { withSteroid: true })))).code).toBe("BAD_REQUEST");
  });

  it("risks default to the clinic's plain-language text and keep the physician's edit", async () => {
    const patientId = await newPatient();
    const doc = await clinic.as(PHYSICIAN);
    expect((await doc.procedures.propose(order(patientId))).risks).toBe(procedureInfo.medial_branch_block.risks);
    const edited = "Soreness for a few days. Discussed: bleeding risk on aspirin (continued, low-risk procedure).";
    expect((await doc.procedures.propose(order(patientId, { risks: edited }))).risks).toBe(edited);
  });
});

describe("overrides that need two people: the psychologist co-signs a clearance override", () => {
  const scsTrial = (patientId: string) =>
    order(patientId, {
      procedureType: "scs_trial",
      level: null,
      side: null,
      region: "thoracic",
      indication: "Failed back surgery syndrome with neuropathic leg pain",
      intent: "Trial of spinal cord stimulation",
      expectedBenefit: "≥50% relief during the trial",
      alternatives: "DRG stimulation; continued medical management",
      followUpPlan: "End-of-trial review at 7 days",
    });

  /** An SCS trial with every open criterion overridden by the physician; returns the order and its version. */
  async function overriddenTrial() {
    const patientId = await newPatient();
    const doc = await clinic.as(PHYSICIAN);
    const proposed = await doc.procedures.propose(scsTrial(patientId));
    const open = (await doc.procedures.evaluateCandidacy({ patientId, procedureType: "scs_trial", target: { region: "thoracic" } })).criteria.filter((c) => c.status !== "met");
    expect(open.map((c) => c.id)).toEqual(expect.arrayContaining(["psych_clearance", "no_substance_use_concern"]));
    let version = proposed.version;
    for (const c of open) {
      version = (await doc.procedures.overrideCriterion({ patientId, procedureId: proposed.id, criterionId: c.id, reason: "Decided at the case conference with the team." })).version;
    }
    return { patientId, id: proposed.id, version };
  }

  it("approval is refused until every clearance override is co-signed, then goes through", async () => {
    const { patientId, id, version } = await overriddenTrial();
    const doc = await clinic.as(PHYSICIAN);
    const refused = await failure(doc.procedures.approve({ patientId, id, expectedVersion: version }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toContain("Awaiting co-signature");
    expect(refused.message).toContain("psychologist's co-signature");
    expect(refused.message).toContain(defaultClinicPolicy.id);

    const psych = await clinic.as(PSYCHOLOGIST);
    const signed = await psych.procedures.coSignOverride({ patientId, id, expectedVersion: version, criterionId: "psych_clearance", note: "Seen twice; realistic expectations." });
    const override = signed.overrides.find((o) => o.criterionId === "psych_clearance");
    expect(override).toMatchObject({ coSignedBy: await clinic.userId(PSYCHOLOGIST), coSignNote: "Seen twice; realistic expectations." });
    expect(override?.coSignedAt).toBeTruthy();
    expect(signed.version).toBe(version + 1);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ eventType: "procedure.override_cosigned", discipline: "psychologist", entityId: id, entityVersion: signed.version });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "procedures.coSignOverride" });
    expect(audit).toMatchObject({ outcome: "success", entityId: id, actorRole: "psychologist" });

    // One of two: still refused, naming the one left.
    const still = await failure(doc.procedures.approve({ patientId, id, expectedVersion: signed.version }));
    expect(still.message).toContain("No active substance-use concern");
    expect(still.message).not.toContain("Psychological clearance within");

    const both = await psych.procedures.coSignOverride({ patientId, id, expectedVersion: signed.version, criterionId: "no_substance_use_concern" });
    expect(both.overrides.find((o) => o.criterionId === "no_substance_use_concern")?.coSignNote).toBeUndefined();
    const approved = await doc.procedures.approve({ patientId, id, expectedVersion: both.version });
    expect(approved.status).toBe("approved");
  });

  it("who may: only the psychologist; the physician, PT and coordinator get FORBIDDEN and nothing changes", async () => {
    const { patientId, id, version } = await overriddenTrial();
    for (const email of [PHYSICIAN, PT, COORDINATOR]) {
      const err = await failure((await clinic.as(email)).procedures.coSignOverride({ patientId, id, expectedVersion: version, criterionId: "psych_clearance" }));
      expect(err.code, email).toBe("FORBIDDEN");
    }
    const [row] = (await (await clinic.as(PHYSICIAN)).procedures.list({ patientId })).filter((p) => p.id === id);
    expect(row?.version).toBe(version);
    expect(row?.overrides.every((o) => !o.coSignedBy)).toBe(true);
  });

  it("refuses a criterion that needs no co-sign (BAD_REQUEST), a second co-sign (PRECONDITION_FAILED) and a stale version (CONFLICT)", async () => {
    const { patientId, id, version } = await overriddenTrial();
    const psych = await clinic.as(PSYCHOLOGIST);
    const needsNone = await failure(psych.procedures.coSignOverride({ patientId, id, expectedVersion: version, criterionId: "conservative_trial" }));
    expect(needsNone.code).toBe("BAD_REQUEST");
    expect(needsNone.message).toContain("needs no co-signature");
    const signed = await psych.procedures.coSignOverride({ patientId, id, expectedVersion: version, criterionId: "psych_clearance" });
    const again = await failure(psych.procedures.coSignOverride({ patientId, id, expectedVersion: signed.version, criterionId: "psych_clearance" }));
    expect(again.code).toBe("PRECONDITION_FAILED");
    expect(again.message).toContain("already co-signed");
    const stale = await failure(psych.procedures.coSignOverride({ patientId, id, expectedVersion: version, criterionId: "no_substance_use_concern" }));
    expect(stale.code).toBe("CONFLICT");
  });

  it("nothing to co-sign before the physician overrides (PRECONDITION_FAILED)", async () => {
    const patientId = await newPatient();
    const proposed = await (await clinic.as(PHYSICIAN)).procedures.propose(scsTrial(patientId));
    const err = await failure((await clinic.as(PSYCHOLOGIST)).procedures.coSignOverride({ patientId, id: proposed.id, expectedVersion: proposed.version, criterionId: "psych_clearance" }));
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.message).toContain("nothing to co-sign");
  });
});

describe("the patient handout read", () => {
  it("returns the order with the clinic's text for its kind, audits the read, and refuses another patient's order (NOT_FOUND)", async () => {
    const patientId = await newPatient();
    const other = await newPatient();
    const doc = await clinic.as(PHYSICIAN);
    const row = await doc.procedures.propose(order(patientId, { procedureType: "genicular_nerve_block", level: null, side: "right", region: "knee", withSteroid: false }));
    for (const email of [PHYSICIAN, PT, PSYCHOLOGIST, COORDINATOR]) {
      const handout = await (await clinic.as(email)).procedures.handout({ patientId, id: row.id });
      expect(handout).toMatchObject({ label: "Genicular nerve block", info: procedureInfo.genicular_nerve_block, order: { id: row.id, risks: procedureInfo.genicular_nerve_block.risks } });
    }
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "procedures.handout" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "coordinator" });
    expect((await failure(doc.procedures.handout({ patientId: other, id: row.id }))).code).toBe("NOT_FOUND");
  });
});

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@stepwise/auth";
import { demoPassword, insertRow, schema } from "@stepwise/db";
import { appRouter } from "../root";
import { selfProcedure } from "../trpc";
import { createBlankPatient, createPatientUser, type Clinic } from "../test-support";
import { useSeededClinic } from "../test-clinic";

/**
 * A psychotherapy note is readable by its author alone (DESIGN.md §5). Every read path that could
 * carry it — the notes list, the plan, the timeline, comments — is walked for every other role.
 */

const SECRET_BODY = "SECRET-NOTE-7f3a: disclosed a history the team must never read here.";
const SECRET_COMMENT = "SECRET-COMMENT-91be: follow up on the disclosure.";
const SECRET_EDIT = "SECRET-EDIT-c04d: revised private comment.";
const SHARED_BODY = "Shared summary: engaged in CBT for pain, pacing improving.";
const SECOND_PSYCHOLOGIST = "psychologist2@stepwise.test";

const clinic = useSeededClinic();
let patientId: string;
let authorId: string;
let secretNoteId: string;
let secretCommentId: string;
let sharedNoteId: string;
let teamEventCount: number;

beforeAll(async () => {
  authorId = await clinic.userId("psychologist@stepwise.test");
  // The demo has one psychologist: the second one, on the same team, is ours.
  await insertRow(clinic.handle.db, schema.users, {
    email: SECOND_PSYCHOLOGIST,
    name: "Dr. Second Psychologist",
    role: "psychologist",
    passwordHash: await hashPassword(demoPassword),
  });
  // Our own patient with an empty record (every demo patient has a seeded one), so the events below are all there is.
  patientId = await createBlankPatient(clinic, ["psychologist@stepwise.test", "physician@stepwise.test", "pt@stepwise.test", "coordinator@stepwise.test", SECOND_PSYCHOLOGIST]);

  const pt = await clinic.as("pt@stepwise.test");
  const psych = await clinic.as("psychologist@stepwise.test");
  await pt.therapySessions.log({ patientId, idempotencyKey: randomUUID(), sessionDate: "2025-05-05", attendance: "attended", minutes: 45 });
  sharedNoteId = (await psych.psychNotes.create({ patientId, kind: "shared_summary", body: SHARED_BODY })).id;
  secretNoteId = (await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: SECRET_BODY })).id;
  const comment = await psych.comments.create({ patientId, targetType: "psych_note", targetId: secretNoteId, body: SECRET_COMMENT });
  secretCommentId = comment.id;
  await psych.comments.update({ patientId, id: comment.id, expectedVersion: 1, body: SECRET_EDIT });
  await pt.therapySessions.log({ patientId, idempotencyKey: randomUUID(), sessionDate: "2025-05-12", attendance: "attended", minutes: 40 });
  // Team-visible: two sessions and the shared summary. Private: the note, its comment, the comment's edit.
  teamEventCount = 3;
});

const secrets = () => [SECRET_BODY, SECRET_COMMENT, SECRET_EDIT, "SECRET-", secretNoteId, secretCommentId];

function expectNoSecret(value: unknown) {
  const json = JSON.stringify(value);
  for (const secret of secrets()) expect(json).not.toContain(secret);
}

/** Every page of the timeline at `limit`, with each page's shape. */
async function walkTimeline(caller: Awaited<ReturnType<Clinic["as"]>>, limit: number) {
  const pages: { ids: number[]; nextCursor: number | null }[] = [];
  let cursor: number | undefined;
  do {
    const page = await caller.timeline.list({ patientId, limit, cursor });
    expectNoSecret(page);
    pages.push({ ids: page.items.map((e) => e.id), nextCursor: page.nextCursor });
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && pages.length < 50);
  return pages;
}

const otherMembers = ["physician@stepwise.test", "pt@stepwise.test", "coordinator@stepwise.test", SECOND_PSYCHOLOGIST] as const;

describe("psychotherapy notes: the author sees everything", () => {
  it("shows the author the note, its comment and their events on every read path", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const notes = await psych.psychNotes.list({ patientId });
    expect(notes.map((n) => n.id).sort()).toEqual([sharedNoteId, secretNoteId].sort());
    expect(notes.find((n) => n.id === secretNoteId)).toMatchObject({ body: SECRET_BODY, kind: "psychotherapy", authorId });
    const plan = await psych.carePlan.get({ patientId });
    expect(plan.psychNotes.map((n) => n.id).sort()).toEqual([sharedNoteId, secretNoteId].sort());
    const timeline = await psych.timeline.list({ patientId, limit: 100 });
    expect(timeline.items).toHaveLength(teamEventCount + 3);
    const privateEvents = timeline.items.filter((e) => e.private);
    expect(privateEvents.map((e) => e.eventType).sort()).toEqual(["comment.created", "comment.updated", "psych_note.created"]);
    expect(JSON.stringify(timeline)).not.toContain(SECRET_BODY);
    const comments = await psych.comments.list({ patientId, targetType: "psych_note", targetId: secretNoteId });
    expect(comments).toEqual([expect.objectContaining({ id: secretCommentId, body: SECRET_EDIT, privateTo: authorId, version: 2 })]);
  });
});

describe.each(otherMembers)("psychotherapy notes: %s sees none of it", (email) => {
  it("psychNotes.list carries the shared summary only", async () => {
    const notes = await (await clinic.as(email)).psychNotes.list({ patientId });
    expect(notes.map((n) => n.id)).toEqual([sharedNoteId]);
    expect(notes[0]!.body).toBe(SHARED_BODY);
    expectNoSecret(notes);
  });

  it("carePlan.get carries the shared summary only, in its list and anywhere else in the response", async () => {
    const plan = await (await clinic.as(email)).carePlan.get({ patientId });
    expect(plan.psychNotes.map((n) => n.id)).toEqual([sharedNoteId]);
    expect(plan.psychNotes).toHaveLength(1);
    expectNoSecret(plan);
  });

  it("timeline.list has no event for the note or its comment, and neither page sizes nor cursors betray them", async () => {
    const caller = await clinic.as(email);
    const all = await caller.timeline.list({ patientId, limit: 100 });
    expect(all.items).toHaveLength(teamEventCount);
    expect(all.items.every((e) => !e.private && e.entityId !== secretNoteId && e.entityId !== secretCommentId)).toBe(true);
    expect(all.nextCursor).toBeNull();
    expectNoSecret(all);
    const visibleIds = all.items.map((e) => e.id);
    for (const limit of [1, 2, teamEventCount]) {
      const pages = await walkTimeline(caller, limit);
      expect(pages.flatMap((p) => p.ids)).toEqual(visibleIds);
      expect(pages).toHaveLength(Math.ceil(teamEventCount / limit));
      for (const page of pages.slice(0, -1)) expect(page.ids).toHaveLength(limit);
      // A cursor is always the id of an event this caller was shown.
      for (const page of pages) if (page.nextCursor !== null) expect(visibleIds).toContain(page.nextCursor);
      expect(pages.at(-1)!.nextCursor).toBeNull();
    }
    for (const discipline of ["psychologist", "physical_therapist", "physician"] as const) {
      expectNoSecret(await caller.timeline.list({ patientId, discipline }));
    }
  });

  it("comments on the note answer exactly like comments on a note that does not exist (NOT_FOUND)", async () => {
    const caller = await clinic.as(email);
    const missing = randomUUID();
    const listed = await caller.comments.list({ patientId, targetType: "psych_note", targetId: secretNoteId }).catch((e: unknown) => e);
    const listedMissing = await caller.comments.list({ patientId, targetType: "psych_note", targetId: missing }).catch((e: unknown) => e);
    expect(listed).toMatchObject({ code: "NOT_FOUND" });
    expect((listed as Error).message).toBe((listedMissing as Error).message);
    expectNoSecret({ message: (listed as Error).message });
    const created = await caller.comments.create({ patientId, targetType: "psych_note", targetId: secretNoteId, body: "Probe." }).catch((e: unknown) => e);
    expect(created).toMatchObject({ code: "NOT_FOUND" });
    const edited = await caller.comments.update({ patientId, id: secretCommentId, expectedVersion: 2, body: "Probe." }).catch((e: unknown) => e);
    expect(edited).toMatchObject({ code: "NOT_FOUND" });
    expectNoSecret({ created: (created as Error).message, edited: (edited as Error).message });
  });
});

describe("psychotherapy notes: admin and non-members", () => {
  it.each(["admin@stepwise.test", "physician2@stepwise.test"])("%s is NOT_FOUND on every read path", async (email) => {
    const caller = await clinic.as(email);
    const calls = [
      () => caller.psychNotes.list({ patientId }),
      () => caller.carePlan.get({ patientId }),
      () => caller.timeline.list({ patientId }),
      () => caller.comments.list({ patientId, targetType: "psych_note", targetId: secretNoteId }),
    ];
    for (const call of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "NOT_FOUND" });
      expectNoSecret({ message: (error as Error).message });
    }
  });
});

// --- the patient ---------------------------------------------------------------------------------

/** Queries on the patient's own gate, found from the router: every one is read below. */
const selfQueries = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string; middlewares?: unknown[] } }>)
  .filter(([, p]) => p._def.type === "query" && selfProcedure._def.middlewares.every((m) => (p._def.middlewares ?? []).includes(m)))
  .map(([path]) => path)
  .sort();

/** Inputs of the patient's queries that take one (a query without an entry is called with none, and must answer). */
const selfQueryInputs: Record<string, (ids: { procedureId: string }) => unknown> = {
  "messages.mine": () => ({}),
  "questionnaires.diary": ({ procedureId }) => ({ procedureId }),
};

describe("psychotherapy notes: the patient's own pages carry none of it", () => {
  const PATIENT_CANARY = "CANARY-PT-5d1e: what the patient must never read about their therapy.";
  const UNSHARED_CANARY = "CANARY-SUMMARY-a8c2: a summary the psychologist has not marked for the patient.";
  const COMMENT_CANARY = "CANARY-COMMENT-77f0: an internal comment on the summary.";
  const FOR_PATIENT = "Summary for you: pacing is going well; keep the daily walks.";
  let ownPatientId: string;
  let patientEmail: string;
  let canaries: string[];

  beforeAll(async () => {
    ownPatientId = await createBlankPatient(clinic, ["psychologist@stepwise.test", "physician@stepwise.test", "pt@stepwise.test", "coordinator@stepwise.test"]);
    patientEmail = await createPatientUser(clinic, ownPatientId);
    const psych = await clinic.as("psychologist@stepwise.test");
    const secret = await psych.psychNotes.create({ patientId: ownPatientId, kind: "psychotherapy", body: PATIENT_CANARY });
    const unshared = await psych.psychNotes.create({ patientId: ownPatientId, kind: "shared_summary", body: UNSHARED_CANARY });
    const comment = await psych.comments.create({ patientId: ownPatientId, targetType: "psych_note", targetId: unshared.id, body: COMMENT_CANARY });
    const forPatient = await psych.psychNotes.create({ patientId: ownPatientId, kind: "shared_summary", body: FOR_PATIENT });
    await psych.psychNotes.shareWithPatient({ patientId: ownPatientId, noteId: forPatient.id, shared: true, version: forPatient.version });
    canaries = [PATIENT_CANARY, UNSHARED_CANARY, COMMENT_CANARY, "CANARY-", secret.id, unshared.id, comment.id, "psychotherapy"];
  });

  it("finds the patient's queries from the router", () => {
    expect(selfQueries).toEqual(expect.arrayContaining(["portal.plan", "messages.mine"]));
  });

  it("every query of the patient's own gate answers without the note, its id, the unshared summary, its comment or the word", async () => {
    // A diagnostic block on the record, so the diary query has one to read.
    const physician = await clinic.userId("physician@stepwise.test");
    const order = await insertRow(clinic.handle.db, schema.procedures, {
      patientId: ownPatientId,
      createdBy: physician,
      updatedBy: physician,
      procedureType: "medial_branch_block",
      status: "scheduled",
      scheduledFor: new Date(),
      diagnostic: true,
      withSteroid: false,
      level: "L4-L5",
      side: "left",
      region: "lumbar",
      indication: "Axial low back pain",
      intent: "Diagnostic: confirm the facet joint as the pain generator",
      expectedBenefit: "Short-lived relief that predicts the benefit of ablation",
      alternatives: "Continue physical therapy",
      followUpPlan: "Pain diary for 8 hours",
    });
    const caller = (await clinic.as(patientEmail)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const read: string[] = [];
    for (const path of selfQueries) {
      const [namespace, name] = path.split(".") as [string, string];
      const out = await caller[namespace]![name]!(selfQueryInputs[path]?.({ procedureId: order.id }));
      const json = JSON.stringify(out);
      for (const canary of canaries) expect(json.toLowerCase(), `${path} carries ${canary}`).not.toContain(canary.toLowerCase());
      read.push(path);
    }
    expect(read).toEqual(selfQueries);
    // The summary the psychologist marked for the patient is there: the projection is not simply empty.
    expect(JSON.stringify(await (caller.portal!.plan!(undefined)))).toContain(FOR_PATIENT);
  });
});

// --- FHIR: no export path carries a psychotherapy note ------------------------------------------

/** A FHIR answer as text, with every attachment's base64 content decoded beside it (a note could hide there). */
function fhirText(value: unknown): string {
  const json = JSON.stringify(value) ?? "";
  const decoded = [...json.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, "base64").toString("utf8"));
  return [json, ...decoded].join("\n");
}

describe("psychotherapy notes: no FHIR path exports them, for any role", () => {
  const everyone = ["psychologist@stepwise.test", ...otherMembers, "admin@stepwise.test", "physician2@stepwise.test"] as const;

  it("every fhir.* procedure, called by every role (the note's author included), answers without the note, its comment or their ids", async () => {
    const fhirPaths = Object.keys(appRouter._def.procedures as object).filter((p) => p.startsWith("fhir."));
    expect(fhirPaths).toEqual(expect.arrayContaining(["fhir.everything", "fhir.metadata"]));
    let exported = 0;
    for (const email of everyone) {
      const caller = await clinic.as(email);
      for (const [name, input] of [
        ["everything", { patientId }],
        ["metadata", undefined],
      ] as const) {
        const out = await (caller.fhir[name] as (i: unknown) => Promise<unknown>)(input).catch((e: unknown) => ({ refused: (e as Error).message }));
        const text = fhirText(out);
        for (const secret of secrets()) expect(text, `${email} fhir.${name}`).not.toContain(secret);
        if (name === "everything" && !("refused" in (out as object))) {
          exported += 1;
          // The summary shared with the team is there, as a DocumentReference: the filter is not simply "nothing".
          expect(text).toContain(SHARED_BODY);
          expect(text).toContain(sharedNoteId);
        }
      }
    }
    // The physician and the coordinator on the team may export (record.export); the rest are refused.
    expect(exported).toBe(2);
  });

  it("the REST front door (Patient/$everything and metadata), for every role and without a session", async () => {
    const { handleFhirRequest } = await import("../fhir/rest");
    const { createInnerContext } = await import("../context");
    const { authenticate } = await import("@stepwise/auth");
    for (const email of [...everyone, null]) {
      const session = email ? await authenticate(clinic.handle.db, { email, password: demoPassword }) : null;
      const createContext = async () => createInnerContext({ db: clinic.handle.db, session: session?.ok ? { user: session.user, sessionId: session.sessionId } : null, bus: clinic.bus });
      for (const path of [`Patient/${patientId}/$everything`, "metadata"]) {
        const res = await handleFhirRequest(new Request(`https://clinic.example/api/fhir/R4/${path}`), { createContext });
        const text = fhirText(await res.json());
        for (const secret of secrets()) expect(text, `${email ?? "no session"} ${path}`).not.toContain(secret);
      }
    }
  });

  it("the export functions the bulk export runs on carry none of it either", async () => {
    const { patientResourcesFor } = await import("../fhir/export");
    const resources = (await patientResourcesFor(clinic.handle.db, [patientId], { now: new Date() })).get(patientId)!;
    const text = fhirText(resources);
    for (const secret of secrets()) expect(text).not.toContain(secret);
    expect(resources.filter((r) => r.resourceType === "DocumentReference").map((r) => r.id)).toEqual([sharedNoteId]);
  });

  it("a bulk export's NDJSON files (the coordinator's teams, the whole clinic) carry none of it", async () => {
    const { runExportTurn } = await import("../fhir/bulk/runner");
    for (const [email, groupId] of [
      ["coordinator@stepwise.test", "my-teams"],
      ["admin@stepwise.test", "clinic"],
    ] as const) {
      const caller = await clinic.as(email);
      const job = await caller.fhir.bulkExportStart({ groupId });
      while (await runExportTurn(clinic.handle.db)) {
        // Every waiting job, to its end.
      }
      const status = await caller.fhir.bulkExportStatus({ jobId: job.id });
      expect(status.status).toBe("completed");
      const files = await Promise.all(status.files.map((f) => caller.fhir.bulkExportFile({ jobId: job.id, type: f.type as Parameters<typeof caller.fhir.bulkExportFile>[0]["type"] })));
      const resources = files.flatMap((f) => f.ndjson.split("\n").filter(Boolean).map((line) => JSON.parse(line) as unknown));
      const text = fhirText(resources);
      for (const secret of secrets()) expect(text, `${email} ${groupId}`).not.toContain(secret);
      // The summary shared with the team is there: the filter is not simply "nothing".
      expect(text).toContain(SHARED_BODY);
      expect(text).toContain(sharedNoteId);
    }
  });
});

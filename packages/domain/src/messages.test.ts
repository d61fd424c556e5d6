import { describe, expect, it } from "vitest";
import {
  applyTriage,
  assertThreadVersion,
  countsAsUnread,
  crisisTextFromSetting,
  defaultCrisisHelp,
  mayAnswerMessages,
  messageEventSummary,
  messagePolicy,
  messagesBannerText,
  messageThreadStatuses,
  sendMessageInputSchema,
  sendMyMessageInputSchema,
  threadAfterMessage,
  triageMessagesInputSchema,
  triageTransitions,
  unreadSideFor,
  type MessageThreadStatus,
} from "./messages";
import { patientVisibleEvent, visiblePlanEvents } from "./projections";
import { roles, type Role } from "./roles";

const PATIENT_ID = "5f0c3c3e-4a8e-4d3a-9d2b-0f6c7f1a2b3c";

describe("message bodies", () => {
  it("takes up to the policy's length, trimmed, and refuses an empty or longer one", () => {
    expect(sendMyMessageInputSchema.parse({ body: "  Can I take ibuprofen before the block?  " }).body).toBe("Can I take ibuprofen before the block?");
    expect(sendMyMessageInputSchema.safeParse({ body: "x".repeat(messagePolicy.bodyMaxLength) }).success).toBe(true);
    expect(sendMyMessageInputSchema.safeParse({ body: "x".repeat(messagePolicy.bodyMaxLength + 1) }).success).toBe(false);
    expect(sendMyMessageInputSchema.safeParse({ body: "   " }).success).toBe(false);
    expect(sendMessageInputSchema.safeParse({ patientId: PATIENT_ID, body: "" }).success).toBe(false);
  });

  it("keeps line breaks (a textarea's CRLF becomes LF) and refuses control and bidi characters", () => {
    expect(sendMyMessageInputSchema.parse({ body: "Line one\r\nLine two" }).body).toBe("Line one\nLine two");
    expect(sendMyMessageInputSchema.safeParse({ body: "a\u0000b" }).success).toBe(false);
    expect(sendMyMessageInputSchema.safeParse({ body: "a\u202Eb" }).success).toBe(false);
  });

  it("the patient's input names no patient: a patient id is refused, not ignored", () => {
    expect(sendMyMessageInputSchema.safeParse({ body: "Hello", patientId: PATIENT_ID }).success).toBe(false);
  });
});

describe("the thread after a message", () => {
  it("a patient's message puts the thread back in triage, whoever had it", () => {
    expect(threadAfterMessage(null, "patient")).toEqual({ status: "awaiting_triage", assignedRole: null });
    expect(threadAfterMessage({ status: "with_team", assignedRole: "physician" }, "patient")).toEqual({ status: "awaiting_triage", assignedRole: null });
    expect(threadAfterMessage({ status: "closed", assignedRole: null }, "patient")).toEqual({ status: "awaiting_triage", assignedRole: null });
  });

  it("a team member's message answers it, keeping who had it", () => {
    expect(threadAfterMessage({ status: "with_team", assignedRole: "physical_therapist" }, "physical_therapist")).toEqual({ status: "answered", assignedRole: "physical_therapist" });
    expect(threadAfterMessage({ status: "awaiting_triage", assignedRole: null }, "coordinator")).toEqual({ status: "answered", assignedRole: null });
    expect(threadAfterMessage(null, "physician")).toEqual({ status: "answered", assignedRole: null });
  });
});

describe("triage transitions", () => {
  const table: [MessageThreadStatus, MessageThreadStatus, boolean][] = messageThreadStatuses.flatMap((from) =>
    messageThreadStatuses.map((to): [MessageThreadStatus, MessageThreadStatus, boolean] => [from, to, triageTransitions[from].includes(to)]),
  );

  it.each(table)("%s → %s allowed: %s", (from, to, allowed) => {
    const current = { status: from, assignedRole: from === "with_team" ? ("physician" as const) : null };
    const request = { status: to, assignedRole: to === "with_team" ? ("psychologist" as const) : null };
    if (allowed) expect(applyTriage(current, request)).toEqual(request);
    else expect(() => applyTriage(current, request)).toThrow(expect.objectContaining({ code: "BAD_REQUEST", field: "status" }));
  });

  it("never sets 'answered' by hand: only an answer does", () => {
    for (const from of messageThreadStatuses) expect(triageTransitions[from]).not.toContain("answered");
  });

  it("a discipline goes only with 'with the team'; handing it to the same discipline again is refused", () => {
    expect(() => applyTriage({ status: "awaiting_triage", assignedRole: null }, { status: "closed", assignedRole: "physician" })).toThrow(expect.objectContaining({ field: "assignedRole" }));
    expect(applyTriage({ status: "awaiting_triage", assignedRole: null }, { status: "with_team" })).toEqual({ status: "with_team", assignedRole: null });
    expect(() => applyTriage({ status: "with_team", assignedRole: "physician" }, { status: "with_team", assignedRole: "physician" })).toThrow(expect.objectContaining({ field: "assignedRole" }));
    expect(applyTriage({ status: "with_team", assignedRole: "physician" }, { status: "with_team", assignedRole: null })).toEqual({ status: "with_team", assignedRole: null });
  });

  it("a triage on a version that has moved on is a CONFLICT carrying the current thread", () => {
    const current = { status: "awaiting_triage", version: 3 };
    expect(() => assertThreadVersion(current, 2, { current })).toThrow(expect.objectContaining({ code: "CONFLICT", details: expect.objectContaining({ current }) }));
    expect(() => assertThreadVersion(current, 3, { current })).not.toThrow();
  });

  it("the input takes a known status and discipline only", () => {
    expect(triageMessagesInputSchema.safeParse({ patientId: PATIENT_ID, status: "with_team", assignedRole: "coordinator", version: 1 }).success).toBe(false);
    expect(triageMessagesInputSchema.safeParse({ patientId: PATIENT_ID, status: "done", version: 1 }).success).toBe(false);
    expect(triageMessagesInputSchema.safeParse({ patientId: PATIENT_ID, status: "with_team", assignedRole: "physician", version: 1 }).success).toBe(true);
  });
});

describe("unread counts", () => {
  const reader = (role: Role, lastReadId = 10) => ({ role, lastReadId });

  it("the patient counts the team's messages after their marker", () => {
    expect(countsAsUnread({ id: 11, authorRole: "coordinator" }, reader("patient"))).toBe(true);
    expect(countsAsUnread({ id: 10, authorRole: "coordinator" }, reader("patient"))).toBe(false);
    expect(countsAsUnread({ id: 12, authorRole: "patient" }, reader("patient"))).toBe(false);
  });

  it("a team member counts the patient's messages, never a colleague's answer", () => {
    expect(countsAsUnread({ id: 11, authorRole: "patient" }, reader("physician"))).toBe(true);
    expect(countsAsUnread({ id: 11, authorRole: "coordinator" }, reader("physician"))).toBe(false);
    expect(countsAsUnread({ id: 9, authorRole: "patient" }, reader("coordinator"))).toBe(false);
  });

  it("the repository's filter names the same side", () => {
    expect(unreadSideFor("patient")).toBe("team");
    for (const role of roles.filter((r) => r !== "patient")) expect(unreadSideFor(role)).toBe("patient");
  });
});

describe("who may answer", () => {
  it("the care team's clinicians and the coordinator; not the administrator, not the patient (who writes on their own side)", () => {
    expect(roles.filter(mayAnswerMessages)).toEqual(["physician", "physical_therapist", "psychologist", "coordinator"]);
  });
});

describe("what the patient is told, and what the record keeps", () => {
  it("the banner uses the clinic's crisis text when it set one, else the default", () => {
    expect(messagesBannerText(undefined)).toBe(`Messages are not for emergencies. ${defaultCrisisHelp}`);
    expect(messagesBannerText({ text: "Call 000 or Lifeline 13 11 14." })).toBe("Messages are not for emergencies. Call 000 or Lifeline 13 11 14.");
    expect(messagesBannerText("Call 112.")).toBe("Messages are not for emergencies. Call 112.");
    expect(crisisTextFromSetting({ text: "   " })).toBeUndefined();
    expect(crisisTextFromSetting(42)).toBeUndefined();
  });

  it("event summaries say who wrote, never what", () => {
    expect(messageEventSummary("patient")).toBe("New message from the patient");
    expect(messageEventSummary("psychologist")).not.toMatch(/:/);
  });
});

describe("the plan events a message leaves", () => {
  const row = (eventType: string) => ({ id: 7, patientId: PATIENT_ID, entityType: "message_thread", entityId: PATIENT_ID, eventType, psychNoteKind: null, authorId: null, privateTo: null });

  it("the care team sees them (the live feed and the timeline), the administrator does not", () => {
    for (const role of ["physician", "physical_therapist", "psychologist", "coordinator"] as const) {
      expect(visiblePlanEvents([row("message.sent")], { role, userId: PATIENT_ID })).toHaveLength(1);
    }
    expect(visiblePlanEvents([row("message.sent")], { role: "admin", userId: PATIENT_ID })).toHaveLength(0);
  });

  it("the patient's own stream is told that the conversation changed on a message, never on its triage", () => {
    expect(patientVisibleEvent(row("message.sent"))).toEqual({ id: 7, patientId: PATIENT_ID, entityType: "message_thread", entityId: PATIENT_ID });
    expect(patientVisibleEvent(row("message.triaged"))).toBeNull();
  });
});

import { z } from "zod";
import { expectedVersionSchema, idSchema, text } from "./common";
import { ConflictError, InvalidInputError } from "./errors";
import { can } from "./permissions";
import type { Role } from "./roles";
import { messagePolicy } from "./message-policy";

// The policy is zod-free (the message composer imports it by subpath); re-exported here.
export { messagePolicy } from "./message-policy";

/** Said above every conversation the patient sees; the help line part is the clinic's crisis text when it set one. */
export const messagesNotForEmergencies = "Messages are not for emergencies.";
export const defaultCrisisHelp = "If you need help now, call 911 (or 988 for a mental-health crisis).";

/** The clinic setting that holds the crisis text the patient sees (a string, or an object with `text`). */
export const crisisResourcesSettingKey = "crisis_resources";

/** The clinic's crisis text from its setting's stored value; undefined when it holds none usable. */
export function crisisTextFromSetting(value: unknown): string | undefined {
  const raw = typeof value === "string" ? value : value && typeof value === "object" && "text" in value && typeof value.text === "string" ? value.text : undefined;
  const trimmed = raw?.trim();
  return trimmed ? trimmed : undefined;
}

export function messagesBannerText(crisisSetting: unknown): string {
  return `${messagesNotForEmergencies} ${crisisTextFromSetting(crisisSetting) ?? defaultCrisisHelp}`;
}

// --- the thread's triage state -------------------------------------------------------------------

export const messageThreadStatuses = ["awaiting_triage", "with_team", "answered", "closed"] as const;
export const messageThreadStatusSchema = z.enum(messageThreadStatuses);
export type MessageThreadStatus = z.infer<typeof messageThreadStatusSchema>;

export const messageThreadStatusLabels: Record<MessageThreadStatus, string> = {
  awaiting_triage: "Waiting for triage",
  with_team: "With the team",
  answered: "Answered",
  closed: "Closed",
};

/** The disciplines a coordinator hands a question to (no assignment: the coordinator keeps it). */
export const messageAssigneeRoles = ["physician", "physical_therapist", "psychologist"] as const satisfies readonly Role[];
export const messageAssigneeRoleSchema = z.enum(messageAssigneeRoles);
export type MessageAssigneeRole = z.infer<typeof messageAssigneeRoleSchema>;

export interface ThreadState {
  status: MessageThreadStatus;
  assignedRole: MessageAssigneeRole | null;
}

/** Which side of the conversation a role writes on. */
export type MessageSide = "patient" | "team";
export function messageSideOf(role: Role): MessageSide {
  return role === "patient" ? "patient" : "team";
}

/**
 * What a new message does to the thread: the patient writing puts it back in the coordinator's
 * queue (whoever had it); a team member writing answers it, and who had it stays on record.
 */
export function threadAfterMessage(current: ThreadState | null, authorRole: Role): ThreadState {
  if (messageSideOf(authorRole) === "patient") return { status: "awaiting_triage", assignedRole: null };
  return { status: "answered", assignedRole: current?.assignedRole ?? null };
}

/**
 * Where the coordinator may move a thread by hand. "answered" is never set by hand: only an answer
 * sets it. Handing a thread to the team (again, to another discipline) is always possible; a closed
 * thread is reopened into the queue.
 */
export const triageTransitions: Record<MessageThreadStatus, readonly MessageThreadStatus[]> = {
  awaiting_triage: ["with_team", "closed"],
  with_team: ["with_team", "awaiting_triage", "closed"],
  answered: ["with_team", "closed"],
  closed: ["awaiting_triage", "with_team"],
};

export interface TriageRequest {
  status: MessageThreadStatus;
  assignedRole?: MessageAssigneeRole | null;
}

/** The thread after the coordinator's triage, or an InvalidInputError saying why not. */
export function applyTriage(current: ThreadState, request: TriageRequest): ThreadState {
  if (!triageTransitions[current.status].includes(request.status)) {
    throw new InvalidInputError(`A conversation that is ${messageThreadStatusLabels[current.status].toLowerCase()} cannot be set to ${messageThreadStatusLabels[request.status].toLowerCase()}.`, "status");
  }
  const assignedRole = request.assignedRole ?? null;
  if (request.status !== "with_team" && assignedRole !== null) throw new InvalidInputError("Only a conversation handed to the team has a discipline.", "assignedRole");
  if (current.status === "with_team" && request.status === "with_team" && current.assignedRole === assignedRole) {
    throw new InvalidInputError("The conversation is already with them.", "assignedRole");
  }
  return { status: request.status, assignedRole };
}

/** A triage decided on a thread that has changed since (a new message, another triage) is a lost race. */
export function assertThreadVersion(current: { version: number }, expectedVersion: number, details: { current: unknown }): void {
  if (current.version !== expectedVersion) throw new ConflictError("The conversation changed since you opened it.", details);
}

// --- who reads, who answers, what counts as unread ------------------------------------------------

/**
 * Who may write in a patient's conversation from the team's side: the care team's clinicians and
 * the coordinator (the matrix's message.send). A holder of read-only emergency access cannot: the
 * patient gate refuses every write under such a grant.
 */
export function mayAnswerMessages(role: Role): boolean {
  return messageSideOf(role) === "team" && can(role, "message.send");
}

/**
 * A message counts as unread for a reader when it came after their read marker and from the other
 * side: the patient counts the team's messages; each team member counts the patient's (colleagues'
 * answers are the team's own side, and one's own messages are never unread).
 */
export function countsAsUnread(message: { id: number; authorRole: Role }, reader: { role: Role; lastReadId: number }): boolean {
  return message.id > reader.lastReadId && messageSideOf(message.authorRole) !== messageSideOf(reader.role);
}

/** The side whose messages a reader counts as unread (what the repository's count filters on). */
export function unreadSideFor(readerRole: Role): MessageSide {
  return messageSideOf(readerRole) === "patient" ? "team" : "patient";
}

/** Content-free plan-event summaries: a message's body never goes into plan events or audit rows. */
export function messageEventSummary(authorRole: Role): string {
  return messageSideOf(authorRole) === "patient" ? "New message from the patient" : "The care team answered the patient's message";
}

export function triageEventSummary(state: ThreadState, assigneeLabel?: string): string {
  if (state.status === "with_team") return assigneeLabel ? `Patient's message handed to the ${assigneeLabel.toLowerCase()}` : "Patient's message handed to the care team";
  if (state.status === "closed") return "Patient's conversation closed";
  return "Patient's message back in triage";
}

// --- inputs ----------------------------------------------------------------------------------------

const messageBody = text(messagePolicy.bodyMaxLength);
/** Message ids are PostgreSQL bigserials: positive, and well within a JavaScript number here. */
const messageIdSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const cursorSchema = messageIdSchema.nullish();
const limitSchema = z.number().int().min(1).max(messagePolicy.maxPageSize).optional();

/** Sent by infinite queries with every page; the conversation only pages back in time. */
const directionSchema = z.enum(["forward", "backward"]).optional();

export const myMessagesInputSchema = z.strictObject({ cursor: cursorSchema, limit: limitSchema, direction: directionSchema });
export type MyMessagesInput = z.infer<typeof myMessagesInputSchema>;
export const sendMyMessageInputSchema = z.strictObject({ body: messageBody });
export const markMyMessagesReadInputSchema = z.strictObject({ upToId: messageIdSchema });

export const messageThreadInputSchema = z.strictObject({ patientId: idSchema, cursor: cursorSchema, limit: limitSchema, direction: directionSchema });
export const sendMessageInputSchema = z.strictObject({ patientId: idSchema, body: messageBody });
export const markMessagesReadInputSchema = z.strictObject({ patientId: idSchema, upToId: messageIdSchema });
export const triageMessagesInputSchema = z.strictObject({
  patientId: idSchema,
  status: messageThreadStatusSchema,
  assignedRole: messageAssigneeRoleSchema.nullish(),
  version: expectedVersionSchema,
});
export type TriageMessagesInput = z.infer<typeof triageMessagesInputSchema>;

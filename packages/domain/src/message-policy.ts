// The messages policy without zod: the message composer imports it through
// "@stepwise/domain/message-policy" so the schema library stays out of the conversation pages' first load.

/**
 * One conversation per patient, between the patient and their care team; the coordinator triages
 * it. Clinic policy, not law: a change is a new id.
 */
export const messagePolicy = {
  id: "messages-2026-1",
  /** A message is a question or an answer, not a document. */
  bodyMaxLength: 2_000,
  /** Messages per page of a conversation, newest last. */
  pageSize: 30,
  maxPageSize: 100,
} as const;

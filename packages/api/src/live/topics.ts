/**
 * Announced after a user's sessions were ended (deactivation), so that each instance's open streams
 * of that user stop at once instead of at their next periodic session check.
 */
export const userTopic = (userId: string) => `user:${userId}`;

/**
 * Announced after a write changed this user's list (an entry added, removed, re-ranked or re-flagged):
 * their homes' streams re-read the list. Content-free; only the user's own stream listens to it.
 */
export const caseloadTopic = (userId: string) => `caseload:${userId}`;

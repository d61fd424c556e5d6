/**
 * Announced after a user's sessions were ended (deactivation), so that each instance's open streams
 * of that user stop at once instead of at their next periodic session check.
 */
export const userTopic = (userId: string) => `user:${userId}`;

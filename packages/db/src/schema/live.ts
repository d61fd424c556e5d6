import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./core";

/**
 * Who has a patient or a meeting open right now, across every server instance: each open stream
 * keeps its rows fresh and deletes them when it closes; rows of a crashed instance simply expire.
 */
export const presence = pgTable(
  "presence",
  {
    connectionId: uuid().notNull(),
    topic: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.topic] }), index("presence_topic_idx").on(t.topic, t.expiresAt)],
);

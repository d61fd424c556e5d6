import { and, eq, sql } from "drizzle-orm";
import { RowConflictError, RowNotFoundError } from "../errors";
import type { DbOrTx } from "../client";
import { users } from "../schema";

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
    .limit(1);
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function insertUser(db: DbOrTx, user: NewUser): Promise<UserRow> {
  const [row] = await db.insert(users).values(user).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/** Compare-and-set on the user's version, like every other editable row. */
export async function updateUser(db: DbOrTx, id: string, expectedVersion: number, patch: Partial<Pick<NewUser, "active" | "passwordHash" | "name" | "role">>): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({ ...patch, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.id, id), eq(users.version, expectedVersion)))
    .returning();
  if (row) return row;
  const current = await findUserById(db, id);
  if (!current) throw new RowNotFoundError("User");
  const { passwordHash: _hidden, ...safe } = current;
  throw new RowConflictError("user", { current: safe });
}

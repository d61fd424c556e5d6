"use server";

import { revalidatePath } from "next/cache";
import type { RouterInputs, RouterOutputs } from "~/lib/types";
import { refusalOf, type Refusal } from "~/server/refusal";
import { api } from "~/trpc/server";

/**
 * The administrator's writes and audit-log pages, as server actions through the same procedures
 * (their gate `user.manage` / `audit.read` / `clinicSettings.manage`, their audit): the home loads no
 * client data layer. A write re-renders the home on the server; a refusal comes back to show.
 */
type Caller = Awaited<ReturnType<typeof api>>;

async function write<T>(call: (caller: Caller) => Promise<T>): Promise<{ ok: T } | { refusal: Refusal }> {
  let ok: T;
  try {
    ok = await call(await api());
  } catch (error) {
    return { refusal: refusalOf(error) };
  }
  revalidatePath("/");
  return { ok };
}

export async function setAccountActive(input: RouterInputs["admin"]["setActive"]) {
  return write(async (c) => {
    await c.admin.setActive(input);
    return true;
  });
}

export async function unlockAccount(userId: string) {
  return write(async (c) => {
    await c.admin.unlock({ userId });
    return true;
  });
}

/** A one-time code for the user to sign in with once; shown to the administrator once, never stored readable. */
export async function resetAccountPassword(userId: string) {
  return write(async (c) => {
    const issued = await c.admin.resetPassword({ userId });
    return { code: issued.code, expiresAt: issued.expiresAt };
  });
}

export async function removeAccountMfa(userId: string) {
  return write(async (c) => {
    await c.admin.removeMfa({ userId });
    return true;
  });
}

export async function createAccount(input: RouterInputs["admin"]["createUser"]) {
  return write(async (c) => {
    const created = await c.admin.createUser(input);
    return { name: created.name, email: created.email, code: created.code, expiresAt: created.expiresAt };
  });
}

export async function saveCrisisText(input: RouterInputs["questionnaires"]["setCrisisText"]) {
  return write(async (c) => {
    await c.questionnaires.setCrisisText(input);
    return true;
  });
}

/** The audit log's filter as the form sends it: text fields, blank for "any". */
export interface AuditFilterFields {
  patientId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export type AuditPage = RouterOutputs["admin"]["audit"];

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** One page of the audit log (viewing it is recorded by the procedure); a "to" day includes its last second. */
export async function readAuditLog(filter: AuditFilterFields, cursor: number | null): Promise<{ page: AuditPage } | { refusal: Refusal }> {
  const given = Object.fromEntries(Object.entries(filter).map(([key, value]) => [key, typeof value === "string" ? value.trim() : value]).filter(([, value]) => value)) as AuditFilterFields;
  const to = given.to && isoDay.test(given.to) ? `${given.to}T23:59:59Z` : given.to;
  try {
    return { page: await (await api()).admin.audit({ limit: 50, ...given, ...(to ? { to } : {}), ...(cursor === null ? {} : { cursor }) }) };
  } catch (error) {
    return { refusal: refusalOf(error) };
  }
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, redeemInvitation, validateSession } from "@stepwise/auth";
import { findLinkedPatient, findUserByEmail, listAudit } from "@stepwise/db";
import { invitationMessages, parseInvitationCode } from "@stepwise/domain";
import { createInnerContext } from "../context";
import { createCaller } from "../root";
import { createBlankPatient, demoEmails, openSeededClinic, type Clinic } from "../test-support";
import { jsonOutbox } from "../services/invitation-mail";
import { collect } from "./live-test-support";

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openSeededClinic();
});
afterAll(async () => {
  await clinic?.close();
});

const day = 24 * 60 * 60 * 1000;
const password = "my own long password";
let redeemed = 0;
/** A redemption with an email no other test uses. */
function redeem(code: string, overrides: Partial<{ email: string; password: string; confirmPassword: string }> = {}, now?: Date) {
  redeemed += 1;
  return redeemInvitation(clinic.handle.db, { code, email: `invited-${redeemed}@example.org`, password, confirmPassword: password, ...overrides }, now);
}

/** A patient of the test's own, with the coordinator, a physician, the PT and the psychologist on the team. */
const newPatient = () => createBlankPatient(clinic, [demoEmails.PHYSICIAN, demoEmails.PT, demoEmails.PSYCH, demoEmails.COORD]);

async function signedIn(email: string, pw = password) {
  const r = await authenticate(clinic.handle.db, { email, password: pw });
  if (!r.ok) throw new Error(`sign-in failed for ${email}`);
  return { ...r, caller: createCaller(createInnerContext({ db: clinic.handle.db, session: { user: r.user, sessionId: r.sessionId }, bus: clinic.bus })) };
}

describe("patientAccess.invite", () => {
  it("returns a one-time code, its link and its expiry once, and the status reads invited", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    const before = Date.now();
    const invitation = await coordinator.patientAccess.invite({ patientId });
    expect(invitation.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    expect(invitation.path).toBe(`/invite?code=${invitation.code}`);
    expect(invitation.patientName).toMatch(/^Test Blank-/);
    expect(invitation.validUntil.getTime() - before).toBeGreaterThanOrEqual(7 * day - 1000);
    expect(invitation.validUntil.getTime() - before).toBeLessThanOrEqual(7 * day + 5000);
    expect(await coordinator.patientAccess.status({ patientId })).toEqual({ state: "invited", validUntil: invitation.validUntil });
    // The code is nowhere in the audit log or the stored row.
    const audit = await listAudit(clinic.handle.db, { patientId, limit: 50 });
    expect(audit.some((a) => a.action === "patientAccess.invite" && a.outcome === "success")).toBe(true);
    const secret = parseInvitationCode(invitation.code)!.secret;
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(invitation.code);
  });

  it("may be made by any clinician on the team; not by anyone outside it, and not by the patient", async () => {
    const patientId = await newPatient();
    for (const email of [demoEmails.PHYSICIAN, demoEmails.PT, demoEmails.PSYCH]) await expect((await clinic.as(email)).patientAccess.invite({ patientId })).resolves.toBeTruthy();
    await expect((await clinic.as(demoEmails.PHYSICIAN2)).patientAccess.invite({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as(demoEmails.ADMIN)).patientAccess.invite({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const invitation = await (await clinic.as(demoEmails.COORD)).patientAccess.invite({ patientId });
    const r = await redeem(invitation.code);
    if (!r.ok) throw new Error("redeem failed");
    const patient = await signedIn(r.email);
    await expect(patient.caller.patientAccess.invite({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(patient.caller.patientAccess.status({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("replaces an earlier unused invitation: only the newest code works", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    const first = await coordinator.patientAccess.invite({ patientId });
    const second = await coordinator.patientAccess.invite({ patientId });
    expect(second.replaced).toBe(1);
    expect(await redeem(first.code)).toEqual({ ok: false, reason: "refused", field: "code", message: invitationMessages.refused });
    expect((await redeem(second.code)).ok).toBe(true);
  });

  it("is refused while the patient has an account", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    expect((await redeem((await coordinator.patientAccess.invite({ patientId })).code)).ok).toBe(true);
    await expect(coordinator.patientAccess.invite({ patientId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((await coordinator.patientAccess.status({ patientId })).state).toBe("active");
  });
});

describe("patientAccess.invite by e-mail", () => {
  const smtpEnv = ["STEPWISE_SMTP_URL", "STEPWISE_SMTP_FROM", "STEPWISE_ORIGIN"] as const;
  async function withSmtp<T>(settings: Partial<Record<(typeof smtpEnv)[number], string>>, run: () => Promise<T>): Promise<T> {
    const previous = smtpEnv.map((k) => [k, process.env[k]] as const);
    for (const k of smtpEnv) {
      if (settings[k] === undefined) delete process.env[k];
      else process.env[k] = settings[k];
    }
    try {
      return await run();
    } finally {
      for (const [k, v] of previous) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }
  const smtp = { STEPWISE_SMTP_URL: "json:", STEPWISE_SMTP_FROM: "care-team@clinic.example", STEPWISE_ORIGIN: "https://stepwise.clinic.example" };

  it("sends the link, the code, the expiry and the steps to the address given, after the commit; the address is not kept", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    const sentBefore = jsonOutbox.length;
    const invitation = await withSmtp(smtp, () => coordinator.patientAccess.invite({ patientId, email: "sam.home@example.org" }));
    expect(invitation.emailed).toEqual({ sent: true });
    expect(jsonOutbox).toHaveLength(sentBefore + 1);
    const mail = jsonOutbox.at(-1)!;
    expect(mail.to).toBe("sam.home@example.org");
    expect(mail.from).toBe("care-team@clinic.example");
    expect(mail.text).toContain(`https://stepwise.clinic.example${invitation.path}`);
    expect(mail.text).toContain(invitation.code);
    expect(mail.text).toContain(invitation.validUntil.toUTCString());
    expect(mail.text).toContain(invitation.patientName);
    const audit = await listAudit(clinic.handle.db, { patientId, limit: 50 });
    expect(audit.find((a) => a.action === "patientAccess.inviteEmail")).toMatchObject({ outcome: "success" });
    expect(JSON.stringify(audit)).not.toContain("sam.home@example.org");
    expect((await redeem(invitation.code)).ok).toBe(true);
  });

  it("sends nothing without the settings, or without an address: the handout only", async () => {
    const coordinator = await clinic.as(demoEmails.COORD);
    const sentBefore = jsonOutbox.length;
    const withoutSettings = await withSmtp({}, async () => coordinator.patientAccess.invite({ patientId: await newPatient(), email: "sam.home@example.org" }));
    expect(withoutSettings.emailed).toBeNull();
    const withoutAddress = await withSmtp(smtp, async () => coordinator.patientAccess.invite({ patientId: await newPatient() }));
    expect(withoutAddress.emailed).toBeNull();
    expect(jsonOutbox).toHaveLength(sentBefore);
    await expect(withSmtp(smtp, async () => coordinator.patientAccess.invite({ patientId: await newPatient(), email: "not an address" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("reports a failed send to the clinician and audits it; the invitation stands and its code works", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    // Nothing listens on port 1: the connection is refused at once.
    const invitation = await withSmtp({ ...smtp, STEPWISE_SMTP_URL: "smtp://127.0.0.1:1" }, () => coordinator.patientAccess.invite({ patientId, email: "sam.home@example.org" }));
    expect(invitation.emailed).toEqual({ sent: false });
    expect((await coordinator.patientAccess.status({ patientId })).state).toBe("invited");
    const audit = await listAudit(clinic.handle.db, { patientId, limit: 50 });
    expect(audit.find((a) => a.action === "patientAccess.inviteEmail")).toMatchObject({ outcome: "failure", detail: { reason: "send_failed" } });
    expect(JSON.stringify(audit)).not.toContain("sam.home@example.org");
    expect((await redeem(invitation.code)).ok).toBe(true);
  });
});

describe("redeeming an invitation", () => {
  it("opens a patient account linked to the record, signs in without a second factor step and reaches the own record", async () => {
    const patientId = await newPatient();
    const invitation = await (await clinic.as(demoEmails.COORD)).patientAccess.invite({ patientId });
    // Typed by hand: lower case, spaces for dashes.
    const r = await redeem(invitation.code.toLowerCase().replaceAll("-", " "), { email: "Sam.Invited@Example.org" });
    expect(r).toMatchObject({ ok: true, email: "sam.invited@example.org", patientId });
    const user = await findUserByEmail(clinic.handle.db, "sam.invited@example.org");
    expect(user).toMatchObject({ role: "patient", active: true, mustChangePassword: false });
    expect(user?.name).toBe(invitation.patientName);
    expect(user?.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect((await findLinkedPatient(clinic.handle.db, user!.id))?.patientId).toBe(patientId);
    const previous = process.env.STEPWISE_REQUIRE_MFA;
    process.env.STEPWISE_REQUIRE_MFA = "1";
    try {
      const session = await signedIn("sam.invited@example.org");
      expect(session.pendingStep).toBeNull();
      expect(session.user.role).toBe("patient");
      await expect(session.caller.messages.mine({})).resolves.toBeTruthy();
    } finally {
      if (previous === undefined) delete process.env.STEPWISE_REQUIRE_MFA;
      else process.env.STEPWISE_REQUIRE_MFA = previous;
    }
    const audit = await listAudit(clinic.handle.db, { patientId, limit: 50 });
    expect(audit.find((a) => a.action === "patientAccess.redeem")).toMatchObject({ outcome: "success", actorRole: "patient", actorId: user!.id });
    // Used once: the same code again is refused like any other.
    expect(await redeem(invitation.code)).toEqual({ ok: false, reason: "refused", field: "code", message: invitationMessages.refused });
  });

  it("gives one identical refusal for a wrong, malformed, used, expired or revoked code", async () => {
    const coordinator = await clinic.as(demoEmails.COORD);
    const make = async () => (await coordinator.patientAccess.invite({ patientId: await newPatient() })).code;
    const refusal = { ok: false, reason: "refused", field: "code", message: invitationMessages.refused };

    const live = await make();
    const flipped = live.slice(0, -1) + (live.endsWith("0") ? "1" : "0");
    expect(await redeem(flipped)).toEqual(refusal);
    expect(await redeem("not a code at all")).toEqual(refusal);
    expect(await redeem("")).toEqual(refusal);

    const used = await make();
    expect((await redeem(used)).ok).toBe(true);
    expect(await redeem(used)).toEqual(refusal);

    const expiring = await make();
    expect(await redeem(expiring, {}, new Date(Date.now() + 7 * day + 60_000))).toEqual(refusal);

    const revokedPatient = await newPatient();
    const revoked = (await coordinator.patientAccess.invite({ patientId: revokedPatient })).code;
    await coordinator.patientAccess.revoke({ patientId: revokedPatient });
    expect(await redeem(revoked)).toEqual(refusal);
    expect((await coordinator.patientAccess.status({ patientId: revokedPatient })).state).toBe("none");

    // The live one still works after a wrong try.
    expect((await redeem(live)).ok).toBe(true);
  });

  it("counts tries per code like sign-in attempts: after five wrong ones even the right code waits", async () => {
    const code = (await (await clinic.as(demoEmails.COORD)).patientAccess.invite({ patientId: await newPatient() })).code;
    const wrong = code.slice(0, -1) + (code.endsWith("0") ? "1" : "0");
    for (let i = 0; i < 5; i++) expect((await redeem(wrong)).ok).toBe(false);
    expect(await redeem(code)).toEqual({ ok: false, reason: "locked", field: "code", message: invitationMessages.locked });
    expect((await redeem(code, {}, new Date(Date.now() + 16 * 60_000))).ok).toBe(true);
  });

  it("counts nothing for what is not shaped like a code: it is refused, never locked, however often", async () => {
    for (let i = 0; i < 7; i++) expect(await redeem("12345")).toEqual({ ok: false, reason: "refused", field: "code", message: invitationMessages.refused });
  });

  it("keeps the code when the email is taken or the password too short, and refuses a taken email only after a right code", async () => {
    const code = (await (await clinic.as(demoEmails.COORD)).patientAccess.invite({ patientId: await newPatient() })).code;
    expect(await redeem(code, { email: demoEmails.PHYSICIAN })).toEqual({ ok: false, reason: "email_taken", field: "email", message: invitationMessages.emailTaken });
    expect(await redeem("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", { email: demoEmails.PHYSICIAN })).toMatchObject({ reason: "refused" });
    expect(await redeem(code, { password: "short", confirmPassword: "short" })).toMatchObject({ ok: false, reason: "invalid", field: "password" });
    expect(await redeem(code, { confirmPassword: "something else entirely" })).toMatchObject({ ok: false, reason: "invalid", field: "confirmPassword" });
    expect((await redeem(code)).ok).toBe(true);
  });

  it("of two redemptions of one code at once, one opens an account", async () => {
    const patientId = await newPatient();
    const code = (await (await clinic.as(demoEmails.COORD)).patientAccess.invite({ patientId })).code;
    const results = await Promise.all([redeem(code), redeem(code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: "refused", field: "code", message: invitationMessages.refused });
  });
});

describe("patientAccess.revoke", () => {
  it("is the coordinator's: other clinicians on the team are refused", async () => {
    const patientId = await newPatient();
    await (await clinic.as(demoEmails.COORD)).patientAccess.invite({ patientId });
    await expect((await clinic.as(demoEmails.PHYSICIAN)).patientAccess.revoke({ patientId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await clinic.as(demoEmails.PSYCH)).patientAccess.revoke({ patientId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await clinic.as(demoEmails.COORD)).patientAccess.revoke({ patientId })).resolves.toMatchObject({ revokedAccount: false, revokedInvitations: 1 });
    await expect((await clinic.as(demoEmails.COORD)).patientAccess.revoke({ patientId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("ends the account, its sessions and its open stream; the patient's own gate answers NOT_FOUND", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    const r = await redeem((await coordinator.patientAccess.invite({ patientId })).code);
    if (!r.ok) throw new Error("redeem failed");
    const patient = await signedIn(r.email);
    await expect(patient.caller.messages.mine({})).resolves.toBeTruthy();

    const controller = new AbortController();
    const streamCaller = createCaller(createInnerContext({ db: clinic.handle.db, session: { user: patient.user, sessionId: patient.sessionId }, bus: clinic.bus }), { signal: controller.signal });
    const stream = collect((await streamCaller.live.events({ patientIds: [] })) as AsyncIterable<unknown>, controller);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stream.error).toBeUndefined();

    await expect(coordinator.patientAccess.revoke({ patientId })).resolves.toMatchObject({ revokedAccount: true, revokedSessions: 1 });
    expect(await validateSession(clinic.handle.db, patient.sessionId)).toBeNull();
    await expect(patient.caller.messages.mine({})).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await authenticate(clinic.handle.db, { email: r.email, password })).toEqual({ ok: false, reason: "invalid" });
    for (let i = 0; i < 100 && !stream.error; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stream.error).toMatchObject({ code: "UNAUTHORIZED" });
    await stream.stop();

    expect((await coordinator.patientAccess.status({ patientId })).state).toBe("revoked");
    // A new invitation may follow; the old account stays deactivated.
    const again = await redeem((await coordinator.patientAccess.invite({ patientId })).code);
    expect(again.ok).toBe(true);
    expect((await coordinator.patientAccess.status({ patientId })).state).toBe("active");
  });
});

describe("inviting again after a revoke", () => {
  it("reopens the patient's own account when they redeem with the same email; its old sessions stay ended", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    const first = await redeem((await coordinator.patientAccess.invite({ patientId })).code);
    if (!first.ok) throw new Error("redeem failed");
    const before = await signedIn(first.email);
    await coordinator.patientAccess.revoke({ patientId });

    const newPassword = "a fresh long password";
    const again = await redeem((await coordinator.patientAccess.invite({ patientId })).code, { email: first.email.toUpperCase(), password: newPassword, confirmPassword: newPassword });
    expect(again).toEqual({ ok: true, userId: first.userId, email: first.email, patientId });
    const user = await findUserByEmail(clinic.handle.db, first.email);
    expect(user).toMatchObject({ id: first.userId, role: "patient", active: true, mustChangePassword: false });
    expect((await findLinkedPatient(clinic.handle.db, first.userId))?.patientId).toBe(patientId);
    expect((await coordinator.patientAccess.status({ patientId })).state).toBe("active");

    // The request layer reads the session with validateSession: the one revoked stays ended.
    expect(await validateSession(clinic.handle.db, before.sessionId)).toBeNull();
    expect(await authenticate(clinic.handle.db, { email: first.email, password })).toEqual({ ok: false, reason: "invalid" });
    const after = await signedIn(first.email, newPassword);
    await expect(after.caller.messages.mine({})).resolves.toBeTruthy();
    await expect(after.caller.patientAccess.status({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const audit = await listAudit(clinic.handle.db, { patientId, limit: 50 });
    expect(audit.filter((a) => a.action === "patientAccess.redeem" && a.outcome === "success")).toHaveLength(2);
  });

  it("still refuses anyone else's email: another patient's revoked account, an active patient's, a clinician's", async () => {
    const coordinator = await clinic.as(demoEmails.COORD);
    const otherPatient = await newPatient();
    const other = await redeem((await coordinator.patientAccess.invite({ patientId: otherPatient })).code);
    if (!other.ok) throw new Error("redeem failed");
    const activePatient = await newPatient();
    const active = await redeem((await coordinator.patientAccess.invite({ patientId: activePatient })).code);
    if (!active.ok) throw new Error("redeem failed");
    await coordinator.patientAccess.revoke({ patientId: otherPatient });

    const patientId = await newPatient();
    const code = (await coordinator.patientAccess.invite({ patientId })).code;
    const taken = { ok: false, reason: "email_taken", field: "email", message: invitationMessages.emailTaken };
    expect(await redeem(code, { email: other.email })).toEqual(taken);
    expect(await redeem(code, { email: active.email })).toEqual(taken);
    expect(await redeem(code, { email: demoEmails.PT })).toEqual(taken);
    expect(await findUserByEmail(clinic.handle.db, other.email)).toMatchObject({ active: false });
    // The code was kept for a free email.
    expect((await redeem(code)).ok).toBe(true);
  });

  it("refuses a revoked patient's own email while the record's account is active again under another email", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    const first = await redeem((await coordinator.patientAccess.invite({ patientId })).code);
    if (!first.ok) throw new Error("redeem failed");
    await coordinator.patientAccess.revoke({ patientId });
    expect((await redeem((await coordinator.patientAccess.invite({ patientId })).code)).ok).toBe(true);
    await coordinator.patientAccess.revoke({ patientId });
    // Two revoked accounts on one record: the first may be reopened, and then the record has its one account.
    const code = (await coordinator.patientAccess.invite({ patientId })).code;
    expect((await redeem(code, { email: first.email })).ok).toBe(true);
    expect((await coordinator.patientAccess.status({ patientId })).state).toBe("active");
  });
});

describe("staff lists and choices leave patients out", () => {
  it("the directory, the care team's candidates and additions, and new accounts", async () => {
    const patientId = await newPatient();
    const coordinator = await clinic.as(demoEmails.COORD);
    const r = await redeem((await coordinator.patientAccess.invite({ patientId })).code);
    if (!r.ok) throw new Error("redeem failed");
    const clinicians = await coordinator.directory.clinicians();
    expect(clinicians.some((u) => u.id === r.userId)).toBe(false);
    expect(clinicians.every((u) => (u.role as string) !== "patient")).toBe(true);
    const team = await coordinator.careTeam.get({ patientId });
    expect(team.candidates.some((u) => u.id === r.userId)).toBe(false);
    await expect(coordinator.careTeam.add({ patientId, userId: r.userId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // The patient is not shown the staff directory either.
    const patient = await signedIn(r.email);
    await expect(patient.caller.directory.clinicians()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await clinic.as(demoEmails.ADMIN);
    await expect(admin.admin.createUser({ email: "made-by-admin@example.org", name: "Not A Patient", role: "patient" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

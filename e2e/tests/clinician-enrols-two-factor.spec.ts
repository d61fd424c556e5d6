import { expect, test, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { asRole, closeRoleContexts, shot, signIn } from "./support";

test.afterEach(closeRoleContexts);

// A clinician of the journey's own, created through the admin's form: no other journey signs in with it.
const email = `totp.journey.${Date.now()}@stepwise.test`;
const name = "Imogen Parrish, DPT";
const password = "imogen's own long password";

/** The demo two-factor account and the key `npm start` prints for it. */
const demoMfaEmail = "mfa@stepwise.test";
const demoMfaKey = "A5CE 2SSZ 5E3B ZCQ4 ANN3 EPP4 EWTJ NVUG";

const step = 30_000;
const codeAt = (key: string, at: number) => new TOTP({ secret: Secret.fromBase32(key.replace(/\s/g, "")), digits: 6, period: 30 }).generate({ timestamp: at });

/**
 * Types a code the server has not accepted yet: a code is accepted once, so one already used in this
 * time step (by the enrolment, or an earlier sign-in) is refused; then the next step's code is taken.
 */
async function enterFreshCode(page: Page, key: string, lastUsedAt: { at: number }) {
  const at = Math.max(Date.now(), lastUsedAt.at + step);
  lastUsedAt.at = at;
  await page.getByLabel("6-digit code").fill(codeAt(key, at));
  await page.getByRole("button", { name: "Verify" }).click();
}

test("a clinician turns on two-factor sign-in, then signs in with a code and once with a recovery code", async ({ browser }) => {
  const admin = await asRole(browser, "admin");
  await admin.getByRole("button", { name: "Create account" }).click();
  const create = admin.getByRole("form", { name: "Create account" });
  await create.getByLabel("Name").fill(name);
  await create.getByLabel("Email").fill(email);
  await create.getByLabel("Role").selectOption({ label: "Physical therapist" });
  await create.getByRole("button", { name: "Create" }).click();
  const created = admin.getByRole("dialog", { name: `Account created for ${name}` });
  const firstCode = (await created.getByTestId("reset-code").textContent())!.trim();
  await created.getByRole("button", { name: "Done" }).click();
  await expect(admin.getByTestId("users-table").getByRole("row").filter({ hasText: email })).toBeVisible();

  const context = await browser.newContext();
  const page = await context.newPage();
  // The first sign-in with the account's one-time code asks for a password of its own.
  await signIn(page, email, firstCode);
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Confirm new password").fill(password);
  await page.getByRole("button", { name: "Save new password" }).click();
  // The demo does not require a second factor: signed in now.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // From the name in the top bar to the account's security page.
  await page.getByRole("link", { name: `${name} — account security` }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole("heading", { name: "Account security" })).toBeVisible();
  await expect(page.getByText("Off", { exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code for adding Stepwise to an authenticator app" })).toBeVisible();
  await page.getByText("Can’t scan? Enter the key by hand").click();
  const key = (await page.getByTestId("setup-key").textContent())!.trim();
  expect(key.replace(/\s/g, "")).toMatch(/^[A-Z2-7]{32}$/);
  await shot(page, "clinician-enrols-two-factor-1-enrolment");

  // A wrong code first, then the app's code.
  const enrolledAt = { at: Date.now() };
  const right = codeAt(key, enrolledAt.at);
  await page.getByLabel("6-digit code").fill(right === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.locator(".field .error")).toHaveText("That code does not match. Check that the app shows a code for Stepwise and enter the current one.");
  await page.getByLabel("6-digit code").fill(codeAt(key, enrolledAt.at));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();

  // Ten recovery codes, shown once; Continue waits for the acknowledgement.
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
  for (const c of recoveryCodes) expect(c).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await shot(page, "clinician-enrols-two-factor-2-recovery-codes");
  const continueButton = page.getByRole("button", { name: "Continue" });
  await expect(continueButton).toBeDisabled();
  await page.getByLabel("I have saved these recovery codes").check();
  await continueButton.click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByText("On", { exact: true })).toBeVisible();
  await expect(page.getByText("10 of 10 recovery codes left.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);

  // Signed out, the password alone no longer signs in: the code step comes first.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  // Nothing else opens meanwhile.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\/verify$/);
  await page.getByLabel("6-digit code").fill("12345");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.locator(".field .error")).toContainText("That code is not right");
  await shot(page, "clinician-enrols-two-factor-3-verification");
  await enterFreshCode(page, key, enrolledAt);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  // A recovery code signs in once.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await page.getByRole("button", { name: "Lost your phone? Use a recovery code" }).click();
  await expect(page.getByLabel("Recovery code")).toBeFocused();
  await shot(page, "clinician-enrols-two-factor-4-recovery-code");
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]!.toLowerCase());
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.getByRole("link", { name: `${name} — account security` }).click();
  await expect(page.getByText("9 of 10 recovery codes left.")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, email, password);
  await page.getByRole("button", { name: "Lost your phone? Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.locator(".field .error")).toContainText("That code is not right, or it has already been used.");
  await expect(page).toHaveURL(/\/login\/verify$/);
  await page.getByRole("button", { name: "Cancel and sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});

test("the demo two-factor account signs in with a code from the key npm start prints, and lands where it was going", async ({ page }) => {
  // Where the user was going (here the meetings list, as "Sign in again" after a logoff links) survives the password and the code step.
  await page.goto(`/login?next=${encodeURIComponent("/meetings")}`);
  await page.getByLabel("Email").fill(demoMfaEmail);
  await page.getByLabel("Password").fill("stepwise-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\/verify\?next=%2Fmeetings$/);
  await enterFreshCode(page, demoMfaKey, { at: Date.now() - step });
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page).toHaveURL(/\/meetings$/);
  await expect(page.locator(".topbar .who strong")).toHaveText("Dr. Noor Haddad");
});

import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, shot, shotDir, signIn } from "./support";

test.afterEach(closeRoleContexts);

// A clinician of the journey's own, created through the admin's form: no other journey signs in with it.
const email = `reset.journey.${Date.now()}@stepwise.test`;
const name = "Rowan Ellery";
const ownPassword = "rowan's own long password";

test("the admin resets a clinician's password with a one-time code; the clinician must choose a new one first, then reads who reset it", async ({ browser }) => {
  const admin = await asRole(browser, "admin");
  await admin.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const adminName = (await admin.locator(".topbar .who strong").textContent())?.trim() ?? "";
  expect(adminName).not.toBe("");

  await admin.getByRole("button", { name: "Create account" }).click();
  const create = admin.getByRole("form", { name: "Create account" });
  await create.getByLabel("Name").fill(name);
  await create.getByLabel("Email").fill(email);
  await create.getByLabel("Role").selectOption({ label: "Psychologist" });
  // No password field here either: a new account gets a one-time code of its own.
  await expect(create.locator("input[type=password]")).toHaveCount(0);
  await create.getByRole("button", { name: "Create" }).click();
  const created = admin.getByRole("dialog", { name: `Account created for ${name}` });
  await expect(created.getByTestId("reset-code")).toHaveText(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
  const firstCode = (await created.getByTestId("reset-code").textContent())!.trim();
  await created.getByRole("button", { name: "Done" }).click();
  const row = admin.getByTestId("users-table").getByRole("row").filter({ hasText: email });
  await expect(row).toBeVisible();

  // No password field for the admin anywhere in the reset: a code, shown once.
  await row.getByRole("button", { name: "Reset password…" }).click();
  const dialog = admin.getByRole("dialog", { name: `Reset the password of ${name}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("input[type=password]")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Reset and issue a code" }).click();
  const codeBox = dialog.getByTestId("reset-code");
  await expect(codeBox).toHaveText(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
  const code = (await codeBox.textContent())!.trim();
  await expect(dialog).toContainText("Valid until");
  await expect(dialog).toContainText("shown only once");
  await dialog.getByRole("button", { name: "Copy code" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(code);
  // The dialog over the viewport (a full-page shot would be mostly the audit log).
  await admin.screenshot({ path: `${shotDir}admin-resets-a-password-1-code-shown-once.png` });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(admin.getByRole("status").filter({ hasText: `${name}'s password was reset` })).toBeVisible();
  // Closed, the code is gone for good.
  await expect(admin.getByTestId("reset-code")).toHaveCount(0);

  const context = await browser.newContext();
  const page = await context.newPage();
  // The account's first code was revoked by the reset: refused like a wrong password.
  await signIn(page, email, firstCode);
  await expect(page.locator("#login-error")).toHaveText("That email and password do not match an active account.");

  // The code, typed as a person might (lower case), signs in — to the new-password step only.
  await signIn(page, email, code.toLowerCase());
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveCount(0);
  // Anything else leads back to the step, keeping where the user was going.
  await page.goto("/meetings");
  await expect(page).toHaveURL(/\/account\/password\?next=%2Fmeetings$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/account\/password$/);
  await shot(page, "admin-resets-a-password-2-forced-new-password");

  // The code cannot become the password; the two entries must match.
  await page.getByLabel("New password", { exact: true }).fill(code);
  await page.getByLabel("Confirm new password").fill(code);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.locator("#newPassword-error")).toHaveText("Choose a password of your own, not the one-time code.");
  await page.getByLabel("New password", { exact: true }).fill(ownPassword);
  await page.getByLabel("Confirm new password").fill(`${ownPassword}!`);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.locator("#confirmPassword-error")).toHaveText("The two passwords do not match.");
  await page.getByLabel("New password", { exact: true }).fill(ownPassword);
  await page.getByLabel("Confirm new password").fill(ownPassword);
  await page.getByRole("button", { name: "Save new password" }).click();

  // Signed in now, and told who reset the password and when.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const notice = page.locator(".account-notices");
  await expect(notice).toContainText(`Your password was reset by ${adminName} on`);
  await shot(page, "admin-resets-a-password-3-notice-names-the-admin");
  await notice.getByRole("button", { name: "Got it" }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.locator(".account-notices")).toHaveCount(0);

  // The used code is refused like a wrong password; the new password works.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, email, code);
  await expect(page.locator("#login-error")).toHaveText("That email and password do not match an active account.");
  await signIn(page, email, ownPassword);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await context.close();
});

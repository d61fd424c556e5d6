import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, signIn } from "./support";

test.afterEach(closeRoleContexts);

const phone = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };
const artifact = (name: string) => new URL(`../artifacts/${name}.png`, import.meta.url).pathname;

// Henry Lindqvist (a demo patient no other journey touches) is invited by the coordinator from his
// plan page, sets up his account on his phone from the handout's link, lands on My plan, and loses
// access at once when the coordinator revokes it.
test("the coordinator invites a patient, who sets up an account on a phone and lands on My plan; revoking signs him out", async ({ browser }) => {
  const coordinator = await asRole(browser, "coordinator");
  await openPatient(coordinator, "Lindqvist");
  const panel = coordinator.getByRole("region", { name: "Patient access" });
  await expect(panel.getByTestId("patient-access-status")).toHaveText("The patient has no account for their own pages.");
  await panel.getByRole("button", { name: "Invite the patient…" }).click();
  const dialog = coordinator.getByRole("dialog", { name: "Invite the patient to their own pages" });
  await dialog.getByRole("button", { name: "Create the invitation" }).click();
  const handout = dialog.getByTestId("invitation-handout");
  await expect(handout).toContainText("Your Stepwise invitation, Henry Lindqvist");
  const code = (await handout.getByTestId("invitation-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
  const link = new URL((await handout.getByTestId("invitation-link").textContent())?.trim() ?? "");
  expect(link.pathname).toBe("/invite");
  expect(link.searchParams.get("code")).toBe(code);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(panel.getByTestId("patient-access-status")).toContainText("Invitation sent — not yet used.");

  // On his phone, from the handout's link: the code is filled in; he chooses his email and password.
  const context = await browser.newContext(phone);
  const patient = await context.newPage();
  await patient.goto(`${link.pathname}${link.search}`);
  await expect(patient.getByRole("heading", { name: "Welcome to Stepwise", level: 1 })).toBeVisible();
  await expect(patient.getByLabel("Invitation code")).toHaveValue(code);
  const email = "henry.lindqvist@example.org";
  const password = "my hip and the long walk home";
  await patient.getByLabel("Your email").fill(email);
  await patient.getByLabel("Choose a password").fill(password);
  await patient.getByLabel("Type the password again").fill("not the same password at all");
  await patient.getByRole("button", { name: "Set up my account" }).click();
  await expect(patient.locator("#confirmPassword-error")).toHaveText("The two passwords do not match.");
  await patient.getByLabel("Choose a password").fill(password);
  await patient.getByLabel("Type the password again").fill(password);
  await patient.getByRole("button", { name: "Set up my account" }).click();
  await expect(patient.getByRole("heading", { name: "My plan", level: 1 })).toBeVisible({ timeout: 20_000 });
  expect(new URL(patient.url()).pathname).toBe("/my");
  await expect(patient.getByRole("navigation", { name: "My pages" })).toBeVisible();
  await patient.screenshot({ path: artifact("patient-invitation"), fullPage: true });

  // The code was spent: the same link refuses it.
  const second = await browser.newContext(phone);
  const again = await second.newPage();
  await again.goto(`${link.pathname}${link.search}`);
  await again.getByLabel("Your email").fill("someone.else@example.org");
  await again.getByLabel("Choose a password").fill(password);
  await again.getByLabel("Type the password again").fill(password);
  await again.getByRole("button", { name: "Set up my account" }).click();
  await expect(again.locator("#code-error")).toContainText("This invitation code does not work.");
  await second.close();

  // A staff page sends him back to his own pages; signing in again lands there too.
  await patient.goto("/meetings");
  await expect(patient.getByRole("heading", { name: "My plan", level: 1 })).toBeVisible();
  expect(new URL(patient.url()).pathname).toBe("/my");
  await patient.getByRole("button", { name: "Sign out" }).click();
  await signIn(patient, email, password);
  await expect(patient.getByRole("heading", { name: "My plan", level: 1 })).toBeVisible({ timeout: 20_000 });

  await coordinator.reload();
  await expect(panel.getByTestId("patient-access-status")).toContainText(`signs in as ${email}`);
  await panel.getByRole("button", { name: "Revoke access…" }).click();
  await coordinator.getByRole("dialog", { name: "Revoke the patient's access" }).getByRole("button", { name: "Revoke access" }).click();
  await expect(panel.getByRole("status")).toHaveText("Access revoked: the patient's account is closed and they were signed out.");
  await expect(panel.getByTestId("patient-access-status")).toContainText("Access was revoked");

  await patient.reload();
  await expect(patient.getByRole("button", { name: "Sign in" })).toBeVisible();
  await context.close();
});

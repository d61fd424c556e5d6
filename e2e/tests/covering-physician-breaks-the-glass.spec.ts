import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, demoPassword, openPatient } from "./support";

// Break-the-glass: Dr. Reyes, not on Helen Sorensen's care team, finds her by MRN, declares a
// reason, re-enters the password and reads the plan read-only; Dr. Okafor (on the team) sees the
// banner; the coordinator reviews the use with a note; the access report lists it as emergency access.

test.afterAll(closeRoleContexts);

const MRN = "SW-0100530";
const reasonText = "Covering Dr. Okafor's on-call tonight; the patient phoned about a flare.";

test("a covering physician opens Helen Sorensen through emergency access, the team sees it, the coordinator reviews it", async ({ browser }) => {
  test.setTimeout(120_000);
  const reyes = await asRole(browser, "physician2");
  await reyes.getByRole("link", { name: "Emergency access" }).click();
  await expect(reyes.getByRole("heading", { name: "Emergency access", level: 1 })).toBeVisible();
  // Nothing partial: a shortened MRN finds no one.
  await reyes.getByRole("textbox", { name: "MRN" }).fill(MRN.slice(0, -1));
  await reyes.getByRole("button", { name: "Find patient" }).click();
  await expect(reyes.getByText("No patient matches exactly.")).toBeVisible();
  await reyes.getByRole("textbox", { name: "MRN" }).fill(MRN);
  await reyes.getByRole("button", { name: "Find patient" }).click();
  await expect(reyes.getByRole("heading", { name: "Is this the patient?" })).toBeVisible();
  await expect(reyes.getByText("Helen Sorensen")).toBeVisible();

  const open = reyes.getByRole("button", { name: /Open for 60 minutes/ });
  if (await open.isVisible()) {
    await reyes.getByLabel("Reason").selectOption({ label: "Covering for an absent care-team clinician" });
    await reyes.getByLabel("Why you need this record now").fill(reasonText);
    await reyes.getByLabel("Your password").fill("not-my-password");
    await open.click();
    await expect(reyes.getByText("That password is not right.")).toBeVisible();
    await reyes.getByLabel("Your password").fill(demoPassword);
    await reyes.screenshot({ path: "artifacts/break-the-glass-form.png", fullPage: true });
    await open.click();
  } else {
    // A grant from an earlier run on this data folder is still active.
    await reyes.getByRole("link", { name: "Open the plan" }).click();
  }
  await expect(reyes.getByRole("heading", { name: "Helen Sorensen" })).toBeVisible();
  const holderBanner = reyes.getByTestId("emergency-access-banner");
  await expect(holderBanner).toContainText("You have read-only emergency access until");
  await expect(holderBanner.getByRole("button", { name: "End access" })).toBeVisible();
  await expect(reyes.getByRole("tab", { name: "Plan" })).toBeVisible();
  await reyes.screenshot({ path: "artifacts/break-the-glass-holder-plan.png", fullPage: true });

  const okafor = await asRole(browser, "physician");
  await openPatient(okafor, "Sorensen");
  const teamBanner = okafor.getByTestId("emergency-access-banner");
  await expect(teamBanner).toContainText(/Dr\. Daniel Reyes \(Pain physician\) has emergency access until \d{1,2}:\d{2}/);
  await expect(teamBanner).toContainText("reason: Covering for an absent care-team clinician");
  await okafor.screenshot({ path: "artifacts/break-the-glass-team-banner.png", fullPage: true });

  const coordinator = await asRole(browser, "coordinator");
  await coordinator.getByRole("link", { name: /Review uses/ }).click();
  await expect(coordinator.getByRole("heading", { name: "Emergency access to review" })).toBeVisible();
  const item = coordinator.getByTestId("review-item").filter({ hasText: "Dr. Daniel Reyes" }).filter({ hasText: "Helen Sorensen" }).first();
  await expect(item).toContainText("Covering for an absent care-team clinician");
  await expect(item).toContainText("Read-only");
  await item.getByText(/What they did/).click();
  await expect(item.getByRole("table")).toContainText("carePlan.get");
  await coordinator.screenshot({ path: "artifacts/break-the-glass-review-queue.png", fullPage: true });
  await item.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(item.getByRole("alert")).toContainText("Write what you concluded");
  await item.getByLabel("Review note").fill("Confirmed with Dr. Okafor: covering on-call, access appropriate.");
  const reviewedCount = await coordinator.getByTestId("review-item").count();
  await item.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(coordinator.getByTestId("review-item")).toHaveCount(reviewedCount - 1);

  await openPatientFromHome(coordinator, "Sorensen");
  await coordinator.getByRole("link", { name: "Access report" }).click();
  await expect(coordinator.getByRole("heading", { name: /Access report: Helen Sorensen/ })).toBeVisible();
  const reyesRow = coordinator.getByTestId("access-users").getByRole("row").filter({ hasText: "Dr. Daniel Reyes" });
  await expect(reyesRow).toContainText("Emergency access");
  await expect(coordinator.getByTestId("access-log").getByRole("row").filter({ hasText: "Dr. Daniel Reyes" }).filter({ hasText: "Emergency access" }).first()).toBeVisible();
  await coordinator.screenshot({ path: "artifacts/break-the-glass-access-report.png", fullPage: true });

  // The holder ends the access early; the plan is closed to them again.
  await holderBanner.getByRole("button", { name: "End access" }).click();
  await expect(reyes).toHaveURL(/\/$/);
  await reyes.goto(`/patients/${new URL(okafor.url()).pathname.split("/")[2]}`);
  await expect(reyes.getByText(/not found/i).first()).toBeVisible();
});

async function openPatientFromHome(page: import("@playwright/test").Page, search: string) {
  await page.goto("/");
  await openPatient(page, search);
}

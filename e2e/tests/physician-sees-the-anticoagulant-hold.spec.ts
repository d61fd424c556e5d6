import { expect, test, type Page } from "@playwright/test";
import { asRole, closeRoleContexts, shot } from "./support";

test.afterEach(closeRoleContexts);

const DAY = 86_400_000;
/** S1: the repeat ESI is scheduled 2 days after the seed's clock; apixaban is held 5 days before (policy safety-asra-2018-v1). */
function expectedHoldBy(): string {
  const scheduled = new Date(Date.now() + 2 * DAY);
  const day = Date.UTC(scheduled.getUTCFullYear(), scheduled.getUTCMonth(), scheduled.getUTCDate());
  return new Date(day - 5 * DAY).toISOString().slice(0, 10);
}

/** openPatient, with room for a busy demo server to stream the plan (the home page's worklists load first). */
async function openWhitaker(page: Page) {
  await page.getByLabel("Search patients by name or MRN").fill("Whitaker");
  await page.getByTestId("patient-table").getByRole("link", { name: /Whitaker/i }).first().click();
  await expect(page.getByRole("tab", { name: "Plan" })).toBeVisible({ timeout: 30_000 });
}

test("the physician sees the apixaban hold on Thomas Whitaker's scheduled ESI, confirms it, and the warning turns confirmed", async ({ browser }) => {
  const page = await asRole(browser, "physician");
  await openWhitaker(page);
  const header = page.getByTestId("safety-header");
  await expect(header).toContainText("Apixaban");
  await expect(header).toContainText("no known allergies");
  await expect(header.getByRole("button", { name: "Edit safety profile" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Flags" })).toContainText("Anticoagulant hold");

  await page.getByRole("tab", { name: "Procedures" }).click();
  const order = page.getByRole("article", { name: "Epidural steroid injection — transforaminal" }).filter({ has: page.getByText("scheduled", { exact: true }) });
  await expect(order).toContainText("Intermediate bleeding risk");
  await expect(order).toContainText("Policy safety-asra-2018-v1");
  const hold = order.getByTestId("hold-apixaban");
  await expect(hold).toContainText(`Hold date passed (${expectedHoldBy()}), not confirmed`);
  await expect(hold).toContainText("Hold 5 days before");
  await shot(page, "physician-anticoagulant-hold");

  await hold.getByRole("button", { name: "Confirm hold of Apixaban" }).click();
  const form = order.getByRole("form", { name: "Confirm the hold of Apixaban" });
  await form.getByLabel(/Note/).fill("Held from the date above, agreed with his cardiologist by phone");
  await form.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(hold).toContainText(`held from ${expectedHoldBy()}, confirmed`);
  await expect(hold).toContainText("Confirmed by");
  await expect(hold.getByRole("button", { name: "Confirm hold of Apixaban" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Flags" }).getByText("Anticoagulant hold")).toHaveCount(0);
  await shot(page, "physician-anticoagulant-hold-confirmed");
});

test("the PT on Thomas Whitaker's team sees the safety header and the holds without confirming them; the coordinator's header is read-only", async ({ browser }) => {
  const page = await asRole(browser, "pt");
  await openWhitaker(page);
  const header = page.getByTestId("safety-header");
  await expect(header).toContainText("Apixaban");
  await expect(header).toContainText("no known allergies");
  await expect(header).toContainText("Diabetes");
  // The PT may update the profile (any clinician keeps it), so the edit is offered; confirming a hold is not.
  await expect(header.getByRole("button", { name: "Edit safety profile" })).toBeVisible();
  await page.getByRole("tab", { name: "Procedures" }).click();
  const order = page.getByRole("article", { name: "Epidural steroid injection — transforaminal" }).filter({ has: page.getByText("scheduled", { exact: true }) });
  await expect(order.getByTestId("hold-apixaban")).toBeVisible();
  await expect(order.getByRole("button", { name: /Confirm hold/ })).toHaveCount(0);

  const coordinator = await asRole(browser, "coordinator");
  await openWhitaker(coordinator);
  const seen = coordinator.getByTestId("safety-header");
  await expect(seen).toContainText("Apixaban");
  await expect(seen.getByRole("button")).toHaveCount(0);
});

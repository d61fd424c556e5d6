import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient } from "./support";

// Issue 11 item 4: "who saw patient X" — the coordinator opens the patient's access report from the
// plan; the admin reaches it from the audit log, where a clinician's search reads "text withheld".

test.afterAll(closeRoleContexts);

test("the coordinator reads who saw Margaret Hollis, and the admin's audit log withholds the search that found her", async ({ browser }) => {
  const physician = await asRole(browser, "physician");
  await openPatient(physician, "Hollis");

  const coordinator = await asRole(browser, "coordinator");
  await openPatient(coordinator, "Hollis");
  await coordinator.getByRole("link", { name: "Access report" }).click();
  await expect(coordinator.getByRole("heading", { name: /Access report: Margaret Hollis/ })).toBeVisible();
  const who = coordinator.getByTestId("access-users");
  const okafor = who.getByRole("row").filter({ hasText: "Dr. Maya Okafor" });
  await expect(okafor).toContainText("Pain physician");
  await expect(okafor).toContainText("Care team");
  await expect(okafor).toContainText("patients.list");
  await expect(coordinator.getByTestId("access-log").getByRole("row").filter({ hasText: "Dr. Maya Okafor" }).first()).toBeVisible();

  const admin = await asRole(browser, "admin");
  await admin.getByLabel("Action").fill("patients.list");
  await admin.getByRole("button", { name: "Filter" }).click();
  const table = admin.getByTestId("audit-table");
  await expect(table.getByTestId("audit-detail").filter({ hasText: "search: text withheld" }).first()).toBeVisible();
  await expect(table).not.toContainText("Hollis");
  const withPatient = table.getByRole("row").filter({ has: admin.getByRole("link") }).first();
  await withPatient.getByRole("link").click();
  await expect(admin.getByRole("heading", { name: /Access report:/ })).toBeVisible();
  await expect(admin.getByTestId("access-users")).toContainText("Care team");
});

import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, shot } from "./support";

test.afterEach(closeRoleContexts);

test("a physician's change appears for the physical therapist without a reload, and each sees the other present", async ({ browser }) => {
  const doc = await asRole(browser, "physician");
  await openPatient(doc, "Hollis");
  const pt = await asRole(browser, "pt");
  await openPatient(pt, "Hollis");

  await expect(pt.getByTestId("presence")).toContainText("Live");
  await expect(pt.getByTestId("presence").getByText("Dr. Maya Okafor")).toBeAttached();
  await expect(doc.getByTestId("presence").getByText("Sam Whitfield, DPT")).toBeAttached();

  const stamp = Date.now().toString(36);
  await doc.getByRole("button", { name: "Add goal" }).click();
  const form = doc.getByRole("form", { name: "New goal" });
  await form.getByRole("textbox", { name: "Goal" }).fill(`Garden for 20 minutes ${stamp}`);
  await form.getByLabel("Measure").fill("minutes gardening");
  await form.getByLabel("Target", { exact: true }).fill("20");
  await form.getByRole("button", { name: "Add goal" }).click();

  await expect(pt.getByText(`Garden for 20 minutes ${stamp}`)).toBeVisible({ timeout: 5_000 });
  await shot(pt, "live-pt-sees-physician-goal");

  await doc.close();
  // The physician left: gone from the therapist's presence within seconds.
  await expect(pt.getByTestId("presence").getByText("Dr. Maya Okafor")).toHaveCount(0, { timeout: 10_000 });
});

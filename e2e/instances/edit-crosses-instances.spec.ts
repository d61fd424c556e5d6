import { expect, test } from "@playwright/test";
import { openPatient, shot, signInAs } from "../tests/support";

test("an edit through instance A appears in a browser on instance B", async ({ browser }) => {
  const onA = await (await browser.newContext({ baseURL: "http://localhost:3201" })).newPage();
  const onB = await (await browser.newContext({ baseURL: "http://localhost:3202" })).newPage();
  await signInAs(onB, "pt@stepwise.test");
  await openPatient(onB, "Hollis");
  await expect(onB.getByTestId("presence")).toContainText("Live");
  await signInAs(onA, "physician@stepwise.test");
  await openPatient(onA, "Hollis");
  // Presence crosses instances too: both rows live in the shared database.
  await expect(onB.getByTestId("presence").getByText("Dr. Maya Okafor")).toBeAttached({ timeout: 10_000 });

  const stamp = Date.now().toString(36);
  await onA.getByRole("button", { name: "Add goal" }).click();
  const form = onA.getByRole("form", { name: "New goal" });
  await form.getByRole("textbox", { name: "Goal" }).fill(`Climb stairs without rest ${stamp}`);
  await form.getByLabel("Measure").fill("flights");
  await form.getByLabel("Target", { exact: true }).fill("2");
  await form.getByRole("button", { name: "Add goal" }).click();
  await expect(onB.getByText(`Climb stairs without rest ${stamp}`)).toBeVisible({ timeout: 5_000 });
  await shot(onB, "instances-b-sees-a");
});

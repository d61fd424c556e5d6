import { expect, test } from "@playwright/test";
import { addFromProposals, clinicians, openCase, scheduleMeeting, TOMORROW } from "./meeting-support";
import { asRole, closeRoleContexts, shot } from "./support";

test.afterEach(closeRoleContexts);

test("the room reviews an opioid case: each medication with its MME, the total and the table it came from, naloxone and monitoring; stopping one waits for the physician", async ({ browser }) => {
  const page = await asRole(browser, "coordinator");
  await scheduleMeeting(page, `Opioid review ${Date.now().toString(36)}`, TOMORROW, [clinicians.physician, clinicians.pt, clinicians.psychologist]);
  await addFromProposals(page, /Montoya/);
  const room = await openCase(page, /Montoya/);
  const opioid = room.getByTestId("opioid-view");
  await expect(opioid.getByRole("heading", { name: /105 MME\/day/ })).toBeVisible();
  await expect(opioid.getByRole("table")).toContainText(/Conversion factors: .+/);
  const rows = opioid.getByRole("table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  // The opioid lines carry their own MME (other medicines show a dash), and together they make the total.
  const mmes = (await rows.locator("td:last-child").allTextContents()).filter((t) => t !== "—").map(Number);
  expect(mmes.length).toBeGreaterThan(0);
  expect(Math.round(mmes.reduce((a, b) => a + b, 0))).toBe(105);
  // A fentanyl patch is dosed in mcg/hr, never shown as milligrams.
  await expect(rows.filter({ hasText: /Fentanyl/ })).toContainText("mcg/hr");
  await expect(opioid.getByText("Naloxone", { exact: true })).toBeVisible();
  // Her rescue naloxone is prescribed (§6.5 stewardship), and the room says so.
  await expect(opioid.getByText(/prescribed: Naloxone/)).toBeVisible();
  await expect(opioid.getByText("Monitoring", { exact: true })).toBeVisible();
  await shot(page, "meeting-opioid-case");

  // The room proposes to stop the short-acting opioid; it waits for the physician.
  const form = room.getByRole("form", { name: "Record a decision" });
  await form.getByLabel("Kind of decision").selectOption("stop_medication");
  await form.getByLabel("Medication to stop").selectOption({ label: "Oxycodone IR" });
  await form.getByLabel("Reason for stopping").fill("Taper the short-acting opioid: breakthrough doses no longer needed");
  await form.getByRole("button", { name: "Record" }).click();
  await expect(form.getByText("Recorded. Awaiting the physician.")).toBeVisible();
  await expect(room.getByTestId("case-decisions").getByRole("listitem").filter({ hasText: /Oxycodone IR/ })).toContainText("awaiting the physician");
  await page.context().close();
});

import { expect, test } from "@playwright/test";
import { clinicians, markPresent, scheduleMeeting, SOON } from "./meeting-support";
import { asRole, closeRoleContexts, shot } from "./support";

test.afterEach(closeRoleContexts);

test("a coordinator runs a meeting from agenda to minutes, and an action item lands on its owner's home", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const task = `Call the patient about pacing diary ${stamp}`;
  const page = await asRole(browser, "coordinator");
  await page.getByRole("link", { name: "Meetings" }).click();
  const meeting = await scheduleMeeting(page, `Pain team review ${stamp}`, SOON, [clinicians.physician, clinicians.pt, clinicians.psychologist, clinicians.coordinator]);

  // The agenda is proposed from flags: take the first three.
  const proposals = page.getByTestId("proposals");
  await expect(proposals.locator("li").first()).toBeVisible();
  for (let i = 0; i < 3; i++) {
    const before = await page.getByTestId("agenda").locator("li").count();
    await proposals.getByRole("button", { name: /^Add / }).first().click();
    await expect(page.getByTestId("agenda").locator("li")).toHaveCount(before + 1);
  }
  const second = await page.getByTestId("agenda").locator("li").nth(1).locator("button.linklike").textContent();
  await page.getByRole("button", { name: "Move case 2 up" }).click();
  await expect(page.getByTestId("agenda").locator("li").first().locator("button.linklike")).toHaveText((second ?? "").replace(/^2\./, "1."));
  await shot(page, "coordinator-agenda");

  // Review the first case: a decision, an action item for the physical therapist, then discussed.
  await page.getByTestId("agenda").locator("li").first().locator("button.linklike").click();
  const caseView = page.getByTestId("case-view");
  await expect(caseView.getByText(/Changes since/)).toBeVisible();
  await caseView.getByLabel("Decision", { exact: true }).fill(`Continue graded activity for 6 weeks, then review (${stamp})`);
  await caseView.getByRole("button", { name: "Record" }).click();
  await expect(caseView.getByText("Decision recorded.")).toBeVisible();
  await expect(caseView.getByTestId("case-decisions")).toContainText(`Continue graded activity for 6 weeks, then review (${stamp})`);
  const action = caseView.getByRole("form", { name: "Assign an action item" });
  await action.getByLabel("What").fill(task);
  await action.getByLabel("Owner").selectOption({ label: "Sam Whitfield, DPT (Physical therapist)" });
  await action.getByRole("button", { name: "Assign" }).click();
  await expect(action.getByText("Action item assigned.")).toBeVisible();
  await caseView.getByLabel("Discussion summary").fill("Reviewed scores and sessions; plan unchanged apart from pacing work.");
  await caseView.getByRole("button", { name: "Mark discussed" }).click();
  await expect(page.getByTestId("agenda").locator("li").first()).toContainText("discussed");
  await shot(page, "coordinator-case-review");

  // Close once it has begun: the chair marks who is present (quorum), then the minutes.
  await meeting.started();
  for (const name of [clinicians.physician, clinicians.pt, clinicians.psychologist]) await markPresent(page, name);
  const close = page.getByRole("form", { name: "Close the meeting" });
  await expect(close.getByText(/carry over/)).toBeVisible();
  await expect(page.getByTestId("quorum")).toContainText("Quorum met");
  await close.getByRole("button", { name: "Close and write the minutes" }).click();
  await page.getByRole("link", { name: "Minutes" }).click();
  await expect(page.getByRole("heading", { name: /^Minutes/ })).toBeVisible();
  await expect(page.getByText(task)).toBeVisible();
  await expect(page.getByText(`Continue graded activity for 6 weeks, then review (${stamp})`)).toBeVisible();
  await expect(page.getByText("carried over").first()).toBeVisible();
  await shot(page, "coordinator-minutes");
  await page.context().close();

  const pt = await asRole(browser, "pt");
  await expect(pt.getByTestId("my-action-items")).toContainText(task);
  await shot(pt, "pt-home-action-item");
  await pt.context().close();
});

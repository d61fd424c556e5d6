import { expect, test } from "@playwright/test";
import { addFromProposals, clinicians, openCase, scheduleMeeting, TOMORROW } from "./meeting-support";
import { asRole, closeRoleContexts, openPatient, shot } from "./support";

test.afterEach(closeRoleContexts);

// Paul Nguyen's disc decompression waits for Dr. Reyes, his physician; its checklist is met.
const patient = /Nguyen/;

test("a coordinator records a procedure decision in the room; the physician confirms it from their home and the procedure is approved", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const coordinator = await asRole(browser, "coordinator");
  await scheduleMeeting(coordinator, `Procedure review ${stamp}`, TOMORROW, [clinicians.physician2, clinicians.pt, clinicians.psychologist]);
  await addFromProposals(coordinator, patient);
  const room = await openCase(coordinator, patient);

  const form = room.getByRole("form", { name: "Record a decision" });
  await form.getByLabel("Kind of decision").selectOption("approve_procedure");
  await form.getByLabel("Procedure").selectOption({ label: "Percutaneous disc decompression · L4-L5 · left" });
  await expect(form.getByText(/once the physician confirms it/)).toBeVisible();
  await form.getByRole("button", { name: "Record" }).click();
  await expect(form.getByText("Recorded. Awaiting the physician.")).toBeVisible();
  const decided = room.getByTestId("case-decisions");
  await expect(decided.getByText("awaiting the physician")).toBeVisible();
  await shot(coordinator, "meeting-decision-awaiting-physician");

  const physician = await asRole(browser, "physician2");
  const awaiting = physician.getByTestId("decisions-awaiting");
  const item = awaiting.getByRole("listitem").filter({ hasText: `Procedure review ${stamp}` });
  await expect(item).toContainText(/Nguyen/);
  await shot(physician, "physician-home-decisions-awaiting");
  await item.getByRole("button", { name: /^Confirm: / }).click();
  await expect(item).toHaveCount(0);

  await openPatient(physician, "Nguyen", "Procedures");
  const order = physician.getByRole("article", { name: "Percutaneous disc decompression" });
  await expect(order.getByText("approved", { exact: true })).toBeVisible();

  // The room hears it live: the proposal is now confirmed, by whom.
  await expect(decided.getByText("confirmed", { exact: true })).toBeVisible();
  await expect(decided).toContainText(`confirmed by ${clinicians.physician2}`);
  await shot(coordinator, "meeting-decision-confirmed");
  await physician.context().close();
  await coordinator.context().close();
});

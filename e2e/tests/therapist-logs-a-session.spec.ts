import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, shot } from "./support";

test.afterEach(closeRoleContexts);

test("a physical therapist logs a session and sees it on the chart", async ({ browser }) => {
  const page = await asRole(browser, "pt");
  await openPatient(page, "Hollis", "Physical therapy");
  const form = page.getByRole("form", { name: "Log a session" });
  await expect(page.getByTestId("sessions-table")).toBeVisible();
  // The plan shows the latest sessions (older ones page in): the count says how many there are in all.
  const loggedBefore = Number(/(\d+) logged/.exec((await page.getByTestId("sessions-count").textContent()) ?? "")?.[1]);
  expect(loggedBefore).toBeGreaterThan(0);
  await form.getByLabel("Minutes").fill("40");
  await form.getByLabel("Pain before (0–10)").fill("7");
  await form.getByLabel("Pain after (0–10)").fill("4");
  await form.getByRole("button", { name: "graded walking" }).click();
  await form.getByRole("button", { name: "Log session" }).click();
  await expect(page.getByText("Session logged.")).toBeVisible();
  await expect(page.getByTestId("sessions-count")).toContainText(`${loggedBefore + 1} logged`);
  await expect(page.getByTestId("sessions-table").locator("tbody tr").first()).toContainText("7 → 4");
  await expect(page.getByTestId("session-trend")).toBeVisible();
  await shot(page, "pt-logs-session");
});

test("a wrong form entry shows its error next to the field and saves nothing", async ({ browser }) => {
  const page = await asRole(browser, "pt");
  await openPatient(page, "Hollis", "Physical therapy");
  await expect(page.getByTestId("sessions-table")).toBeVisible();
  const rowsBefore = await page.getByTestId("sessions-table").locator("tbody tr").count();
  const form = page.getByRole("form", { name: "Log a session" });
  await form.getByLabel("Pain before (0–10)").fill("14");
  await form.getByRole("button", { name: "Log session" }).click();
  const field = form.getByLabel("Pain before (0–10)");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert").first()).toContainText(/10|less than or equal/i);
  await shot(page, "wrong-entry-error");
  await page.reload();
  await page.getByRole("tab", { name: "Physical therapy" }).click();
  await expect(page.getByTestId("sessions-table")).toBeVisible();
  await expect(page.getByTestId("sessions-table").locator("tbody tr")).toHaveCount(rowsBefore);
});

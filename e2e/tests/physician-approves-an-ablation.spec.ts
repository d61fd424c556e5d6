import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, shot } from "./support";

test.afterEach(closeRoleContexts);

test("a physician reviews the candidacy of a radiofrequency ablation after two blocks and approves it", async ({ browser }) => {
  const page = await asRole(browser, "physician");
  await openPatient(page, "Achterberg", "Procedures");
  const order = page.getByRole("article", { name: "Radiofrequency ablation (medial branch)" });
  await expect(order.getByText("proposed", { exact: true })).toBeVisible();
  const checklist = order.getByRole("list", { name: "Candidacy criteria" });
  await expect(checklist).toBeVisible();
  const blocks = checklist.locator("li").filter({ hasText: "Two diagnostic medial branch blocks" });
  await expect(blocks).toContainText("met");
  await blocks.getByText(/Evidence/).click();
  await expect(blocks.getByText(/Medial branch block/).first()).toBeVisible();
  await expect(order.getByText("candidate", { exact: true })).toBeVisible();
  await expect(order.getByText("What benefit can I expect?")).toBeVisible();
  await shot(page, "physician-rfa-candidacy");
  await order.getByRole("button", { name: "Approve" }).click();
  await expect(order.getByText("approved", { exact: true })).toBeVisible();
  await expect(order.getByRole("button", { name: "Schedule" })).toBeVisible();
  await shot(page, "physician-rfa-approved");
  await page.getByRole("tab", { name: "Timeline" }).click();
  await expect(page.getByTestId("timeline")).toContainText(/approved/i);
});

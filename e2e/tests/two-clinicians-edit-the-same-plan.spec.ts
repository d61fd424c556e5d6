import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, shot, type Role } from "./support";

test.afterEach(closeRoleContexts);

// Christopher Adeyemi is Dr. Okafor's patient, with a physician's plan item and a physician's goal.
// The coordinator puts Dr. Reyes on his team for this journey (two physicians own the same rows),
// and takes him off again at the end.
const PATIENT = "Adeyemi";
const ITEM = "Neuropathic pain medication: pregabalin";
const GOAL = "Return to part-time work as a delivery driver (4-hour shifts)";
const REYES = "Dr. Daniel Reyes";

async function page(browser: Browser, role: Role): Promise<Page> {
  const p = await asRole(browser, role);
  await openPatient(p, PATIENT);
  return p;
}

/** One field's row in the conflict view: its saved value and the user's. */
const fieldRow = (conflict: Locator, label: string) =>
  conflict.getByRole("row").filter({ has: conflict.page().getByRole("rowheader", { name: new RegExp(`^${label}( \\(differs\\))?$`) }) });

async function setReyesOnTeam(browser: Browser, onTeam: boolean) {
  const coordinator = await page(browser, "coordinator");
  const manager = coordinator.getByRole("region", { name: "Manage the care team" });
  if (onTeam) {
    const value = await manager.locator("#add-member option", { hasText: REYES }).getAttribute("value");
    await manager.getByLabel("Add a member").selectOption(value ?? "");
    await manager.getByRole("button", { name: "Add to team" }).click();
    await expect(manager.getByRole("row", { name: new RegExp(REYES) })).toBeVisible();
  } else {
    await manager.getByRole("row", { name: new RegExp(REYES) }).getByRole("button", { name: "Remove" }).click();
    await expect(manager.getByRole("row", { name: new RegExp(REYES) })).toHaveCount(0);
  }
  await coordinator.context().close();
}

test.describe("two physicians edit the same plan", () => {
  test.setTimeout(150_000);
  test.beforeAll(async ({ browser }) => setReyesOnTeam(browser, true));
  test.afterAll(async ({ browser }) => setReyesOnTeam(browser, false));

  test("a save 4 s after a colleague's shows the conflict, stores nothing until the second chooses, and 'Keep mine' stores the second's text", async ({ browser }) => {
    const okafor = await page(browser, "physician");
    const reyes = await page(browser, "physician2");
    const stamp = Date.now().toString(36);
    const first = `Leg pain wakes him twice a night; titrate to 150 mg twice daily (${stamp}).`;
    const second = `Dizzy on 75 mg; stay at 75 mg twice daily and review in 2 weeks (${stamp}).`;

    // Both open the same item's edit form.
    const itemOf = (p: Page) => p.getByRole("article", { name: ITEM });
    await itemOf(okafor).getByRole("button", { name: "Edit" }).click();
    await itemOf(reyes).getByRole("button", { name: "Edit" }).click();
    const okaforForm = okafor.getByRole("form", { name: `Edit ${ITEM}` });
    const reyesForm = reyes.getByRole("form", { name: `Edit ${ITEM}` });
    await reyesForm.getByLabel("Rationale").fill(second);

    // The first saves; the live refresh reaches the second, who is told at once and keeps the text typed.
    await okaforForm.getByLabel("Rationale").fill(first);
    await okaforForm.getByRole("button", { name: "Save" }).click();
    await expect(itemOf(okafor).getByText(first)).toBeVisible();
    await expect(reyesForm.getByRole("status")).toContainText("Changed by Dr. Maya Okafor a moment ago", { timeout: 10_000 });
    await expect(reyesForm.getByLabel("Rationale")).toHaveValue(second);
    await shot(reyes, "edit-conflict-1-stale-notice");

    // Four seconds later the second saves: the conflict view, not a silent overwrite.
    await reyes.waitForTimeout(4_000);
    await reyesForm.getByRole("button", { name: "Save" }).click();
    const conflict = reyesForm.getByTestId("conflict-panel");
    await expect(conflict).toContainText("Dr. Maya Okafor saved a change to this plan item");
    await expect(fieldRow(conflict, "Rationale")).toContainText(first);
    await expect(fieldRow(conflict, "Rationale")).toContainText(second);
    await expect(reyesForm.getByLabel("Rationale")).toHaveValue(second);
    await shot(reyes, "edit-conflict-2-plan-item");

    // What is stored is still the first save.
    await okafor.reload();
    await expect(itemOf(okafor).getByText(first)).toBeVisible();
    await expect(okafor.getByText(second)).toHaveCount(0);

    // "Keep mine" re-applies the second's text on the new version; the first sees it live.
    await conflict.getByRole("button", { name: "Keep mine" }).click();
    await expect(reyesForm).toHaveCount(0);
    await expect(itemOf(reyes).getByText(second)).toBeVisible();
    await expect(itemOf(okafor).getByText(second)).toBeVisible({ timeout: 10_000 });
    await okafor.reload();
    await expect(itemOf(okafor).getByText(second)).toBeVisible();

    await okafor.context().close();
    await reyes.context().close();
  });

  test("the same for a goal: its target, edited by both, is the first's until the second keeps theirs", async ({ browser }) => {
    const okafor = await page(browser, "physician");
    const reyes = await page(browser, "physician2");
    const stamp = Date.now().toString(36);
    const goalOf = (p: Page) => p.getByRole("listitem", { name: GOAL });

    await goalOf(okafor).getByRole("button", { name: "Edit" }).click();
    await goalOf(reyes).getByRole("button", { name: "Edit" }).click();
    const okaforForm = okafor.getByRole("form", { name: "Edit goal" });
    const reyesForm = reyes.getByRole("form", { name: "Edit goal" });

    await okaforForm.getByLabel("Target", { exact: true }).fill(`6 hours ${stamp}`);
    await okaforForm.getByRole("button", { name: "Save goal" }).click();
    await expect(goalOf(okafor)).toContainText(`6 hours ${stamp}`);
    await expect(reyesForm.getByRole("status")).toContainText("Changed by Dr. Maya Okafor a moment ago", { timeout: 10_000 });

    await reyesForm.getByLabel("Target", { exact: true }).fill(`3 hours ${stamp}`);
    await reyesForm.getByLabel("Measure").fill("shift length without a break (hours)");
    await reyes.waitForTimeout(4_000);
    await reyesForm.getByRole("button", { name: "Save goal" }).click();
    const conflict = reyesForm.getByTestId("conflict-panel");
    await expect(conflict).toContainText("Dr. Maya Okafor saved a change to this goal");
    await expect(fieldRow(conflict, "Target")).toContainText(`6 hours ${stamp}`);
    await expect(fieldRow(conflict, "Target")).toContainText(`3 hours ${stamp}`);
    await shot(reyes, "edit-conflict-3-goal");

    await okafor.reload();
    await expect(goalOf(okafor)).toContainText(`6 hours ${stamp}`);
    await expect(goalOf(okafor)).not.toContainText(`3 hours ${stamp}`);

    await conflict.getByRole("button", { name: "Keep mine" }).click();
    await expect(reyesForm).toHaveCount(0);
    await expect(goalOf(reyes)).toContainText(`shift length without a break (hours) → 3 hours ${stamp}`);
    await expect(goalOf(okafor)).toContainText(`3 hours ${stamp}`, { timeout: 10_000 });

    await okafor.context().close();
    await reyes.context().close();
  });
});

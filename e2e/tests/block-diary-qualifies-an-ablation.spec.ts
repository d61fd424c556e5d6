import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, shot } from "./support";

test.afterEach(closeRoleContexts);

// S9, Victor Halvorsen: block #1 L4-L5 right 5 weeks ago (diary 85.7%), block #2 done 2 hours ago
// with a pre-block NRS of 7 and no diary yet, and an RFA L4-L5 right proposed.
test("a diagnostic block's pain diary turns into the ablation checklist's evidence", async ({ browser }) => {
  // Victor Halvorsen is Dr. Reyes's patient (physician2 on his care team).
  const page = await asRole(browser, "physician2");
  await openPatient(page, "Halvorsen", "Procedures");

  const rfa = page.getByRole("article", { name: "Radiofrequency ablation (medial branch)" });
  const blocksCriterion = rfa.getByRole("list", { name: "Candidacy criteria" }).locator("li").filter({ hasText: "Two diagnostic medial branch blocks" });
  await expect(blocksCriterion).toBeVisible();
  await expect(blocksCriterion).not.toContainText("✓ met");

  // The block without a diary yet, held by its position (the card changes once its diary is in).
  const blocks = page.getByRole("article", { name: "Medial branch block" });
  await expect(blocks.filter({ hasText: "No diary points yet" })).toHaveCount(1);
  const texts = await blocks.allInnerTexts();
  const block2 = blocks.nth(texts.findIndex((t) => t.includes("No diary points yet")));
  const diary = block2.getByRole("form", { name: "Record the pain diary" });
  await expect(diary.getByText("Pre-block NRS: 7")).toBeVisible();
  for (const [point, nrs] of [
    ["30 min", "2"],
    ["1 h", "1"],
    ["2 h", "1"],
    ["4 h", "3"],
    ["6 h", "5"],
  ] as const) {
    await diary.getByLabel(`NRS at ${point}`, { exact: true }).fill(nrs);
  }
  // pre 7, lowest 1 → (7 − 1) ÷ 7 = 85.7%, computed as typed and again by the server.
  await expect(diary.getByText("85.7% (pre 7 → lowest 1 at 1 h)")).toBeVisible();
  await shot(page, "physician-block-diary-entered");
  await diary.getByRole("button", { name: "Save diary" }).click();
  await expect(block2.getByText("Diary relief 85.7%: pre 7 → lowest 1 at 1 h", { exact: false })).toBeVisible();

  await expect(blocksCriterion).toContainText("✓ met");
  await blocksCriterion.getByText(/Evidence/).click();
  await expect(blocksCriterion.getByText(/Outcome diary 1h on .*: NRS 1, 85\.7% relief/).first()).toBeVisible();
  await shot(page, "physician-rfa-diary-evidence");
});

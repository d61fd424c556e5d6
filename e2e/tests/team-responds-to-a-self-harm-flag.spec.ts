import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, shot } from "./support";

test.afterEach(closeRoleContexts);

// §6.9, demo scenario S10: Chloe Beaumont's latest PHQ-9 answers item 9 above 0 and nobody has
// responded yet. Her physical therapist (Priya Natarajan, pt2) sees it first on the home page,
// records the response on the plan, and the physician — with the plan open — sees the
// acknowledgement arrive on the live stream, without a reload.
test("the PT sees Chloe Beaumont's self-harm flag first, records the response, and the physician sees it acknowledged live", async ({ browser }) => {
  const pt = await asRole(browser, "pt2");
  const alerts = pt.getByTestId("safety-alerts");
  await expect(alerts).toBeVisible();
  const chloe = alerts.getByTestId("safety-alert").filter({ hasText: "Beaumont" });
  await expect(chloe).toContainText("Urgent");
  await expect(chloe).toContainText("PHQ-9 item 9");
  // The safety section is the first card on the home, and the ranked list opens with a self-harm flag too.
  await expect(pt.locator("main .grid > section.card").first()).toHaveAttribute("data-testid", "safety-alerts");
  await expect(pt.getByTestId("worklist").locator("tbody tr").first()).toContainText("PHQ-9 item 9");
  // The list is read a page at a time: how many are shown of how many, and how many patients carry each flag.
  await expect(pt.getByText(/^\d+ of \d+ flagged patients$/)).toBeVisible();
  await expect(pt.getByRole("list", { name: "Patients per flag" })).toContainText("Self-harm");
  await shot(pt, "self-harm-pt-home");

  const doc = await asRole(browser, "physician");
  // From the physician's own home: the same safety section, first on the page.
  await doc.getByTestId("safety-alerts").getByRole("link", { name: /Beaumont/ }).click();
  await expect(doc.getByRole("tab", { name: "Plan" })).toBeVisible({ timeout: 20_000 });
  const docFlag = doc.getByTestId("self-harm-flag");
  await expect(docFlag).toContainText("contact the patient today");
  await expect(docFlag.getByTestId("safety-acknowledgement")).toHaveCount(0);
  await expect(doc.getByTestId("presence")).toContainText("Live");

  await chloe.getByRole("link", { name: /Beaumont/ }).click();
  await expect(pt.getByRole("tab", { name: "Plan" })).toBeVisible({ timeout: 20_000 });
  const flag = pt.getByTestId("self-harm-flag");
  await expect(flag).toBeVisible();
  await flag.getByRole("button", { name: "Record response" }).click();
  const form = pt.getByRole("form", { name: "Record the response to the self-harm flag" });
  await form.getByLabel("Contact").selectOption("phone");
  await form.getByLabel("Risk assessed").selectOption("low");
  await form.getByLabel("Safety plan in place").check();
  await form.getByLabel("Referral").fill("Psychology this week; crisis line number given");
  await form.getByLabel("Notes").fill("Denies plan or intent. Partner at home.");
  await form.getByRole("button", { name: "Save response" }).click();
  await expect(form).toHaveCount(0);
  await expect(flag.getByTestId("safety-acknowledgement")).toContainText("Acknowledged by Priya Natarajan, DPT");

  // The physician's plan updates from the live stream: no reload.
  await expect(docFlag.getByTestId("safety-acknowledgement")).toContainText("Acknowledged by Priya Natarajan, DPT", { timeout: 10_000 });
  await expect(docFlag).toContainText("contacted by phone");
  await expect(docFlag).toContainText("risk assessed low");
  await expect(docFlag).not.toHaveAttribute("role", "alert");
  await shot(doc, "self-harm-physician-sees-acknowledgement");
});

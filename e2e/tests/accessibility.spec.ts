import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, shotDir, signIn, type Role } from "./support";

test.afterEach(closeRoleContexts);

const results: Record<string, { serious: number; critical: number; moderate: number; minor: number }> = {};

async function audit(page: Page, name: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const count = (impact: string) => violations.filter((v) => v.impact === impact).length;
  results[name] = { critical: count("critical"), serious: count("serious"), moderate: count("moderate"), minor: count("minor") };
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), name).toEqual([]);
}

test.afterAll(() => {
  fs.mkdirSync(shotDir, { recursive: true });
  fs.writeFileSync(`${shotDir}../axe-results.json`, JSON.stringify(results, null, 2));
});

test("sign-in page", async ({ page }) => {
  await page.goto("/login");
  await audit(page, "login");
});

for (const role of ["physician", "pt", "psychologist", "coordinator", "admin"] satisfies Role[]) {
  test(`home of ${role}`, async ({ browser }) => {
    const page = await asRole(browser, role);
    await page.waitForLoadState("networkidle");
    await audit(page, `home:${role}`);
  });
}

test("every tab of a patient's plan", async ({ browser }) => {
  const page = await asRole(browser, "physician");
  await openPatient(page, "Hollis");
  for (const tab of ["Plan", "Procedures", "Medications", "Outcomes", "Physical therapy", "Psychology", "Timeline"]) {
    await page.getByRole("tab", { name: tab }).click();
    await page.waitForLoadState("networkidle");
    await audit(page, `plan:${tab}`);
  }
});

test("sign-in steps and account pages: the second-factor step, account security, changing a password, emergency access and its review queue", async ({ browser, page }) => {
  // The demo two-factor account stops at the code step after its password.
  await signIn(page, "mfa@stepwise.test");
  await expect(page).toHaveURL(/\/login\/verify$/);
  await audit(page, "login:verify");
  const physician = await asRole(browser, "physician");
  for (const [path, name] of [
    ["/account/security", "account:security"],
    ["/account/password", "account:password"],
    ["/emergency-access", "emergency-access"],
  ] as const) {
    await physician.goto(path);
    await physician.waitForLoadState("networkidle");
    await audit(physician, name);
  }
  const coordinator = await asRole(browser, "coordinator");
  await coordinator.goto("/emergency-access/reviews");
  await coordinator.waitForLoadState("networkidle");
  await audit(coordinator, "emergency-access:reviews");
});

test("meetings: list, meeting room with a case open, and the minutes", async ({ browser }) => {
  const page = await asRole(browser, "coordinator");
  await page.goto("/meetings");
  await page.waitForLoadState("networkidle");
  await audit(page, "meetings:list");
  const form = page.getByRole("form", { name: "Schedule a meeting" });
  await form.getByLabel("Title").fill("Accessibility review");
  await form.getByLabel(/Dr\. Maya Okafor/).check();
  await form.getByRole("button", { name: "Schedule" }).click();
  await expect(page.getByRole("heading", { name: "Accessibility review" })).toBeVisible();
  await page.getByTestId("proposals").getByRole("button", { name: /^Add / }).first().click();
  await page.getByTestId("agenda").locator("button.linklike").first().click();
  await expect(page.getByTestId("case-view").getByText(/Changes since/)).toBeVisible();
  await page.waitForLoadState("networkidle");
  await audit(page, "meetings:room");
  // Scheduled for tomorrow, it cannot close yet: its minutes as they stand.
  await page.goto(`${page.url()}/minutes`);
  await expect(page.getByRole("heading", { name: /^Minutes/ })).toBeVisible();
  await audit(page, "meetings:minutes");
});

test("works at tablet width: no sideways scrolling on the plan, the worklist or the meetings", async ({ browser }) => {
  const page = await asRole(browser, "physician", { viewport: { width: 820, height: 1180 } });
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  await page.waitForLoadState("networkidle");
  expect(await fits(), "home").toBe(true);
  await openPatient(page, "Achterberg");
  for (const tab of ["Plan", "Procedures", "Medications", "Outcomes", "Physical therapy", "Psychology", "Timeline"]) {
    await page.getByRole("tab", { name: tab }).click();
    await page.waitForLoadState("networkidle");
    expect(await fits(), tab).toBe(true);
  }
  await page.goto("/meetings");
  await page.waitForLoadState("networkidle");
  expect(await fits(), "meetings").toBe(true);
});

// The patient's side on a phone: Samuel Achterberg (the demo patient account) opens every page of his
// own — read only, nothing changed — and each is checked and kept as a screenshot at 375 px.
test("the patient's pages at 375 × 812: my plan, procedures, questionnaires and one's form, messages, who looked, and a block's pain diary when there is one", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const artifact = (name: string) => new URL(`../artifacts/patient-${name}.png`, import.meta.url).pathname;
  const blocking: Record<string, string[]> = {};
  const check = async (page: Page, name: string) => {
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible({ timeout: 20_000 });
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: artifact(name), fullPage: true });
    // A clean page that failed to load its data is no page: the screenshot shows which.
    await expect(page.getByText(/could not be loaded|went wrong/i), `${name} loads its data`).toHaveCount(0);
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const count = (impact: string) => violations.filter((v) => v.impact === impact).length;
    results[`patient:${name}`] = { critical: count("critical"), serious: count("serious"), moderate: count("moderate"), minor: count("minor") };
    const found = violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    if (found.length > 0) blocking[name] = found;
  };
  try {
    const page = await context.newPage();
    await signIn(page, "patient@stepwise.test");
    await expect(page.getByRole("heading", { name: "My plan", level: 1 })).toBeVisible({ timeout: 20_000 });
    const diaryLinks = new Set<string>();
    const questionnaireLinks = new Set<string>();
    for (const [path, name] of [
      ["/my", "my"],
      ["/my/procedures", "my-procedures"],
      ["/my/questionnaires", "my-questionnaires"],
      ["/my/messages", "my-messages"],
      ["/my/access", "my-access"],
    ] as const) {
      await page.goto(path);
      await check(page, name);
      for (const href of await page.locator('a[href^="/my/diary/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))) diaryLinks.add(href);
      for (const href of await page.locator('a[href^="/my/questionnaires/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))) questionnaireLinks.add(href);
    }
    // The demo patient has a questionnaire due: its form (opened, not sent).
    const [questionnaire] = [...questionnaireLinks];
    expect(questionnaire, "a questionnaire due on the demo patient's record").toBeDefined();
    await page.goto(questionnaire!);
    await check(page, "my-questionnaire-form");
    // A diagnostic block on the demo record opens its diary from these pages; with none booked there is no diary page to open.
    const [diary] = [...diaryLinks];
    if (diary) {
      await page.goto(diary);
      await check(page, "my-diary");
    }
    console.log(`patient pages checked: ${Object.keys(results).filter((k) => k.startsWith("patient:")).join(", ")}`);
    expect(blocking).toEqual({});
  } finally {
    await context.close();
  }
});

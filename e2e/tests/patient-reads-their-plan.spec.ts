import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { openPatient, signIn, signInAs } from "./support";

/** A clinician in a browser of their own, signed in through the form (this journey keeps no shared session open). */
async function clinician(browser: Browser, email: string) {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, email);
  return page;
}

const phone = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };
const patientEmail = "patient@stepwise.test";
const artifact = (name: string) => new URL(`../artifacts/${name}.png`, import.meta.url).pathname;

async function expectAxeClean(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** No page of the patient's may be wider than the phone: nothing to scroll sideways. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

/** Every tab label of the bar whole: no word of it split across two lines (each word's text lays out as one box). */
async function expectTabLabelsUnbroken(page: Page) {
  const split = await page.getByRole("navigation", { name: "My pages" }).evaluate((nav) =>
    [...nav.querySelectorAll("a")].flatMap((a) => {
      const text = a.firstChild!;
      let at = 0;
      return (text.textContent ?? "").split(" ").flatMap((word) => {
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + word.length);
        at += word.length + 1;
        return range.getClientRects().length === 1 ? [] : [`${word} (${a.textContent})`];
      });
    }),
  );
  expect(split).toEqual([]);
}

// Samuel Achterberg (the demo patient account) reads his plan, his procedures and who looked at his
// record on his phone. His psychologist marks her summary for him, and it appears on his plan.
test("the patient reads his plan, his procedures and who looked at his record; a summary his psychologist shares appears", async ({ browser }) => {
  // His physician opens the plan: Samuel's access report will name her.
  const physician = await clinician(browser, "physician@stepwise.test");
  await openPatient(physician, "Achterberg");

  const context = await browser.newContext(phone);
  const patient = await context.newPage();
  await signIn(patient, patientEmail);
  await expect(patient.getByRole("heading", { name: "My plan", level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect(patient.getByRole("region", { name: "Your goals" })).toContainText("Walk 30 minutes continuously on level ground");
  await expect(patient.getByRole("region", { name: "Things to do" })).toContainText("Core stabilisation programme");
  await expect(patient.getByRole("region", { name: "Your care team" })).toContainText("Pain doctor");
  await expect(patient.getByRole("region", { name: "From your psychologist" })).toHaveCount(0);
  await expect(patient.getByText(/psychotherapy/i)).toHaveCount(0);
  await expectNoSidewaysScroll(patient);
  await expectTabLabelsUnbroken(patient);
  await expectAxeClean(patient);
  await patient.screenshot({ path: artifact("patient-reads-plan"), fullPage: true });

  await patient.getByRole("navigation", { name: "My pages" }).getByRole("link", { name: "Procedures" }).click();
  await expect(patient.getByRole("heading", { name: "My procedures", level: 1 })).toBeVisible();
  const rfa = patient.getByRole("article", { name: /Radiofrequency ablation/ });
  await expect(rfa).toContainText("Suggested — not decided yet");
  await rfa.getByText("About this procedure").click();
  await expect(rfa.getByRole("heading", { name: "Risks and side effects" })).toBeVisible();
  await expect(rfa.getByRole("heading", { name: "Other options" })).toBeVisible();
  await expectNoSidewaysScroll(patient);
  await expectAxeClean(patient);
  await patient.screenshot({ path: artifact("patient-reads-procedures"), fullPage: true });

  await patient.getByRole("navigation", { name: "My pages" }).getByRole("link", { name: "Who looked" }).click();
  await expect(patient.getByRole("heading", { name: "Who looked at my record", level: 1 })).toBeVisible();
  const accesses = patient.getByRole("region", { name: "Accesses" });
  await expect(accesses.getByRole("listitem").filter({ hasText: "Pain doctor" }).filter({ hasText: "Looked at your care plan" }).first()).toBeVisible();
  await expect(accesses).not.toContainText("Samuel Achterberg");
  await expectNoSidewaysScroll(patient);
  await expectAxeClean(patient);
  await patient.screenshot({ path: artifact("patient-reads-who-looked"), fullPage: true });

  // The psychologist shows her shared summary to Samuel; it reaches his plan, and she takes it back.
  const psych = await clinician(browser, "psychologist@stepwise.test");
  await openPatient(psych, "Achterberg", "Psychology");
  const summary = psych.getByRole("article", { name: "Shared summary" }).filter({ hasText: "Pre-procedure screen" });
  await summary.getByRole("button", { name: "Share with the patient" }).click();
  await expect(summary.getByText("Shown to the patient", { exact: true })).toBeVisible();

  await patient.goto("/my");
  await expect(patient.getByRole("region", { name: "From your psychologist" })).toContainText("Pre-procedure screen");

  await summary.getByRole("button", { name: "Stop showing to the patient" }).click();
  await expect(summary.getByText("Not shown to the patient", { exact: true })).toBeVisible();
  await patient.reload();
  await expect(patient.getByRole("heading", { name: "My plan", level: 1 })).toBeVisible();
  await expect(patient.getByRole("region", { name: "From your psychologist" })).toHaveCount(0);
  await context.close();
});

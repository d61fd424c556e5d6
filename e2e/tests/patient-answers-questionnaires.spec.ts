import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, signIn } from "./support";

test.afterEach(closeRoleContexts);

const phone = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };
const artifact = (name: string) => new URL(`../artifacts/${name}.png`, import.meta.url).pathname;

/** Picks one answer in the question whose text matches (each question is a group of radio buttons). */
async function answer(page: Page, question: RegExp, option: string) {
  await page.getByRole("group", { name: question }).getByLabel(option, { exact: true }).check();
}

// Samuel Achterberg (the demo patient account) has his weekly PEG due. He answers it on his phone
// while his physician has his Outcomes tab open: the PEG chart takes the new point live, marked
// patient-reported.
test("the patient answers the due PEG on his phone and the physician's open outcomes chart shows it live, patient-reported", async ({ browser }) => {
  // Two sign-ins, one of them a phone's first visit to the patient's pages: as long as the other two journeys here.
  test.setTimeout(120_000);
  const doc = await asRole(browser, "physician");
  await openPatient(doc, "Achterberg", "Outcomes");
  const schedules = doc.getByRole("region", { name: "Questionnaires between visits" });
  await expect(schedules.getByTestId("schedule-peg3")).toContainText("weekly from");
  await expect(doc.getByTestId("chart-latest-peg3")).not.toContainText("patient-reported");

  const context = await browser.newContext(phone);
  const patient = await context.newPage();
  await signIn(patient, "patient@stepwise.test");
  await expect(patient.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 20_000 });
  await patient.getByRole("navigation", { name: "My pages" }).getByRole("link", { name: "Questionnaires" }).click();
  await expect(patient.getByRole("heading", { name: "Questionnaires", level: 1 })).toBeVisible();
  const peg = patient.getByTestId("questionnaire-peg3");
  await expect(peg).toContainText("Due now");
  await peg.getByRole("link", { name: "Start: Pain and daily life" }).click();
  await expect(patient.getByRole("heading", { name: "Pain and daily life", level: 1 })).toBeVisible();
  await patient.getByRole("button", { name: "Send my answers" }).click();
  await expect(patient.getByText("Please choose an answer.").first()).toBeVisible();
  await answer(patient, /your pain on average in the past week/, "4");
  await answer(patient, /interfered with your enjoyment of life/, "3");
  await answer(patient, /interfered with your general activity/, "5");
  await patient.screenshot({ path: artifact("patient-questionnaire"), fullPage: true });
  await patient.getByRole("button", { name: "Send my answers" }).click();
  await expect(patient.getByRole("status").filter({ hasText: "Thank you" })).toContainText("Thank you — your answers were sent to your care team.");
  await expect(patient.getByTestId("crisis-resources")).toHaveCount(0);

  // The physician's chart, without a reload: the latest PEG is 4.0, reported by the patient.
  const latest = doc.getByTestId("chart-latest-peg3");
  await expect(latest).toContainText("patient-reported", { timeout: 20_000 });
  await expect(latest).toContainText("latest 4");

  await patient.getByRole("link", { name: "Back to my questionnaires" }).click();
  await expect(patient.getByRole("region", { name: "Coming up" })).toContainText("Pain and daily life");
  await context.close();
});

/** Invites a demo patient from the coordinator's plan page; returns the patient's phone, signed in on My plan. */
async function invitedPatient(browser: Browser, familyName: string, email: string): Promise<Page> {
  const coordinator = await asRole(browser, "coordinator");
  await openPatient(coordinator, familyName);
  const panel = coordinator.getByRole("region", { name: "Patient access" });
  await panel.getByRole("button", { name: "Invite the patient…" }).click();
  const dialog = coordinator.getByRole("dialog", { name: "Invite the patient to their own pages" });
  await dialog.getByRole("button", { name: "Create the invitation" }).click();
  const link = new URL((await dialog.getByTestId("invitation-link").textContent())?.trim() ?? "");
  await dialog.getByRole("button", { name: "Done" }).click();
  const context = await browser.newContext(phone);
  const patient = await context.newPage();
  await patient.goto(`${link.pathname}${link.search}`);
  const password = "a long walk with the dog every morning";
  await patient.getByLabel("Your email").fill(email);
  await patient.getByLabel("Choose a password").fill(password);
  await patient.getByLabel("Type the password again").fill(password);
  await patient.getByRole("button", { name: "Set up my account" }).click();
  await expect(patient.getByRole("heading", { name: "My plan", level: 1 })).toBeVisible({ timeout: 20_000 });
  return patient;
}

// Robert Castellanos (a demo patient no other journey touches) answers a PHQ-9 from his phone with
// item 9 above 0: the crisis resources are on his screen at once, and the self-harm flag reaches
// his physical therapist's open home without a reload.
test("a PHQ-9 with item 9 above 0 shows the patient crisis resources at once and the flag on the PT's home live", async ({ browser }) => {
  test.setTimeout(120_000);
  const patient = await invitedPatient(browser, "Castellanos", `robert.castellanos.${Date.now()}@example.org`);
  const pt = await asRole(browser, "pt");
  await expect(pt.getByRole("heading", { name: "Worklist" }).or(pt.getByTestId("worklist")).first()).toBeVisible({ timeout: 20_000 });
  await expect(pt.getByTestId("safety-alert").filter({ hasText: "Castellanos" })).toHaveCount(0);

  await patient.goto("/my/questionnaires/phq9");
  await expect(patient.getByRole("heading", { name: "Mood", level: 1 })).toBeVisible();
  for (const question of [
    /Little interest or pleasure/,
    /Feeling down, depressed/,
    /Trouble falling or staying asleep/,
    /Feeling tired/,
    /Poor appetite/,
    /Feeling bad about yourself/,
    /Trouble concentrating/,
    /Moving or speaking so slowly/,
  ]) {
    await answer(patient, question, "Not at all");
  }
  await answer(patient, /better off dead/, "Several days");
  await patient.getByRole("button", { name: "Send my answers" }).click();
  const crisis = patient.getByTestId("crisis-resources");
  await expect(crisis).toBeVisible();
  await expect(crisis).toHaveAttribute("role", "alert");
  await expect(crisis).toContainText("call or text 988 (Suicide & Crisis Lifeline) now, or call 911 in an emergency.");
  await patient.screenshot({ path: artifact("patient-crisis"), fullPage: true });

  const flag = pt.getByTestId("safety-alert").filter({ hasText: "Castellanos" });
  // Live: the PT's home is told its list changed (no minute-long poll to wait for).
  await expect(flag).toBeVisible({ timeout: 10_000 });
  await expect(flag).toContainText("Urgent");
  await patient.context().close();
});

/** One tRPC call from a signed-in page (same origin, its cookies): how the journey makes a physician's data. */
async function call<T>(page: Page, path: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([p, i]) => {
      const response = await fetch(`/api/trpc/${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: i }) });
      const body = (await response.json()) as { result?: { data: { json: unknown } }; error?: unknown };
      if (!body.result) throw new Error(`${p}: ${JSON.stringify(body.error)}`);
      return body.result.data.json;
    },
    [path, input] as const,
  ) as Promise<T>;
}

type Order = { id: string; version: number; candidacySnapshot: { criteria: { id: string }[] } };

// Aisha Bello (no other journey touches her) has a diagnostic medial branch block today. Her
// physician books it (through the API: propose, criteria overridden, approve, schedule) and charts
// it done; Aisha keeps the pain diary on her phone with the times prompted from the block's time;
// the ablation checklist on the physician's screen then cites her diary as "patient diary".
test("on the block's day the patient keeps the pain diary on her phone and the RFA checklist cites the patient diary", async ({ browser }) => {
  test.setTimeout(120_000);
  const patient = await invitedPatient(browser, "Bello", `aisha.bello.${Date.now()}@example.org`);
  const doc = await asRole(browser, "physician");
  await openPatient(doc, "Bello", "Procedures");
  const patientId = new URL(doc.url()).pathname.split("/")[2]!;
  const block = { patientId, procedureType: "medial_branch_block", level: "L3-L4", side: "left", region: "lumbar", indication: "Axial low back pain", intent: "Diagnostic block", expectedBenefit: "Short relief that predicts ablation", alternatives: "Continue physical therapy", followUpPlan: "Pain diary for 6 hours" };
  let order = await call<Order>(doc, "procedures.propose", block);
  for (const criterion of order.candidacySnapshot.criteria) {
    order = { ...order, ...(await call<Order>(doc, "procedures.overrideCriterion", { patientId, procedureId: order.id, criterionId: criterion.id, reason: "Agreed at the case conference." })) };
  }
  order = { ...order, ...(await call<Order>(doc, "procedures.approve", { patientId, id: order.id, expectedVersion: order.version })) };
  order = { ...order, ...(await call<Order>(doc, "procedures.schedule", { patientId, id: order.id, expectedVersion: order.version, scheduledFor: new Date(Date.now() + 60_000).toISOString() })) };
  await call(doc, "procedures.propose", { ...block, procedureType: "radiofrequency_ablation", intent: "Ablation if the blocks qualify", expectedBenefit: "Months of relief", followUpPlan: "Review at 6 weeks" });

  // Before the block: her pain, from her phone.
  await patient.getByRole("navigation", { name: "My pages" }).getByRole("link", { name: "Questionnaires" }).click();
  await patient.getByRole("link", { name: "Open my pain diary" }).click();
  await expect(patient.getByRole("heading", { name: "My pain diary", level: 1 })).toBeVisible();
  await patient.getByRole("group", { name: /before the block/ }).getByLabel("7", { exact: true }).check();
  await patient.getByRole("button", { name: "Save this score" }).click();
  await expect(patient.getByTestId("diary-pre")).toHaveText("Your pain before the block: 7 out of 10");

  // The block is charted done 40 minutes ago: the 30-minute point is due, prompted with its clock time.
  await call(doc, "procedures.recordPerformed", { patientId, id: order.id, expectedVersion: order.version + 1, performedAt: new Date(Date.now() - 40 * 60_000).toISOString() });
  await patient.reload();
  const first = patient.getByTestId("diary-diary_30m");
  await expect(first).toContainText(/30 min after — at \d\d:\d\d/);
  await first.getByRole("group", { name: /30 min after the block/ }).getByLabel("1", { exact: true }).check();
  await first.getByRole("button", { name: "Save this score" }).click();
  await expect(first).toContainText("Your pain: 1 out of 10");
  await expect(patient.getByTestId("diary-relief")).toHaveText("So far your pain went down by 85.7% at its lowest.");
  await expect(patient.getByTestId("diary-diary_1h")).toContainText("Opens at");
  await patient.screenshot({ path: artifact("patient-diary"), fullPage: true });
  // The diary page itself at 375 px, with a score saved and the next point waiting: no serious or critical axe-core finding.
  expect(new URL(patient.url()).pathname).toMatch(/^\/my\/diary\/[^/]+$/);
  await patient.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page: patient }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), "the pain diary page").toEqual([]);

  await doc.reload();
  await doc.getByRole("tab", { name: "Procedures" }).click();
  const rfa = doc.getByRole("article", { name: "Radiofrequency ablation (medial branch)" });
  const blocksCriterion = rfa.getByRole("list", { name: "Candidacy criteria" }).locator("li").filter({ hasText: "Two diagnostic medial branch blocks" });
  await blocksCriterion.getByText(/Evidence/).click();
  await expect(blocksCriterion.getByText(/Outcome diary 30m on .*: NRS 1, 85\.7% relief — source: patient diary/)).toBeVisible();
  await patient.context().close();
});

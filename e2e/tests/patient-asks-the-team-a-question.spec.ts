import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, shot, signIn } from "./support";

test.afterEach(closeRoleContexts);

const phone = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };
const patientEmail = "patient@stepwise.test";
const artifact = (name: string) => new URL(`../artifacts/${name}.png`, import.meta.url).pathname;

// Samuel Achterberg (the demo patient account) asks his care team a question from his phone. The
// coordinator finds it on her home among the messages to triage, answers from his plan's Messages
// tab, and the answer reaches Samuel's open conversation without a reload.
test("the patient asks a question from his phone, the coordinator answers from the plan, and the patient sees the answer", async ({ browser }) => {
  const question = `Can I take ibuprofen the morning of the ablation? (${Date.now()})`;
  const answer = `Yes — up to the evening before; not on the morning itself. (${Date.now()})`;

  const patientContext = await browser.newContext(phone);
  const patient = await patientContext.newPage();
  await signIn(patient, patientEmail);
  await expect(patient.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 20_000 });
  await patient.getByRole("navigation", { name: "My pages" }).getByRole("link", { name: "Messages" }).click();
  await expect(patient.getByRole("heading", { name: "Messages", level: 1 })).toBeVisible();
  await expect(patient.getByTestId("messages-banner")).toContainText("Messages are not for emergencies.");

  await patient.getByLabel("Your message to the care team").fill(question);
  await patient.getByRole("button", { name: "Send message" }).click();
  const conversation = patient.getByTestId("message-list");
  await expect(conversation.getByTestId("message").filter({ hasText: question })).toContainText("You");
  await expect(patient.getByLabel("Your message to the care team")).toHaveValue("");

  // The coordinator's home: Samuel's conversation is waiting for triage, with his message unread.
  const coordinator = await asRole(browser, "coordinator");
  const card = coordinator.getByTestId("messages-card");
  await expect(card.getByRole("heading", { name: /^Messages to triage \(\d+\)$/ })).toBeVisible();
  const samuel = card.getByRole("listitem").filter({ hasText: "Samuel Achterberg" });
  await expect(samuel).toContainText("unread message");
  await expect(samuel).toContainText("Waiting for triage");
  await samuel.getByRole("link", { name: "Samuel Achterberg" }).click();

  const section = coordinator.getByTestId("messages-section");
  await expect(section).toBeVisible({ timeout: 20_000 });
  await expect(coordinator.getByRole("tab", { name: "Messages" })).toHaveAttribute("aria-selected", "true");
  await expect(section.getByTestId("message").filter({ hasText: question })).toBeVisible();
  await section.getByLabel("Answer the patient").fill(answer);
  await section.getByRole("button", { name: "Send to the patient" }).click();
  await expect(section.getByTestId("message").filter({ hasText: answer })).toContainText("You");
  await expect(section.getByText("Answered", { exact: true })).toBeVisible();

  // Samuel's conversation, still open on his phone, shows the answer with who wrote it.
  const answered = conversation.getByTestId("message").filter({ hasText: answer });
  await expect(answered).toBeVisible({ timeout: 20_000 });
  await expect(answered).toContainText("Jordan Kim, RN (Care coordinator)");
  await answered.scrollIntoViewIfNeeded();
  await patient.screenshot({ path: artifact("patient-messages"), fullPage: true });
  await shot(coordinator, "coordinator-answers-patient-message");

  // Back on her home, the conversation no longer waits for triage.
  await coordinator.goto("/");
  await expect(coordinator.getByTestId("messages-card").getByRole("listitem").filter({ hasText: "Samuel Achterberg" })).toHaveCount(0);
  await patientContext.close();
});

import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, shot } from "./support";

test.afterEach(closeRoleContexts);

test("a psychologist writes a private note and a shared summary; a physician sees only the summary", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const privateText = `Private session content ${stamp}: processing of grief and childhood events.`;
  const sharedText = `Shared summary ${stamp}: engaged in CBT for pain, pacing improving, no risk concerns today.`;

  const psych = await asRole(browser, "psychologist");
  await openPatient(psych, "Hollis", "Psychology");
  const form = psych.getByRole("form", { name: "Write a psychology note" });
  await form.getByRole("button", { name: /Private psychotherapy note/ }).click();
  await form.getByRole("textbox", { name: "Note" }).fill(privateText);
  await form.getByRole("button", { name: "Save private note" }).click();
  await expect(psych.getByText(privateText)).toBeVisible();
  await form.getByRole("button", { name: /Shared summary/ }).click();
  await form.getByRole("textbox", { name: "Note" }).fill(sharedText);
  await form.getByRole("button", { name: "Share summary" }).click();
  await expect(psych.getByText(sharedText)).toBeVisible();
  await expect(psych.getByRole("article", { name: "Private psychotherapy note" }).filter({ hasText: privateText })).toBeVisible();
  await shot(psych, "psychologist-notes");
  await psych.close();

  const doc = await asRole(browser, "physician");
  await openPatient(doc, "Hollis", "Psychology");
  await expect(doc.getByText(sharedText)).toBeVisible();
  await expect(doc.getByText(privateText)).toHaveCount(0);
  await doc.getByRole("tab", { name: "Timeline" }).click();
  await expect(doc.getByTestId("timeline")).toBeVisible();
  const html = await doc.content();
  expect(html).not.toContain(stamp + ": processing");
  await shot(doc, "physician-sees-summary-only");
  await doc.close();
});

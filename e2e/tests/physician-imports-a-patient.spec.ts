import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, shot } from "./support";

// Issue 14, "Import one patient": the physician takes a patient's record from the EHR's FHIR
// export — chooses the file, reads the preview entry by entry, imports it — and lands on the new
// patient's plan with the problems and medications the EHR had.

const fixture = fileURLToPath(new URL("../../packages/api/src/fhir/import/fixtures/ehr-patient-export.json", import.meta.url));

test.afterAll(closeRoleContexts);

test("the physician imports a patient from the EHR and lands on the new plan", async ({ browser }) => {
  const physician = await asRole(browser, "physician");
  await physician.getByRole("link", { name: "Import from EHR (FHIR)" }).click();
  await expect(physician.getByRole("heading", { name: "Import from EHR (FHIR)", level: 1 })).toBeVisible();

  await physician.getByLabel("FHIR R4 Bundle (.json)").setInputFiles(fixture);
  await physician.getByRole("button", { name: "Preview" }).click();
  const table = physician.getByRole("table");
  await expect(physician.getByText("A new patient: Adaeze N. Okafor, MRN EHR-4471902.")).toBeVisible({ timeout: 20_000 });
  const row = (text: string) => table.getByRole("row").filter({ hasText: text });
  await expect(row("Lumbar radiculopathy")).toContainText("Add");
  await expect(row("oxycodone 5 mg tablet")).toContainText("as a medication");
  // The buprenorphine patch: an opioid without an MME factor, flagged before anything is saved.
  await expect(row("Butrans 10 mcg/hr patch")).toContainText("not included in MME");
  await expect(row("Appendectomy")).toContainText("Skip");
  await expect(row("Appendectomy")).toContainText("not in the procedure catalogue");
  await shot(physician, "physician-imports-a-patient-preview");
  const { violations } = await new AxeBuilder({ page: physician }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await physician.getByRole("button", { name: "Import 10 entries" }).click();
  await expect(physician.getByRole("status")).toContainText("New patient created. 9 added, 0 updated, 4 skipped.", { timeout: 20_000 });
  await physician.getByRole("link", { name: "Open Adaeze N. Okafor's plan" }).click();

  await expect(physician.getByRole("heading", { name: /Adaeze N\. Okafor/ })).toBeVisible({ timeout: 20_000 });
  await expect(physician.getByText("Lumbar radiculopathy").first()).toBeVisible();
  await expect(physician.getByText("Spondylosis without myelopathy or radiculopathy, lumbar region").first()).toBeVisible();
  await physician.getByRole("tab", { name: "Medications" }).click();
  await expect(physician.getByText("oxycodone 5 mg tablet").first()).toBeVisible();
  await expect(physician.getByText("gabapentin 300 mg capsule").first()).toBeVisible();
  await expect(physician.getByText(/not included in MME/).first()).toBeVisible();
  await shot(physician, "physician-imports-a-patient-plan");
});

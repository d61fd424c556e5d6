import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { asRole, closeRoleContexts } from "./support";

test.afterEach(closeRoleContexts);

const artifacts = new URL("../artifacts/", import.meta.url).pathname;

/** Linda Marsh (S8) from the home list, straight to the Procedures tab; the plan page may take a while on a busy machine. */
async function openMarshProcedures(page: Page) {
  await page.getByLabel("Search patients by name or MRN").fill("Marsh");
  const link = page.getByTestId("patient-table").getByRole("link", { name: /Marsh/i }).first();
  const href = await link.getAttribute("href");
  await page.goto(href ?? "/");
  await expect(page.getByRole("tab", { name: "Plan" })).toBeVisible({ timeout: 20_000 });
  await page.getByRole("tab", { name: "Procedures" }).click();
}

/** Pages in a PDF: each page object is "/Type /Page" (the page tree is "/Type /Pages"). */
const pdfPageCount = (pdf: Buffer): number => (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

test("the physician opens Linda Marsh's genicular RFA handout, checks every section and prints it to PDF", async ({ browser }) => {
  const page = await asRole(browser, "physician");
  await openMarshProcedures(page);
  const order = page.getByRole("article", { name: "Genicular nerve radiofrequency ablation" }).first();
  await expect(order).toContainText("Risks and side effects", { timeout: 15_000 });
  await order.getByRole("link", { name: "Patient handout (printable)" }).click();

  const handout = page.getByRole("article", { name: "Genicular nerve radiofrequency ablation" });
  await expect(handout.getByRole("heading", { level: 1 })).toHaveText("Genicular nerve radiofrequency ablation", { timeout: 20_000 });
  await expect(handout.getByTestId("clinic-name")).toHaveText("Stepwise Pain Clinic");
  await expect(handout).toContainText("Linda Marsh");
  await expect(handout).toContainText("Date of birth");
  for (const section of ["Why we are suggesting it", "What it is", "What benefit you can expect", "Risks and side effects", "Other options", "What happens afterwards"]) {
    await expect(handout.getByRole("heading", { level: 2, name: section })).toBeVisible();
  }
  // Plain language from the clinic's text for the procedure, and the order's own risks.
  await expect(handout.getByRole("region", { name: "What it is" })).toContainText("small nerves that carry pain from the knee");
  await expect(handout.getByRole("region", { name: "Risks and side effects" })).toContainText("numbness");
  await expect(handout.getByRole("button", { name: "Print" })).toBeVisible();

  // Printed: no app chrome and no toolbar.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".topbar")).toBeHidden();
  await expect(handout.getByRole("button", { name: "Print" })).toBeHidden();
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, "handout.png"), fullPage: true });

  const pdf = await page.pdf({ format: "A4", printBackground: true });
  fs.writeFileSync(path.join(artifacts, "handout.pdf"), pdf);
  expect(pdf.length).toBeGreaterThan(5_000);
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
});

test("the coordinator can open a handout too (printing for the patient); an order of another patient is not found", async ({ browser }) => {
  const page = await asRole(browser, "coordinator");
  await openMarshProcedures(page);
  const link = page.getByRole("link", { name: "Patient handout (printable)" }).first();
  await expect(link).toBeVisible({ timeout: 15_000 });
  const href = await link.getAttribute("href");
  expect(href).toMatch(/\/patients\/[0-9a-f-]+\/procedures\/[0-9a-f-]+\/handout$/);
  await page.goto(href ?? "/");
  await expect(page.getByTestId("clinic-name")).toHaveText("Stepwise Pain Clinic", { timeout: 20_000 });
  // The same order id under a made-up patient id: the access check answers not found.
  await page.goto((href ?? "").replace(/patients\/[0-9a-f-]+\//, "patients/00000000-0000-4000-8000-000000000000/"));
  await expect(page.getByRole("heading", { name: "Patient not found" })).toBeVisible({ timeout: 20_000 });
});

import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, shot } from "./support";

test.afterEach(closeRoleContexts);

test("the physician reviews Marcus Freeman's opioid stewardship (S3): co-prescription, naloxone and overdue monitoring; an opioid name cannot be saved as an NSAID; a PDMP check recorded today clears its due date", async ({ browser }) => {
  const page = await asRole(browser, "physician");
  // The search answers after typing: wait for its one row before opening it.
  await page.getByLabel("Search patients by name or MRN").fill("Freeman");
  await expect(page.getByText("1 patient", { exact: true })).toBeVisible();
  const href = await page.getByTestId("patient-table").getByRole("link", { name: /Freeman/ }).getAttribute("href");
  await page.goto(href ?? "/");
  await expect(page.getByRole("tab", { name: "Plan" })).toBeVisible({ timeout: 20_000 });
  const flags = page.getByRole("region", { name: "Flags" });
  await expect(flags).toContainText("Offer naloxone");
  await expect(flags).toContainText("Co-prescription: opioid with a benzodiazepine");
  await expect(flags).toContainText("Opioid monitoring overdue");

  await page.getByRole("tab", { name: "Medications" }).click();
  // Oxycodone IR 10 mg × 3/day → 45 MME/day (cdc-2022), below review: naloxone is for the benzodiazepine.
  const dose = page.getByRole("region", { name: "Daily opioid dose" });
  await expect(dose).toContainText("45 MME/day");
  await expect(dose).toContainText("cdc-2022");
  const panel = page.getByRole("region", { name: "Opioid stewardship" });
  await expect(panel).toContainText("stewardship-cdc2022-v1");
  const pdmp = panel.getByRole("row", { name: /Prescription-monitoring \(PDMP\) check/ });
  await expect(pdmp).toContainText("overdue");
  await expect(panel.getByRole("row", { name: /Urine drug test/ })).toContainText("overdue");
  await expect(panel.getByRole("row", { name: /Naloxone/ })).toContainText("offer naloxone");
  await expect(panel.getByRole("row", { name: /Co-prescription/ })).toContainText("opioid + benzodiazepine");
  await shot(page, "physician-opioid-stewardship");

  // "Other (not in the catalogue)": Percocet chosen as an NSAID is refused, with the reason beside the class.
  const meds = page.getByRole("region", { name: "Medications", exact: true });
  await meds.getByRole("button", { name: "Add medication" }).click();
  const add = meds.getByRole("form", { name: "New medication" });
  await add.getByLabel("Drug").selectOption("__other");
  await add.getByLabel("Name").fill("Percocet 5/325");
  await add.getByLabel("Class").selectOption("nsaid");
  await add.getByLabel("Dose (mg)").fill("5");
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add).toContainText("names an opioid (oxycodone)");
  await add.getByRole("button", { name: "Cancel" }).click();

  // Stopping asks for a reason.
  await meds.getByRole("button", { name: "Stop Alprazolam" }).click();
  const stop = meds.getByRole("form", { name: "Stop Alprazolam" });
  await stop.getByRole("button", { name: "Stop medication" }).click();
  await expect(stop.getByLabel("Reason for stopping")).toHaveAttribute("aria-invalid", "true");
  await stop.getByRole("button", { name: "Cancel" }).click();

  await pdmp.getByRole("button", { name: "Record Prescription-monitoring (PDMP) check" }).click();
  const record = panel.getByRole("form", { name: "Record Prescription-monitoring (PDMP) check" });
  await record.getByLabel("Result (optional)").fill("One prescriber, one pharmacy");
  await record.getByRole("button", { name: "Record" }).click();
  await expect(pdmp).toContainText("One prescriber, one pharmacy");
  await expect(pdmp).toContainText("ok");
  await expect(flags).not.toContainText("PDMP) check overdue");
  await expect(flags).toContainText("Urine drug test overdue");
});

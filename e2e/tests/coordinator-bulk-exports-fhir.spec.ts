import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, shot } from "./support";

// Issue 14, "Bulk export for a team": the coordinator opens Export records (FHIR), exports every
// patient of her care teams, watches the job's progress reach 100% and downloads the Patient file:
// NDJSON, one Patient per line, as many lines as the page says. A physician has no such page.

test.afterAll(closeRoleContexts);

test("the coordinator exports her teams' patients as FHIR NDJSON and downloads the Patient file", async ({ browser }) => {
  const coordinator = await asRole(browser, "coordinator");
  await coordinator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Export records (FHIR)" }).click();
  await expect(coordinator.getByRole("heading", { level: 1, name: "Export records (FHIR)" })).toBeVisible();

  const jobs = coordinator.getByRole("list", { name: "Exports" }).getByTestId("bulk-export-job");
  const before = await jobs.count();
  await coordinator.getByRole("button", { name: "Export: all patients of my care teams" }).click();
  await expect(jobs).toHaveCount(before + 1);
  const job = jobs.first();
  await expect(job.getByRole("progressbar", { name: "Export progress" })).toBeVisible();
  // The server's worker writes the job in the background; the page polls until it is done.
  await expect(job.getByTestId("bulk-export-progress")).toHaveText(/^100% · (\d+) of \1 patients · \d+ resources written$/, { timeout: 30_000 });
  await expect(job.getByText("Ready")).toBeVisible();
  const patientRow = job.getByRole("row").filter({ has: coordinator.getByRole("cell", { name: "Patient", exact: true }) });
  const count = Number((await patientRow.getByRole("cell").nth(1).innerText()).trim());
  const patients = Number(/of (\d+) patients/.exec(await job.getByTestId("bulk-export-progress").innerText())![1]);
  expect(count).toBe(patients);
  expect(count).toBeGreaterThanOrEqual(40);
  await shot(coordinator, "coordinator-bulk-exports-fhir");
  const { violations } = await new AxeBuilder({ page: coordinator }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);

  const [download] = await Promise.all([coordinator.waitForEvent("download"), patientRow.getByRole("link", { name: "Download Patient.ndjson" }).click()]);
  const lines = (await readFile((await download.path())!, "utf8")).split("\n").filter((l) => l.length > 0);
  expect(lines).toHaveLength(count);
  const resources = lines.map((l) => JSON.parse(l) as { resourceType: string; identifier?: { system?: string }[] });
  expect(resources.every((r) => r.resourceType === "Patient")).toBe(true);
  expect(resources[0]!.identifier).toContainEqual(expect.objectContaining({ system: "https://stepwise.example/fhir/mrn" }));

  // The administrator reads every requester's jobs and exports the whole clinic (never "my teams": she is on none).
  const admin = await asRole(browser, "admin");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Export records (FHIR)" }).click();
  await expect(admin.getByRole("button", { name: "Export: the whole clinic" })).toBeVisible();
  await expect(admin.getByRole("button", { name: "Export: all patients of my care teams" })).toHaveCount(0);
  await expect(admin.getByTestId("bulk-export-job").first()).toContainText("by Jordan Kim, RN");

  const physician = await asRole(browser, "physician");
  await expect(physician.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Export records (FHIR)" })).toHaveCount(0);
  const response = await physician.goto("/exports");
  expect(response?.status()).toBe(404);
});

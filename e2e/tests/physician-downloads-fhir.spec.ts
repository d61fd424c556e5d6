import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, openPatient, shot } from "./support";

// Issue 14, "Export one patient": the physician opens a plan, clicks Download FHIR, and the file
// saved is the patient's FHIR R4 Bundle, carrying their MRN on the clinic's MRN system. A physical
// therapist on the same team has no such action (the permission matrix gives export to physicians
// and coordinators).

test.afterAll(closeRoleContexts);

test("the physician downloads Margaret Hollis's record as a FHIR Bundle with her MRN", async ({ browser }) => {
  const physician = await asRole(browser, "physician");
  await openPatient(physician, "Hollis");
  const header = physician.locator(".patient-header");
  const mrn = (await header.locator("dt", { hasText: "MRN" }).locator("xpath=following-sibling::dd[1]").innerText()).trim();
  expect(mrn).not.toBe("");
  const link = physician.getByRole("link", { name: "Download FHIR" });
  await expect(link).toBeVisible();
  await shot(physician, "physician-downloads-fhir");
  const [download] = await Promise.all([physician.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(`stepwise-${mrn}.fhir.json`);
  const bundle = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    resourceType: string;
    type: string;
    entry: { fullUrl: string; resource: { resourceType: string; identifier?: { system?: string; value?: string }[] } }[];
  };
  expect(bundle.resourceType).toBe("Bundle");
  expect(bundle.type).toBe("searchset");
  const patient = bundle.entry.find((e) => e.resource.resourceType === "Patient")!.resource;
  expect(patient.identifier).toContainEqual(expect.objectContaining({ system: "https://stepwise.example/fhir/mrn", value: mrn }));
  expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(expect.arrayContaining(["CarePlan", "CareTeam", "Condition", "Observation"]));

  const pt = await asRole(browser, "pt");
  await openPatient(pt, "Hollis");
  await expect(pt.getByRole("heading", { name: /Margaret Hollis/ })).toBeVisible();
  await expect(pt.getByRole("link", { name: "Download FHIR" })).toHaveCount(0);
});

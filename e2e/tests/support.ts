import { expect, type Page } from "@playwright/test";

export const demoPassword = "stepwise-demo";

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAs(page: Page, email: string) {
  await signIn(page, email);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Every patient row the home page lists, across pages. */
export async function listedMrns(page: Page): Promise<string[]> {
  const mrns: string[] = [];
  for (;;) {
    const table = page.getByTestId("patient-table");
    await expect(table).toBeVisible();
    mrns.push(...(await table.locator("tbody tr td.mono").allTextContents()));
    const next = page.getByRole("button", { name: "Next" });
    if (await next.isDisabled()) return mrns;
    const first = await table.locator("tbody tr td.mono").first().textContent();
    await next.click();
    await expect(table.locator("tbody tr td.mono").first()).not.toHaveText(first ?? "");
  }
}

export const shotDir = new URL("../artifacts/screenshots/", import.meta.url).pathname;

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shotDir}${name}.png`, fullPage: true });
}

export async function openPatient(page: Page, search: string, tab?: string) {
  await page.getByLabel("Search patients by name or MRN").fill(search);
  await page.getByTestId("patient-table").getByRole("link", { name: new RegExp(search, "i") }).first().click();
  await expect(page.getByRole("tab", { name: "Plan" })).toBeVisible();
  if (tab) await page.getByRole("tab", { name: tab }).click();
}

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

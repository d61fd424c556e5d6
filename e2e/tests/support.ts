import fs from "node:fs";
import path from "node:path";
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

export const demoPassword = "stepwise-demo";

/** The demo clinic's accounts, one per role a journey plays. */
export const roles = {
  physician: "physician@stepwise.test",
  physician2: "physician2@stepwise.test",
  pt: "pt@stepwise.test",
  pt2: "pt2@stepwise.test",
  psychologist: "psychologist@stepwise.test",
  coordinator: "coordinator@stepwise.test",
  admin: "admin@stepwise.test",
} as const;
export type Role = keyof typeof roles;

const authDir = path.resolve(import.meta.dirname, "..", ".auth");
/** Where the setup project keeps a role's signed-in cookies (git-ignored). */
export const authFile = (role: Role) => path.join(authDir, `${role}.json`);

export async function saveSignIn(page: Page, role: Role) {
  fs.mkdirSync(authDir, { recursive: true });
  await page.context().storageState({ path: authFile(role) });
}

/**
 * A page of its own browser context, signed in as `role` from the saved state, on the role's home.
 * Never sign out of it: sign-out revokes the session every later test shares — sign in through the
 * form instead. A session that ended (15 idle minutes) is replaced by a fresh sign-in, saved again.
 */
const openRoleContexts = new Set<BrowserContext>();

/**
 * Saved sign-ins share one session per role, so a page left open by one test would keep that
 * clinician "present" (and streaming) in the next: every spec that uses asRole closes them after
 * each test.
 */
export async function closeRoleContexts(): Promise<void> {
  const contexts = [...openRoleContexts];
  openRoleContexts.clear();
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
}

export async function asRole(browser: Browser, role: Role, options: BrowserContextOptions = {}): Promise<Page> {
  const file = authFile(role);
  const context = await browser.newContext({ ...options, ...(fs.existsSync(file) ? { storageState: file } : {}) });
  openRoleContexts.add(context);
  const page = await context.newPage();
  await page.goto("/");
  const signOut = page.getByRole("button", { name: "Sign out" });
  await expect(signOut.or(page.getByRole("button", { name: "Sign in" }))).toBeVisible();
  if (!(await signOut.isVisible())) {
    await signInAs(page, roles[role]);
    await saveSignIn(page, role);
  }
  return page;
}

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAs(page: Page, email: string) {
  await signIn(page, email);
  // The first page after a server start renders cold (and the home reads its whole first screen with the HTML).
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 20_000 });
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
  // As a person would: the list answers the search first (every row it shows matches), then the click.
  // A click on the list the search is about to replace can land while its answer is being applied.
  const table = page.getByTestId("patient-table");
  const matching = new RegExp(search, "i");
  await expect
    .poll(async () => {
      const names = await table.getByRole("link").allInnerTexts();
      return names.length > 0 && names.every((name) => matching.test(name));
    })
    .toBe(true);
  await table.getByRole("link", { name: matching }).first().click();
  await expect(page.getByRole("tab", { name: "Plan" })).toBeVisible();
  if (tab) await page.getByRole("tab", { name: tab }).click();
}

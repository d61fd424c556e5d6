import { expect, test } from "@playwright/test";
import { asRole, closeRoleContexts, listedMrns, roles, signIn, signInAs, type Role } from "./support";

test.afterEach(closeRoleContexts);

// Care teams of the demo clinic (packages/db seed): patient i's physician is physician2 from i = 28,
// its PT is pt2 when i % 3 == 2; psychologist and coordinator are on every team.
const mrnOf = (i: number) => `SW-${String(100234 + i * 37).padStart(7, "0")}`;
const all = Array.from({ length: 41 }, (_, i) => i);
const expected = {
  physician: all.filter((i) => i < 28),
  physician2: all.filter((i) => i >= 28),
  pt: all.filter((i) => i % 3 !== 2),
  pt2: all.filter((i) => i % 3 === 2),
  psychologist: all,
  coordinator: all,
} satisfies Partial<Record<Role, number[]>>;

// Every role signed in through the form once already (auth.setup.ts); here each sees its own list.
for (const [role, indexes] of Object.entries(expected) as [keyof typeof expected, number[]][]) {
  test(`${roles[role]} sees exactly their own patients`, async ({ browser }) => {
    const page = await asRole(browser, role);
    // The demo clinic's patients (SW-…); a patient another journey imported from an EHR joins the importer's list too.
    const mrns = (await listedMrns(page)).filter((mrn) => mrn.startsWith("SW-"));
    expect(mrns.sort()).toEqual(indexes.map(mrnOf).sort());
  });
}

test("the administrator signs in to accounts and the audit log, with no clinical records", async ({ browser }) => {
  const page = await asRole(browser, "admin");
  await expect(page.getByRole("heading", { name: "User accounts" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByTestId("patient-table")).toHaveCount(0);
  // Meetings are clinical: the administrator is sent back home.
  await page.goto("/meetings");
  await expect(page.getByRole("heading", { name: "User accounts" })).toBeVisible();
});

test("a wrong password shows the error and does not sign in", async ({ page }) => {
  await signIn(page, "pt@stepwise.test", "not-the-password");
  await expect(page.locator("#login-error")).toHaveText("That email and password do not match an active account.");
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, "nobody@stepwise.test", "not-the-password");
  await expect(page.locator("#login-error")).toHaveText("That email and password do not match an active account.");
});

test("a physician cannot open a patient outside their team by URL", async ({ browser }) => {
  // Find a patient of the other physician, then try it as this one.
  const other = await asRole(browser, "physician2");
  await other.getByTestId("patient-table").getByRole("link", { name: /Okonkwo|Tanaka|Hartley/ }).first().click();
  await other.waitForURL(/\/patients\//);
  await expect(other.getByRole("list", { name: "Care team" })).toBeVisible();
  const foreignUrl = other.url();

  const page = await asRole(browser, "physician");
  await page.goto(foreignUrl);
  await expect(page.getByRole("heading", { name: "Patient not found" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Care team" })).toHaveCount(0);
});

// The tests that sign out use a session of their own: sign-out revokes it for every holder of its cookie.
test("signing out revokes the session at once", async ({ page, context }) => {
  await signInAs(page, "coordinator@stepwise.test");
  const cookies = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
  // Leave the signed-in page first: its live stream learns the session ended and would navigate to
  // the sign-in page on its own, racing the replay below.
  await page.goto("about:blank");
  // Replaying the old cookie must not bring the session back.
  await context.addCookies(cookies);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("a patient page shows the header and the care team", async ({ browser }) => {
  const page = await asRole(browser, "psychologist");
  await page.getByLabel("Search patients by name or MRN").fill("Hollis");
  await page.getByTestId("patient-table").getByRole("link", { name: "Hollis, Margaret" }).click();
  await expect(page.getByRole("heading", { name: "Margaret Hollis" })).toBeVisible();
  await expect(page.getByText(mrnOf(0))).toBeVisible();
  const team = page.getByRole("list", { name: "Care team" });
  await expect(team.getByText("Dr. Maya Okafor")).toBeVisible();
  await expect(team.getByText("Sam Whitfield, DPT")).toBeVisible();
  await expect(team.getByText("Dr. Elena Brooks, PsyD")).toBeVisible();
});

test("next-auth's own sign-out endpoint ends the session as the button does", async ({ page, context }) => {
  await signInAs(page, "pt2@stepwise.test");
  const cookies = await context.cookies();
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signedOut = await page.request.post("/api/auth/signout", { form: { csrfToken, callbackUrl: "/login?signedOut=1" }, maxRedirects: 0 });
  expect(signedOut.status()).toBeLessThan(400);
  // Leave the signed-in page first: its live stream learns the session ended and would navigate to
  // the sign-in page on its own, racing the replay below.
  await page.goto("about:blank");
  // Replaying the old cookie must not bring the session back.
  await context.addCookies(cookies);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});

test("a hostile next after sign-in stays on this site", async ({ page, baseURL }) => {
  await page.goto(`/login?next=${encodeURIComponent("/\\evil.example/x")}`);
  await page.getByLabel("Email").fill("pt@stepwise.test");
  await page.getByLabel("Password").fill("stepwise-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});

// The pages the first-load and Lighthouse benchmarks visit: the sign-in page, each role's home, the
// plan page and each tab, meetings (list, room, minutes), account and emergency-access pages, the
// admin's pages, and the patient's own pages when the demo has a patient account. Each signed-in page
// carries the role's saved sign-in (Playwright storage state: cookies).
const password = "stepwise-demo";
const roles = {
  physician: "physician@stepwise.test",
  physical_therapist: "pt@stepwise.test",
  psychologist: "psychologist@stepwise.test",
  coordinator: "coordinator@stepwise.test",
  admin: "admin@stepwise.test",
};
export const planTabs = ["procedures", "medications", "outcomes", "therapy", "psychology", "timeline"];
const patientPages = ["/my", "/my/procedures", "/my/questionnaires", "/my/messages", "/my/access"];

async function signIn(browser, base, email, timeout = 60_000) {
  const page = await browser.newPage({ viewport: { width: 1350, height: 940 } });
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout });
  return page;
}

async function firstHref(page, selector) {
  const link = page.locator(selector).first();
  return (await link.count()) ? link.getAttribute("href") : null;
}

/** @returns {Promise<{ label: string, path: string, state: object | null, role: string | null }[]>} */
export async function collectPages(browser, base) {
  const pages = [{ label: "/login", path: "/login", state: null, role: null }];
  const states = {};
  for (const [role, email] of Object.entries(roles)) {
    const page = await signIn(browser, base, email);
    const state = await page.context().storageState();
    states[role] = state;
    const add = (label, path) => pages.push({ label: `${label} (${role})`, path, state, role });
    add("/", "/");
    if (role === "physician") {
      const plan = await firstHref(page, '[data-testid="patient-table"] a[href^="/patients/"]');
      if (plan) {
        add("/patients/[id]", plan);
        for (const tab of planTabs) add(`/patients/[id]?tab=${tab}`, `${plan}?tab=${tab}`);
        add("/patients/[id]/access", `${plan}/access`);
      }
      add("/emergency-access", "/emergency-access");
      add("/account/security", "/account/security");
      add("/account/password", "/account/password");
    }
    if (role === "physical_therapist" || role === "psychologist") {
      const plan = await firstHref(page, '[data-testid="patient-table"] a[href^="/patients/"]');
      if (plan) add("/patients/[id]", plan);
    }
    if (role === "coordinator") {
      await page.goto(`${base}/meetings`);
      add("/meetings", "/meetings");
      const room = await firstHref(page, 'main a[href^="/meetings/"]:not([href$="/minutes"])');
      if (room) add("/meetings/[id]", room);
      const minutes = await firstHref(page, 'main a[href$="/minutes"]');
      if (minutes) add("/meetings/[id]/minutes", minutes);
      add("/emergency-access/reviews", "/emergency-access/reviews");
    }
    if (role === "admin") add("/account/security", "/account/security");
    await page.close();
  }
  // The patient's side, once the demo has a patient account to sign in with.
  const patientEmail = process.env.PATIENT_EMAIL ?? "patient@stepwise.test";
  try {
    const page = await signIn(browser, base, patientEmail, 10_000);
    const state = await page.context().storageState();
    await page.close();
    for (const path of patientPages) pages.push({ label: `${path} (patient)`, path, state, role: "patient" });
  } catch {
    // No patient account in this demo yet.
  }
  return pages;
}

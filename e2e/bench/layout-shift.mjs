// Cumulative layout shift of the sign-in page, each role's home and the plan page in the production
// build, measured in Chromium with a PerformanceObserver ('layout-shift'): the largest session window
// (shifts less than 1 s apart, at most 5 s long, none right after input), as Lighthouse and the Web
// Vitals define it. Usage: node bench/layout-shift.mjs [baseUrl] (run it against a started server).
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://localhost:3000";
const password = "stepwise-demo";
const homes = {
  physician: "physician@stepwise.test",
  physical_therapist: "pt@stepwise.test",
  psychologist: "psychologist@stepwise.test",
  coordinator: "coordinator@stepwise.test",
  admin: "admin@stepwise.test",
};
// What arrives after the page settles (live stream, presence, lazy sections) still counts.
const settleMs = 3_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const viewport = { width: 1350, height: 940 };

async function signedInState(email) {
  const page = await browser.newPage({ viewport });
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  const state = await page.context().storageState();
  await page.close();
  return state;
}

function observeLayoutShift() {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const sources = (e.sources ?? []).map((s) => {
        const n = s.node;
        if (!n || n.nodeType !== 1) return n?.nodeName ?? "?";
        const name = `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ""}${n.getAttribute("aria-labelledby") ? `[${n.getAttribute("aria-labelledby")}]` : ""}`;
        return `${name} y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)}, height ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`;
      });
      window.__shifts.push({ value: e.value, time: e.startTime, hadRecentInput: e.hadRecentInput, sources });
    }
  }).observe({ type: "layout-shift", buffered: true });
}

/** The largest session window, as Lighthouse computes CLS. */
function cls(shifts) {
  let best = 0;
  let current = 0;
  let start = -Infinity;
  let last = -Infinity;
  for (const s of shifts.filter((x) => !x.hadRecentInput)) {
    if (s.time - last > 1_000 || s.time - start > 5_000) {
      current = 0;
      start = s.time;
    }
    current += s.value;
    last = s.time;
    best = Math.max(best, current);
  }
  return best;
}

async function measure(label, path, state) {
  const context = await browser.newContext({ viewport, ...(state ? { storageState: state } : {}) });
  const page = await context.newPage();
  await page.addInitScript(observeLayoutShift);
  await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
  await page.waitForTimeout(settleMs);
  const shifts = await page.evaluate(() => window.__shifts);
  await context.close();
  const value = cls(shifts);
  console.log(`${label.padEnd(28)} CLS ${value.toFixed(3)}${value >= 0.05 ? "  (over 0.05)" : ""}`);
  if (process.env.VERBOSE) for (const s of shifts) console.log(`    ${s.time.toFixed(0)} ms  ${s.value.toFixed(4)}  ${s.sources.join(", ")}`);
  return value;
}

const results = [await measure("/login", "/login")];
let physicianState;
for (const [role, email] of Object.entries(homes)) {
  const state = await signedInState(email);
  if (role === "physician") physicianState = state;
  results.push(await measure(`/ (${role})`, "/", state));
}
// The plan page of the demo's first patient on the physician's list.
const probe = await browser.newContext({ viewport, storageState: physicianState });
const home = await probe.newPage();
await home.goto(`${base}/`);
await home.getByLabel("Search patients by name or MRN").fill("Hollis");
const href = await home.getByTestId("patient-table").getByRole("link", { name: /Hollis/ }).getAttribute("href");
await probe.close();
results.push(await measure("/patients/[patientId]", href, physicianState));
await browser.close();
process.exitCode = results.every((v) => v < 0.05) ? 0 : 1;

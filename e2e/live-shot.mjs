// Manual check: physician and PT on one patient; the physician adds a goal, the PT sees it live.
import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
async function as(email) {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  page.on("console", (m) => { if (m.type() === "error") console.log(email, "console:", m.text()); });
  await page.goto("http://localhost:3000/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("stepwise-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.getByLabel("Search patients by name or MRN").fill("Hollis");
  await page.getByTestId("patient-table").getByRole("link", { name: /Hollis/ }).click();
  await page.waitForURL(/patients/);
  return page;
}
const doc = await as("physician@stepwise.test");
const pt = await as("pt@stepwise.test");
await pt.waitForTimeout(2500);
await doc.getByRole("button", { name: "Add goal" }).click();
const stamp = Date.now().toString(36);
await doc.getByRole("textbox", { name: "Goal" }).fill(`Walk to the park ${stamp}`);
await doc.getByLabel("Measure").fill("minutes");
await doc.getByLabel("Target", { exact: true }).fill("30");
const t0 = Date.now();
await doc.getByRole("form", { name: "New goal" }).getByRole("button", { name: "Add goal" }).click();
await pt.getByText(`Walk to the park ${stamp}`).waitFor({ timeout: 10000 });
console.log("PT saw it after", Date.now() - t0, "ms");
await pt.screenshot({ path: "/tmp/shots/live-pt.png" });
await browser.close();

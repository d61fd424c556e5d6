// Ad-hoc screenshots for manual review: node shot.mjs email path name [tab]
import { chromium } from "@playwright/test";
const [email, path, name, tab, width] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const page = await browser.newPage({ viewport: { width: Number(width ?? 1280), height: 900 } });
page.on("console", (m) => { if (m.type() === "error") console.log("console:", m.text()); });
await page.goto("http://localhost:3000/login");
await page.getByLabel("Email").fill(email);
await page.getByLabel("Password").fill("stepwise-demo");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
if (path.startsWith("search:")) {
  await page.getByLabel("Search patients by name or MRN").fill(path.slice(7));
  await page.waitForTimeout(800);
  await page.locator("table a").first().click();
  await page.waitForURL(/patients/);
} else await page.goto("http://localhost:3000" + path);
await page.waitForTimeout(1500);
if (tab) { await page.getByRole("tab", { name: tab }).click(); await page.waitForTimeout(1500); }
await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
console.log("url", page.url());
await browser.close();

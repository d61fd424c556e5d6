// Layout shift of the plan page and each of its tabs opened by address, signed in as the demo's
// physician: every PerformanceObserver 'layout-shift' entry after load (3 s settle), with the element
// that moved and where from/to, so a shift can be traced to what arrived late.
// Usage (against a started server): node bench/layout-shift-tabs.mjs http://localhost:3000
// TABS=timeline,procedures limits the tabs; SLOW=1 adds 150 ms latency and a 4× slower CPU.
import { chromium } from "@playwright/test";
const base = process.argv[2] ?? "http://localhost:3000";
const tabs = (process.env.TABS ?? "plan,procedures,medications,outcomes,therapy,psychology,timeline").split(",");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const viewport = { width: 1350, height: 940 };
const page0 = await browser.newPage({ viewport });
await page0.goto(`${base}/login`);
await page0.getByLabel("Email").fill("physician@stepwise.test");
await page0.getByLabel("Password").fill("stepwise-demo");
await page0.getByRole("button", { name: "Sign in" }).click();
await page0.waitForURL((u) => !u.pathname.startsWith("/login"));
const state = await page0.context().storageState();
const href = await page0.locator('[data-testid="patient-table"] a[href^="/patients/"]').first().getAttribute("href");
await page0.close();
function observe() {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const sources = (e.sources ?? []).map((s) => {
        const n = s.node;
        if (!n || n.nodeType !== 1) return n?.nodeName ?? "?";
        const cls = n.className && typeof n.className === "string" ? "." + n.className.split(" ").join(".") : "";
        return `${n.tagName.toLowerCase()}${n.id ? "#" + n.id : ""}${cls}[${n.getAttribute("aria-labelledby") ?? n.getAttribute("aria-label") ?? ""}] y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)} h ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`;
      });
      window.__shifts.push({ value: e.value, time: e.startTime, sources });
    }
  }).observe({ type: "layout-shift", buffered: true });
}
let worst = 0;
for (const tab of tabs) {
  const ctx = await browser.newContext({ viewport, storageState: state });
  const p = await ctx.newPage();
  if (process.env.SLOW) { const c = await ctx.newCDPSession(p); await c.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 200000, uploadThroughput: 100000 }); await c.send("Emulation.setCPUThrottlingRate", { rate: 4 }); }
  await p.addInitScript(observe);
  await p.goto(`${base}${href}${tab === "plan" ? "" : "?tab=" + tab}`, { waitUntil: "networkidle" });
  await p.waitForTimeout(3000);
  const shifts = await p.evaluate(() => window.__shifts);
  const total = shifts.reduce((a, s) => a + s.value, 0);
  worst = Math.max(worst, total);
  console.log(`${tab.padEnd(12)} total ${total.toFixed(3)}${total >= 0.05 ? "  (over 0.05)" : ""}`);
  for (const s of shifts) console.log(`   ${s.time.toFixed(0)}ms ${s.value.toFixed(4)} ${s.sources.join(" | ")}`);
  await ctx.close();
}
await browser.close();
process.exitCode = worst < 0.05 ? 0 : 1;

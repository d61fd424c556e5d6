// First-load JavaScript of every page in the production build: every script the browser fetches on a
// cold load (nothing cached), raw and gzip-compressed, for the sign-in page, each role's home, the plan
// page and each of its tabs, meetings, account and admin pages (and the patient's pages when a demo
// patient account exists). Usage: node bench/first-load.mjs [baseUrl]
// VERBOSE=1 lists each page's scripts; ONLY=<substring> measures only the matching rows.
// Exits 1 when a page loads more than 150 KB gzip.
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { collectPages } from "./pages.mjs";

const base = process.argv[2] ?? "http://localhost:3000";
const budgetKb = 150;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });

async function measure({ state, path }) {
  const context = await browser.newContext(state ? { storageState: state } : {});
  const page = await context.newPage();
  const scripts = [];
  page.on("response", (res) => {
    if (res.request().resourceType() === "script") scripts.push(res.body().then((b) => ({ url: res.url(), body: b })).catch(() => ({ url: res.url(), body: Buffer.alloc(0) })));
  });
  await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
  const bodies = await Promise.all(scripts);
  await context.close();
  const files = bodies.map(({ url, body }) => ({ url: url.replace(base, ""), raw: body.length, gz: gzipSync(body).length }));
  const raw = files.reduce((n, f) => n + f.raw, 0);
  const gz = files.reduce((n, f) => n + f.gz, 0);
  return { files, rawKb: +(raw / 1024).toFixed(1), gzipKb: +(gz / 1024).toFixed(1) };
}

const pages = await collectPages(browser, base);
const rows = [];
for (const p of pages) {
  if (process.env.ONLY && !p.label.includes(process.env.ONLY)) continue;
  const r = await measure(p);
  rows.push({ page: p.label, scripts: r.files.length, rawKb: r.rawKb, gzipKb: r.gzipKb, within: r.gzipKb <= budgetKb ? "yes" : "NO" });
  if (process.env.VERBOSE) {
    console.log(`\n${p.label} (${p.path})`);
    for (const f of r.files.sort((a, b) => b.gz - a.gz)) console.log(`  ${(f.gz / 1024).toFixed(1).padStart(6)} KB  ${f.url}`);
  }
}
await browser.close();
console.table(rows);
process.exit(rows.every((r) => r.within === "yes") ? 0 : 1);

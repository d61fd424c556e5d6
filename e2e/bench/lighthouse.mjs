// Lighthouse (desktop preset) for every page the first-load benchmark visits, each role signed in
// through the form: performance score, LCP, TBT, CLS and script bytes, printed as a table. A benchmark,
// not a test: run it against a started production build.
// Usage: node bench/lighthouse.mjs [baseUrl]   (ONLY=<substring> scores only the matching rows)
// Uses Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium); never downloads a browser.
// Exits 1 when a page scores under 98 or its CLS reaches 0.05.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { collectPages } from "./pages.mjs";

const base = process.argv[2] ?? "http://localhost:3000";
const chromePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const minScore = 98;
const maxCls = 0.05;

const browser = await chromium.launch({ executablePath: chromePath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const pages = (await collectPages(browser, base)).filter((p) => !process.env.ONLY || p.label.includes(process.env.ONLY));
await browser.close();

// Lighthouse drives the browser over the DevTools protocol: a chromium of our own on a free port.
const port = Number(process.env.LIGHTHOUSE_CDP_PORT ?? 9333);
const profile = mkdtempSync(path.join(tmpdir(), "stepwise-lighthouse-"));
const chrome = spawn(chromePath, ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, "about:blank"], { stdio: "ignore" });
for (let i = 0; ; i++) {
  const up = await fetch(`http://127.0.0.1:${port}/json/version`).then((r) => r.ok, () => false);
  if (up) break;
  if (i > 100) throw new Error("chromium did not open its DevTools port");
  await new Promise((r) => setTimeout(r, 100));
}
const cookieHeader = (state) => state?.cookies.map((c) => `${c.name}=${c.value}`).join("; ");

const rows = [];
for (const p of pages) {
  const flags = { port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: p.state ? { Cookie: cookieHeader(p.state) } : undefined };
  const result = await lighthouse(`${base}${p.path}`, flags, desktopConfig);
  const lhr = result?.lhr;
  const audit = (id) => lhr?.audits[id];
  const redirected = lhr && new URL(lhr.finalDisplayedUrl).pathname !== new URL(`${base}${p.path}`).pathname;
  const score = Math.round((lhr?.categories.performance.score ?? 0) * 100);
  const cls = audit("cumulative-layout-shift")?.numericValue ?? NaN;
  const scriptBytes = (audit("resource-summary")?.details?.items ?? []).find((i) => i.resourceType === "script")?.transferSize ?? 0;
  rows.push({
    page: p.label,
    score,
    lcpMs: Math.round(audit("largest-contentful-paint")?.numericValue ?? NaN),
    tbtMs: Math.round(audit("total-blocking-time")?.numericValue ?? NaN),
    cls: +cls.toFixed(3),
    scriptKb: +(scriptBytes / 1024).toFixed(1),
    ok: !redirected && score >= minScore && cls < maxCls ? "yes" : redirected ? "REDIRECTED" : "NO",
  });
}
const exited = new Promise((r) => chrome.once("exit", r));
chrome.kill();
await exited;
rmSync(profile, { recursive: true, force: true });
console.table(rows);
process.exit(rows.every((r) => r.ok === "yes") ? 0 : 1);

// First-load JavaScript of a page in the production build: every script the browser fetches on a
// cold load, raw and gzip-compressed. Usage: node bench/first-load.mjs [baseUrl]
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://localhost:3000";
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const signIn = await browser.newPage();
await signIn.goto(`${base}/login`);
await signIn.getByLabel("Email").fill("physician@stepwise.test");
await signIn.getByLabel("Password").fill("stepwise-demo");
await signIn.getByRole("button", { name: "Sign in" }).click();
await signIn.waitForURL((u) => !u.pathname.startsWith("/login"));
await signIn.getByLabel("Search patients by name or MRN").fill("Hollis");
const href = await signIn.getByTestId("patient-table").getByRole("link", { name: /Hollis/ }).getAttribute("href");
const state = await signIn.context().storageState();
await signIn.close();

async function measure(path, signedIn = true) {
  const context = await browser.newContext(signedIn ? { storageState: state } : {});
  const page = await context.newPage();
  const scripts = [];
  page.on("response", async (res) => {
    if (res.request().resourceType() === "script") scripts.push(res.body().then((b) => b).catch(() => Buffer.alloc(0)));
  });
  await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
  const bodies = await Promise.all(scripts);
  await context.close();
  const raw = bodies.reduce((n, b) => n + b.length, 0);
  const gz = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
  return { path, files: bodies.length, rawKb: +(raw / 1024).toFixed(1), gzipKb: +(gz / 1024).toFixed(1) };
}

for (const r of [await measure("/login", false), await measure("/"), await measure(href)]) {
  console.log(`${r.path.startsWith("/patients") ? "/patients/[patientId]" : r.path}: ${r.files} scripts, ${r.rawKb} KB raw, ${r.gzipKb} KB gzip`);
}
await browser.close();

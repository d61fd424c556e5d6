import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { openPatient, shot } from "../tests/support";

// Started by playwright.cluster.config.ts: nginx on 3220 in front of three instances.
const balancer = "http://localhost:3220";
const instancesFile = path.resolve(import.meta.dirname, "..", "..", ".data", "e2e-cluster", "instances.json");
const header = "x-stepwise-instance";

/** Every change-log event the page's live stream delivered, read from the browser's own EventSource. */
function recordLiveEvents(context: BrowserContext) {
  return context.addInitScript(() => {
    const Native = window.EventSource;
    const ids: number[] = [];
    (window as unknown as { liveEventIds: number[] }).liveEventIds = ids;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener("message", (e: MessageEvent<string>) => {
          const body = JSON.parse(e.data) as { json?: { type?: string; event?: { id: number | string } } };
          if (body.json?.type === "event" && body.json.event) ids.push(Number(body.json.event.id));
        });
      }
    };
  });
}
const liveEventIds = (page: Page) => page.evaluate(() => [...(window as unknown as { liveEventIds: number[] }).liveEventIds]);

/** The instance that answered each live-stream request of a context, in order. */
function streamInstances(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on("response", (res) => {
    if (/\/api\/(live|trpc)\/live\.events/.test(res.url())) seen.push(res.headers()[header] ?? "none");
  });
  return seen;
}

async function call(request: APIRequestContext, procedure: string, input: unknown) {
  const res = await request.post(`${balancer}/api/trpc/${procedure}`, { data: { json: input }, headers: { origin: balancer, "content-type": "application/json" } });
  expect(res.ok(), `${procedure}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.headers()[header]!;
}

async function visibleEventIds(request: APIRequestContext, patientId: string, after: number) {
  const ids: number[] = [];
  let cursor: number | undefined;
  for (;;) {
    const res = await request.get(`${balancer}/api/trpc/timeline.list?input=${encodeURIComponent(JSON.stringify({ json: { patientId, limit: 100, ...(cursor ? { cursor } : {}) } }))}`);
    expect(res.ok()).toBe(true);
    const page = ((await res.json()) as { result: { data: { json: { items: { id: number }[]; nextCursor: number | null } } } }).result.data.json;
    ids.push(...page.items.map((e) => Number(e.id)).filter((id) => id > after));
    if (!page.nextCursor || page.items.some((e) => Number(e.id) <= after)) break;
    cursor = page.nextCursor;
  }
  return ids.sort((a, b) => a - b);
}

test("three instances behind nginx: a session crosses instances, edits cross live, and a killed instance's stream resumes elsewhere with every event once", async ({ browser }) => {
  test.setTimeout(120_000);
  const docContext = await browser.newContext({ baseURL: balancer });
  const ptContext = await browser.newContext({ baseURL: balancer });
  await recordLiveEvents(ptContext);
  const ptStreams = streamInstances(ptContext);
  const doc = await docContext.newPage();
  const pt = await ptContext.newPage();

  // Signed in through one instance, the session holds on another.
  await doc.goto("/login");
  await doc.getByLabel("Email").fill("physician@stepwise.test");
  await doc.getByLabel("Password").fill("stepwise-demo");
  const [signInResponse] = await Promise.all([doc.waitForResponse((r) => r.request().method() === "POST"), doc.getByRole("button", { name: "Sign in" }).click()]);
  await expect(doc.getByRole("button", { name: "Sign out" })).toBeVisible();
  const signedInOn = signInResponse.headers()[header];
  expect(signedInOn, "the balancer passes the instance header").toBeTruthy();
  // Round robin hands out turns per request: a page load that sends as many requests as there are
  // instances would land on the same one every time, so a page that came from the same instance is
  // followed by one more request, which moves the balancer's turn along.
  let continuedOn: string | undefined;
  for (let i = 0; i < 12 && !continuedOn; i++) {
    const res = await doc.goto("/");
    await expect(doc.getByRole("button", { name: "Sign out" })).toBeVisible();
    const on = res?.headers()[header];
    if (on && on !== signedInOn) continuedOn = on;
    else await docContext.request.get(`${balancer}/api/health`);
  }
  expect(continuedOn, `signed in on ${signedInOn}; a later page came from another instance`).toBeTruthy();

  // Two browsers on one plan; the therapist's stream is held by one instance.
  await openPatient(doc, "Hollis");
  await pt.goto("/login");
  await pt.getByLabel("Email").fill("pt@stepwise.test");
  await pt.getByLabel("Password").fill("stepwise-demo");
  await pt.getByRole("button", { name: "Sign in" }).click();
  await expect(pt.getByRole("button", { name: "Sign out" })).toBeVisible();
  await openPatient(pt, "Hollis");
  await expect(pt.getByTestId("presence")).toContainText("Live");
  const patientId = new URL(pt.url()).pathname.split("/")[2]!;
  const start = Math.max(0, ...(await visibleEventIds(ptContext.request, patientId, 0)));
  expect(ptStreams.length).toBeGreaterThan(0);
  const holder = ptStreams.at(-1)!;

  // An edit in the physician's browser appears live in the therapist's, written through another instance than the stream's.
  const stamp = Date.now().toString(36);
  const goals: string[] = [];
  await doc.getByRole("button", { name: "Add goal" }).click();
  const form = doc.getByRole("form", { name: "New goal" });
  goals.push(`Walk to the bus stop ${stamp}`);
  await form.getByRole("textbox", { name: "Goal" }).fill(goals[0]!);
  await form.getByLabel("Measure").fill("minutes walking");
  await form.getByLabel("Target", { exact: true }).fill("10");
  const [created] = await Promise.all([doc.waitForResponse((r) => r.url().includes("goals.create")), form.getByRole("button", { name: "Add goal" }).click()]);
  await expect(pt.getByText(goals[0]!)).toBeVisible({ timeout: 10_000 });
  const writers = [created.headers()[header]];
  const goal = (description: string) => ({ patientId, discipline: "physician", description, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5).toISOString().slice(0, 10) });
  for (let n = 1; n < 10 && writers.every((w) => w === holder); n++) {
    goals.push(`Cross-instance check ${n} ${stamp}`);
    writers.push(await call(docContext.request, "goals.create", goal(goals.at(-1)!)));
    await expect(pt.getByText(goals.at(-1)!)).toBeVisible({ timeout: 10_000 });
    // Each write makes both pages read the plan again: one more request keeps the turn from cycling back.
    await docContext.request.get(`${balancer}/api/health`);
  }
  expect(writers.some((w) => w !== holder), `stream on ${holder}; writes on ${writers.join(", ")}`).toBe(true);
  await shot(pt, "cluster-pt-sees-physician-goal");

  // Kill the instance that holds the therapist's stream; write while the stream is down, then after it resumed.
  const instances = JSON.parse(fs.readFileSync(instancesFile, "utf8")) as { id: string; pid: number }[];
  const victim = instances.find((i) => i.id === holder);
  expect(victim, `${holder} among ${instances.map((i) => i.id).join(", ")}`).toBeTruthy();
  const streamsBefore = ptStreams.length;
  process.kill(victim!.pid, "SIGKILL");
  for (let n = 0; n < 2; n++) {
    goals.push(`While the stream was down ${n} ${stamp}`);
    await call(docContext.request, "goals.create", goal(goals.at(-1)!));
  }
  await expect.poll(() => ptStreams.length, { timeout: 30_000 }).toBeGreaterThan(streamsBefore);
  await expect(pt.getByTestId("presence")).toContainText("Live", { timeout: 30_000 });
  const resumedOn = ptStreams.at(-1)!;
  expect(resumedOn, `the stream left the killed ${holder}`).not.toBe(holder);
  for (let n = 0; n < 2; n++) {
    goals.push(`After the stream resumed ${n} ${stamp}`);
    await call(docContext.request, "goals.create", goal(goals.at(-1)!));
  }
  for (const text of goals) await expect(pt.getByText(text)).toBeVisible({ timeout: 15_000 });

  // Every event the therapist may see arrived exactly once, in order, across the reconnect.
  const visible = await visibleEventIds(ptContext.request, patientId, start);
  expect(visible.length).toBeGreaterThanOrEqual(goals.length);
  await expect.poll(async () => (await liveEventIds(pt)).filter((id) => id > start).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(visible.length);
  const received = (await liveEventIds(pt)).filter((id) => id > start);
  expect(received, `stream on ${holder}, killed, resumed on ${resumedOn}`).toEqual(visible);
  await shot(pt, "cluster-pt-after-failover");
  await docContext.close();
  await ptContext.close();
});

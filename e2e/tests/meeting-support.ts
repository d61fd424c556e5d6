import { expect, type Page } from "@playwright/test";

export const clinicians = {
  physician: "Dr. Maya Okafor",
  physician2: "Dr. Daniel Reyes",
  pt: "Sam Whitfield, DPT",
  psychologist: "Dr. Elena Brooks, PsyD",
  coordinator: "Jordan Kim, RN",
} as const;

/** The value a datetime-local field takes: wall-clock time in the browser's zone (the runner's). */
export function wallClock(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

export const SOON = 20;
export const TOMORROW = 24 * 60 * 60;

const byName = (name: string) => new RegExp(name.replace(/[.,]/g, "."));

/**
 * Schedules from the meetings page and lands in the new meeting's room. A meeting is scheduled in
 * the future only, so one the journey runs starts SOON seconds ahead: `started` waits for it.
 */
export async function scheduleMeeting(page: Page, title: string, startsInSeconds: number, attendees: readonly string[]) {
  const start = new Date(Date.now() + startsInSeconds * 1000);
  await page.goto("/meetings");
  const form = page.getByRole("form", { name: "Schedule a meeting" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("When").fill(wallClock(start));
  for (const name of attendees) await form.getByLabel(byName(name)).check();
  await form.getByRole("button", { name: "Schedule" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  return {
    url: page.url(),
    started: async () => {
      const wait = start.getTime() + 1000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
    },
  };
}

/** Adds a flagged patient from the proposals, paging with "Show more" until they appear. */
export async function addFromProposals(page: Page, patient: RegExp) {
  const proposals = page.getByTestId("proposals");
  const add = proposals.getByRole("button", { name: new RegExp(`^Add .*${patient.source}`, patient.flags) });
  await expect(proposals.locator("li").first()).toBeVisible();
  while (!(await add.isVisible())) {
    const more = page.getByRole("button", { name: "Show more" });
    const count = await proposals.locator("li").count();
    await more.click();
    await expect(proposals.locator("li")).not.toHaveCount(count);
  }
  await add.click();
  await expect(page.getByTestId("agenda").getByRole("button", { name: patient })).toBeVisible();
}

export async function openCase(page: Page, patient: RegExp) {
  await page.getByTestId("agenda").getByRole("button", { name: patient }).click();
  await expect(page.getByTestId("case-view").getByText(/Changes since/)).toBeVisible();
  return page.getByTestId("case-view");
}

/** The box shows what the server stored, so it turns checked once the chair's mark is saved. */
export const markPresent = async (page: Page, name: string) => {
  const box = page.getByTestId("attendance").getByLabel(`${name} present`);
  await box.click();
  await expect(box).toBeChecked();
};

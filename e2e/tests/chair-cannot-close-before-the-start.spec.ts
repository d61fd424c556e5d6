import { expect, test } from "@playwright/test";
import { clinicians, scheduleMeeting, TOMORROW } from "./meeting-support";
import { asRole, closeRoleContexts, shot } from "./support";

test.afterEach(closeRoleContexts);

test("a meeting scheduled for tomorrow cannot be closed today", async ({ browser }) => {
  const page = await asRole(browser, "coordinator");
  await scheduleMeeting(page, `Tomorrow's review ${Date.now().toString(36)}`, TOMORROW, [clinicians.physician, clinicians.pt]);
  const close = page.getByRole("form", { name: "Close the meeting" });
  const button = close.getByRole("button", { name: "Close and write the minutes" });
  await expect(button).toBeDisabled();
  await expect(close.getByText(/closes after its scheduled start/)).toBeVisible();
  await expect(button).toHaveAccessibleDescription(/closes after its scheduled start/);
  await shot(page, "meeting-close-refused-before-start");
  await page.context().close();
});

import { expect, test } from "@playwright/test";
import { clinicians, markPresent, scheduleMeeting, SOON } from "./meeting-support";
import { asRole, closeRoleContexts, shot } from "./support";

test.afterEach(closeRoleContexts);

test.setTimeout(120_000);

test("the chair marks who is present and each attendee signs off for themselves, from the room or from their home", async ({ browser }) => {
  const title = `Sign-off round ${Date.now().toString(36)}`;
  const chair = await asRole(browser, "coordinator");
  const meeting = await scheduleMeeting(chair, title, SOON, [clinicians.physician, clinicians.pt, clinicians.psychologist]);

  // Nobody starts ticked: quorum is not met until the chair marks the room.
  const attendance = chair.getByTestId("attendance");
  for (const name of [clinicians.physician, clinicians.pt, clinicians.psychologist]) await expect(attendance.getByLabel(`${name} present`)).not.toBeChecked();
  await expect(chair.getByTestId("quorum")).toContainText("Quorum not met");
  // Signing off waits for the start; the chair marks the room once it has begun.
  await meeting.started();
  for (const name of [clinicians.physician, clinicians.pt, clinicians.psychologist]) await markPresent(chair, name);
  await expect(chair.getByTestId("quorum")).toContainText("Quorum met");
  await expect(chair.getByTestId("quorum")).toContainText("physician ✓");

  // The physician and the psychologist sign in the room; the physical therapist from their home.
  for (const role of ["physician", "psychologist"] as const) {
    const page = await asRole(browser, role);
    await page.goto(meeting.url);
    await page.getByRole("button", { name: "Sign off this meeting" }).click();
    await expect(page.getByRole("button", { name: "Sign off this meeting" })).toHaveCount(0);
    if (role === "physician") await shot(page, "meeting-attendee-signed-off");
    await page.context().close();
  }
  const pt = await asRole(browser, "pt");
  const toSign = pt.getByTestId("meetings-to-sign");
  await expect(toSign).toContainText(title);
  await shot(pt, "pt-home-meetings-to-sign");
  await toSign.getByRole("button", { name: `Sign off ${title}` }).click();
  await expect(pt.getByRole("button", { name: `Sign off ${title}` })).toHaveCount(0);
  await pt.context().close();

  // The chair sees each signature arrive, and signs nothing for anyone.
  for (const name of [clinicians.physician, clinicians.pt, clinicians.psychologist]) {
    await expect(attendance.getByRole("row").filter({ hasText: name })).toContainText(/\d{2}:\d{2}/);
  }
  await shot(chair, "meeting-attendance-and-sign-off");
  await chair.getByRole("form", { name: "Close the meeting" }).getByRole("button", { name: "Close and write the minutes" }).click();
  await chair.getByRole("link", { name: "Minutes" }).click();
  const signed = chair.getByTestId("minutes-sign-offs");
  for (const name of [clinicians.physician, clinicians.pt, clinicians.psychologist]) await expect(signed.getByRole("row").filter({ hasText: name })).toContainText(/\d{2}:\d{2}/);
  await shot(chair, "meeting-minutes-sign-offs");
  await chair.context().close();
});

import { test as setup } from "@playwright/test";
import { roles, saveSignIn, signInAs, type Role } from "./support";

// Each role signs in through the form once per run; the journeys reuse its cookies (asRole).
for (const role of Object.keys(roles) as Role[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signInAs(page, roles[role]);
    await saveSignIn(page, role);
  });
}

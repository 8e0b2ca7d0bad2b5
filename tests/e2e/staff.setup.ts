// Signs each demo account in once through the real pages (password, then TOTP) and keeps the
// session for the run's other tests (staff.ts `signIn`).
import { test } from '@playwright/test'
import { DEMO_EMAILS, sessionFile, signInWithPassword, type DemoRole } from './staff.ts'

for (const role of Object.keys(DEMO_EMAILS) as DemoRole[]) {
  test(`sign in as the demo ${role}`, async ({ page }) => {
    // The run's only full sign-ins (password hashing, then TOTP), all four at the start while the
    // server is still warming up: they get the slow budget so a loaded machine cannot fail them.
    test.slow()
    await signInWithPassword(page, role)
    await page.context().storageState({ path: sessionFile(role) })
  })
}

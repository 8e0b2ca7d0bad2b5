import type { Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  waitForMail,
} from './fixtures.ts'
import { signIn, signInWithPassword, totpCode } from './staff.ts'

async function fillLogin(page: Page, email: string, password: string) {
  await page.goto('/admin/login')
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).first().click()
  await expect(page.getByText('You are signed out.')).toBeVisible()
}

/**
 * Tests that create an account and sign it in hash a password with argon2 (memory-hard, by
 * design) three or four times, each a second or more of CPU; on a busy 2-core machine the
 * default 30 s was not enough for the ones that also enrol in TOTP or reset a password.
 */
function accountLifecycle() {
  test.slow()
}

/** An administrator creates an account through the staff pages; answers its temporary password. */
async function createAccount(page: Page, email: string, role: string): Promise<string> {
  await page.goto('/admin/staff/new')
  await page.getByLabel('Name').fill('Test Person')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel(new RegExp(`^${role}`)).check()
  await page.getByRole('button', { name: 'Create account' }).click()
  const password = page.getByTestId('temporary-password')
  await expect(password).toBeVisible()
  return (await password.textContent()) as string
}

test('a signed-out visitor to /admin is sent to sign-in, which has no serious a11y problems', async ({
  page,
}) => {
  const response = await page.goto('/admin/staff')
  await expect(page).toHaveURL(/\/admin\/login\?redirectTo=%2Fadmin%2Fstaff$/)
  expect(response?.headers()['cache-control']).toBe('no-store')
  await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible()
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/)
  await expectNoSeriousA11yViolations(page)
})

test('a wrong password gets the same answer as an unknown email', async ({ page }) => {
  await fillLogin(page, 'admin@lantern.test', 'not the demo password')
  const message = 'That email and password do not match an active staff account.'
  await expect(page.getByRole('alert')).toHaveText(message)
  await fillLogin(page, uniqueEmail('nobody'), 'not the demo password')
  await expect(page.getByRole('alert')).toHaveText(message)
})

test('the demo ADMIN signs in with password and TOTP and sees the admin landing', async ({
  page,
}) => {
  await signInWithPassword(page, 'ADMIN', '/admin/audit')
  await expect(page).toHaveURL(/\/admin\/audit$/)
  await page.goto('/admin')
  await expect(page.getByRole('heading', { name: 'Welcome, Demo Admin' })).toBeVisible()
  const nav = page.getByRole('navigation', { name: 'Staff' })
  for (const link of ['Campaigns', 'Moderation', 'Staff', 'Audit log', 'Account security'])
    await expect(nav.getByRole('link', { name: link, exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page)
})

test.describe('administrator pages have no serious a11y problems', () => {
  for (const [path, heading] of [
    ['/admin/staff', 'Staff accounts'],
    // The audit log shows one page of 50 entries at most, however long the run has been.
    ['/admin/audit?actor=admin%40lantern.test', 'Audit log'],
    ['/admin/account', 'Account security'],
    ['/admin/staff/new', 'New staff account'],
  ] as const) {
    test(path, async ({ page }) => {
      await signIn(page, 'ADMIN', path)
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
      await expectNoSeriousA11yViolations(page)
    })
  }
})

/** A new FINANCE account, created by the demo ADMIN and enrolled in TOTP by its person. */
/** On the enrolment page a sign-in leads to: turns TOTP on and continues. */
async function enrolOnSetupPage(person: Page) {
  await expect(person.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible()
  const secret = ((await person.getByTestId('totp-secret').textContent()) as string).replace(
    /\s/g,
    '',
  )
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await person.getByLabel('Code from the app').fill(totpCode(secret))
  await person.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
  const codes = person.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
  await expect(codes).toHaveCount(10)
  const recoveryCode = (await codes.first().textContent()) as string
  await person.getByRole('link', { name: /continue/ }).click()
  return { secret, recoveryCode }
}

async function enrolledFinanceUser(page: Page, person: Page) {
  await signIn(page, 'ADMIN')
  const email = uniqueEmail('finance')
  const password = await createAccount(page, email, 'Finance')
  await fillLogin(person, email, password)
  const { secret, recoveryCode } = await enrolOnSetupPage(person)
  const own = await chooseOwnPassword(person, password)
  await expect(person.getByRole('heading', { name: 'Welcome, Test Person' })).toBeVisible()
  return { email, password: own, secret, recoveryCode }
}

/** The first sign-in with a password an administrator set: the person chooses their own. */
async function chooseOwnPassword(person: Page, temporary: string): Promise<string> {
  const own = 'my own password for testing'
  await expect(person.getByRole('heading', { name: 'Choose your password' })).toBeVisible()
  await person.getByLabel('Temporary password').fill(temporary)
  await person.getByLabel('New password', { exact: true }).fill(own)
  await person.getByLabel('New password again').fill(own)
  await person.getByRole('button', { name: 'Save and continue' }).click()
  return own
}

async function signInWithCode(person: Page, email: string, password: string, code: string) {
  await fillLogin(person, email, password)
  await person.getByLabel('Code or recovery code').fill(code)
  await person.getByRole('button', { name: 'Continue' }).click()
}

test('a new FINANCE user enrols in TOTP and signs in again with a code', async ({
  page,
  browser,
}) => {
  accountLifecycle()
  const context = await browser.newContext()
  const person = await context.newPage()
  const { email, password, secret } = await enrolledFinanceUser(page, person)
  // FINANCE does not see the administrators' links.
  await expect(person.getByRole('link', { name: 'Audit log' })).toHaveCount(0)

  // The next step's code: this step's was used for enrolment.
  await signOut(person)
  await signInWithCode(person, email, password, totpCode(secret, Date.now() + 30_000))
  await expect(person.getByRole('heading', { name: 'Welcome, Test Person' })).toBeVisible()
  await context.close()
})

test('a recovery code signs a new FINANCE user in once, and only once', async ({
  page,
  browser,
}) => {
  accountLifecycle()
  const context = await browser.newContext()
  const person = await context.newPage()
  const { email, password, recoveryCode } = await enrolledFinanceUser(page, person)
  await signOut(person)
  await signInWithCode(person, email, password, recoveryCode)
  await expect(person.getByRole('heading', { name: 'Welcome, Test Person' })).toBeVisible()

  await signOut(person)
  await signInWithCode(person, email, password, recoveryCode)
  await expect(person.getByText(/That code is not right, or it was already used/)).toBeVisible()
  await expect(person).toHaveURL(/\/admin\/2fa/)
  await context.close()
})

test('password reset by the emailed link: single use, then sign-in with the new password', async ({
  page,
  browser,
}) => {
  accountLifecycle()
  await signIn(page, 'ADMIN')
  const email = uniqueEmail('manager')
  await createAccount(page, email, 'Campaign manager')

  const context = await browser.newContext()
  const person = await context.newPage()
  await person.goto('/admin/forgot-password')
  await person.getByLabel('Email').fill(email)
  await person.getByRole('button', { name: 'Email me a link' }).click()
  await expect(person.getByRole('status')).toContainText(
    'If that address belongs to a staff account',
  )

  const mail = await waitForMail(email)
  const link = /https?:\/\/[^\s"]+\/admin\/reset-password\?token=[A-Za-z0-9_-]+/.exec(
    mail.text ?? '',
  )?.[0]
  expect(link).toBeTruthy()
  const resetPath = new URL(link as string).pathname + new URL(link as string).search
  await person.goto(resetPath)
  await person.getByLabel('New password', { exact: true }).fill('a fresh password for testing')
  await person.getByLabel('New password again').fill('a fresh password for testing')
  await person.getByRole('button', { name: 'Set new password' }).click()
  await expect(
    person.getByText('Your password was changed. Sign in with the new one.'),
  ).toBeVisible()

  await person.goto(resetPath)
  await expect(person.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()

  // Every staff role has a second factor: the first sign-in enrols, and the password the person
  // chose by the link is their own (no change asked).
  await fillLogin(person, email, 'a fresh password for testing')
  await enrolOnSetupPage(person)
  await expect(person.getByRole('heading', { name: 'Welcome, Test Person' })).toBeVisible()
  await context.close()
})

test('a temporary password must be changed before any other staff page opens', async ({
  page,
  browser,
}) => {
  accountLifecycle()
  await signIn(page, 'ADMIN')
  const email = uniqueEmail('manager')
  const temporary = await createAccount(page, email, 'Campaign manager')
  const context = await browser.newContext()
  const person = await context.newPage()
  await person.goto('/admin/login?redirectTo=%2Fadmin%2Faccount')
  await person.getByLabel('Email').fill(email)
  await person.getByLabel('Password').fill(temporary)
  await person.getByRole('button', { name: 'Sign in' }).click()
  // The second factor first (a session is complete only with it), then the password.
  await enrolOnSetupPage(person)
  await expect(person).toHaveURL(/\/admin\/change-password\?redirectTo=%2Fadmin%2Faccount$/)
  // Every other page sends the person back here.
  await person.goto('/admin/campaigns')
  await expect(person.getByRole('heading', { name: 'Choose your password' })).toBeVisible()
  await expectNoSeriousA11yViolations(person)
  // Saved: on to the page that was asked for, and every page opens.
  await chooseOwnPassword(person, temporary)
  await expect(person).toHaveURL(/\/admin\/campaigns$/)
  await person.goto('/admin/account')
  await expect(person.getByRole('heading', { name: 'Account security' })).toBeVisible()
  await context.close()
})

test('FINANCE cannot open the staff accounts page', async ({ page }) => {
  await signIn(page, 'FINANCE')
  const response = await page.goto('/admin/staff')
  expect(response?.status()).toBe(403)
  await expect(
    page.getByRole('heading', { name: 'You do not have access to this page' }),
  ).toBeVisible()
})

test('a cross-site POST to /admin/logout is refused', async ({ page }) => {
  await signIn(page, 'CAMPAIGN_MANAGER')
  const response = await page.request.post('/admin/logout', {
    headers: { Origin: 'https://evil.example' },
    form: { everywhere: '1' },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(403)
  // Still signed in.
  await page.goto('/admin')
  await expect(page.getByRole('heading', { name: 'Welcome, Demo Campaign Manager' })).toBeVisible()
})

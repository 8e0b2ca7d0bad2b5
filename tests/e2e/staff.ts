/** Staff sign-in helpers for browser tests, using the seeded demo accounts (README). */
import { closeSync, mkdirSync, openSync } from 'node:fs'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { DEMO_STAFF_PASSWORD, DEMO_TOTP_SECRET } from '#app/modules/staff/demo-staff.server.ts'
import { base32Decode, hotp, totpStep } from '#app/modules/staff/totp.server.ts'

export const DEMO_EMAILS = {
  ADMIN: 'admin@lantern.test',
  CAMPAIGN_MANAGER: 'manager@lantern.test',
  FINANCE: 'finance@lantern.test',
} as const

/** The TOTP code of a base32 secret at a time (default now), as an authenticator app shows it. */
export function totpCode(secretBase32: string, at: number = Date.now()): string {
  return hotp(base32Decode(secretBase32), totpStep(at))
}

/**
 * Claims one TOTP step of an account for this test. A code is accepted once per 30-second step,
 * and parallel workers sign in as the same demo accounts: an exclusive file per step, in the
 * e2e data folder that every server start wipes, hands each step to one worker only.
 */
function claimStep(account: string, step: number): boolean {
  const dir = path.resolve(process.env.E2E_TOTP_CLAIMS_DIR ?? '.data/e2e/totp-claims')
  mkdirSync(dir, { recursive: true })
  try {
    closeSync(openSync(path.join(dir, `${account}-${step}`), 'wx'))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/**
 * A code for this account that no other test has used: this step's, the next one's, or (early in
 * a step) the previous one's, as the server accepts one step of drift either way. When all three
 * are taken, waits for the next step, giving the test that much more time.
 */
export async function freshTotpCode(secretBase32: string, account: string): Promise<string> {
  for (;;) {
    const now = totpStep()
    const earlyInStep = Date.now() - now * 30_000 < 15_000
    for (const step of earlyInStep ? [now, now + 1, now - 1] : [now, now + 1]) {
      if (claimStep(account, step)) return hotp(base32Decode(secretBase32), step)
    }
    const waitMs = (now + 1) * 30_000 - Date.now() + 50
    test.info().setTimeout(test.info().timeout + waitMs)
    await new Promise((resolve) => setTimeout(resolve, waitMs))
  }
}

/** Signs in through the real pages as a demo account, including the TOTP step. */
export async function signIn(page: Page, role: keyof typeof DEMO_EMAILS, redirectTo = '/admin') {
  await page.goto(`/admin/login?redirectTo=${encodeURIComponent(redirectTo)}`)
  await page.getByLabel('Email').fill(DEMO_EMAILS[role])
  await page.getByLabel('Password').fill(DEMO_STAFF_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  if (role !== 'CAMPAIGN_MANAGER') {
    await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible()
    await page.getByLabel('Code or recovery code').fill(await freshTotpCode(DEMO_TOTP_SECRET, role))
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await expect(page.getByRole('link', { name: 'Lantern staff' })).toBeVisible()
  await expect(page).not.toHaveURL(/\/admin\/(login|2fa)/)
}

/** Staff sign-in helpers for browser tests, using the seeded demo accounts (README). */
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, type Page } from '@playwright/test'
import { DEMO_STAFF_PASSWORD, DEMO_TOTP_SECRET } from '#app/modules/staff/demo-staff.server.ts'
import { base32Decode, hotp, totpStep } from '#app/modules/staff/totp.server.ts'

export const DEMO_EMAILS = {
  ADMIN: 'admin@lantern.test',
  CAMPAIGN_MANAGER: 'manager@lantern.test',
  FINANCE: 'finance@lantern.test',
} as const

export type DemoRole = keyof typeof DEMO_EMAILS

/** The TOTP code of a base32 secret at a time (default now), as an authenticator app shows it. */
export function totpCode(secretBase32: string, at: number = Date.now()): string {
  return hotp(base32Decode(secretBase32), totpStep(at))
}

/**
 * Claims one TOTP step of an account for this test. A code is accepted once per 30-second step,
 * and parallel workers may sign in as the same demo account: an exclusive file per step, in the
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
 * a step) the previous one's, as the server accepts one step of drift either way. Never waits
 * for the clock: tests that only need a signed-in page use `signIn` (a stored session), so a
 * demo account signs in through its code at most twice a run.
 */
export function freshTotpCode(secretBase32: string, account: string): string {
  const now = totpStep()
  const earlyInStep = Date.now() - now * 30_000 < 15_000
  for (const step of earlyInStep ? [now, now + 1, now - 1] : [now, now + 1]) {
    if (claimStep(account, step)) return hotp(base32Decode(secretBase32), step)
  }
  throw new Error(
    `every usable TOTP step of ${account} is taken: sign in with signIn() (a stored session)`,
  )
}

/** Signs in through the real pages as a demo account, including the TOTP step. */
export async function signInWithPassword(page: Page, role: DemoRole, redirectTo = '/admin') {
  await page.goto(`/admin/login?redirectTo=${encodeURIComponent(redirectTo)}`)
  await page.getByLabel('Email').fill(DEMO_EMAILS[role])
  await page.getByLabel('Password').fill(DEMO_STAFF_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible()
  await page.getByLabel('Code or recovery code').fill(freshTotpCode(DEMO_TOTP_SECRET, role))
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('link', { name: 'Lantern staff' })).toBeVisible()
  await expect(page).not.toHaveURL(/\/admin\/(login|2fa)/)
}

/** Where staff.setup.ts keeps each demo account's signed-in browser state for this run. */
export function sessionFile(role: DemoRole): string {
  return path.resolve('test-results', 'staff-sessions', `${role}.json`)
}

/**
 * Opens `redirectTo` signed in as a demo account, with the session staff.setup.ts created
 * through the real sign-in pages once per run. Signing in again in every test cost each one a
 * password hash and a TOTP step (one code per 30 s per account: tests queued for the clock).
 */
export async function signIn(page: Page, role: DemoRole, redirectTo = '/admin') {
  const state = JSON.parse(readFileSync(sessionFile(role), 'utf8')) as {
    cookies: Parameters<ReturnType<Page['context']>['addCookies']>[0]
  }
  await page.context().addCookies(state.cookies)
  await page.goto(redirectTo)
  await expect(page.getByRole('link', { name: 'Lantern staff' })).toBeVisible()
  await expect(page).not.toHaveURL(/\/admin\/(login|2fa)/)
}

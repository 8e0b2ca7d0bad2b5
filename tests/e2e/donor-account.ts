/** Browser helpers for the donor's giving account: sign in through the real email link. */
import type { Page } from '@playwright/test'
import { expect, waitForMail } from './fixtures.ts'

export const SIGN_IN_SUBJECT = 'Your link to sign in to Lantern'

/** The first http(s) link in a text that goes to `path` (with its query). */
export function linkTo(text: string | null, path: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const match = new RegExp(`https?://[^\\s"<>]+${escaped}\\?token=[^\\s"<>]+`).exec(text ?? '')
  if (!match) throw new Error(`no link to ${path} in the email`)
  return match[0]
}

/**
 * Signs in as a donor who has given with `email`: asks for a link on /account/sign-in, reads
 * the email the app sent over SMTP and follows its link, ending on /account.
 */
export async function signInDonorByEmail(page: Page, email: string) {
  await page.goto('/account/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await expect(page.getByRole('status')).toContainText('a sign-in link is on its way')
  const mail = await waitForMail(email, 20_000, (m) => m.subject === SIGN_IN_SUBJECT)
  const link = linkTo(mail.text, '/account/link')
  await page.goto(link)
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My giving')
  return link
}

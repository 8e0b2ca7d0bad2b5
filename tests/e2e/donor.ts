/** What a donor does in the browser: fill in the donate form, pay on the hosted Checkout page. */
import type { Page } from '@playwright/test'
import { expect } from './fixtures.ts'

export type Card = { number: string }
export const CARDS = {
  ok: { number: '4242 4242 4242 4242' },
  declined: { number: '4000 0000 0000 0002' },
  threeDS: { number: '4000 0027 6000 3184' },
} satisfies Record<string, Card>

/** The raised amount and donor count shown on a page, as integers. */
export async function progressOf(page: Page) {
  const raisedText = (await page.locator('.progress__raised').first().textContent()) ?? ''
  const donorsText =
    (await page.locator('.progress__facts li', { hasText: /donor/ }).first().textContent()) ?? ''
  return {
    raised: Number(raisedText.replace(/[^\d]/g, '')),
    donors: Number(donorsText.replace(/[^\d]/g, '')),
  }
}

export async function fillDonateForm(
  page: Page,
  options: { amountLabel?: RegExp; email: string; monthly?: boolean },
) {
  if (options.amountLabel) await page.getByRole('radio', { name: options.amountLabel }).check()
  if (options.monthly) await page.getByRole('radio', { name: 'Monthly' }).check()
  await page.getByLabel('Email (for your receipt)').fill(options.email)
  await page.getByRole('button', { name: /^Donate/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^(Donate|Subscribe)/)
}

export async function payByCard(page: Page, card: Card) {
  await page.getByLabel('Card number').fill(card.number)
  await page.getByLabel('Expiry date (MM / YY)').fill('12 / 34')
  await page.getByLabel('Security code (CVC)').fill('123')
  await page.getByRole('button', { name: /^(Donate|Subscribe|Pay)/ }).click()
}

/** A one-time card gift from start to thank-you page. */
export async function giveOnce(
  page: Page,
  options: { slug: string; email: string; amountLabel?: RegExp },
) {
  await page.goto(`/campaigns/${options.slug}`)
  await fillDonateForm(page, { email: options.email, amountLabel: options.amountLabel })
  await payByCard(page, CARDS.ok)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
}

/**
 * Emails one MonthlyGiftNotice to its donor (the `monthly-gift-notice` job). Idempotent for
 * retried jobs: a notice with `sentAt` is not sent again. Every link points at the donor's
 * monthly-gift page under APP_URL, where they sign in and act; no amount is ever demanded
 * beyond one plain reminder per failed payment.
 */
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import type { NoticeKind } from './monthly-notices.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { monthlyGiftPath } from './recurring.server.ts'

type Details = Record<string, string | number | null>

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

function day(value: unknown): string {
  return typeof value === 'string' ? DATE.format(new Date(value)) : 'the next date'
}

function money(details: Details, key: string, fallbackCurrency: string): string {
  const amount = details[key]
  const currency = typeof details.currency === 'string' ? details.currency : fallbackCurrency
  return typeof amount === 'number' ? formatMoney(amount, currency) : ''
}

export type NoticeEmail = { subject: string; lines: string[]; action: string }

/** Subject and plain sentences for each kind of notice. */
export function renderNotice(
  kind: NoticeKind,
  details: Details,
  gift: { campaignTitle: string; currency: string },
): NoticeEmail {
  const title = gift.campaignTitle
  const manage = 'See or change your gift'
  switch (kind) {
    case 'amount_changed':
      return {
        subject: 'Your recurring gift amount has changed',
        lines: [
          `Your gift to ${title} is now ${money(details, 'toMinor', gift.currency)}, from the next payment on. Nothing extra is charged today.`,
        ],
        action: manage,
      }
    case 'switched_annual':
      return {
        subject: 'Your gift is now given once a year',
        lines: [
          `Your gift to ${title} is now ${money(details, 'toMinor', gift.currency)} a year. The first yearly payment is on ${day(details.firstChargeOn)}; until then nothing more is charged.`,
        ],
        action: manage,
      }
    case 'date_moved':
      return {
        subject: 'Your next payment date has moved',
        lines: [`Your next gift to ${title} will be taken on ${day(details.to)}.`],
        action: manage,
      }
    case 'paused':
      return {
        subject: 'Your recurring gift is paused',
        lines: [
          `No payment will be taken for your gift to ${title} until ${day(details.resumesAt)}. After that it continues as before.`,
        ],
        action: manage,
      }
    case 'resumed':
      return {
        subject: 'Your recurring gift continues',
        lines: [`Your gift to ${title} is no longer paused and continues as before.`],
        action: manage,
      }
    case 'card_updated':
      return {
        subject: 'Your card for your recurring gift has been updated',
        lines: [
          `Your gift to ${title} will be paid with your ${details.card ?? 'new card'} from now on.`,
        ],
        action: manage,
      }
    case 'canceled':
      return {
        subject: 'Your recurring gift has stopped',
        lines: [
          `As you asked, your gift to ${title} has stopped and no further payments will be taken.`,
          'Thank you for everything you have given. You are welcome back at any time.',
        ],
        action: 'See your giving',
      }
    case 'payment_failed':
      return {
        subject: 'Your recurring gift payment did not go through',
        lines: [
          `Your bank declined the latest payment of ${money(details, 'amountMinor', gift.currency)} for your gift to ${title}.`,
          `We will try again on ${day(details.nextAttemptAt)}. If your card has changed, you can update it on your gift's page.`,
        ],
        action: 'Update your card',
      }
    case 'gave_up':
      return {
        subject: 'Your recurring gift has stopped after failed payments',
        lines: [
          `We could not take the last payments for your gift to ${title}, so the gift has stopped. Nothing more will be tried.`,
          'If you would like to continue, you can start a new gift at any time. Thank you for your support.',
        ],
        action: 'See your giving',
      }
  }
}

function appUrl(): string {
  const env = getEnv()
  return env.APP_URL ?? `http://localhost:${env.PORT}`
}

export async function sendMonthlyGiftNotice(noticeId: string): Promise<{ sent: boolean }> {
  const notice = await prisma.monthlyGiftNotice.findUnique({
    where: { id: noticeId },
    include: {
      pledge: {
        select: {
          id: true,
          currency: true,
          donor: { select: { email: true, name: true } },
          campaign: { select: { title: true } },
        },
      },
    },
  })
  if (!notice || notice.sentAt) return { sent: false }
  const { pledge } = notice
  const email = renderNotice(notice.kind as NoticeKind, notice.details as Details, {
    campaignTitle: pledge.campaign.title,
    currency: pledge.currency,
  })
  const link = `${appUrl()}${monthlyGiftPath(pledge.id)}`
  const greeting = pledge.donor.name ? `Dear ${pledge.donor.name},` : 'Hello,'
  const text = [greeting, '', ...email.lines, '', `${email.action}: ${link}`, '', 'Lantern'].join(
    '\n',
  )
  const html = `<p>${escapeHtml(greeting)}</p>${email.lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}<p><a href="${escapeHtml(link)}">${escapeHtml(email.action)}</a></p><p>Lantern</p>`
  await sendEmail({ to: pledge.donor.email, subject: email.subject, text, html })
  await prisma.monthlyGiftNotice.update({ where: { id: notice.id }, data: { sentAt: new Date() } })
  return { sent: true }
}

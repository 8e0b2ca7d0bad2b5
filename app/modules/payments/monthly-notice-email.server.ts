/**
 * Emails one MonthlyGiftNotice to its donor (the `monthly-gift-notice` job). Idempotent for
 * retried jobs: a notice with `sentAt` is not sent again. Every link points at the donor's
 * monthly-gift page under APP_URL, where they sign in and act; no amount is ever demanded
 * beyond one plain reminder per failed payment.
 */
import { donorText, type DonorText } from '#app/i18n/donor-text.server.ts'
import { escapeHtml } from '#app/modules/email/html.ts'
import { isErasedEmail } from '#app/modules/email/erased-address.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import type { NoticeKind } from './monthly-notices.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { monthlyGiftPath } from './recurring.server.ts'

type Details = Record<string, string | number | null>

export type NoticeEmail = { subject: string; lines: string[]; action: string }

/** Subject and plain sentences for each kind of notice, in the language the donor gave in. */
export function renderNotice(
  kind: NoticeKind,
  details: Details,
  gift: { campaignTitle: string; currency: string },
  text: DonorText = donorText(null),
): NoticeEmail {
  const { t } = text
  const campaign = gift.campaignTitle
  const day = (value: unknown) =>
    typeof value === 'string' ? text.date(new Date(value)) : t('email.notice.nextDate')
  const money = (key: string) => {
    const amount = details[key]
    const currency = typeof details.currency === 'string' ? details.currency : gift.currency
    return typeof amount === 'number' ? text.money(amount, currency) : ''
  }
  const manage = t('email.notice.manage')
  switch (kind) {
    case 'amount_changed':
      return {
        subject: t('email.notice.amountChanged.subject'),
        lines: [t('email.notice.amountChanged.body', { campaign, amount: money('toMinor') })],
        action: manage,
      }
    case 'switched_annual':
      return {
        subject: t('email.notice.switchedAnnual.subject'),
        lines: [
          t('email.notice.switchedAnnual.body', {
            campaign,
            amount: money('toMinor'),
            date: day(details.firstChargeOn),
          }),
        ],
        action: manage,
      }
    case 'date_moved':
      return {
        subject: t('email.notice.dateMoved.subject'),
        lines: [t('email.notice.dateMoved.body', { campaign, date: day(details.to) })],
        action: manage,
      }
    case 'paused':
      return {
        subject: t('email.notice.paused.subject'),
        lines: [t('email.notice.paused.body', { campaign, date: day(details.resumesAt) })],
        action: manage,
      }
    case 'resumed':
      return {
        subject: t('email.notice.resumed.subject'),
        lines: [t('email.notice.resumed.body', { campaign })],
        action: manage,
      }
    case 'card_updated':
      return {
        subject: t('email.notice.cardUpdated.subject'),
        lines: [
          t('email.notice.cardUpdated.body', {
            campaign,
            card: details.card ?? t('email.notice.newCard'),
          }),
        ],
        action: manage,
      }
    case 'canceled':
      return {
        subject: t('email.notice.canceled.subject'),
        lines: [t('email.notice.canceled.body', { campaign }), t('email.notice.canceled.thanks')],
        action: t('email.notice.seeGiving'),
      }
    case 'payment_failed':
      return {
        subject: t('email.notice.paymentFailed.subject'),
        lines: [
          t('email.notice.paymentFailed.body', { campaign, amount: money('amountMinor') }),
          t('email.notice.paymentFailed.retry', { date: day(details.nextAttemptAt) }),
        ],
        action: t('email.notice.updateCard'),
      }
    case 'gave_up':
      return {
        subject: t('email.notice.gaveUp.subject'),
        lines: [t('email.notice.gaveUp.body', { campaign }), t('email.notice.gaveUp.restart')],
        action: t('email.notice.seeGiving'),
      }
  }
}

export async function sendMonthlyGiftNotice(noticeId: string): Promise<{ sent: boolean }> {
  const notice = await prisma.monthlyGiftNotice.findUnique({
    where: { id: noticeId },
    include: {
      pledge: {
        select: {
          id: true,
          currency: true,
          locale: true,
          donor: { select: { email: true, name: true } },
          campaign: { select: { title: true } },
        },
      },
    },
  })
  if (!notice || notice.sentAt) return { sent: false }
  // An erased donor has no address any more (docs/decisions/0026).
  if (isErasedEmail(notice.pledge.donor.email)) return { sent: false }
  const { pledge } = notice
  const words = donorText(pledge.locale)
  const email = renderNotice(
    notice.kind as NoticeKind,
    notice.details as Details,
    { campaignTitle: pledge.campaign.title, currency: pledge.currency },
    words,
  )
  const link = words.url(monthlyGiftPath(pledge.id))
  const greeting = pledge.donor.name
    ? words.t('email.greeting', { name: pledge.donor.name })
    : words.t('email.hello')
  const signature = words.t('email.signature')
  const text = [greeting, '', ...email.lines, '', `${email.action}: ${link}`, '', signature].join(
    '\n',
  )
  const html = `<div lang="${escapeHtml(words.locale)}"><p>${escapeHtml(greeting)}</p>${email.lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join(
      '',
    )}<p><a href="${escapeHtml(link)}">${escapeHtml(email.action)}</a></p><p>${escapeHtml(signature)}</p></div>`
  await sendEmail({ to: pledge.donor.email, subject: email.subject, text, html })
  await prisma.monthlyGiftNotice.update({ where: { id: notice.id }, data: { sentAt: new Date() } })
  return { sent: true }
}

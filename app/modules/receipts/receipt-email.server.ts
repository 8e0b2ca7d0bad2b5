/**
 * The receipt email for one gift. Sending is idempotent for retried jobs: `emailedAt` is set
 * only after the mail server accepted the message, and a receipt with `emailedAt` is not sent
 * again. One sender at a time: a sender first claims the receipt (`emailClaimedAt`, one short
 * statement), and no database transaction is open while the mail server is talked to.
 *
 * What this cannot promise: a process that dies after the mail server accepted the message and
 * before `emailedAt` is written leaves the receipt unsent in our records, so it is sent again
 * (by the job's retry or the owed-receipts sweep) once the claim has lapsed. The donor may then
 * get the same receipt twice; it carries the same receipt number, so the duplicate is
 * recognisable and no second receipt exists.
 */
import type { Dedication, Frequency } from '#app/generated/prisma/enums.ts'
import type { FundCode } from '#app/modules/campaigns/funds.ts'
import { RECEIPT_LINK_TTL_MS, receiptSignInUrl } from '#app/modules/donors/sign-in.server.ts'
import { donorText } from '#app/i18n/donor-text.server.ts'
import { escapeHtml } from '#app/modules/email/html.ts'
import { isErasedEmail } from '#app/modules/email/erased-address.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { correctReceipt, ensureReceiptPdf } from './receipts.server.ts'

export type ReceiptEmailInput = {
  receiptNumber: string
  donorName: string | null
  /** What the donor paid, fee cover included. */
  amountMinor: number
  feeCoverMinor: number
  currency: string
  receivedAt: Date
  frequency: Frequency
  campaignTitle: string
  fund: FundCode
  campaignUrl: string
  dedication: Dedication
  dedicationName: string | null
  /** The signed link that signs the donor in to their giving account ("Manage my giving"). */
  manageUrl: string | null
  /** A corrected receipt: the number of the voided receipt it replaces. */
  replacesNumber?: string | null
  /** The language the donor gave in (`Pledge.locale`); English when absent. */
  locale?: string
}

export type RenderedEmail = { subject: string; text: string; html: string }

const DAY_MS = 24 * 60 * 60 * 1000

export function renderReceiptEmail(input: ReceiptEmailInput): RenderedEmail {
  const { t, money, date, locale } = donorText(input.locale)
  const subject = input.replacesNumber
    ? t('email.receipt.subjectCorrected', { number: input.receiptNumber })
    : t('email.receipt.subject', { number: input.receiptNumber })
  const replaces = input.replacesNumber
    ? t('email.receipt.replaces', { number: input.replacesNumber })
    : null
  const name = input.donorName?.trim()
  const greeting = name ? t('email.greeting', { name }) : t('email.greetingFriend')
  const thanks = t('email.receipt.thanks', {
    frequency: input.frequency,
    campaign: input.campaignTitle,
  })
  const amount = money(input.amountMinor, input.currency)
  const feeNote =
    input.feeCoverMinor > 0
      ? t('email.receipt.feeNote', { amount: money(input.feeCoverMinor, input.currency) })
      : null
  const dedicationName = input.dedicationName?.trim()
  const dedication =
    input.dedication !== 'NONE' && dedicationName
      ? t(`email.dedication.${input.dedication}`, { name: dedicationName })
      : null
  const details: Array<[string, string]> = [
    [t('email.receipt.amount'), amount],
    [t('email.receipt.date'), date(input.receivedAt)],
    [t('email.receipt.appeal'), input.campaignTitle],
    [t('email.receipt.fund'), t(`email.fund.${input.fund}`)],
    [t('email.receipt.number'), input.receiptNumber],
  ]
  const manage = input.manageUrl
  const manageLabel = t('email.manageGiving')
  const manageNote = t('email.receipt.manageNote', {
    frequency: input.frequency,
    days: Math.round(RECEIPT_LINK_TTL_MS / DAY_MS),
  })
  const seeAppeal = t('email.receipt.seeAppeal')
  const taxNote = t('email.receipt.taxNote')
  const signOff = t('email.withGratitude')
  const signature = t('email.signature')

  const text = [
    greeting,
    '',
    thanks,
    '',
    ...(replaces ? [replaces, ''] : []),
    ...details.map(([label, value]) => `${label}: ${value}`),
    ...(feeNote ? [feeNote] : []),
    ...(dedication ? [dedication] : []),
    '',
    ...(manage ? [`${manageLabel}: ${manage}`, manageNote, ''] : []),
    `${seeAppeal}: ${input.campaignUrl}`,
    '',
    taxNote,
    '',
    signOff,
    signature,
    '',
  ].join('\n')

  const cell = 'padding:6px 0;vertical-align:top;'
  const rows = details
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="${cell}padding-right:16px;text-align:left;font-weight:normal;color:#4a5563;">${escapeHtml(label)}</th>` +
        `<td style="${cell}font-weight:bold;">${escapeHtml(value)}</td></tr>`,
    )
    .join('\n')
  const paragraph = (html: string) => `<p style="margin:0 0 16px;">${html}</p>`
  const link = (href: string, label: string) =>
    `<a href="${escapeHtml(href)}" style="color:#17324d;">${escapeHtml(label)}</a>`

  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#faf8f4;">
<div style="max-width:560px;margin:0 auto;padding:24px;background-color:#ffffff;color:#1c2430;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,'Apple SD Gothic Neo','Malgun Gothic',sans-serif;font-size:16px;line-height:1.5;">
<h1 style="margin:0 0 16px;font-size:24px;line-height:1.25;color:#17324d;">${escapeHtml(t('email.receipt.heading'))}</h1>
${paragraph(escapeHtml(greeting))}
${paragraph(escapeHtml(thanks))}
${replaces ? paragraph(escapeHtml(replaces)) : ''}
<table style="border-collapse:collapse;margin:0 0 16px;">
<caption style="text-align:left;font-weight:bold;padding-bottom:8px;">${escapeHtml(t('email.receipt.caption'))}</caption>
<tbody>
${rows}
</tbody>
</table>
${feeNote ? paragraph(escapeHtml(feeNote)) : ''}
${dedication ? paragraph(escapeHtml(dedication)) : ''}
${manage ? paragraph(`${link(manage, manageLabel)}. ${escapeHtml(manageNote)}`) : ''}
${paragraph(link(input.campaignUrl, `${seeAppeal}: ${input.campaignTitle}`))}
${paragraph(escapeHtml(taxNote))}
${paragraph(`${escapeHtml(signOff)}<br>${escapeHtml(signature)}`)}
</div>
</body>
</html>
`
  return { subject, text, html }
}

/**
 * How long a claim keeps other senders away. Longer than a healthy send (PDF and SMTP take well
 * under a second); a sender that died holding it delays the receipt by at most this.
 */
const EMAIL_CLAIM_SECONDS = 25

/**
 * Issues or corrects the gift's receipt (see correctReceipt) and emails the valid receipt once,
 * with its PDF attached; the message id, subject and text are stored on the receipt. Run by the
 * 'receipt-send' job, queued with every new gift and after every refund or dispute of a gift.
 */
export async function sendGiftReceipt(
  giftId: string,
): Promise<{ sent: boolean; receiptNumber: string | null }> {
  const gift = await prisma.gift.findUnique({
    where: { id: giftId },
    select: {
      id: true,
      amountMinor: true,
      feeCoverMinor: true,
      currency: true,
      receivedAt: true,
      donor: { select: { id: true, email: true, name: true, linkGeneration: true } },
      campaign: { select: { title: true, fund: true, slug: true } },
      pledge: {
        select: {
          id: true,
          frequency: true,
          dedication: true,
          dedicationName: true,
          locale: true,
        },
      },
    },
  })
  if (!gift) throw new Error(`Cannot send a receipt: gift ${giftId} does not exist`)

  const { receipt } = await correctReceipt(gift.id)
  if (!receipt) return { sent: false, receiptNumber: null }
  if (receipt.emailedAt) return { sent: false, receiptNumber: receipt.number }
  // An erased donor has no address: the receipt is kept, never sent (docs/decisions/0026).
  if (isErasedEmail(gift.donor.email)) return { sent: false, receiptNumber: receipt.number }
  const pdf = await ensureReceiptPdf(receipt.id)
  if (!pdf) throw new Error(`Receipt ${receipt.number} disappeared`)

  // The claim: one statement, so only one of several concurrent senders goes on.
  const [current] = await prisma.$queryRaw<
    Array<{ amountMinor: number; replacesNumber: string | null }>
  >`
    UPDATE "Receipt" r SET "emailClaimedAt" = now()
    WHERE r."id" = ${receipt.id} AND r."status" = 'ISSUED' AND r."emailedAt" IS NULL
      AND (r."emailClaimedAt" IS NULL
        OR r."emailClaimedAt" < now() - make_interval(secs => ${EMAIL_CLAIM_SECONDS}))
    RETURNING r."amountMinor",
      (SELECT p."number" FROM "Receipt" p WHERE p."id" = r."replacesId") AS "replacesNumber"`
  if (!current) return { sent: false, receiptNumber: receipt.number }

  const { url } = donorText(gift.pledge.locale)
  const whole = current.amountMinor === gift.amountMinor
  const signInUrl = receiptSignInUrl(gift.donor, Date.now(), gift.pledge.locale)
  const email = renderReceiptEmail({
    receiptNumber: receipt.number,
    donorName: gift.donor.name,
    amountMinor: current.amountMinor,
    feeCoverMinor: whole ? gift.feeCoverMinor : 0,
    currency: gift.currency,
    receivedAt: gift.receivedAt,
    frequency: gift.pledge.frequency,
    campaignTitle: gift.campaign.title,
    fund: gift.campaign.fund,
    campaignUrl: url(`/campaigns/${encodeURIComponent(gift.campaign.slug)}`),
    dedication: gift.pledge.dedication,
    dedicationName: gift.pledge.dedicationName,
    manageUrl: signInUrl,
    replacesNumber: current.replacesNumber,
    locale: gift.pledge.locale,
  })
  let messageId: string
  try {
    ;({ messageId } = await sendEmail({
      to: gift.donor.email,
      ...email,
      // RFC 3834: an automatic message, so auto-responders do not answer it.
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: [
        { filename: `${receipt.number}.pdf`, content: pdf.pdf, contentType: 'application/pdf' },
      ],
    }))
  } catch (error) {
    // Not sent: let the next attempt in at once rather than after the claim lapses.
    await prisma.receipt
      .update({ where: { id: receipt.id }, data: { emailClaimedAt: null } })
      .catch(() => undefined)
    throw error
  }
  await prisma.receipt.update({
    where: { id: receipt.id },
    data: {
      emailedAt: new Date(),
      emailClaimedAt: null,
      emailMessageId: messageId,
      emailSubject: email.subject,
      // The stored copy (which finance staff can read) must not sign anyone in as the donor.
      emailText: email.text.replaceAll(signInUrl, '[personal sign-in link]'),
    },
  })
  return { sent: true, receiptNumber: receipt.number }
}

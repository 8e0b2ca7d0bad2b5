/**
 * The receipt email for one gift. Sending is idempotent for retried jobs: `emailedAt` is set
 * only after the mail server accepted the message, and a receipt with `emailedAt` is not sent
 * again. (Two jobs for one gift running at the same moment could both send; the job runner
 * claims a job before running it.)
 */
import type { Dedication, Frequency } from '#app/generated/prisma/enums.ts'
import { FUND_DETAILS, type FundCode } from '#app/modules/campaigns/funds.ts'
import { MANAGE_LINK_TTL_MS, manageGiftUrl } from '#app/modules/donations/manage-link.server.ts'
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { issueReceipt } from './receipts.server.ts'

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
  /** Monthly gifts only: the signed link to the donor's billing portal. */
  manageUrl: string | null
}

export type RenderedEmail = { subject: string; text: string; html: string }

const DAY_MS = 24 * 60 * 60 * 1000
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const DEDICATION_WORDING: Record<Dedication, string | null> = {
  NONE: null,
  IN_HONOUR: 'In honour of',
  IN_MEMORY: 'In memory of',
}
const TAX_NOTE = "Our organisation's tax details appear on your annual giving statement."

export function renderReceiptEmail(input: ReceiptEmailInput): RenderedEmail {
  const subject = `Your gift receipt ${input.receiptNumber}`
  const monthly = input.frequency === 'MONTHLY'
  const greeting = `Dear ${input.donorName?.trim() || 'friend'},`
  const thanks = `Thank you for your ${monthly ? 'monthly gift' : 'gift'} to ${input.campaignTitle}.`
  const amount = formatMoney(input.amountMinor, input.currency)
  const feeNote =
    input.feeCoverMinor > 0
      ? `This includes ${formatMoney(input.feeCoverMinor, input.currency)} to cover processing fees.`
      : null
  const dedicationWording = DEDICATION_WORDING[input.dedication]
  const dedication =
    dedicationWording && input.dedicationName?.trim()
      ? `${dedicationWording} ${input.dedicationName.trim()}`
      : null
  const details: Array<[string, string]> = [
    ['Amount', amount],
    ['Date', DATE_FORMAT.format(input.receivedAt)],
    ['Appeal', input.campaignTitle],
    ['Fund', FUND_DETAILS[input.fund].label],
    ['Receipt number', input.receiptNumber],
  ]
  const manage = monthly && input.manageUrl ? input.manageUrl : null
  const manageNote = `This link is personal to you and works for ${Math.round(MANAGE_LINK_TTL_MS / DAY_MS)} days.`

  const text = [
    greeting,
    '',
    thanks,
    '',
    ...details.map(([label, value]) => `${label}: ${value}`),
    ...(feeNote ? [feeNote] : []),
    ...(dedication ? [dedication] : []),
    '',
    ...(manage ? [`Manage your monthly gift: ${manage}`, manageNote, ''] : []),
    `See the appeal: ${input.campaignUrl}`,
    '',
    TAX_NOTE,
    '',
    'With gratitude,',
    'Lantern',
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
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#faf8f4;">
<div style="max-width:560px;margin:0 auto;padding:24px;background-color:#ffffff;color:#1c2430;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;">
<h1 style="margin:0 0 16px;font-size:24px;line-height:1.25;color:#17324d;">Thank you for your gift</h1>
${paragraph(escapeHtml(greeting))}
${paragraph(escapeHtml(thanks))}
<table style="border-collapse:collapse;margin:0 0 16px;">
<caption style="text-align:left;font-weight:bold;padding-bottom:8px;">Your gift</caption>
<tbody>
${rows}
</tbody>
</table>
${feeNote ? paragraph(escapeHtml(feeNote)) : ''}
${dedication ? paragraph(escapeHtml(dedication)) : ''}
${manage ? paragraph(`${link(manage, 'Manage your monthly gift')}. ${escapeHtml(manageNote)}`) : ''}
${paragraph(link(input.campaignUrl, `See the appeal: ${input.campaignTitle}`))}
${paragraph(escapeHtml(TAX_NOTE))}
${paragraph('With gratitude,<br>Lantern')}
</div>
</body>
</html>
`
  return { subject, text, html }
}

/** Issues the gift's receipt if needed and emails it once. */
export async function sendGiftReceipt(
  giftId: string,
): Promise<{ sent: boolean; receiptNumber: string }> {
  const gift = await prisma.gift.findUnique({
    where: { id: giftId },
    select: {
      id: true,
      amountMinor: true,
      feeCoverMinor: true,
      currency: true,
      receivedAt: true,
      donor: { select: { email: true, name: true } },
      campaign: { select: { title: true, fund: true, slug: true } },
      pledge: { select: { id: true, frequency: true, dedication: true, dedicationName: true } },
    },
  })
  if (!gift) throw new Error(`Cannot send a receipt: gift ${giftId} does not exist`)

  const receipt = await issueReceipt(gift.id)
  if (receipt.emailedAt) return { sent: false, receiptNumber: receipt.number }

  const env = getEnv()
  const baseUrl = env.APP_URL ?? `http://localhost:${env.PORT}`
  const email = renderReceiptEmail({
    receiptNumber: receipt.number,
    donorName: gift.donor.name,
    amountMinor: gift.amountMinor,
    feeCoverMinor: gift.feeCoverMinor,
    currency: gift.currency,
    receivedAt: gift.receivedAt,
    frequency: gift.pledge.frequency,
    campaignTitle: gift.campaign.title,
    fund: gift.campaign.fund,
    campaignUrl: `${baseUrl}/campaigns/${encodeURIComponent(gift.campaign.slug)}`,
    dedication: gift.pledge.dedication,
    dedicationName: gift.pledge.dedicationName,
    manageUrl: gift.pledge.frequency === 'MONTHLY' ? manageGiftUrl(gift.pledge.id) : null,
  })
  await sendEmail({
    to: gift.donor.email,
    ...email,
    // RFC 3834: an automatic message, so auto-responders do not answer it.
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
  await prisma.receipt.updateMany({
    where: { id: receipt.id, emailedAt: null },
    data: { emailedAt: new Date() },
  })
  return { sent: true, receiptNumber: receipt.number }
}

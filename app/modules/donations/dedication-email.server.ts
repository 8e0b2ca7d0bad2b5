/**
 * The email that tells someone a paid gift was dedicated to a person ("in honour of" / "in
 * memory of"), if the donor asked for it. It never says the amount. Sent by the
 * 'dedication-email' job, queued with the pledge's first paid gift; a claim in the database
 * means two runs of the job cannot both send it, and a sent one is never sent again.
 */
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/app-url.server.ts'

/** Longer than a healthy send; a sender that died holding the claim delays the email this long. */
const CLAIM_SECONDS = 25

const WORDING = {
  IN_HONOUR: { subject: 'A gift in your honour', made: 'in honour of' },
  IN_MEMORY: { subject: 'A gift in memory of', made: 'in memory of' },
} as const

export type DedicationEmailInput = {
  dedication: 'IN_HONOUR' | 'IN_MEMORY'
  dedicationName: string
  recipientName: string
  donorName: string | null
  message: string | null
  campaignTitle: string
  campaignUrl: string
}

export function renderDedicationEmail(input: DedicationEmailInput) {
  const wording = WORDING[input.dedication]
  const subject =
    input.dedication === 'IN_MEMORY'
      ? `${wording.subject} ${input.dedicationName}`
      : wording.subject
  const giver = input.donorName?.trim() || 'Someone who cares about you'
  const lines = [
    `Dear ${input.recipientName},`,
    `${giver} has made a gift ${wording.made} ${input.dedicationName} to "${input.campaignTitle}", and asked us to let you know.`,
    ...(input.message ? [`Their message to you:`, input.message] : []),
    `The gift helps North Korean refugees on their way to safety. You can read about the appeal here: ${input.campaignUrl}`,
    'With warm wishes,\nLantern',
  ]
  const text = `${lines.join('\n\n')}\n`
  const paragraph = (html: string) => `<p style="margin:0 0 16px;">${html}</p>`
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background-color:#faf8f4;">
<div style="max-width:560px;margin:0 auto;padding:24px;background-color:#ffffff;color:#1c2430;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;">
${paragraph(escapeHtml(`Dear ${input.recipientName},`))}
${paragraph(escapeHtml(lines[1] as string))}
${input.message ? paragraph(`Their message to you:<br>${escapeHtml(input.message).replace(/\n/g, '<br>')}`) : ''}
${paragraph(`The gift helps North Korean refugees on their way to safety. <a href="${escapeHtml(input.campaignUrl)}" style="color:#17324d;">Read about the appeal</a>.`)}
${paragraph('With warm wishes,<br>Lantern')}
</div>
</body>
</html>
`
  return { subject, text, html }
}

/** Sends the pledge's dedication email if it is owed; returns whether this run sent it. */
export async function sendDedicationEmail(pledgeId: string): Promise<{ sent: boolean }> {
  const [claimed] = await prisma.$queryRaw<Array<{ id: string }>>`
    UPDATE "Pledge" SET "dedicationClaimedAt" = now()
    WHERE "id" = ${pledgeId} AND "dedication" <> 'NONE'
      AND "dedicationNotifyEmail" IS NOT NULL AND "dedicationNotifiedAt" IS NULL
      AND EXISTS (SELECT 1 FROM "Gift" g WHERE g."pledgeId" = ${pledgeId})
      AND ("dedicationClaimedAt" IS NULL
        OR "dedicationClaimedAt" < now() - make_interval(secs => ${CLAIM_SECONDS}))
    RETURNING "id"`
  if (!claimed) return { sent: false }
  const pledge = await prisma.pledge.findUniqueOrThrow({
    where: { id: pledgeId },
    select: {
      dedication: true,
      dedicationName: true,
      dedicationNotifyName: true,
      dedicationNotifyEmail: true,
      dedicationNotifyMessage: true,
      donorName: true,
      donor: { select: { name: true } },
      campaign: { select: { title: true, slug: true } },
    },
  })
  const email = renderDedicationEmail({
    dedication: pledge.dedication === 'IN_MEMORY' ? 'IN_MEMORY' : 'IN_HONOUR',
    dedicationName: pledge.dedicationName ?? '',
    recipientName: pledge.dedicationNotifyName ?? '',
    donorName: pledge.donorName ?? pledge.donor.name,
    message: pledge.dedicationNotifyMessage,
    campaignTitle: pledge.campaign.title,
    campaignUrl: appUrl(`/campaigns/${encodeURIComponent(pledge.campaign.slug)}`),
  })
  try {
    await sendEmail({
      to: pledge.dedicationNotifyEmail as string,
      ...email,
      headers: { 'Auto-Submitted': 'auto-generated' },
    })
  } catch (error) {
    await prisma.pledge
      .update({ where: { id: pledgeId }, data: { dedicationClaimedAt: null } })
      .catch(() => undefined)
    throw error
  }
  await prisma.pledge.update({
    where: { id: pledgeId },
    data: { dedicationNotifiedAt: new Date(), dedicationClaimedAt: null },
  })
  return { sent: true }
}

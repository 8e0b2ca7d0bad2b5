/**
 * The email that tells someone a paid gift was dedicated to a person ("in honour of" / "in
 * memory of"), if the donor asked for it. It never says the amount. Sent by the
 * 'dedication-email' job, queued with the pledge's first paid gift; a claim in the database
 * means two runs of the job cannot both send it, and a sent one is never sent again.
 */
import { donorText } from '#app/i18n/donor-text.server.ts'
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { prisma } from '#app/utils/db.server.ts'

/** Longer than a healthy send; a sender that died holding the claim delays the email this long. */
const CLAIM_SECONDS = 25

export type DedicationEmailInput = {
  dedication: 'IN_HONOUR' | 'IN_MEMORY'
  dedicationName: string
  recipientName: string
  donorName: string | null
  message: string | null
  campaignTitle: string
  campaignUrl: string
  /** The language the donor gave in (`Pledge.locale`). */
  locale?: string
}

export function renderDedicationEmail(input: DedicationEmailInput) {
  const { t, locale } = donorText(input.locale)
  const subject =
    input.dedication === 'IN_MEMORY'
      ? t('email.dedication.subjectMemory', { name: input.dedicationName })
      : t('email.dedication.subjectHonour')
  const giver = input.donorName?.trim() || t('email.dedication.someone')
  const greeting = t('email.greeting', { name: input.recipientName })
  const made = t('email.dedication.made', {
    giver,
    dedication: input.dedication,
    name: input.dedicationName,
    campaign: input.campaignTitle,
  })
  const messageLabel = t('email.dedication.message')
  const helps = t('email.dedication.helps')
  const wishes = t('email.dedication.wishes')
  const signature = t('email.signature')
  const lines = [
    greeting,
    made,
    ...(input.message ? [messageLabel, input.message] : []),
    `${helps} ${t('email.dedication.readHere', { url: input.campaignUrl })}`,
    `${wishes}\n${signature}`,
  ]
  const text = `${lines.join('\n\n')}\n`
  const paragraph = (html: string) => `<p style="margin:0 0 16px;">${html}</p>`
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background-color:#faf8f4;">
<div style="max-width:560px;margin:0 auto;padding:24px;background-color:#ffffff;color:#1c2430;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,'Apple SD Gothic Neo','Malgun Gothic',sans-serif;font-size:16px;line-height:1.5;">
${paragraph(escapeHtml(greeting))}
${paragraph(escapeHtml(made))}
${input.message ? paragraph(`${escapeHtml(messageLabel)}<br>${escapeHtml(input.message).replace(/\n/g, '<br>')}`) : ''}
${paragraph(`${escapeHtml(helps)} <a href="${escapeHtml(input.campaignUrl)}" style="color:#17324d;">${escapeHtml(t('email.dedication.readLink'))}</a>.`)}
${paragraph(`${escapeHtml(wishes)}<br>${escapeHtml(signature)}`)}
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
      locale: true,
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
    campaignUrl: donorText(pledge.locale).url(
      `/campaigns/${encodeURIComponent(pledge.campaign.slug)}`,
    ),
    locale: pledge.locale,
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

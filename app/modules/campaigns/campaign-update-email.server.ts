/**
 * Emails a published campaign update to the donors of that campaign who asked for updates when
 * they gave. The request claims `emailedAt`, audits it and queues a 'campaign-update-email' job
 * in one transaction, so two managers pressing the button cannot send it twice; the job sends
 * the messages outside the request (a mail server failure for one donor is logged rather than
 * retried, since most donors already have it).
 *
 * Who asked is read by `findRecipients`: donors who ticked Pledge.updatesOptIn on a paid gift
 * and have not unsubscribed since (Donor.updatesOptOutAt wins over any later pledge). Each copy
 * carries the donor's one-click unsubscribe (RFC 8058) and a link to their preferences.
 * Each donor gets the update in their own language (Donor.locale) when it is translated, else
 * in English, and the appeal's link in that language.
 */
import {
  preferencesUrl,
  unsubscribeHeaders,
  unsubscribeUrl,
} from '#app/modules/donors/email-preferences.server.ts'
import { DEFAULT_LOCALE } from '#app/i18n/locale.ts'
import { donorText } from '#app/i18n/donor-text.server.ts'
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { sendJob } from '#app/modules/jobs/queue.server.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { campaignContent, updateContent } from './campaign-content.ts'
import { markdownToText, renderMarkdown } from './markdown.ts'

/** `locale`: the donor's language (`Donor.locale`); English when absent. */
export type UpdateRecipient = { donorId: string; email: string; locale?: string }
export type RecipientFinder = (campaignId: string) => Promise<UpdateRecipient[]>

/**
 * Donors of this campaign who asked for updates when they gave, whose gift arrived, and who have
 * not unsubscribed since. Read when the job runs, so an unsubscribe counts at once.
 */
export const findUpdateRecipients: RecipientFinder = async (campaignId) => {
  const donors = await prisma.donor.findMany({
    where: {
      updatesOptOutAt: null,
      pledges: { some: { campaignId, updatesOptIn: true, gifts: { some: {} } } },
    },
    select: { id: true, email: true, locale: true },
  })
  return donors.map((donor) => ({ donorId: donor.id, email: donor.email, locale: donor.locale }))
}

function uniqueRecipients(recipients: UpdateRecipient[]): UpdateRecipient[] {
  return [...new Map(recipients.map((r) => [r.email.toLowerCase(), r])).values()]
}

export type UpdateEmailOutcome =
  { kind: 'queued'; recipients: number } | { kind: 'refused'; message: string }

export function renderUpdateEmail(input: {
  campaignTitle: string
  campaignUrl: string
  updateTitle: string
  updateBody: string
  /** `lang` of the update's text when it is not the email's language (not translated yet). */
  updateLang?: string | null
  /** The donor's own links: giving account, email preferences, one-click unsubscribe. */
  accountUrl: string
  preferencesUrl: string
  unsubscribeUrl: string
  locale?: string
}) {
  const { t, locale } = donorText(input.locale)
  const subject = t('email.update.subject', {
    update: input.updateTitle,
    campaign: input.campaignTitle,
  })
  const why = t('email.update.why')
  const readOnPage = t('email.update.readOnPage')
  const manage = t('email.manageGiving')
  const preferences = t('email.update.preferences')
  const text = [
    input.updateTitle,
    '',
    markdownToText(input.updateBody),
    '',
    `${readOnPage}: ${input.campaignUrl}`,
    '',
    `${manage}: ${input.accountUrl}`,
    '',
    why,
    `${preferences}: ${input.preferencesUrl}`,
    `${t('email.update.unsubscribeFrom')}: ${input.unsubscribeUrl}`,
  ].join('\n')
  const link = (href: string, label: string) =>
    `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`
  const html = `<!doctype html><html lang="${escapeHtml(locale)}"><body>
<div${input.updateLang ? ` lang="${escapeHtml(input.updateLang)}"` : ''}>
<h1>${escapeHtml(input.updateTitle)}</h1>
${renderMarkdown(input.updateBody)}
</div>
<p>${link(input.campaignUrl, `${readOnPage}: ${input.campaignTitle}`)}</p>
<p>${link(input.accountUrl, manage)}</p>
<p><small>${escapeHtml(why)} ${link(input.preferencesUrl, preferences)} · ${link(input.unsubscribeUrl, t('email.update.unsubscribe'))}</small></p>
</body></html>`
  return { subject, text, html }
}

/** Claims the update for emailing and queues the job that sends it (see the module comment). */
export async function emailCampaignUpdate(
  campaignId: string,
  updateId: string,
  ctx: StaffContext,
  findRecipients: RecipientFinder,
): Promise<UpdateEmailOutcome> {
  const now = ctx.now ?? new Date()
  const update = await prisma.campaignUpdate.findFirst({
    where: { id: updateId, campaignId },
    select: { publishedAt: true },
  })
  if (!update) return { kind: 'refused', message: 'That update no longer exists.' }
  if (!update.publishedAt) return { kind: 'refused', message: 'Publish the update first.' }
  const claimed = await prisma.$transaction(async (tx) => {
    const { count } = await tx.campaignUpdate.updateMany({
      where: { id: updateId, emailedAt: null },
      data: { emailedAt: now },
    })
    if (count === 0) return false
    await recordAudit(
      {
        actor: ctx.actor,
        action: 'campaign-update.email',
        entityType: 'CampaignUpdate',
        entityId: updateId,
        before: { emailedAt: null },
        after: { emailedAt: now, campaignId },
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    await sendJob('campaign-update-email', { updateId }, { onceKey: updateId, tx })
    return true
  })
  if (!claimed) return { kind: 'refused', message: 'This update was already emailed.' }
  return { kind: 'queued', recipients: uniqueRecipients(await findRecipients(campaignId)).length }
}

/** The 'campaign-update-email' job: one message to each donor who asked. */
export async function emailCampaignUpdateJob(
  updateId: string,
  findRecipients: RecipientFinder = findUpdateRecipients,
): Promise<{ recipients: number; failures: number }> {
  const update = await prisma.campaignUpdate.findUniqueOrThrow({
    where: { id: updateId },
    include: {
      translations: true,
      campaign: {
        select: {
          id: true,
          title: true,
          summary: true,
          slug: true,
          translations: { select: { locale: true, title: true, summary: true } },
        },
      },
    },
  })
  const recipients = uniqueRecipients(await findRecipients(update.campaign.id))
  let failures = 0
  for (const { donorId, email: to, locale = DEFAULT_LOCALE.code } of recipients) {
    const { url } = donorText(locale)
    const content = updateContent(update, locale)
    const message = renderUpdateEmail({
      campaignTitle: campaignContent(update.campaign, locale).title,
      campaignUrl: url(`/campaigns/${update.campaign.slug}`),
      updateTitle: content.title,
      updateBody: content.body,
      updateLang: content.lang,
      accountUrl: url('/account'),
      preferencesUrl: preferencesUrl(donorId, locale),
      unsubscribeUrl: unsubscribeUrl(donorId, locale),
      locale,
    })
    try {
      await sendEmail({ to, ...message, headers: unsubscribeHeaders(donorId, locale) })
    } catch (error) {
      failures++
      logger.error({ err: error, updateId }, 'could not email a campaign update to one donor')
    }
  }
  return { recipients: recipients.length, failures }
}

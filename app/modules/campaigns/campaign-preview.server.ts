/**
 * The staff preview of a campaign page: the same PublicCampaign the public page renders, built
 * from the saved campaign (any status) or from the editor's unsaved form, so a manager sees
 * exactly what will go live, in any of the site's languages (English when the appeal has no
 * translation, as the public sees it). Nothing is written.
 */
import { DEFAULT_LOCALE, type Locale } from '#app/i18n/locale.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { campaignContent, impactContent } from './campaign-content.ts'
import { campaignFormSchema } from './campaign-form.ts'
import { heroImageOf, publicUpdate, toCard, type PublicCampaign } from './campaigns.server.ts'
import { renderMarkdown } from './markdown.ts'

export type PreviewOutcome =
  | { kind: 'preview'; campaign: PublicCampaign }
  | { kind: 'invalid'; errors: string[] }
  | { kind: 'not-found' }

export async function previewCampaign(
  id: string,
  formData: FormData | null,
  now = new Date(),
  locale: Locale = DEFAULT_LOCALE.code,
): Promise<PreviewOutcome> {
  const row = await prisma.campaign.findUnique({
    where: { id },
    include: {
      totals: true,
      translations: true,
      suggestedAmounts: { orderBy: { position: 'asc' }, include: { translations: true } },
      updates: {
        where: { publishedAt: { not: null } },
        orderBy: { publishedAt: 'desc' },
        include: { translations: true },
      },
      messages: {
        where: { status: 'APPROVED', pledge: { anonymous: false } },
        orderBy: { createdAt: 'desc' },
        take: 20,
      },
    },
  })
  if (!row) return { kind: 'not-found' }
  let fields = {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    story: row.story,
    translations: row.translations.map(({ locale, title, summary, story }) => ({
      locale,
      title,
      summary,
      story,
    })),
    fund: row.fund,
    currency: row.currency,
    goalMinor: row.goalMinor,
    featured: row.featured,
    endsAt: row.endsAt,
    suggestedAmounts: row.suggestedAmounts
      .filter((amount) => amount.currency === row.currency)
      .map(({ currency, amountMinor, impact, translations }) => ({
        currency,
        amountMinor,
        impact,
        translations: translations.map(({ locale, impact }) => ({ locale, impact })),
      })),
  }
  if (formData) {
    const submission = parseForm(formData, campaignFormSchema)
    if (submission.status !== 'success') {
      const errors = Object.entries(submission.error ?? {}).flatMap(([name, messages]) =>
        (messages ?? []).map((message) => `${name}: ${message}`),
      )
      return { kind: 'invalid', errors }
    }
    const value = submission.value
    fields = {
      ...value,
      goalMinor: BigInt(value.goalMinor),
      suggestedAmounts: value.amounts.map((row) => ({ ...row, currency: value.currency })),
    }
  }
  const card = toCard(
    { ...fields, status: row.status === 'DRAFT' ? 'PUBLISHED' : row.status, totals: row.totals },
    now,
    locale,
  )
  const content = campaignContent(fields, locale)
  return {
    kind: 'preview',
    campaign: {
      ...card,
      storyHtml: renderMarkdown(content.story),
      heroImage: heroImageOf(row),
      updates: row.updates.map((update) => publicUpdate(update, now, locale)),
      suggestedAmounts: fields.suggestedAmounts.map((amount) => ({
        currency: amount.currency,
        amountMinor: amount.amountMinor,
        ...impactContent(amount, locale, !content.untranslated),
      })),
      messages: row.messages.map((message) => ({
        id: message.id,
        displayName: message.displayName,
        body: message.body,
        createdAt: message.createdAt.toISOString(),
      })),
    },
  }
}

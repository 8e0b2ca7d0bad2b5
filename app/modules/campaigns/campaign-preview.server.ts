/**
 * The staff preview of a campaign page: the same PublicCampaign the public page renders, built
 * from the saved campaign (any status) or from the editor's unsaved form, so a manager sees
 * exactly what will go live. Nothing is written.
 */
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { campaignFormSchema } from './campaign-form.ts'
import { heroImageOf, toCard, type PublicCampaign } from './campaigns.server.ts'
import { renderMarkdown } from './markdown.ts'

export type PreviewOutcome =
  | { kind: 'preview'; campaign: PublicCampaign }
  | { kind: 'invalid'; errors: string[] }
  | { kind: 'not-found' }

export async function previewCampaign(
  id: string,
  formData: FormData | null,
  now = new Date(),
): Promise<PreviewOutcome> {
  const row = await prisma.campaign.findUnique({
    where: { id },
    include: {
      totals: true,
      suggestedAmounts: { orderBy: { position: 'asc' } },
      updates: { where: { publishedAt: { not: null } }, orderBy: { publishedAt: 'desc' } },
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
    fund: row.fund,
    currency: row.currency,
    goalMinor: row.goalMinor,
    featured: row.featured,
    endsAt: row.endsAt,
    suggestedAmounts: row.suggestedAmounts
      .filter((amount) => amount.currency === row.currency)
      .map(({ currency, amountMinor, impact }) => ({ currency, amountMinor, impact })),
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
  )
  return {
    kind: 'preview',
    campaign: {
      ...card,
      storyHtml: renderMarkdown(fields.story),
      heroImage: heroImageOf(row),
      updates: row.updates.map((update) => ({
        id: update.id,
        title: update.title,
        html: renderMarkdown(update.body),
        publishedAt: (update.publishedAt ?? now).toISOString(),
      })),
      suggestedAmounts: fields.suggestedAmounts,
      messages: row.messages.map((message) => ({
        id: message.id,
        displayName: message.displayName,
        body: message.body,
        createdAt: message.createdAt.toISOString(),
      })),
    },
  }
}

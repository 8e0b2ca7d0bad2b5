/**
 * Campaign updates: short posts shown on the campaign page once published. They are Markdown,
 * rendered like stories (no raw HTML), and pass the naming check before publishing, like a
 * story: a finding needs the manager's explicit confirmation. Every change is audited.
 * Each language other than English may have its own title and body (`translations.<code>.*`,
 * both or neither); without one, that language's page shows the English update.
 */
import { z } from 'zod'
import { TRANSLATION_LOCALES, languageName } from './campaign-content.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { renderMarkdown } from './markdown.ts'
import { checkNaming, type NamingFinding } from './naming-check.ts'

const TITLE_MAX = 150
const BODY_MAX = 20_000

const translationSchema = (code: string) => {
  const language = languageName(code)
  return z
    .object({
      title: z
        .string()
        .trim()
        .max(TITLE_MAX, `Keep the title in ${language} under ${TITLE_MAX} characters`)
        .optional(),
      body: z
        .string()
        .trim()
        .max(BODY_MAX, `Keep the update in ${language} under 20,000 characters`)
        .optional(),
    })
    .optional()
    .superRefine((value, ctx) => {
      if (!value?.title === !value?.body) return
      const missing = value?.title ? 'body' : 'title'
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message:
          missing === 'title'
            ? `Enter the title in ${language}, or leave both ${language} fields empty`
            : `Write the update in ${language}, or leave both ${language} fields empty`,
      })
    })
}

export const updateFormSchema = z.object({
  updateId: z.string().optional(),
  title: z
    .string({ required_error: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title')
    .max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters`),
  body: z
    .string({ required_error: 'Write the update' })
    .trim()
    .min(1, 'Write the update')
    .max(BODY_MAX, 'Keep the update under 20,000 characters'),
  translations: z
    .object(Object.fromEntries(TRANSLATION_LOCALES.map((code) => [code, translationSchema(code)])))
    .optional(),
})

type UpdateTranslation = { locale: string; title: string; body: string }

function translationRows(value: z.output<typeof updateFormSchema>): UpdateTranslation[] {
  return TRANSLATION_LOCALES.flatMap((locale) => {
    const fields = value.translations?.[locale]
    return fields?.title && fields.body ? [{ locale, title: fields.title, body: fields.body }] : []
  })
}

export type UpdateOutcome =
  | { kind: 'done'; updateId: string }
  | { kind: 'invalid'; fieldErrors: Record<string, string[]>; status: 400 | 409 }
  | { kind: 'needs-confirmation'; updateId: string; findings: NamingFinding[] }

export async function listCampaignUpdates(campaignId: string) {
  const rows = await prisma.campaignUpdate.findMany({
    where: { campaignId },
    orderBy: { createdAt: 'desc' },
    include: { translations: { orderBy: { locale: 'asc' } } },
  })
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    body: row.body,
    html: renderMarkdown(row.body),
    translations: row.translations.map((translation) => ({
      locale: translation.locale,
      language: languageName(translation.locale),
      title: translation.title,
      body: translation.body,
      html: renderMarkdown(translation.body),
    })),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    emailedAt: row.emailedAt?.toISOString() ?? null,
  }))
}

async function editableCampaign(campaignId: string) {
  const campaign = await prisma.campaign.findUnique({
    where: { id: campaignId },
    select: { status: true, allowedTerms: true },
  })
  if (!campaign) return { ok: false, error: 'This appeal no longer exists.' } as const
  if (campaign.status === 'ARCHIVED') {
    return { ok: false, error: 'Archived appeals cannot be edited.' } as const
  }
  return { ok: true, campaign } as const
}

/** Creates a draft update, or edits one (published ones too: corrections happen). */
export async function saveCampaignUpdate(
  campaignId: string,
  formData: FormData,
  ctx: StaffContext,
): Promise<UpdateOutcome> {
  const submission = parseForm(formData, updateFormSchema)
  if (submission.status !== 'success') {
    return {
      kind: 'invalid',
      fieldErrors: submission.error as Record<string, string[]>,
      status: 400,
    }
  }
  const found = await editableCampaign(campaignId)
  if (!found.ok) return { kind: 'invalid', fieldErrors: { '': [found.error] }, status: 409 }
  const { updateId, title, body } = submission.value
  const translations = translationRows(submission.value)
  return prisma.$transaction(async (tx) => {
    const before = updateId
      ? await tx.campaignUpdate.findFirst({
          where: { id: updateId, campaignId },
          include: { translations: { select: { locale: true, title: true, body: true } } },
        })
      : null
    if (updateId && !before) {
      return {
        kind: 'invalid',
        fieldErrors: { '': ['That update no longer exists.'] },
        status: 409,
      }
    }
    // The translations are replaced as a whole: a language left empty is removed.
    const saved = before
      ? await tx.campaignUpdate.update({
          where: { id: before.id },
          data: { title, body, translations: { deleteMany: {}, create: translations } },
        })
      : await tx.campaignUpdate.create({
          data: {
            campaignId,
            title,
            body,
            createdById: ctx.actor.id,
            translations: { create: translations },
          },
        })
    await recordAudit(
      {
        actor: ctx.actor,
        action: before ? 'campaign-update.edit' : 'campaign-update.create',
        entityType: 'CampaignUpdate',
        entityId: saved.id,
        before: before
          ? { title: before.title, body: before.body, translations: before.translations }
          : null,
        after: { campaignId, title, body, translations, publishedAt: saved.publishedAt },
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    return { kind: 'done', updateId: saved.id }
  })
}

export async function publishCampaignUpdate(
  campaignId: string,
  updateId: string,
  ctx: StaffContext,
  options: { namingConfirmed: boolean },
): Promise<UpdateOutcome> {
  const now = ctx.now ?? new Date()
  const found = await editableCampaign(campaignId)
  if (!found.ok) return { kind: 'invalid', fieldErrors: { '': [found.error] }, status: 409 }
  const update = await prisma.campaignUpdate.findFirst({
    where: { id: updateId, campaignId },
    include: { translations: true },
  })
  if (!update)
    return { kind: 'invalid', fieldErrors: { '': ['That update no longer exists.'] }, status: 409 }
  if (update.publishedAt) {
    return {
      kind: 'invalid',
      fieldErrors: { '': ['This update is already published.'] },
      status: 409,
    }
  }
  if (!options.namingConfirmed) {
    const findings = checkNaming(
      [update.title, update.body, ...update.translations.flatMap((t) => [t.title, t.body])],
      found.campaign.allowedTerms,
    )
    if (findings.length) return { kind: 'needs-confirmation', updateId, findings }
  }
  await prisma.$transaction(async (tx) => {
    // Only the first publisher wins if two managers press the button at once.
    const { count } = await tx.campaignUpdate.updateMany({
      where: { id: updateId, publishedAt: null },
      data: { publishedAt: now },
    })
    if (count === 0) return
    await recordAudit(
      {
        actor: ctx.actor,
        action: 'campaign-update.publish',
        entityType: 'CampaignUpdate',
        entityId: updateId,
        before: { publishedAt: null },
        after: { campaignId, publishedAt: now, namingConfirmed: options.namingConfirmed },
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
  })
  return { kind: 'done', updateId }
}

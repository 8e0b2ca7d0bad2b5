/**
 * Campaign updates: short posts shown on the campaign page once published. They are Markdown,
 * rendered like stories (no raw HTML), and pass the naming check before publishing, like a
 * story: a finding needs the manager's explicit confirmation. Every change is audited.
 */
import { z } from 'zod'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { renderMarkdown } from './markdown.ts'
import { checkNaming, type NamingFinding } from './naming-check.ts'

export const updateFormSchema = z.object({
  updateId: z.string().optional(),
  title: z
    .string({ required_error: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title')
    .max(150, 'Keep the title under 150 characters'),
  body: z
    .string({ required_error: 'Write the update' })
    .trim()
    .min(1, 'Write the update')
    .max(20_000, 'Keep the update under 20,000 characters'),
})

export type UpdateOutcome =
  | { kind: 'done'; updateId: string }
  | { kind: 'invalid'; fieldErrors: Record<string, string[]>; status: 400 | 409 }
  | { kind: 'needs-confirmation'; updateId: string; findings: NamingFinding[] }

export async function listCampaignUpdates(campaignId: string) {
  const rows = await prisma.campaignUpdate.findMany({
    where: { campaignId },
    orderBy: { createdAt: 'desc' },
  })
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    body: row.body,
    html: renderMarkdown(row.body),
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
  return prisma.$transaction(async (tx) => {
    const before = updateId
      ? await tx.campaignUpdate.findFirst({ where: { id: updateId, campaignId } })
      : null
    if (updateId && !before) {
      return {
        kind: 'invalid',
        fieldErrors: { '': ['That update no longer exists.'] },
        status: 409,
      }
    }
    const saved = before
      ? await tx.campaignUpdate.update({ where: { id: before.id }, data: { title, body } })
      : await tx.campaignUpdate.create({
          data: { campaignId, title, body, createdById: ctx.actor.id },
        })
    await recordAudit(
      {
        actor: ctx.actor,
        action: before ? 'campaign-update.edit' : 'campaign-update.create',
        entityType: 'CampaignUpdate',
        entityId: saved.id,
        before: before ? { title: before.title, body: before.body } : null,
        after: { campaignId, title, body, publishedAt: saved.publishedAt },
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
  const update = await prisma.campaignUpdate.findFirst({ where: { id: updateId, campaignId } })
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
    const findings = checkNaming([update.title, update.body], found.campaign.allowedTerms)
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

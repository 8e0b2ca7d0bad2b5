/**
 * Campaign management for staff: the list, create and edit, and the life cycle (publish,
 * schedule, close, archive, duplicate). Every change is written with its audit entry in the
 * same transaction, so no change can exist without its record (and no record without a change).
 *
 * Rules that need the database live here: a slug is unique across campaigns and old slugs (a
 * renamed campaign keeps redirecting from each of its old slugs); goal and currency are locked
 * once the campaign has gifts; an archived campaign cannot be edited.
 */
import { type SubmissionResult } from '@conform-to/react'
import type { CampaignStatus, Prisma } from '#app/generated/prisma/client.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { localeConfig } from '#app/i18n/locale.ts'
import { campaignFormSchema, parseAllowedTerms, type CampaignFormValue } from './campaign-form.ts'
import { TRANSLATION_LOCALES, languageName } from './campaign-content.ts'
import { daysLeft } from './campaigns.server.ts'
import { renderMarkdown } from './markdown.ts'
import type { FundCode } from './funds.ts'
import { checkNaming, type NamingFinding } from './naming-check.ts'

export type SaveOutcome =
  | { kind: 'saved'; campaignId: string; slug: string }
  /** A list intent (add/remove/reorder an amount) or a preview: nothing saved, form redrawn. */
  | { kind: 'intent'; result: SubmissionResult<string[]> }
  | { kind: 'invalid'; result: SubmissionResult<string[]>; status: 400 | 409 }

export type TransitionOutcome =
  | { kind: 'done'; campaignId: string }
  | { kind: 'refused'; message: string }
  | { kind: 'needs-confirmation'; findings: NamingFinding[] }

export type StaffStatus = 'Draft' | 'Scheduled' | 'Live' | 'Ended' | 'Closed' | 'Archived'

export const ARCHIVED_MESSAGE = 'Archived appeals cannot be edited. Duplicate it to start again.'

const editSelect = {
  id: true,
  slug: true,
  title: true,
  summary: true,
  story: true,
  fund: true,
  currency: true,
  goalMinor: true,
  status: true,
  featured: true,
  startsAt: true,
  endsAt: true,
  publishedAt: true,
  heroImageKey: true,
  heroImageAlt: true,
  allowedTerms: true,
  translations: {
    select: { locale: true, title: true, summary: true, story: true },
    orderBy: { locale: 'asc' },
  },
  suggestedAmounts: {
    select: {
      currency: true,
      amountMinor: true,
      impact: true,
      translations: { select: { locale: true, impact: true }, orderBy: { locale: 'asc' } },
    },
    orderBy: [{ currency: 'asc' }, { position: 'asc' }],
  },
} satisfies Prisma.CampaignSelect

export type EditableCampaign = Prisma.CampaignGetPayload<{ select: typeof editSelect }>

export function staffStatus(
  campaign: { status: CampaignStatus; startsAt: Date | null; endsAt: Date | null },
  now: Date,
): StaffStatus {
  switch (campaign.status) {
    case 'DRAFT':
      return 'Draft'
    case 'CLOSED':
      return 'Closed'
    case 'ARCHIVED':
      return 'Archived'
    case 'PUBLISHED':
      if (campaign.startsAt && campaign.startsAt > now) return 'Scheduled'
      if (campaign.endsAt && campaign.endsAt <= now) return 'Ended'
      return 'Live'
  }
}

/** What the audit log keeps of a campaign: every editable field, amounts as strings. */
function snapshot(campaign: EditableCampaign) {
  return {
    slug: campaign.slug,
    title: campaign.title,
    summary: campaign.summary,
    story: campaign.story,
    fund: campaign.fund,
    currency: campaign.currency,
    goalMinor: campaign.goalMinor.toString(),
    status: campaign.status,
    featured: campaign.featured,
    startsAt: campaign.startsAt,
    endsAt: campaign.endsAt,
    publishedAt: campaign.publishedAt,
    heroImageKey: campaign.heroImageKey,
    heroImageAlt: campaign.heroImageAlt,
    allowedTerms: campaign.allowedTerms,
    translations: campaign.translations,
    suggestedAmounts: campaign.suggestedAmounts,
  }
}

/** Every text of a campaign in every language, for the naming check. */
function campaignTexts(campaign: {
  title: string
  summary: string
  story: string
  translations: Array<{ title: string; summary: string; story: string }>
  suggestedAmounts: Array<{ impact: string; translations: Array<{ impact: string }> }>
}): string[] {
  return [
    campaign.title,
    campaign.summary,
    campaign.story,
    ...campaign.translations.flatMap((t) => [t.title, t.summary, t.story]),
    ...campaign.suggestedAmounts.flatMap((a) => [a.impact, ...a.translations.map((t) => t.impact)]),
  ]
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────────

export type CampaignListFilters = { status?: CampaignStatus | null; fund?: FundCode | null }

export async function listCampaignsForStaff(filters: CampaignListFilters, now = new Date()) {
  const rows = await prisma.campaign.findMany({
    where: {
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.fund ? { fund: filters.fund } : {}),
    },
    select: {
      id: true,
      slug: true,
      title: true,
      fund: true,
      currency: true,
      goalMinor: true,
      status: true,
      featured: true,
      startsAt: true,
      endsAt: true,
      updatedAt: true,
      totals: { select: { raisedMinor: true, giftCount: true } },
    },
    orderBy: [{ updatedAt: 'desc' }],
  })
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    fund: row.fund,
    currency: row.currency,
    featured: row.featured,
    status: staffStatus(row, now),
    goalMinor: Number(row.goalMinor),
    raisedMinor: Number(row.totals?.raisedMinor ?? 0n),
    giftCount: row.totals?.giftCount ?? 0,
    daysLeft: daysLeft(row.endsAt, now),
    updatedAt: row.updatedAt.toISOString(),
  }))
}

export function getCampaignForEditing(id: string) {
  return prisma.campaign.findUnique({ where: { id }, select: editSelect })
}

export async function campaignHasGifts(
  campaignId: string,
  client: Prisma.TransactionClient = prisma,
) {
  return (await client.gift.count({ where: { campaignId }, take: 1 })) > 0
}

/**
 * The editor's "Preview story" button: the story in each language as HTML, and the naming
 * check's findings over every text of the form (titles, summaries, stories, impact lines).
 */
export function previewStory(formData: FormData) {
  const text = (name: string) => String(formData.get(name) ?? '')
  const translated = TRANSLATION_LOCALES.filter((code) => text(`translations.${code}.story`).trim())
  const impacts = [...formData.entries()]
    .filter(([name]) => /^amounts\[\d+\]\.(impact|translations\.[^.]+)$/.test(name))
    .map(([, value]) => String(value))
  return {
    html: renderMarkdown(text('story')),
    translations: translated.map((code) => ({
      locale: code,
      lang: localeConfig(code).tag,
      language: languageName(code),
      html: renderMarkdown(text(`translations.${code}.story`)),
    })),
    findings: checkNaming(
      [
        text('title'),
        text('summary'),
        text('story'),
        ...TRANSLATION_LOCALES.flatMap((code) =>
          ['title', 'summary', 'story'].map((field) => text(`translations.${code}.${field}`)),
        ),
        ...impacts,
      ],
      parseAllowedTerms(text('allowedTerms')),
    ),
  }
}

// ─── Create and edit ────────────────────────────────────────────────────────────────────────

type FieldErrors = Record<string, string[]>

/** Slug taken by another campaign, now or as one of its old slugs? */
async function slugError(
  slug: string,
  campaignId: string | null,
  client: Prisma.TransactionClient,
): Promise<string | null> {
  const [campaign, redirect] = await Promise.all([
    client.campaign.findUnique({ where: { slug }, select: { id: true } }),
    client.campaignSlugRedirect.findUnique({ where: { fromSlug: slug } }),
  ])
  if (campaign && campaign.id !== campaignId) return 'Another appeal already uses this address'
  if (redirect && redirect.campaignId !== campaignId) {
    return 'Another appeal used this address before (old links still point to it)'
  }
  return null
}

// Thrown inside the save transaction, so that it rolls back: an invalid edit saves nothing.
class InvalidFields extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super('invalid fields')
  }
}
class Refused extends Error {}
/** Writes the amounts and every translation of the form (the old rows are already gone). */
async function writeTexts(
  campaignId: string,
  value: CampaignFormValue,
  tx: Prisma.TransactionClient,
) {
  for (const [position, { translations, ...row }] of value.amounts.entries()) {
    await tx.suggestedAmount.create({
      data: {
        campaignId,
        currency: value.currency,
        position,
        ...row,
        translations: { create: translations },
      },
    })
  }
  // Other currencies' buttons borrow the impact line at their position (donation-currencies).
  const others = value.otherAmounts.map((row) => ({
    campaignId,
    ...row,
    impact: '',
    position: value.otherAmounts.filter((other) => other.currency === row.currency).indexOf(row),
  }))
  if (others.length) await tx.suggestedAmount.createMany({ data: others })
  if (value.translations.length) {
    await tx.campaignTranslation.createMany({
      data: value.translations.map((translation) => ({ campaignId, ...translation })),
    })
  }
}

async function save(
  formData: FormData,
  write: (value: CampaignFormValue, tx: Prisma.TransactionClient) => Promise<EditableCampaign>,
): Promise<SaveOutcome> {
  const submission = parseForm(formData, campaignFormSchema)
  if (submission.status === undefined || formData.get('intent') === 'preview') {
    return { kind: 'intent', result: submission.reply() }
  }
  if (submission.status !== 'success') {
    return { kind: 'invalid', result: submission.reply(), status: 400 }
  }
  try {
    const saved = await prisma.$transaction((tx) => write(submission.value, tx))
    return { kind: 'saved', campaignId: saved.id, slug: saved.slug }
  } catch (error) {
    if (error instanceof InvalidFields) {
      return {
        kind: 'invalid',
        result: submission.reply({ fieldErrors: error.fieldErrors }),
        status: 400,
      }
    }
    if (error instanceof Refused) {
      return {
        kind: 'invalid',
        result: submission.reply({ formErrors: [error.message] }),
        status: 409,
      }
    }
    if (isUniqueViolation(error)) {
      // Two saves raced for the same slug; the loser hears the same thing as a slower one.
      return {
        kind: 'invalid',
        result: submission.reply({
          fieldErrors: { slug: ['Another appeal already uses this address'] },
        }),
        status: 400,
      }
    }
    throw error
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002'
}

export function createCampaign(formData: FormData, ctx: StaffContext): Promise<SaveOutcome> {
  return save(formData, async (value, tx) => {
    const slugProblem = await slugError(value.slug, null, tx)
    if (slugProblem) throw new InvalidFields({ slug: [slugProblem] })
    const {
      amounts: _amounts,
      otherAmounts: _otherAmounts,
      translations: _translations,
      ...fields
    } = value
    const created = await tx.campaign.create({
      data: { ...fields, goalMinor: BigInt(value.goalMinor), status: 'DRAFT' },
      select: { id: true },
    })
    await writeTexts(created.id, value, tx)
    const after = await tx.campaign.findUniqueOrThrow({
      where: { id: created.id },
      select: editSelect,
    })
    await recordAudit(
      {
        actor: ctx.actor,
        action: 'campaign.create',
        entityType: 'Campaign',
        entityId: after.id,
        after: snapshot(after),
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    return after
  })
}

export function updateCampaign(
  id: string,
  formData: FormData,
  ctx: StaffContext,
): Promise<SaveOutcome> {
  return save(formData, async (value, tx) => {
    const before = await tx.campaign.findUnique({ where: { id }, select: editSelect })
    if (!before) throw new Refused('This appeal no longer exists.')
    if (before.status === 'ARCHIVED') throw new Refused(ARCHIVED_MESSAGE)

    const fieldErrors: FieldErrors = {}
    const slugProblem = await slugError(value.slug, id, tx)
    if (slugProblem) fieldErrors.slug = [slugProblem]
    const moneyChanged =
      value.currency !== before.currency || BigInt(value.goalMinor) !== before.goalMinor
    if (moneyChanged && (await campaignHasGifts(id, tx))) {
      const message = 'Cannot change once the appeal has received gifts'
      if (value.currency !== before.currency) fieldErrors.currency = [message]
      if (BigInt(value.goalMinor) !== before.goalMinor) fieldErrors.goal = [message]
    }
    if (Object.keys(fieldErrors).length) throw new InvalidFields(fieldErrors)

    if (value.slug !== before.slug) {
      // The old address keeps working (301), and reclaiming an old slug drops its redirect.
      await tx.campaignSlugRedirect.deleteMany({ where: { fromSlug: value.slug } })
      await tx.campaignSlugRedirect.create({ data: { fromSlug: before.slug, campaignId: id } })
    }
    const {
      amounts: _amounts,
      otherAmounts: _otherAmounts,
      translations: _translations,
      ...fields
    } = value
    await tx.campaign.update({
      where: { id },
      data: { ...fields, goalMinor: BigInt(value.goalMinor) },
    })
    // Replaced as a whole, like the amounts: a language left empty is removed.
    await tx.suggestedAmount.deleteMany({ where: { campaignId: id } })
    await tx.campaignTranslation.deleteMany({ where: { campaignId: id } })
    await writeTexts(id, value, tx)
    const after = await tx.campaign.findUniqueOrThrow({ where: { id }, select: editSelect })
    await recordAudit(
      {
        actor: ctx.actor,
        action: 'campaign.update',
        entityType: 'Campaign',
        entityId: id,
        before: snapshot(before),
        after: snapshot(after),
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    return after
  })
}

// ─── Life cycle ─────────────────────────────────────────────────────────────────────────────

type Transition = {
  action: string
  allowedFrom: CampaignStatus[]
  refusal: string
  data: (campaign: EditableCampaign, now: Date) => Prisma.CampaignUpdateInput
  check?: (campaign: EditableCampaign, now: Date) => string | null
}

async function transition(
  id: string,
  ctx: StaffContext,
  rule: Transition,
  confirm?: { namingConfirmed: boolean },
): Promise<TransitionOutcome> {
  const now = ctx.now ?? new Date()
  return prisma.$transaction(async (tx) => {
    const before = await tx.campaign.findUnique({ where: { id }, select: editSelect })
    if (!before) return { kind: 'refused', message: 'This appeal no longer exists.' }
    if (!rule.allowedFrom.includes(before.status)) return { kind: 'refused', message: rule.refusal }
    const problem = rule.check?.(before, now)
    if (problem) return { kind: 'refused', message: problem }
    if (confirm && !confirm.namingConfirmed) {
      const findings = checkNaming(campaignTexts(before), before.allowedTerms)
      if (findings.length) return { kind: 'needs-confirmation', findings }
    }
    await tx.campaign.update({ where: { id }, data: rule.data(before, now) })
    const after = await tx.campaign.findUniqueOrThrow({ where: { id }, select: editSelect })
    await recordAudit(
      {
        actor: ctx.actor,
        action: rule.action,
        entityType: 'Campaign',
        entityId: id,
        before: snapshot(before),
        after: {
          ...snapshot(after),
          ...(confirm?.namingConfirmed ? { namingConfirmed: true } : {}),
        },
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    return { kind: 'done', campaignId: id }
  })
}

const needsAmounts = (campaign: EditableCampaign) =>
  campaign.suggestedAmounts.length === 0 ? 'Add at least one suggested amount first.' : null

/**
 * Publishes a draft (or reopens a closed appeal). The naming check runs over the title,
 * summary, story and impact lines in every language; with findings, the manager must confirm they checked them.
 */
export function publishCampaign(
  id: string,
  ctx: StaffContext,
  options: { namingConfirmed: boolean },
) {
  return transition(
    id,
    ctx,
    {
      action: 'campaign.publish',
      allowedFrom: ['DRAFT', 'CLOSED'],
      refusal: 'Only a draft or a closed appeal can be published.',
      check: needsAmounts,
      data: (campaign, now) => ({
        status: 'PUBLISHED',
        publishedAt: campaign.publishedAt ?? now,
      }),
    },
    options,
  )
}

/** Publishes with a start date in the future: the public sees nothing until then. */
export function scheduleCampaign(
  id: string,
  startsAt: Date | null,
  ctx: StaffContext,
  options: { namingConfirmed: boolean },
) {
  return transition(
    id,
    ctx,
    {
      action: 'campaign.schedule',
      allowedFrom: ['DRAFT', 'PUBLISHED'],
      refusal: 'Only a draft or a published appeal can be scheduled.',
      check: (campaign, now) => {
        if (!startsAt) return 'Enter the start date and time.'
        if (startsAt <= now) return 'The start must be in the future.'
        if (campaign.endsAt && campaign.endsAt <= startsAt) {
          return 'The start must be before the end date.'
        }
        if (campaign.status === 'PUBLISHED' && (!campaign.startsAt || campaign.startsAt <= now)) {
          return 'This appeal is already live; close it instead.'
        }
        return needsAmounts(campaign)
      },
      data: (campaign, now) => ({
        status: 'PUBLISHED',
        startsAt,
        publishedAt: campaign.publishedAt ?? now,
      }),
    },
    options,
  )
}

export function closeCampaign(id: string, ctx: StaffContext) {
  return transition(id, ctx, {
    action: 'campaign.close',
    allowedFrom: ['PUBLISHED'],
    refusal: 'Only a published appeal can be closed.',
    data: () => ({ status: 'CLOSED' }),
  })
}

export function archiveCampaign(id: string, ctx: StaffContext) {
  return transition(id, ctx, {
    action: 'campaign.archive',
    allowedFrom: ['DRAFT', 'PUBLISHED', 'CLOSED'],
    refusal: 'This appeal is already archived.',
    data: () => ({ status: 'ARCHIVED', featured: false }),
  })
}

const MAX_SLUG_LENGTH = 80

/** The first free `<slug>-copy`, `<slug>-copy-2`, … (free of campaigns and old slugs). */
async function freeCopySlug(slug: string, tx: Prisma.TransactionClient): Promise<string> {
  const base = `${slug.replace(/-copy(-\d+)?$/, '').slice(0, MAX_SLUG_LENGTH - 9)}-copy`
  const [campaigns, redirects] = await Promise.all([
    tx.campaign.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } }),
    tx.campaignSlugRedirect.findMany({
      where: { fromSlug: { startsWith: base } },
      select: { fromSlug: true },
    }),
  ])
  const taken = new Set([...campaigns.map((c) => c.slug), ...redirects.map((r) => r.fromSlug)])
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

/** A copy as a new DRAFT: same texts and amounts, a new unique slug, no dates, no totals. */
export async function duplicateCampaign(id: string, ctx: StaffContext) {
  return prisma.$transaction(async (tx) => {
    const source = await tx.campaign.findUnique({ where: { id }, select: editSelect })
    if (!source) return null
    const slug = await freeCopySlug(source.slug, tx)
    const copy = await tx.campaign.create({
      data: {
        slug,
        title: `Copy of ${source.title}`.slice(0, 120),
        summary: source.summary,
        story: source.story,
        fund: source.fund,
        currency: source.currency,
        goalMinor: source.goalMinor,
        status: 'DRAFT',
        heroImageKey: source.heroImageKey,
        heroImageAlt: source.heroImageAlt,
        allowedTerms: source.allowedTerms,
        translations: { create: source.translations },
        suggestedAmounts: {
          create: source.suggestedAmounts.map(({ translations, ...row }, index, all) => ({
            ...row,
            // Position among the amounts of the same currency.
            position: all.slice(0, index).filter((other) => other.currency === row.currency).length,
            translations: { create: translations },
          })),
        },
      },
      select: editSelect,
    })
    await recordAudit(
      {
        actor: ctx.actor,
        action: 'campaign.duplicate',
        entityType: 'Campaign',
        entityId: copy.id,
        before: { duplicatedFrom: source.id, slug: source.slug },
        after: snapshot(copy),
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    return copy
  })
}

/**
 * Public reads of campaigns. Only PUBLISHED or CLOSED campaigns whose start date has come are
 * visible; drafts, archived and scheduled campaigns are not found (404) for the public.
 * Progress comes from the CampaignTotals counter row: O(1) per campaign.
 */
import type { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import type { CurrencyCode } from '#app/modules/ledger/money.ts'
import { renderMarkdown } from './markdown.ts'
import type { FundCode } from './funds.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export type CampaignCard = {
  slug: string
  title: string
  summary: string
  fund: FundCode
  currency: CurrencyCode
  goalMinor: number
  raisedMinor: number
  giftCount: number
  donorCount: number
  /** Raised counts gifts converted at an estimated rate (docs/decisions/0019): "about". */
  estimated: boolean
  featured: boolean
  closed: boolean
  endsAt: string | null
  /** Whole days left before the deadline (rounded up); 0 once it has passed; null without one. */
  daysLeft: number | null
}

export type HeroImage = { key: string; alt: string }

export type PublicCampaignUpdate = {
  id: string
  title: string
  html: string
  publishedAt: string
}

export type PublicCampaign = CampaignCard & {
  storyHtml: string
  heroImage: HeroImage | null
  /** Published updates, newest first. */
  updates: PublicCampaignUpdate[]
  suggestedAmounts: Array<{ amountMinor: number; impact: string }>
  /** Donor messages and names a moderator approved; never from anonymous gifts. */
  messages: Array<{
    id: string
    displayName: string | null
    body: string | null
    createdAt: string
  }>
}

const PUBLIC_MESSAGES_SHOWN = 20
const PUBLIC_UPDATES_SHOWN = 20

const cardSelect = {
  slug: true,
  title: true,
  summary: true,
  fund: true,
  currency: true,
  goalMinor: true,
  featured: true,
  status: true,
  endsAt: true,
  totals: {
    select: { raisedMinor: true, giftCount: true, donorCount: true, estimatedGiftCount: true },
  },
} satisfies Prisma.CampaignSelect

export type CardRow = Prisma.CampaignGetPayload<{ select: typeof cardSelect }>

function publicWhere(now: Date): Prisma.CampaignWhereInput {
  return {
    status: { in: ['PUBLISHED', 'CLOSED'] },
    OR: [{ startsAt: null }, { startsAt: { lte: now } }],
  }
}

/** bigint column → number, refusing silently-rounded values. */
function toSafeNumber(value: bigint): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number)) throw new RangeError(`Amount out of safe range: ${value}`)
  return number
}

export function daysLeft(endsAt: Date | null, now: Date): number | null {
  if (!endsAt) return null
  return Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS))
}

export function toCard(row: CardRow, now: Date): CampaignCard {
  const ended = row.endsAt !== null && row.endsAt.getTime() <= now.getTime()
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    fund: row.fund,
    currency: row.currency as CurrencyCode,
    goalMinor: toSafeNumber(row.goalMinor),
    raisedMinor: toSafeNumber(row.totals?.raisedMinor ?? 0n),
    giftCount: row.totals?.giftCount ?? 0,
    donorCount: row.totals?.donorCount ?? 0,
    estimated: (row.totals?.estimatedGiftCount ?? 0) > 0,
    featured: row.featured,
    closed: row.status === 'CLOSED' || ended,
    endsAt: row.endsAt?.toISOString() ?? null,
    daysLeft: daysLeft(row.endsAt, now),
  }
}

export async function listPublicCampaigns(now = new Date()): Promise<CampaignCard[]> {
  const rows = await prisma.campaign.findMany({
    where: publicWhere(now),
    select: cardSelect,
    orderBy: [
      { featured: 'desc' },
      { status: 'asc' },
      { endsAt: { sort: 'asc', nulls: 'last' } },
      { title: 'asc' },
    ],
  })
  return rows.map((row) => toCard(row, now))
}

export async function getPublicCampaign(
  slug: string,
  now = new Date(),
): Promise<PublicCampaign | null> {
  const row = await prisma.campaign.findFirst({
    where: { slug, ...publicWhere(now) },
    select: {
      ...cardSelect,
      story: true,
      heroImageKey: true,
      heroImageAlt: true,
      updates: {
        where: { publishedAt: { not: null, lte: now } },
        select: { id: true, title: true, body: true, publishedAt: true },
        orderBy: { publishedAt: 'desc' },
        take: PUBLIC_UPDATES_SHOWN,
      },
      suggestedAmounts: {
        select: { amountMinor: true, impact: true },
        orderBy: { position: 'asc' },
      },
      messages: {
        where: { status: 'APPROVED', pledge: { anonymous: false } },
        select: { id: true, displayName: true, body: true, createdAt: true },
        orderBy: { createdAt: 'desc' },
        take: PUBLIC_MESSAGES_SHOWN,
      },
    },
  })
  if (!row) return null
  return {
    ...toCard(row, now),
    storyHtml: renderMarkdown(row.story),
    heroImage: heroImageOf(row),
    updates: row.updates.map((update) => ({
      id: update.id,
      title: update.title,
      html: renderMarkdown(update.body),
      publishedAt: (update.publishedAt ?? now).toISOString(),
    })),
    suggestedAmounts: row.suggestedAmounts,
    messages: row.messages.map((message) => ({
      ...message,
      createdAt: message.createdAt.toISOString(),
    })),
  }
}

export function heroImageOf(row: {
  heroImageKey: string | null
  heroImageAlt: string | null
}): HeroImage | null {
  return row.heroImageKey ? { key: row.heroImageKey, alt: row.heroImageAlt ?? '' } : null
}

/**
 * The current slug of a public campaign that used to live at `slug` (it was renamed), for a
 * 301 from old links; null when no public campaign ever had that slug.
 */
export async function findRenamedCampaignSlug(slug: string, now = new Date()) {
  const redirect = await prisma.campaignSlugRedirect.findUnique({
    where: { fromSlug: slug },
    select: { campaign: { select: { slug: true, status: true, startsAt: true } } },
  })
  const campaign = redirect?.campaign
  if (!campaign || (campaign.status !== 'PUBLISHED' && campaign.status !== 'CLOSED')) return null
  if (campaign.startsAt && campaign.startsAt > now) return null
  return campaign.slug
}

/** The fields the donate action needs, for any status (the action decides what is givable). */
export function getCampaignForGiving(slug: string) {
  return prisma.campaign.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      fund: true,
      currency: true,
      status: true,
      startsAt: true,
      endsAt: true,
    },
  })
}

/**
 * Public reads of campaigns. Only PUBLISHED or CLOSED campaigns whose start date has come are
 * visible; drafts, archived and scheduled campaigns are not found (404) for the public.
 * Progress comes from the CampaignTotals counter row: O(1) per campaign.
 */
import type { Prisma } from '#app/generated/prisma/client.ts'
import { DEFAULT_LOCALE, type Locale } from '#app/i18n/locale.ts'
import { prisma } from '#app/utils/db.server.ts'
import type { CurrencyCode } from '#app/modules/ledger/money.ts'
import { campaignContent, impactContent, updateContent } from './campaign-content.ts'
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
  /** Raised counts gifts converted at an estimated rate (docs/decisions/0021): "about". */
  estimated: boolean
  featured: boolean
  closed: boolean
  endsAt: string | null
  /** Whole days left before the deadline (rounded up); 0 once it has passed; null without one. */
  daysLeft: number | null
  /** `lang` of title, summary and story when not the page's (English on /ko), else null. */
  lang: string | null
  /** The page's language has no translation of this appeal: English is shown, with a note. */
  untranslated: boolean
}

export type HeroImage = { key: string; alt: string }

export type PublicCampaignUpdate = {
  id: string
  title: string
  html: string
  publishedAt: string
  /** `lang` of this update when it is not the page's language, else null. */
  lang: string | null
}

export type PublicCampaign = CampaignCard & {
  storyHtml: string
  heroImage: HeroImage | null
  /** Published updates, newest first. */
  updates: PublicCampaignUpdate[]
  /** Every currency's buttons (the appeal's own and managers' others): donation-currencies.
   * `lang` is set when the impact line is not in the page's language. */
  suggestedAmounts: Array<{
    currency: string
    amountMinor: number
    impact: string
    lang: string | null
  }>
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
  translations: { select: { locale: true, title: true, summary: true } },
} satisfies Prisma.CampaignSelect

/** The card's fields with only the page language's translation. */
function cardSelectIn(locale: Locale) {
  return { ...cardSelect, translations: { ...cardSelect.translations, where: { locale } } }
}

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

export function toCard(
  row: CardRow,
  now: Date,
  locale: Locale = DEFAULT_LOCALE.code,
): CampaignCard {
  const ended = row.endsAt !== null && row.endsAt.getTime() <= now.getTime()
  const content = campaignContent(row, locale)
  return {
    slug: row.slug,
    title: content.title,
    summary: content.summary,
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
    lang: content.lang,
    untranslated: content.untranslated,
  }
}

/** Public appeals for the home page, with their texts in `locale` where translated. */
export async function listPublicCampaigns(
  now = new Date(),
  locale: Locale = DEFAULT_LOCALE.code,
): Promise<CampaignCard[]> {
  const rows = await prisma.campaign.findMany({
    where: publicWhere(now),
    select: cardSelectIn(locale),
    orderBy: [
      { featured: 'desc' },
      { status: 'asc' },
      { endsAt: { sort: 'asc', nulls: 'last' } },
      { title: 'asc' },
    ],
  })
  return rows.map((row) => toCard(row, now, locale))
}

/** A public appeal's page, its texts (story, impact lines, updates) in `locale` where translated. */
export async function getPublicCampaign(
  slug: string,
  now = new Date(),
  locale: Locale = DEFAULT_LOCALE.code,
): Promise<PublicCampaign | null> {
  const inLocale = { where: { locale } }
  const row = await prisma.campaign.findFirst({
    where: { slug, ...publicWhere(now) },
    select: {
      ...cardSelect,
      translations: {
        ...inLocale,
        select: { locale: true, title: true, summary: true, story: true },
      },
      story: true,
      heroImageKey: true,
      heroImageAlt: true,
      updates: {
        where: { publishedAt: { not: null, lte: now } },
        select: {
          id: true,
          title: true,
          body: true,
          publishedAt: true,
          translations: { ...inLocale, select: { locale: true, title: true, body: true } },
        },
        orderBy: { publishedAt: 'desc' },
        take: PUBLIC_UPDATES_SHOWN,
      },
      suggestedAmounts: {
        select: {
          currency: true,
          amountMinor: true,
          impact: true,
          translations: { ...inLocale, select: { locale: true, impact: true } },
        },
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
  const content = campaignContent(row, locale)
  return {
    ...toCard(row, now, locale),
    storyHtml: renderMarkdown(content.story),
    heroImage: heroImageOf(row),
    updates: row.updates.map((update) => publicUpdate(update, now, locale)),
    suggestedAmounts: row.suggestedAmounts.map((amount) => ({
      currency: amount.currency,
      amountMinor: amount.amountMinor,
      ...impactContent(amount, locale, !content.untranslated),
    })),
    messages: row.messages.map((message) => ({
      ...message,
      createdAt: message.createdAt.toISOString(),
    })),
  }
}

export function publicUpdate(
  update: {
    id: string
    title: string
    body: string
    publishedAt: Date | null
    translations?: Array<{ locale: string; title: string; body: string }>
  },
  now: Date,
  locale: Locale,
): PublicCampaignUpdate {
  const content = updateContent(update, locale)
  return {
    id: update.id,
    title: content.title,
    html: renderMarkdown(content.body),
    publishedAt: (update.publishedAt ?? now).toISOString(),
    lang: content.lang,
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

/**
 * Starting a gift: validate the donate form, apply rate limits, write the pledge (and the donor
 * and their message for moderation), then create a Stripe Checkout Session for it and send the
 * donor there. The pledge exists before Stripe does, so every session maps back to a pledge.
 */
import type { SubmissionResult } from '@conform-to/react'
import type { Campaign } from '#app/generated/prisma/client.ts'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { localeConfig, localizePath, type Locale } from '#app/i18n/locale.ts'
import { isRecurring, STRIPE_INTERVAL, type GiftFrequency } from '#app/modules/ledger/frequency.ts'
import { countIdenticalMessagesSince } from '#app/modules/campaigns/moderation.server.ts'
import { getStripe, type Stripe } from '#app/utils/stripe.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/app-url.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { logger } from '#app/utils/logger.server.ts'
import {
  consumeRateLimits,
  retryAfterSeconds,
  type RateLimit,
} from '#app/utils/rate-limit.server.ts'
import {
  CHALLENGE_FIELD,
  spendChallenge,
  type ChallengeVerdict,
} from '#app/modules/safety/challenge.server.ts'
import { countCheckoutSession, givingGuardFor } from '#app/modules/safety/guard.server.ts'
import { addressLimitKey, emailLimitKey } from '#app/modules/safety/limit-keys.ts'
import { isOfferedCurrency } from './donation-currencies.server.ts'
import { donateFormSchema, type DonateFormValue } from './donate-form.ts'
import { feeCoverFor } from './fees.ts'
import { classifyDonorMessage } from './message-filter.ts'

/** Stripe allows 30 minutes to 24 hours; a short window narrows card-testing abuse. */
export const CHECKOUT_LIFETIME_MS = 45 * 60 * 1000
const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
/**
 * Under a burst every pooled connection may be busy: wait for one as long as the pool itself
 * waits (db.server.ts) rather than Prisma's 2 s default, after which the donor would get a 500.
 */
const DONATE_TRANSACTION = { maxWait: 5_000, timeout: 10_000 }

export type DonationOutcome =
  | { kind: 'redirect'; url: string }
  | { kind: 'invalid'; result: SubmissionResult<string[]> }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'unavailable'; message: string }
  /** Giving is paused (by an ADMIN, or by the card-testing alarm): nothing was written. */
  | { kind: 'paused'; message: string }

type GivableCampaign = Pick<
  Campaign,
  'id' | 'slug' | 'title' | 'fund' | 'currency' | 'status' | 'startsAt' | 'endsAt'
>

export function isTakingGifts(campaign: GivableCampaign, now: Date): boolean {
  return (
    campaign.status === 'PUBLISHED' &&
    (!campaign.startsAt || campaign.startsAt <= now) &&
    (!campaign.endsAt || campaign.endsAt > now)
  )
}

/**
 * Card testing (docs/decisions/0024-card-testing-defences.md): a paused appeal or site refuses
 * the gift; raised risk asks for a solved challenge; every Checkout Session started is counted
 * site-wide and per appeal, and the count that trips the next level refuses its own request.
 *
 * Starts a gift in the donor's currency (the form's `currency`, the appeal's own when absent)
 * and language (`locale`, from the URL): the pledge is written, charged and receipted in that
 * currency, Checkout speaks that language, and Stripe sends the donor back to pages in it.
 */
export async function startDonation(options: {
  campaign: GivableCampaign
  formData: FormData
  clientIp: string
  locale?: Locale
  now?: Date
}): Promise<DonationOutcome> {
  const { campaign, formData, clientIp } = options
  const locale = localeConfig(options.locale).code
  const intl = serverIntl(locale)
  const now = options.now ?? new Date()
  const posted = formData.get('currency')
  const currency = typeof posted === 'string' && posted ? posted : campaign.currency
  const offered = await isOfferedCurrency(campaign, currency, now)
  const submission = parseForm(
    formData,
    donateFormSchema(offered ? currency : campaign.currency, intl),
  )
  if (submission.status !== 'success') return { kind: 'invalid', result: submission.reply() }
  const refuse = (
    id:
      | 'donate.error.currency'
      | 'donate.error.tryAgain'
      | 'donate.error.closed'
      | 'donate.error.challengeNeeded'
      | 'donate.error.challengeFailed',
  ) =>
    ({
      kind: 'invalid',
      result: submission.reply({ formErrors: [intl.formatMessage({ id })] }),
    }) as const
  if (!offered) return refuse('donate.error.currency')
  // The honeypot field is hidden from people; only bots fill it in.
  if (formData.get('website')) return refuse('donate.error.tryAgain')
  if (!isTakingGifts(campaign, now)) return refuse('donate.error.closed')
  const gift = { currency, locale }
  const paused = { kind: 'paused', message: intl.formatMessage({ id: 'donate.paused' }) } as const
  const challengeRefusal = (verdict: Exclude<ChallengeVerdict, 'accepted'>) =>
    refuse(verdict === 'missing' ? 'donate.error.challengeNeeded' : 'donate.error.challengeFailed')

  const guard = await givingGuardFor(campaign.id, now)
  if (guard.paused) return paused
  if (guard.challengeRequired) {
    const verdict = await spendChallenge(formData.get(CHALLENGE_FIELD), now)
    if (verdict !== 'accepted') return challengeRefusal(verdict)
  }
  // A refused attempt is counted and writes nothing else.
  const limit = await consumeRateLimits(checkoutRateLimits(clientIp, submission.value.email), now)
  if (!limit.allowed) return { kind: 'rate-limited', retryAfterSeconds: retryAfterSeconds(limit) }
  // The request that trips a level is the first one it holds back.
  const level = await countCheckoutSession(campaign.id, now)
  if (level === 'pause') return paused
  if (level === 'challenge' && !guard.challengeRequired) return challengeRefusal('missing')
  const pledge = await writePledge(campaign, gift, submission.value, now)
  try {
    const session = await createCheckoutSession(campaign, pledge, submission.value.email, now)
    await prisma.pledge.update({
      where: { id: pledge.id },
      data: {
        stripeCheckoutSessionId: session.id,
        checkoutExpiresAt: new Date(session.expires_at * 1000),
      },
      select: { id: true },
    })
    if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`)
    return { kind: 'redirect', url: session.url }
  } catch (error) {
    logger.error({ err: error, pledgeId: pledge.id }, 'could not create a Checkout Session')
    await prisma.pledge.update({
      where: { id: pledge.id },
      data: { status: 'ABANDONED' },
      select: { id: true },
    })
    return { kind: 'unavailable', message: intl.formatMessage({ id: 'donate.error.unavailable' }) }
  }
}

/**
 * At most so many Checkout attempts per address and per email (configurable), keyed so that
 * one mailbox's spellings and one IPv6 /64 are one bucket each (limit-keys.ts).
 */
function checkoutRateLimits(clientAddress: string, emailAddress: string): RateLimit[] {
  const env = getEnv()
  const clientIp = addressLimitKey(clientAddress)
  const email = emailLimitKey(emailAddress)
  return [
    {
      key: `checkout:ip:${clientIp}`,
      limit: env.CHECKOUT_LIMIT_IP_PER_MINUTE,
      windowMs: MINUTE_MS,
    },
    { key: `checkout:ip:${clientIp}`, limit: env.CHECKOUT_LIMIT_IP_PER_HOUR, windowMs: HOUR_MS },
    { key: `checkout:email:${email}`, limit: env.CHECKOUT_LIMIT_EMAIL_PER_HOUR, windowMs: HOUR_MS },
  ]
}

/** The donor's currency and language for this gift. */
type GiftTerms = { currency: string; locale: Locale }

type NewPledge = GiftTerms & {
  id: string
  frequency: GiftFrequency
  amountMinor: number
  feeCoverMinor: number
  /** The donor's Stripe Customer, once they have one: Checkout reuses it. */
  stripeCustomerId: string | null
}

/**
 * Writes the donor (found or created by email), the pledge and, if there is one, the message
 * for moderation, in one transaction: all of them or none. The donor row is never changed here:
 * anyone can type any email, so the name given waits on the pledge until the gift is paid.
 */
async function writePledge(
  campaign: GivableCampaign,
  terms: GiftTerms,
  value: DonateFormValue,
  now: Date,
): Promise<NewPledge> {
  const feeCoverMinor = value.coverFee ? feeCoverFor(value.amountMinor, terms.currency) : 0
  const verdict = await classifyDonorMessage(
    { body: value.message, displayName: value.showName ? value.displayName : null, now },
    countIdenticalMessagesSince,
  )
  // Nothing an anonymous donor writes is ever shown, so it is not kept for display either.
  const keepMessage = !value.anonymous && (value.message || value.showName)
  const pledge = await prisma.$transaction(async (tx) => {
    const donor = await tx.donor.upsert({
      where: { email: value.email },
      create: { email: value.email, createdAt: now },
      // The name stays on the pledge until a gift is paid. Prisma writes an upsert as one
      // INSERT … ON CONFLICT only when there is something to update (with nothing it takes a
      // SELECT, an INSERT and a re-read); setting the email to itself changes nothing.
      update: { email: value.email },
      select: { id: true, stripeCustomerId: true },
    })
    const created = await tx.pledge.create({
      data: {
        campaignId: campaign.id,
        donorId: donor.id,
        frequency: value.frequency,
        donorName: value.name,
        currency: terms.currency,
        locale: terms.locale,
        amountMinor: value.amountMinor,
        feeCoverMinor,
        totalMinor: value.amountMinor + feeCoverMinor,
        anonymous: value.anonymous,
        updatesOptIn: value.updatesOptIn,
        displayName: value.displayName,
        showName: value.showName,
        dedication: value.dedication,
        dedicationName: value.dedicationName,
        dedicationNotifyName: value.dedicationNotify?.name ?? null,
        dedicationNotifyEmail: value.dedicationNotify?.email ?? null,
        dedicationNotifyMessage: value.dedicationNotify?.message ?? null,
        utmSource: value.utm.source,
        utmMedium: value.utm.medium,
        utmCampaign: value.utm.campaign,
        checkoutExpiresAt: checkoutExpiry(now),
        createdAt: now,
        updatedAt: now,
        message: keepMessage
          ? {
              create: {
                campaignId: campaign.id,
                displayName: value.showName ? value.displayName : null,
                body: value.message,
                status: verdict.spam ? 'SPAM' : 'PENDING',
                spamReason: verdict.reason,
                createdAt: now,
              },
            }
          : undefined,
      },
      select: { id: true },
    })
    return { id: created.id, stripeCustomerId: donor.stripeCustomerId }
  }, DONATE_TRANSACTION)
  return {
    ...terms,
    id: pledge.id,
    frequency: value.frequency,
    amountMinor: value.amountMinor,
    feeCoverMinor,
    stripeCustomerId: pledge.stripeCustomerId,
  }
}

function checkoutExpiry(now: Date): Date {
  return new Date(Math.floor((now.getTime() + CHECKOUT_LIFETIME_MS) / 1000) * 1000)
}

function createCheckoutSession(
  campaign: GivableCampaign,
  pledge: NewPledge,
  email: string,
  now: Date,
): Promise<Stripe.Checkout.Session> {
  const subscription = isRecurring(pledge.frequency)
  const currency = pledge.currency.toLowerCase()
  const intl = serverIntl(pledge.locale)
  const recurring = isRecurring(pledge.frequency)
    ? { recurring: { interval: STRIPE_INTERVAL[pledge.frequency] } }
    : {}
  const metadata = { pledge_id: pledge.id, campaign_id: campaign.id, fund: campaign.fund }
  const description = intl.formatMessage(
    { id: 'checkout.description' },
    { frequency: pledge.frequency, title: campaign.title, fund: campaign.fund },
  )
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = [
    {
      quantity: 1,
      price_data: {
        currency,
        unit_amount: pledge.amountMinor,
        product_data: { name: description },
        ...recurring,
      },
    },
  ]
  if (pledge.feeCoverMinor > 0) {
    lineItems.push({
      quantity: 1,
      price_data: {
        currency,
        unit_amount: pledge.feeCoverMinor,
        product_data: { name: intl.formatMessage({ id: 'checkout.feeCover' }) },
        ...recurring,
      },
    })
  }
  // One Stripe Customer per donor: a returning donor's Checkout uses theirs. Stripe takes
  // `customer` or `customer_email`, not both, and `customer_creation` only in payment mode
  // (subscription mode always creates a Customer when none is given).
  const customer = pledge.stripeCustomerId
    ? { customer: pledge.stripeCustomerId }
    : {
        customer_email: email,
        ...(subscription ? {} : { customer_creation: 'always' as const }),
      }
  return getStripe().checkout.sessions.create(
    {
      mode: subscription ? 'subscription' : 'payment',
      line_items: lineItems,
      client_reference_id: pledge.id,
      ...customer,
      metadata,
      locale: localeConfig(pledge.locale).checkout as Stripe.Checkout.SessionCreateParams.Locale,
      success_url: appUrl(
        localizePath('/donate/thanks?session_id={CHECKOUT_SESSION_ID}', pledge.locale),
      ),
      // Back to the form in the currency the donor chose.
      cancel_url: appUrl(
        localizePath(`/campaigns/${campaign.slug}?currency=${pledge.currency}#give`, pledge.locale),
      ),
      expires_at: checkoutExpiry(now).getTime() / 1000,
      ...(subscription
        ? { subscription_data: { metadata, description } }
        : {
            submit_type: 'donate' as const,
            payment_intent_data: { metadata, description },
          }),
    },
    { idempotencyKey: `lantern-checkout-${pledge.id}` },
  )
}

/**
 * Starting a gift: validate the donate form, apply rate limits, write the pledge (and the donor
 * and their message for moderation), then create a Stripe Checkout Session for it and send the
 * donor there. The pledge exists before Stripe does, so every session maps back to a pledge.
 */
import type { SubmissionResult } from '@conform-to/react'
import type { Campaign } from '#app/generated/prisma/client.ts'
import { FUND_DETAILS } from '#app/modules/campaigns/funds.ts'
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

export async function startDonation(options: {
  campaign: GivableCampaign
  formData: FormData
  clientIp: string
  now?: Date
}): Promise<DonationOutcome> {
  const { campaign, formData, clientIp } = options
  const now = options.now ?? new Date()
  const submission = parseForm(formData, donateFormSchema(campaign.currency))
  if (submission.status !== 'success') return { kind: 'invalid', result: submission.reply() }
  if (formData.get('website')) {
    // The honeypot field is hidden from people; only bots fill it in.
    return {
      kind: 'invalid',
      result: submission.reply({ formErrors: ['Something went wrong. Please try again.'] }),
    }
  }
  if (!isTakingGifts(campaign, now)) {
    return {
      kind: 'invalid',
      result: submission.reply({ formErrors: ['This appeal is no longer taking gifts.'] }),
    }
  }

  // A refused attempt is counted and writes nothing else.
  const limit = await consumeRateLimits(checkoutRateLimits(clientIp, submission.value.email), now)
  if (!limit.allowed) return { kind: 'rate-limited', retryAfterSeconds: retryAfterSeconds(limit) }
  const pledge = await writePledge(campaign, submission.value, now)
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
    return {
      kind: 'unavailable',
      message:
        'We could not reach our payment provider. No money was taken; please try again in a minute.',
    }
  }
}

/** At most so many Checkout attempts per address and per email (configurable). */
function checkoutRateLimits(clientIp: string, email: string): RateLimit[] {
  const env = getEnv()
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

type NewPledge = {
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
  value: DonateFormValue,
  now: Date,
): Promise<NewPledge> {
  const feeCoverMinor = value.coverFee ? feeCoverFor(value.amountMinor, campaign.currency) : 0
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
        currency: campaign.currency,
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

const CHECKOUT_NOUN = { ONE_TIME: 'Gift', MONTHLY: 'Monthly gift', ANNUAL: 'Annual gift' } as const

function createCheckoutSession(
  campaign: GivableCampaign,
  pledge: NewPledge,
  email: string,
  now: Date,
): Promise<Stripe.Checkout.Session> {
  const subscription = isRecurring(pledge.frequency)
  const currency = campaign.currency.toLowerCase()
  const recurring = isRecurring(pledge.frequency)
    ? { recurring: { interval: STRIPE_INTERVAL[pledge.frequency] } }
    : {}
  const metadata = { pledge_id: pledge.id, campaign_id: campaign.id, fund: campaign.fund }
  const description = `${CHECKOUT_NOUN[pledge.frequency]} to ${campaign.title} (${FUND_DETAILS[campaign.fund].label})`
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
        product_data: {
          name: 'Covering the processing fee, so the appeal receives your full gift',
        },
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
      success_url: appUrl('/donate/thanks?session_id={CHECKOUT_SESSION_ID}'),
      cancel_url: appUrl(`/campaigns/${campaign.slug}#give`),
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

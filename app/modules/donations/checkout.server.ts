/**
 * Starting a gift: validate the donate form, apply rate limits, write the pledge (and the donor
 * and their message for moderation), then create a Stripe Checkout Session for it and send the
 * donor there. The pledge exists before Stripe does, so every session maps back to a pledge.
 */
import type { SubmissionResult } from '@conform-to/react'
import type { Campaign } from '#app/generated/prisma/client.ts'
import { FUND_DETAILS } from '#app/modules/campaigns/funds.ts'
import { countIdenticalMessagesSince } from '#app/modules/campaigns/moderation.server.ts'
import { getStripe, type Stripe } from '#app/modules/payments/stripe.server.ts'
import { preparedQuery, prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { newId } from '#app/utils/ids.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { rateLimitUpsert, type RateLimitCheck } from '#app/utils/rate-limit.server.ts'
import { donateFormSchema, type DonateFormValue } from './donate-form.ts'
import { feeCoverFor } from './fees.ts'
import { classifyDonorMessage } from './message-filter.ts'

/** Stripe allows 30 minutes to 24 hours; a short window narrows card-testing abuse. */
export const CHECKOUT_LIFETIME_MS = 45 * 60 * 1000
const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

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

  const written = await writePledge(campaign, submission.value, clientIp, now)
  if (!written.allowed) {
    return { kind: 'rate-limited', retryAfterSeconds: written.retryAfterSeconds }
  }
  const { pledge } = written
  try {
    const session = await createCheckoutSession(campaign, pledge, submission.value.email, now)
    await preparedQuery(
      'donate-pledge-session',
      `UPDATE "Pledge" SET "stripeCheckoutSessionId" = $1, "checkoutExpiresAt" = $2,
         "updatedAt" = now() AT TIME ZONE 'UTC'
       WHERE "id" = $3`,
      [session.id, new Date(session.expires_at * 1000), pledge.id],
    )
    if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`)
    return { kind: 'redirect', url: session.url }
  } catch (error) {
    logger.error({ err: error, pledgeId: pledge.id }, 'could not create a Checkout Session')
    await prisma.pledge.update({ where: { id: pledge.id }, data: { status: 'ABANDONED' } })
    return {
      kind: 'unavailable',
      message:
        'We could not reach our payment provider. No money was taken; please try again in a minute.',
    }
  }
}

/** At most so many Checkout attempts per address and per email (configurable). */
function checkoutRateLimits(clientIp: string, email: string): RateLimitCheck[] {
  const env = getEnv()
  return [
    {
      key: `ip:${clientIp}`,
      rules: [
        {
          name: 'checkout-ip-minute',
          limit: env.CHECKOUT_LIMIT_IP_PER_MINUTE,
          windowMs: MINUTE_MS,
        },
        { name: 'checkout-ip-hour', limit: env.CHECKOUT_LIMIT_IP_PER_HOUR, windowMs: HOUR_MS },
      ],
    },
    {
      key: `email:${email}`,
      rules: [
        {
          name: 'checkout-email-hour',
          limit: env.CHECKOUT_LIMIT_EMAIL_PER_HOUR,
          windowMs: HOUR_MS,
        },
      ],
    },
  ]
}

type NewPledge = {
  id: string
  frequency: 'ONE_TIME' | 'MONTHLY'
  amountMinor: number
  feeCoverMinor: number
}

/**
 * Counts the attempt against the rate limits and, unless one is exceeded, writes the donor
 * (created or updated by email), the pledge and, if there is one, the message for moderation,
 * in ONE statement: atomic without an interactive transaction, and one round trip on the
 * busiest write path of the site (bench/README.md, benchmark B). A refused attempt is counted
 * and writes nothing else.
 */
async function writePledge(
  campaign: GivableCampaign,
  value: DonateFormValue,
  clientIp: string,
  now: Date,
): Promise<{ allowed: true; pledge: NewPledge } | { allowed: false; retryAfterSeconds: number }> {
  const feeCoverMinor = value.coverFee ? feeCoverFor(value.amountMinor, campaign.currency) : 0
  const verdict = await classifyDonorMessage(
    { body: value.message, displayName: value.showName ? value.displayName : null, now },
    countIdenticalMessagesSince,
  )
  const pledgeId = newId()
  // Nothing an anonymous donor writes is ever shown, so it is not kept for display either.
  const keepMessage = !value.anonymous && (value.message || value.showName)
  // Numbered parameters: $1–$21 for the donor and the pledge, $22–$23 the rate limits,
  // $24–$28 the message if there is one, then the rate-limit counters.
  const values: Array<string | number | boolean | Date | null | string[] | number[]> = [
    newId(),
    value.email,
    value.name,
    now,
    pledgeId,
    campaign.id,
    value.frequency,
    campaign.currency,
    value.amountMinor,
    feeCoverMinor,
    value.amountMinor + feeCoverMinor,
    value.anonymous,
    value.updatesOptIn,
    value.displayName,
    value.showName,
    value.dedication,
    value.dedicationName,
    value.utm.source,
    value.utm.medium,
    value.utm.campaign,
    checkoutExpiry(now),
  ]
  const limits = rateLimitUpsert(
    checkoutRateLimits(clientIp, value.email),
    now,
    keepMessage ? 29 : 24,
  )
  values.push(limits.limits.keys, limits.limits.limits)
  const message = keepMessage
    ? `, message AS (
        INSERT INTO "DonorMessage" ("id", "pledgeId", "campaignId", "displayName", "body",
          "status", "spamReason", "createdAt")
        SELECT $24, pledge."id", $6, $25, $26, $27::"ModerationStatus", $28, $4 FROM pledge)`
    : ''
  if (keepMessage) {
    values.push(
      newId(),
      value.showName ? value.displayName : null,
      value.message,
      verdict.spam ? 'SPAM' : 'PENDING',
      verdict.reason,
    )
  }
  values.push(...limits.values)
  // Straight on the pool, prepared once per connection (db.server.ts, preparedQuery).
  const rows = await preparedQuery<{ key: string; count: number; pledgeId: string | null }>(
    keepMessage ? 'donate-pledge-with-message' : 'donate-pledge',
    `WITH hits AS (
      ${limits.sql}
    ), allowed AS (
      SELECT NOT EXISTS (
        SELECT 1 FROM hits JOIN unnest($22::text[], $23::int[]) AS rule ("key", "limit")
          USING ("key")
        WHERE hits."count" > rule."limit") AS "ok"
    ), donor AS (
      INSERT INTO "Donor" ("id", "email", "name", "createdAt")
      SELECT $1, $2, $3, $4 FROM allowed WHERE allowed."ok"
      ON CONFLICT ("email") DO UPDATE SET "name" = COALESCE(EXCLUDED."name", "Donor"."name")
      RETURNING "id"
    ), pledge AS (
      INSERT INTO "Pledge" ("id", "campaignId", "donorId", "frequency", "currency", "amountMinor",
        "feeCoverMinor", "totalMinor", "anonymous", "updatesOptIn", "displayName", "showName",
        "dedication", "dedicationName", "utmSource", "utmMedium", "utmCampaign",
        "checkoutExpiresAt", "createdAt", "updatedAt")
      SELECT $5, $6, donor."id", $7::"Frequency", $8, $9, $10, $11, $12, $13, $14, $15,
        $16::"Dedication", $17, $18, $19, $20, $21, $4, $4
      FROM donor
      RETURNING "id"
    )${message}
    SELECT hits."key", hits."count", (SELECT "id" FROM pledge) AS "pledgeId" FROM hits`,
    values,
  )
  const limit = limits.verdict(rows)
  if (!limit.allowed) return { allowed: false, retryAfterSeconds: limit.retryAfterSeconds }
  const id = rows[0]?.pledgeId
  if (!id) throw new Error('the pledge was not written')
  return {
    allowed: true,
    pledge: { id, frequency: value.frequency, amountMinor: value.amountMinor, feeCoverMinor },
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
  const env = getEnv()
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`
  const monthly = pledge.frequency === 'MONTHLY'
  const currency = campaign.currency.toLowerCase()
  const recurring = monthly ? { recurring: { interval: 'month' as const } } : {}
  const metadata = { pledge_id: pledge.id, campaign_id: campaign.id, fund: campaign.fund }
  const description = `${monthly ? 'Monthly gift' : 'Gift'} to ${campaign.title} (${FUND_DETAILS[campaign.fund].label})`
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
  return getStripe().checkout.sessions.create(
    {
      mode: monthly ? 'subscription' : 'payment',
      line_items: lineItems,
      client_reference_id: pledge.id,
      customer_email: email,
      metadata,
      success_url: `${appUrl}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${appUrl}/campaigns/${campaign.slug}#give`,
      expires_at: checkoutExpiry(now).getTime() / 1000,
      ...(monthly
        ? { subscription_data: { metadata, description } }
        : {
            submit_type: 'donate' as const,
            customer_creation: 'always' as const,
            payment_intent_data: { metadata, description },
          }),
    },
    { idempotencyKey: `lantern-checkout-${pledge.id}` },
  )
}

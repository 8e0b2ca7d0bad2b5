/**
 * How a donor signs in without a password.
 *
 * - By email: `/account/sign-in` queues a 'donor-sign-in-email' job for whatever address was
 *   typed, and the job alone looks the donor up. The request does the same work, and gives the
 *   same answer, whether or not the address is known. The job stores only the SHA-256 of a
 *   random token; the link is single-use and lasts 30 minutes.
 * - From a receipt: a signed link (HMAC-SHA256 under SESSION_SECRET) naming the donor, an expiry
 *   and the donor's link generation. Raising `Donor.linkGeneration` revokes every earlier one.
 *
 * Both arrive at `/account/link?token=…`, which signs in and redirects at once, so the token
 * leaves the address bar and any Referer; the request log never writes query strings.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { DEFAULT_LOCALE, isLocale, localizePath, type Locale } from '#app/i18n/locale.ts'
import { donorText } from '#app/i18n/donor-text.server.ts'
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { sendJob } from '#app/modules/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { consumeRateLimits, type RateLimit } from '#app/utils/rate-limit.server.ts'
import { verifyManageToken } from './manage-link.server.ts'

export const SIGN_IN_TOKEN_TTL_MS = 30 * 60 * 1000
export const RECEIPT_LINK_TTL_MS = 60 * 24 * 60 * 60 * 1000
const FIFTEEN_MINUTES_MS = 15 * 60 * 1000
const HOUR_MS = 60 * 60 * 1000
/** Requests for a link, counted whether or not the address is known. */
export const LINK_LIMIT_PER_EMAIL = { limit: 3, windowMs: FIFTEEN_MINUTES_MS }
export const LINK_LIMIT_PER_IP = { limit: 20, windowMs: HOUR_MS }

export function appUrl(): string {
  const env = getEnv()
  return env.APP_URL ?? `http://localhost:${env.PORT}`
}

export function normalizeDonorEmail(email: string): string {
  return email.trim().toLowerCase()
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function secrets(): string[] {
  const list = getEnv().SESSION_SECRET
  if (!list?.length) throw new Error('SESSION_SECRET is not set')
  return list
}

export type LinkRequestOutcome =
  { kind: 'sent' } | { kind: 'rate-limited'; retryAfterSeconds: number }

/** Queues the sign-in email (see the module comment); refused past the per-email/IP limits. */
export async function requestSignInLink(input: {
  email: string
  ipAddress: string
  /** The language of the page the donor asked from: the email and its link speak it. */
  locale?: Locale
  now?: Date
}): Promise<LinkRequestOutcome> {
  const email = normalizeDonorEmail(input.email)
  const limits: RateLimit[] = [
    { key: `donor-sign-in:email:${email}`, ...LINK_LIMIT_PER_EMAIL },
    { key: `donor-sign-in:ip:${input.ipAddress}`, ...LINK_LIMIT_PER_IP },
  ]
  const verdict = await consumeRateLimits(limits, input.now)
  if (!verdict.allowed)
    return { kind: 'rate-limited', retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) }
  const locale = isLocale(input.locale) ? input.locale : DEFAULT_LOCALE.code
  await sendJob('donor-sign-in-email', { email, locale })
  return { kind: 'sent' }
}

export function renderSignInEmail(link: string, locale?: Locale) {
  const { t, locale: lang } = donorText(locale)
  const minutes = Math.round(SIGN_IN_TOKEN_TTL_MS / 60_000)
  const subject = t('email.signIn.subject')
  const hello = t('email.hello')
  const note = t('email.signIn.note', { minutes })
  const signature = t('email.signature')
  const text = [hello, '', t('email.signIn.intro'), link, '', note, '', signature, ''].join('\n')
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,'Apple SD Gothic Neo','Malgun Gothic',sans-serif;font-size:16px;line-height:1.5;color:#1c2430;">
<p>${escapeHtml(hello)}</p>
<p><a href="${escapeHtml(link)}" style="color:#17324d;">${escapeHtml(t('email.signIn.button'))}</a></p>
<p>${escapeHtml(note)}</p>
<p>${escapeHtml(signature)}</p>
</body></html>
`
  return { subject, text, html }
}

/**
 * The 'donor-sign-in-email' job: a fresh single-use link for a known donor; nothing for an
 * unknown address (no email to strangers, and no hint in the request that it was unknown).
 * The language the donor asked in becomes theirs (`Donor.locale`) for later emails; a job
 * queued before languages existed carries none and leaves the donor's language as it is.
 */
export async function sendSignInLinkJob(
  email: string,
  now = new Date(),
  askedIn?: unknown,
): Promise<{ sent: boolean }> {
  const donor = await prisma.donor.findFirst({
    // An erased donor (or one being erased) can no longer sign in.
    where: {
      email: { equals: normalizeDonorEmail(email), mode: 'insensitive' },
      erasureRequestedAt: null,
    },
    select: { id: true, email: true, locale: true },
  })
  if (!donor) return { sent: false }
  const locale = isLocale(askedIn) ? askedIn : donor.locale
  if (locale !== donor.locale)
    await prisma.donor.update({ where: { id: donor.id }, data: { locale } })
  const token = randomBytes(32).toString('base64url')
  await prisma.donorSignInToken.deleteMany({ where: { expiresAt: { lt: now } } })
  await prisma.donorSignInToken.create({
    data: {
      donorId: donor.id,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_IN_TOKEN_TTL_MS),
    },
  })
  const link = `${appUrl()}${localizePath('/account/link', locale)}?token=${encodeURIComponent(token)}`
  await sendEmail({
    to: donor.email,
    ...renderSignInEmail(link, locale),
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
  return { sent: true }
}

function signReceiptPayload(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`donor-link:${payload}`).digest('base64url')
}

/** A sign-in link for receipts: signed, expiring, bound to the donor and their generation. */
export function receiptSignInUrl(
  donor: { id: string; linkGeneration: number },
  now = Date.now(),
  locale: Locale = DEFAULT_LOCALE.code,
): string {
  const payload = Buffer.from(
    JSON.stringify({
      d: donor.id,
      g: donor.linkGeneration,
      e: Math.floor((now + RECEIPT_LINK_TTL_MS) / 1000),
    }),
  ).toString('base64url')
  const token = `${payload}.${signReceiptPayload(payload, secrets()[0] as string)}`
  return `${appUrl()}${localizePath('/account/link', locale)}?token=${encodeURIComponent(token)}`
}

export type LinkOutcome =
  { ok: true; donorId: string } | { ok: false; reason: 'invalid' | 'expired' | 'used' | 'revoked' }

function verifySignature(payload: string, signature: string): boolean {
  const given = Buffer.from(signature)
  return secrets().some((secret) => {
    const expected = Buffer.from(signReceiptPayload(payload, secret))
    return expected.length === given.length && timingSafeEqual(expected, given)
  })
}

async function checkReceiptLink(token: string, now: Date): Promise<LinkOutcome> {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined || !verifySignature(payload, signature))
    return { ok: false, reason: 'invalid' }
  let claims: { d?: unknown; g?: unknown; e?: unknown }
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (typeof claims.d !== 'string' || typeof claims.g !== 'number' || typeof claims.e !== 'number')
    return { ok: false, reason: 'invalid' }
  if (claims.e * 1000 < now.getTime()) return { ok: false, reason: 'expired' }
  const donor = await prisma.donor.findUnique({
    where: { id: claims.d },
    select: { id: true, linkGeneration: true },
  })
  if (!donor) return { ok: false, reason: 'invalid' }
  if (donor.linkGeneration !== claims.g) return { ok: false, reason: 'revoked' }
  return { ok: true, donorId: donor.id }
}

/** Spends an emailed token: exactly one request can, however many arrive at once. */
async function spendEmailToken(token: string, now: Date): Promise<LinkOutcome> {
  const tokenHash = hashToken(token)
  const spent = await prisma.donorSignInToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  })
  const row = await prisma.donorSignInToken.findUnique({
    where: { tokenHash },
    select: { donorId: true, usedAt: true },
  })
  if (!row) return { ok: false, reason: 'invalid' }
  if (spent.count === 1) return { ok: true, donorId: row.donorId }
  return { ok: false, reason: row.usedAt ? 'used' : 'expired' }
}

/** Checks a link's token (emailed, or from a receipt); an emailed one is spent by this call. */
export function redeemSignInLink(token: string, now = new Date()): Promise<LinkOutcome> {
  if (token.length === 0 || token.length > 1000)
    return Promise.resolve({ ok: false, reason: 'invalid' })
  return token.includes('.') ? checkReceiptLink(token, now) : spendEmailToken(token, now)
}

/**
 * An old `/donate/manage` link from a receipt sent before the account existed: it still signs
 * its donor in until it expires, unless the donor has since revoked their links.
 */
export async function redeemLegacyManageLink(token: string): Promise<LinkOutcome> {
  const verified = verifyManageToken(token)
  if (!verified.ok)
    return { ok: false, reason: verified.reason === 'expired' ? 'expired' : 'invalid' }
  const pledge = await prisma.pledge.findUnique({
    where: { id: verified.pledgeId },
    select: { donor: { select: { id: true, linkGeneration: true } } },
  })
  if (!pledge) return { ok: false, reason: 'invalid' }
  if (pledge.donor.linkGeneration !== 0) return { ok: false, reason: 'revoked' }
  return { ok: true, donorId: pledge.donor.id }
}

/** Revokes every receipt link and ends every session of the donor ("sign out everywhere"). */
export async function revokeDonorLinks(donorId: string): Promise<void> {
  await prisma.$transaction([
    prisma.donor.update({ where: { id: donorId }, data: { linkGeneration: { increment: 1 } } }),
    prisma.donorSignInToken.deleteMany({ where: { donorId } }),
    prisma.donorSession.deleteMany({ where: { donorId } }),
  ])
}

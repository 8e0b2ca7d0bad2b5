/**
 * Signed, expiring links that let a monthly donor manage their gift without an account.
 * The token names the pledge and an expiry, signed with HMAC-SHA256 under SESSION_SECRET
 * (any of the rotation list verifies; the first signs). It grants only a Stripe billing
 * portal session for that pledge's customer, created on demand.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { appUrl } from '#app/utils/app-url.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

export const MANAGE_LINK_TTL_MS = 30 * 24 * 60 * 60 * 1000

function secrets(): string[] {
  const list = getEnv().SESSION_SECRET
  if (!list?.length) throw new Error('SESSION_SECRET is not set')
  return list
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`manage-gift:${payload}`).digest('base64url')
}

export function createManageToken(pledgeId: string, now = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({ p: pledgeId, e: Math.floor((now + MANAGE_LINK_TTL_MS) / 1000) }),
  ).toString('base64url')
  return `${payload}.${sign(payload, secrets()[0] as string)}`
}

export function manageGiftUrl(pledgeId: string, now = Date.now()): string {
  return appUrl(`/donate/manage?token=${encodeURIComponent(createManageToken(pledgeId, now))}`)
}

export type ManageTokenResult =
  { ok: true; pledgeId: string } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' }

export function verifyManageToken(token: string, now = Date.now()): ManageTokenResult {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' }
  const given = Buffer.from(signature)
  const valid = secrets().some((secret) => {
    const expected = Buffer.from(sign(payload, secret))
    return expected.length === given.length && timingSafeEqual(expected, given)
  })
  if (!valid) return { ok: false, reason: 'bad-signature' }
  let claims: { p?: unknown; e?: unknown }
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (typeof claims.p !== 'string' || typeof claims.e !== 'number')
    return { ok: false, reason: 'malformed' }
  if (claims.e * 1000 < now) return { ok: false, reason: 'expired' }
  return { ok: true, pledgeId: claims.p }
}

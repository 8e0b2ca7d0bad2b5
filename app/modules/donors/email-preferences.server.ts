/**
 * Appeal updates (the only emails donors can refuse; receipts and sign-in links are
 * transactional). Every update carries RFC 8058 one-click unsubscribe: a `List-Unsubscribe`
 * URL with a signed token and `List-Unsubscribe-Post`, so a mail client's POST works without a
 * session or cookie. The token names only the donor and never expires: an old email must still
 * unsubscribe. It grants nothing but changing this one preference.
 *
 * The choice is the donor's (`Donor.updatesOptOutAt`) and wins over any later pledge's opt-in
 * box, until the donor opts in again on the preferences page.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { DEFAULT_LOCALE, localizePath, type Locale } from '#app/i18n/locale.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { appUrl } from './sign-in.server.ts'

function secrets(): string[] {
  const list = getEnv().SESSION_SECRET
  if (!list?.length) throw new Error('SESSION_SECRET is not set')
  return list
}

function sign(donorId: string, secret: string): string {
  return createHmac('sha256', secret).update(`email-preferences:${donorId}`).digest('base64url')
}

export function preferencesToken(donorId: string): string {
  return `${Buffer.from(donorId).toString('base64url')}.${sign(donorId, secrets()[0] as string)}`
}

/** The donor a preferences token names, or null when it is not one of ours. */
export function verifyPreferencesToken(token: string): string | null {
  const [encoded, signature, extra] = token.split('.')
  if (!encoded || !signature || extra !== undefined || token.length > 500) return null
  const donorId = Buffer.from(encoded, 'base64url').toString('utf8')
  const given = Buffer.from(signature)
  const valid = secrets().some((secret) => {
    const expected = Buffer.from(sign(donorId, secret))
    return expected.length === given.length && timingSafeEqual(expected, given)
  })
  return valid ? donorId : null
}

/** The one-click unsubscribe link, to the page in the donor's language. */
export function unsubscribeUrl(donorId: string, locale?: Locale): string {
  const path = localizePath('/email/unsubscribe', locale ?? DEFAULT_LOCALE.code)
  return `${appUrl()}${path}?token=${encodeURIComponent(preferencesToken(donorId))}`
}

export function preferencesUrl(donorId: string, locale?: Locale): string {
  const path = localizePath('/account/preferences', locale ?? DEFAULT_LOCALE.code)
  return `${appUrl()}${path}?token=${encodeURIComponent(preferencesToken(donorId))}`
}

/** The headers of RFC 2369 and RFC 8058 for one donor's copy of an update. */
export function unsubscribeHeaders(donorId: string, locale?: Locale): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(donorId, locale)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  }
}

/** Stops appeal updates at once (the next update's recipients are read after this). */
export async function unsubscribeFromUpdates(donorId: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.donor.updateMany({
    where: { id: donorId },
    data: { updatesOptOutAt: now },
  })
  return count === 1
}

/** The preferences page: opting in again clears the donor-level refusal. */
export async function setUpdatesWanted(donorId: string, wanted: boolean, now = new Date()) {
  await prisma.donor.updateMany({
    where: { id: donorId },
    data: { updatesOptOutAt: wanted ? null : now },
  })
}

export async function updatesWanted(donorId: string): Promise<boolean | null> {
  const donor = await prisma.donor.findUnique({
    where: { id: donorId },
    select: { updatesOptOutAt: true },
  })
  return donor ? donor.updatesOptOutAt === null : null
}

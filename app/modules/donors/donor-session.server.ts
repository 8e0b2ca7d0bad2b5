/**
 * Donor sessions (the passwordless giving account). Like staff sessions they live in PostgreSQL
 * (DonorSession), so any app copy can check them and sign-out ends them for good; but the cookie
 * has its own name and its own table, so a donor cookie can never open a staff page and a staff
 * cookie never a donor's account. The cookie carries only the session id, signed with
 * SESSION_SECRET (the first secret signs, all verify).
 */
import { randomBytes } from 'node:crypto'
import { redirect, type Cookie } from '@remix-run/node'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { prisma } from '#app/utils/db.server.ts'
import { sessionIdCookie } from '#app/utils/session-cookie.server.ts'

export const DONOR_COOKIE_NAME = '__lantern_donor'
export const DONOR_IDLE_TIMEOUT_MS = 60 * 60 * 1000
export const DONOR_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000
/** lastSeenAt moves at most once a minute: one write per minute per active donor. */
const LAST_SEEN_REFRESH_MS = 60 * 1000
export const DONOR_SIGN_IN_PATH = '/account/sign-in'

export type SignedInDonor = { id: string; email: string }

function donorCookie(): Cookie {
  return sessionIdCookie(DONOR_COOKIE_NAME, DONOR_ABSOLUTE_TIMEOUT_MS)
}

async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await donorCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** The live session of this request, or null; one past either timeout is deleted on sight. */
async function loadDonorSession(request: Request, now = new Date()) {
  const id = await readSessionId(request)
  if (!id) return null
  const session = await prisma.donorSession.findUnique({
    where: { id },
    include: { donor: { select: { id: true, email: true, locale: true } } },
  })
  if (!session) return null
  const idle = now.getTime() - session.lastSeenAt.getTime() > DONOR_IDLE_TIMEOUT_MS
  if (idle || session.expiresAt <= now) {
    await prisma.donorSession.deleteMany({ where: { id } })
    return null
  }
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_REFRESH_MS) {
    await prisma.donorSession.updateMany({ where: { id }, data: { lastSeenAt: now } })
  }
  // The language of the account pages the donor reads is the one later emails speak.
  const { locale, path } = splitLocalePath(new URL(request.url).pathname)
  if (/^\/account(\/|$)/.test(path) && locale !== session.donor.locale) {
    await prisma.donor.update({ where: { id: session.donor.id }, data: { locale } })
  }
  return session
}

/** A layout's loader and its page's loader of one request share one lookup. */
const sessionsByRequest = new WeakMap<Request, ReturnType<typeof loadDonorSession>>()

function sessionOf(request: Request) {
  let session = sessionsByRequest.get(request)
  if (!session) {
    session = loadDonorSession(request)
    sessionsByRequest.set(request, session)
  }
  return session
}

/** The signed-in donor, or null. */
export async function getDonor(request: Request): Promise<SignedInDonor | null> {
  const session = await sessionOf(request)
  return session ? { id: session.donor.id, email: session.donor.email } : null
}

/** The signed-in donor; otherwise throws a redirect to the sign-in page (and back here after). */
export async function requireDonor(request: Request): Promise<SignedInDonor> {
  const donor = await getDonor(request)
  if (donor) return donor
  const url = new URL(request.url)
  const { locale } = splitLocalePath(url.pathname)
  throw redirect(
    `${localizePath(DONOR_SIGN_IN_PATH, locale)}?redirectTo=${encodeURIComponent(url.pathname + url.search)}`,
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

/**
 * Signs `donorId` in: ends the session this browser had (so the id changes on every sign-in
 * and a planted cookie is worth nothing), creates a new one and answers the headers that set
 * its cookie.
 */
export async function startDonorSession(
  donorId: string,
  request: Request,
  ipAddress?: string | null,
  now = new Date(),
): Promise<Headers> {
  const previous = await readSessionId(request)
  await prisma.donorSession.deleteMany({
    where: {
      OR: [
        ...(previous ? [{ id: previous }] : []),
        { expiresAt: { lte: now } },
        { lastSeenAt: { lt: new Date(now.getTime() - DONOR_IDLE_TIMEOUT_MS) } },
      ],
    },
  })
  const session = await prisma.donorSession.create({
    data: {
      id: randomBytes(32).toString('base64url'),
      donorId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + DONOR_ABSOLUTE_TIMEOUT_MS),
      ipAddress: ipAddress ?? null,
      userAgent: request.headers.get('User-Agent')?.slice(0, 300) ?? null,
    },
  })
  return new Headers({
    'Set-Cookie': await donorCookie().serialize(session.id),
    'Cache-Control': 'no-store',
  })
}

/** Ends this request's session server-side; answers the headers that clear its cookie. */
export async function endDonorSession(request: Request): Promise<Headers> {
  const id = await readSessionId(request)
  if (id) await prisma.donorSession.deleteMany({ where: { id } })
  return new Headers({
    'Set-Cookie': await donorCookie().serialize('', { maxAge: 0 }),
    'Cache-Control': 'no-store',
  })
}

/** Ends every session of a donor (e.g. after revoking their links). */
export async function endAllDonorSessions(donorId: string): Promise<number> {
  const { count } = await prisma.donorSession.deleteMany({ where: { donorId } })
  return count
}

/**
 * Staff sessions live in PostgreSQL (StaffSession) so that any app copy can check, refresh and
 * revoke them. The cookie carries only the session id, signed with SESSION_SECRET (a list:
 * the first signs, all verify, so secrets can be rotated).
 */
import { randomBytes } from 'node:crypto'
import type { Cookie } from '@remix-run/node'
import type { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { sessionIdCookie } from '#app/utils/session-cookie.server.ts'

export const SESSION_COOKIE_NAME = '__lantern_staff'
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000
/** lastSeenAt moves at most once a minute: one write per minute per active person, not per request. */
const LAST_SEEN_REFRESH_MS = 60 * 1000

function sessionCookie(): Cookie {
  return sessionIdCookie(SESSION_COOKIE_NAME, ABSOLUTE_TIMEOUT_MS)
}

function newSessionId(): string {
  return randomBytes(32).toString('base64url')
}

export type SessionStart = {
  userId: string
  twoFactorPassed: boolean
  ipAddress?: string | null
  userAgent?: string | null
}

/** Creates a session row and answers the Set-Cookie header that carries its id. */
export async function createStaffSession(start: SessionStart, now = new Date()) {
  await pruneExpiredSessions(now)
  const session = await prisma.staffSession.create({
    data: {
      id: newSessionId(),
      userId: start.userId,
      twoFactorPassed: start.twoFactorPassed,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
      ipAddress: start.ipAddress ?? null,
      userAgent: start.userAgent?.slice(0, 300) ?? null,
    },
  })
  return { session, setCookie: await serializeSessionId(session.id) }
}

function serializeSessionId(sessionId: string): Promise<string> {
  return sessionCookie().serialize(sessionId)
}

/** The Set-Cookie header that removes the session cookie. */
export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0 })
}

/** The session id in the request's cookie, if its signature checks out with any secret. */
export async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

/**
 * The live session of this request with its user, or null. A session past either timeout,
 * or of a disabled user, is deleted on sight.
 */
export async function loadSession(request: Request, now = new Date()) {
  const id = await readSessionId(request)
  if (!id) return null
  const session = await prisma.staffSession.findUnique({ where: { id }, include: { user: true } })
  if (!session) return null
  const idle = now.getTime() - session.lastSeenAt.getTime() > IDLE_TIMEOUT_MS
  if (idle || session.expiresAt <= now || session.user.disabledAt) {
    await prisma.staffSession.deleteMany({ where: { id } })
    return null
  }
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_REFRESH_MS) {
    await prisma.staffSession.updateMany({ where: { id }, data: { lastSeenAt: now } })
  }
  return session
}

/**
 * Replaces a session with a new one (new id, new cookie; the old row is gone), keeping its
 * user, start and absolute expiry: called when the session gains trust (second factor done)
 * or the password changes, so an id seen before that moment is worth nothing after it.
 * Null when the old session no longer exists (a concurrent rotation or a revocation won).
 */
export async function rotateStaffSession(
  oldSessionId: string,
  changes: { twoFactorPassed?: boolean },
  tx: Prisma.TransactionClient,
  now = new Date(),
) {
  const old = await tx.staffSession.findUnique({ where: { id: oldSessionId } })
  if (!old) return null
  const { count } = await tx.staffSession.deleteMany({ where: { id: oldSessionId } })
  if (count !== 1) return null
  const session = await tx.staffSession.create({
    data: {
      id: newSessionId(),
      userId: old.userId,
      twoFactorPassed: changes.twoFactorPassed ?? old.twoFactorPassed,
      createdAt: old.createdAt,
      lastSeenAt: now,
      expiresAt: old.expiresAt,
      ipAddress: old.ipAddress,
      userAgent: old.userAgent,
    },
  })
  return { session, setCookie: await serializeSessionId(session.id) }
}

export type LoadedSession = NonNullable<Awaited<ReturnType<typeof loadSession>>>

export async function deleteSession(sessionId: string): Promise<void> {
  await prisma.staffSession.deleteMany({ where: { id: sessionId } })
}

/** Deletes the rows no request can use any more (called when a session starts). */
export async function pruneExpiredSessions(now = new Date()): Promise<number> {
  const { count } = await prisma.staffSession.deleteMany({
    where: {
      OR: [
        { expiresAt: { lte: now } },
        { lastSeenAt: { lt: new Date(now.getTime() - IDLE_TIMEOUT_MS) } },
      ],
    },
  })
  return count
}

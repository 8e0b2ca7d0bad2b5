/**
 * The signed, HttpOnly cookie that carries a session id (staff and donor sessions each have their
 * own name). Signed with SESSION_SECRET's rotation list: the first signs, any verifies. Rebuilt
 * when the secrets change (tests set them per file).
 */
import { createCookie, type Cookie } from '@remix-run/node'
import { getEnv } from '#app/utils/env.server.ts'

const cookies = new Map<string, { secrets: string; cookie: Cookie }>()

export function sessionIdCookie(name: string, maxAgeMs: number): Cookie {
  const env = getEnv()
  const secrets = env.SESSION_SECRET
  if (!secrets?.length) throw new Error('SESSION_SECRET is not set')
  const key = secrets.join(',')
  const cached = cookies.get(name)
  if (cached?.secrets === key) return cached.cookie
  const cookie = createCookie(name, {
    secrets,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env.NODE_ENV === 'production',
    maxAge: maxAgeMs / 1000,
  })
  cookies.set(name, { secrets: key, cookie })
  return cookie
}

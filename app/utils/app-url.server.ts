/**
 * Absolute links to our own pages, for emails, Stripe return URLs and share links. Always from
 * APP_URL (required in production), never from the request's Host header, which a client
 * chooses; in development, the local server.
 */
import { getEnv } from './env.server.ts'

export function appUrl(path = ''): string {
  const env = getEnv()
  const base = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')
  return `${base}${path}`
}

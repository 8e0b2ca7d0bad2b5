/**
 * Where a followed sign-in link leads: into the account with a new donor session, or back to the
 * sign-in page saying why not. Always a 303 at once, so the token leaves the address bar (and
 * never reaches a Referer).
 */
import { redirect } from '@remix-run/node'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { startDonorSession } from './donor-session.server.ts'
import { DONOR_PAGE_HEADERS } from './http.ts'
import type { LinkOutcome } from './sign-in.server.ts'

export async function redirectFromLink(
  outcome: LinkOutcome,
  request: Request,
  clientIp: string | undefined,
): Promise<never> {
  // A link into a Korean page stays in Korean.
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  if (!outcome.ok) {
    throw redirect(localizePath(`/account/sign-in?notice=${outcome.reason}`, locale), {
      status: 303,
      headers: DONOR_PAGE_HEADERS,
    })
  }
  const headers = await startDonorSession(outcome.donorId, request, clientIp)
  headers.set('Referrer-Policy', 'no-referrer')
  throw redirect(localizePath('/account', locale), { status: 303, headers })
}

// GET /account/link?token=…: an emailed sign-in link or a receipt's link. Signs the donor in and
// redirects at once, so the token leaves the address bar (and never reaches a Referer).
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { startDonorSession } from '#app/modules/donors/donor-session.server.ts'
import { DONOR_PAGE_HEADERS } from '#app/modules/donors/http.ts'
import { redeemSignInLink } from '#app/modules/donors/sign-in.server.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const outcome = await redeemSignInLink(token)
  if (!outcome.ok) {
    throw redirect(`/account/sign-in?notice=${outcome.reason}`, {
      status: 303,
      headers: DONOR_PAGE_HEADERS,
    })
  }
  const headers = await startDonorSession(outcome.donorId, request, context.clientIp)
  headers.set('Referrer-Policy', 'no-referrer')
  throw redirect('/account', { status: 303, headers })
}

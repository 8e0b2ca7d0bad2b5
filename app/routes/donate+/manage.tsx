// GET /donate/manage?token=…: the signed link of receipts sent before the giving account existed.
// It now signs its donor in to the account (until it expires or the donor revokes their links).
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { startDonorSession } from '#app/modules/donors/donor-session.server.ts'
import { DONOR_PAGE_HEADERS } from '#app/modules/donors/http.ts'
import { redeemLegacyManageLink } from '#app/modules/donors/sign-in.server.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const outcome = await redeemLegacyManageLink(token)
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

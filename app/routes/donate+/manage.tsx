// GET /donate/manage?token=…: a signed, expiring link from a monthly receipt → Stripe's portal.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { openBillingPortal } from '#app/modules/donations/manage-gift.server.ts'
import { verifyManageToken } from '#app/modules/donors/manage-link.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const verified = verifyManageToken(token)
  if (!verified.ok) {
    const message =
      verified.reason === 'expired'
        ? 'This link has expired. The newest receipt email has a fresh one.'
        : 'This link is not valid.'
    throw new Response(message, { status: verified.reason === 'expired' ? 410 : 400 })
  }
  const url = await openBillingPortal(verified.pledgeId)
  if (!url) throw new Response('We could not find this monthly gift.', { status: 404 })
  return redirect(url, {
    status: 303,
    headers: { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  })
}

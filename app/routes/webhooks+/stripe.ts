// POST /webhooks/stripe: Stripe's deliveries. Authorised by the signature on the raw body.
import type { ActionFunctionArgs } from '@remix-run/node'
import { receiveStripeWebhook } from '#app/modules/payments/stripe-inbox.server.ts'

const plain = (body: string, status: number) =>
  new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' },
  })

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return plain('method not allowed', 405)
  const result = await receiveStripeWebhook(
    await request.text(),
    request.headers.get('stripe-signature'),
  )
  return plain(result.body, result.status)
}

export function loader() {
  return plain('method not allowed', 405)
}

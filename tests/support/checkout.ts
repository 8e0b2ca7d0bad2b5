/**
 * A gift made below the browser: the donate form's server side starts Checkout, the donor pays
 * by card on the emulator's hosted page (posted like a browser without JavaScript), and the
 * fulfilment code records the gift, as the thank-you page would. Call it only once the app
 * points at the emulator (tests/support/app-env.ts, pointAppAtEmulator).
 */
import type { startDonation } from '#app/modules/donations/checkout.server.ts'
import type { TestEmulator } from '../../stripe-emulator/test-support.ts'
import { formData } from './forms.ts'

type GivableCampaign = Parameters<typeof startDonation>[0]['campaign']

export async function payThroughCheckout(
  t: TestEmulator,
  options: {
    campaign: GivableCampaign
    /** Donate form fields; `frequency` defaults to ONE_TIME. */
    fields: Record<string, string>
    payer?: { email: string; name: string }
    card?: string
  },
) {
  // Imported only now: the app reads its Stripe configuration when these modules load.
  const checkout = await import('#app/modules/donations/checkout.server.ts')
  const { fulfilCheckoutSession } = await import('#app/modules/payments/fulfilment.server.ts')
  const outcome = await checkout.startDonation({
    campaign: options.campaign,
    formData: formData({ frequency: 'ONE_TIME', ...options.fields }),
    clientIp: '203.0.113.9',
  })
  if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`)
  const payer = options.payer ?? { email: 'donor@example.org', name: 'Ada Donor' }
  const paid = await t.post(outcome.url, {
    email: payer.email,
    name: payer.name,
    payment_method: 'card',
    card_number: options.card ?? '4242424242424242',
    card_expiry: '12 / 34',
    card_cvc: '123',
  })
  const sessionId = new URL(outcome.url).pathname.split('/').pop() as string
  await fulfilCheckoutSession(sessionId)
  const { prisma } = await import('#app/utils/db.server.ts')
  // A monthly gift comes from the session's first invoice, so look it up by its pledge.
  const gift = await prisma.gift.findFirst({
    where: { pledge: { stripeCheckoutSessionId: sessionId } },
    select: { id: true },
  })
  if (!gift) throw new Error('no gift recorded')
  const giftId = gift.id
  return { giftId, paid }
}

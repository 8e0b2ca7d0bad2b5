import { isRecurring } from '#app/modules/ledger/frequency.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/app-url.server.ts'
import { getStripe } from '#app/utils/stripe.server.ts'

/**
 * A Stripe billing portal session for the donor behind a monthly or annual pledge, or null. It
 * opens on the pledge's own customer (the one billed for its subscription), which older donors
 * with several customers may not have as their current one.
 */
export async function openBillingPortal(pledgeId: string): Promise<string | null> {
  const pledge = await prisma.pledge.findUnique({
    where: { id: pledgeId },
    select: {
      frequency: true,
      stripeCustomerId: true,
      donor: { select: { stripeCustomerId: true } },
      campaign: { select: { slug: true } },
    },
  })
  const customer = pledge?.stripeCustomerId ?? pledge?.donor.stripeCustomerId
  if (!pledge || !isRecurring(pledge.frequency) || !customer) return null
  const session = await getStripe().billingPortal.sessions.create({
    customer,
    return_url: appUrl(`/campaigns/${pledge.campaign.slug}`),
  })
  return session.url
}

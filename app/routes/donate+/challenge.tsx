import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCampaignForGiving } from '#app/modules/campaigns/campaigns.server.ts'
import { createGivingChallenge } from '#app/modules/safety/challenge.server.ts'
import { givingGuardFor } from '#app/modules/safety/guard.server.ts'
import { notFound } from '#app/utils/http.ts'

/**
 * Public by design: anyone about to give may ask whether the appeal needs the proof-of-work
 * check now, and gets a fresh signed challenge when it does. Issuing one costs one HMAC; the
 * work is the client's, and each solution is spent once (challenge.server.ts).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const slug = new URL(request.url).searchParams.get('campaign') ?? ''
  // A slug is short and has no NUL (PostgreSQL refuses one in text): anything else is no appeal.
  const campaign =
    slug && slug.length <= 200 && !slug.includes('\0') ? await getCampaignForGiving(slug) : null
  if (!campaign || campaign.status !== 'PUBLISHED') throw notFound()
  const guard = await givingGuardFor(campaign.id)
  const challenge = guard.challengeRequired && !guard.paused ? await createGivingChallenge() : null
  // A plain Response: a resource route's headers must reach the browser as they are.
  return new Response(JSON.stringify({ challenge }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}

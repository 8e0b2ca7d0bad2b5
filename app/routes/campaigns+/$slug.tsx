import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { CampaignPage } from '#app/components/campaign-page.tsx'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { metaIntl } from '#app/i18n/meta-intl.ts'
import {
  findRenamedCampaignSlug,
  getCampaignForGiving,
  getPublicCampaign,
} from '#app/modules/campaigns/campaigns.server.ts'
import { startDonation } from '#app/modules/donations/checkout.server.ts'
import { donationCurrencies } from '#app/modules/donations/donation-currencies.server.ts'
import { givingGuardForSlug } from '#app/modules/safety/guard.server.ts'
import { notFound } from '#app/utils/http.ts'
import styles from '#app/styles/campaign-page.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const intl = metaIntl(matches)
  return data
    ? [
        { title: intl.formatMessage({ id: 'meta.appealTitle' }, { title: data.campaign.title }) },
        { name: 'description', content: data.campaign.summary },
      ]
    : [{ title: intl.formatMessage({ id: 'meta.appealNotFound' }) }]
}

/** The page is public and cacheable; the answer to a donate POST is personal and never cached. */
export const headers: HeadersFunction = ({ parentHeaders, actionHeaders }) => {
  const headers = new Headers(parentHeaders)
  if (actionHeaders.has('X-Donate-Result')) {
    headers.set('Cache-Control', 'no-store')
    const retryAfter = actionHeaders.get('Retry-After')
    if (retryAfter) headers.set('Retry-After', retryAfter)
  }
  return headers
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const slug = params.slug ?? ''
  const url = new URL(request.url)
  const { locale } = splitLocalePath(url.pathname)
  const campaign = await getPublicCampaign(slug, new Date(), locale)
  if (!campaign) {
    // A renamed appeal: old links and shares keep working, permanently moved, in their language.
    const current = await findRenamedCampaignSlug(slug)
    if (current)
      throw redirect(`${localizePath(`/campaigns/${current}`, locale)}${url.search}`, 301)
    throw notFound()
  }
  const search = url.searchParams
  const utm = {
    source: search.get('utm_source'),
    medium: search.get('utm_medium'),
    campaign: search.get('utm_campaign'),
  }
  const [giving, guard] = await Promise.all([
    donationCurrencies(campaign, {
      requested: search.get('currency'),
      locale: splitLocalePath(url.pathname).locale,
    }),
    givingGuardForSlug(campaign.slug),
  ])
  return { campaign, utm, giving, paused: guard.paused !== null }
}

const NO_STORE = { 'X-Donate-Result': '1', 'Cache-Control': 'no-store' }

export async function action({ params, request, context }: ActionFunctionArgs) {
  const campaign = await getCampaignForGiving(params.slug ?? '')
  if (!campaign || campaign.status === 'DRAFT' || campaign.status === 'ARCHIVED') throw notFound()
  const locale = splitLocalePath(new URL(request.url).pathname).locale
  const outcome = await startDonation({
    campaign,
    formData: await request.formData(),
    clientIp: context.clientIp,
    locale,
  })
  switch (outcome.kind) {
    case 'redirect':
      return redirect(outcome.url, 303)
    case 'invalid':
      return data({ result: outcome.result, notice: null }, { status: 400, headers: NO_STORE })
    case 'rate-limited':
      return data(
        {
          result: null,
          notice: serverIntl(locale).formatMessage(
            { id: 'donate.error.rateLimited' },
            { minutes: Math.ceil(outcome.retryAfterSeconds / 60) },
          ),
        },
        { status: 429, headers: { ...NO_STORE, 'Retry-After': String(outcome.retryAfterSeconds) } },
      )
    case 'unavailable':
    case 'paused':
      return data({ result: null, notice: outcome.message }, { status: 503, headers: NO_STORE })
  }
}

export default function CampaignRoute() {
  const { campaign, utm, giving, paused } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <CampaignPage
      campaign={campaign}
      giving={giving}
      utm={utm}
      paused={paused}
      lastResult={actionData?.result ?? null}
      notice={actionData?.notice ?? null}
    />
  )
}

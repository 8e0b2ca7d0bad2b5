import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { splitLocalePath } from '#app/i18n/locale.ts'
import { getPublicCampaign } from '#app/modules/campaigns/campaigns.server.ts'
import { notFound } from '#app/utils/http.ts'
import styles from '#app/styles/campaign-page.css'

/**
 * The embeddable widget: other sites may frame this route only (server/app.ts sends
 * `frame-ancestors *` for /embed). `handle.embed` asks the root layout to leave out the site
 * header and footer. Nothing here runs third-party code or sets cookies.
 */
export const handle = { embed: true }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} · Lantern` : 'Appeal not found · Lantern' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  const campaign = await getPublicCampaign(params.slug ?? '', new Date(), locale)
  if (!campaign) throw notFound()
  return { campaign }
}

export default function CampaignWidget() {
  const { campaign } = useLoaderData<typeof loader>()
  return (
    <section className="embed-widget" aria-labelledby="widget-title">
      <h1 id="widget-title" className="embed-widget__title" lang={campaign.lang ?? undefined}>
        {campaign.title}
      </h1>
      <CampaignProgress {...campaign} label={campaign.title} />
      {campaign.closed ? (
        <p>This appeal has closed. Thank you to everyone who gave.</p>
      ) : (
        <a
          className="button button--primary button--block"
          href={`/campaigns/${campaign.slug}#give`}
          target="_blank"
          rel="noopener"
        >
          Donate<span className="visually-hidden"> to {campaign.title} (opens in a new tab)</span>
        </a>
      )}
    </section>
  )
}

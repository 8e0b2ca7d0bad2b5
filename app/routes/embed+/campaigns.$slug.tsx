import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { hidden } from '#app/components/rich-text.tsx'
import { FormattedMessage, useLocale } from '#app/i18n/i18n.tsx'
import { metaIntl } from '#app/i18n/meta-intl.ts'
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

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const intl = metaIntl(matches)
  return [
    {
      title: data
        ? intl.formatMessage({ id: 'meta.appealTitle' }, { title: data.campaign.title })
        : intl.formatMessage({ id: 'meta.appealNotFound' }),
    },
    { name: 'robots', content: 'noindex' },
  ]
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  const campaign = await getPublicCampaign(params.slug ?? '', new Date(), locale)
  if (!campaign) throw notFound()
  return { campaign }
}

export default function CampaignWidget() {
  const { campaign } = useLoaderData<typeof loader>()
  const { localize } = useLocale()
  return (
    <section className="embed-widget" aria-labelledby="widget-title">
      <h1 id="widget-title" className="embed-widget__title" lang={campaign.lang ?? undefined}>
        {campaign.title}
      </h1>
      <CampaignProgress {...campaign} label={campaign.title} />
      {campaign.closed ? (
        <p>
          <FormattedMessage id="embed.closed" />
        </p>
      ) : (
        <a
          className="button button--primary button--block"
          href={localize(`/campaigns/${campaign.slug}#give`)}
          target="_blank"
          rel="noopener"
        >
          <FormattedMessage id="embed.donate" values={{ title: campaign.title, hidden }} />
        </a>
      )}
    </section>
  )
}

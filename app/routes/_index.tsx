import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CampaignCard } from '#app/components/campaign-card.tsx'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { FUND_TEXT } from '#app/components/public-text.ts'
import { hidden } from '#app/components/rich-text.tsx'
import { FormattedMessage, useIntl, useLocale } from '#app/i18n/i18n.tsx'
import { metaIntl } from '#app/i18n/meta-intl.ts'
import { UntranslatedNote } from '#app/components/untranslated-note.tsx'
import { splitLocalePath } from '#app/i18n/locale.ts'
import { listPublicCampaigns } from '#app/modules/campaigns/campaigns.server.ts'
import { FUNDS } from '#app/modules/campaigns/funds.ts'

export const meta: MetaFunction = ({ matches }) => {
  const intl = metaIntl(matches)
  return [
    { title: intl.formatMessage({ id: 'site.title' }) },
    { name: 'description', content: intl.formatMessage({ id: 'meta.homeDescription' }) },
  ]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  const campaigns = await listPublicCampaigns(new Date(), locale)
  const featured = campaigns.find((campaign) => campaign.featured && !campaign.closed) ?? null
  const byFund = FUNDS.map((fund) => ({
    fund,
    campaigns: campaigns.filter((campaign) => campaign.fund === fund && campaign !== featured),
  })).filter((group) => group.campaigns.length > 0)
  return { featured, byFund }
}

export default function Home() {
  const { featured, byFund } = useLoaderData<typeof loader>()
  const intl = useIntl()
  const { localize } = useLocale()
  return (
    <div className="page">
      <section className="intro" aria-labelledby="intro-title">
        <h1 id="intro-title">
          <FormattedMessage id="home.introTitle" />
        </h1>
        <p className="lede">
          <FormattedMessage id="home.introLede" />
        </p>
      </section>

      {featured ? (
        <section className="featured" aria-labelledby="featured-title">
          <p className="eyebrow">
            <FormattedMessage
              id="home.featuredEyebrow"
              values={{ fund: intl.formatMessage({ id: FUND_TEXT[featured.fund].label }) }}
            />
          </p>
          <h2 id="featured-title" lang={featured.lang ?? undefined}>
            {featured.title}
          </h2>
          <p lang={featured.lang ?? undefined}>{featured.summary}</p>
          <UntranslatedNote untranslated={featured.untranslated} kind="card" />
          <CampaignProgress {...featured} label={featured.title} />
          <p className="featured__actions">
            <Link
              className="button button--primary"
              to={localize(`/campaigns/${featured.slug}#give`)}
            >
              <FormattedMessage id="home.donate" values={{ title: featured.title, hidden }} />
            </Link>
            <Link to={localize(`/campaigns/${featured.slug}`)}>
              <FormattedMessage id="home.readStory" />
            </Link>
          </p>
        </section>
      ) : null}

      {byFund.map(({ fund, campaigns }) => (
        <section key={fund} className="fund" aria-labelledby={`fund-${fund}`}>
          <h2 id={`fund-${fund}`}>
            <FormattedMessage id={FUND_TEXT[fund].label} />
          </h2>
          <p className="fund__blurb">
            <FormattedMessage id={FUND_TEXT[fund].blurb} />
          </p>
          <div className="card-grid">
            {campaigns.map((campaign) => (
              <CampaignCard key={campaign.slug} campaign={campaign} />
            ))}
          </div>
        </section>
      ))}
    </div>
  )
}

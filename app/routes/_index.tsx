import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CampaignCard } from '#app/components/campaign-card.tsx'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { UntranslatedNote } from '#app/components/untranslated-note.tsx'
import { splitLocalePath } from '#app/i18n/locale.ts'
import { listPublicCampaigns } from '#app/modules/campaigns/campaigns.server.ts'
import { FUNDS, FUND_DETAILS } from '#app/modules/campaigns/funds.ts'

export const meta: MetaFunction = () => [
  { title: 'Lantern: give safely to North Korean refugees' },
  {
    name: 'description',
    content: 'Fund rescue, food, medical care and safe shelter for North Korean refugees.',
  },
]

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
  return (
    <div className="page">
      <section className="intro" aria-labelledby="intro-title">
        <h1 id="intro-title">Light the way to safety</h1>
        <p className="lede">
          Your gift pays for rescue, food, medicine and safe shelter for North Korean refugees, and
          for a new start once they are free.
        </p>
      </section>

      {featured ? (
        <section className="featured" aria-labelledby="featured-title">
          <p className="eyebrow">Featured appeal · {FUND_DETAILS[featured.fund].label}</p>
          <h2 id="featured-title" lang={featured.lang ?? undefined}>
            {featured.title}
          </h2>
          <p lang={featured.lang ?? undefined}>{featured.summary}</p>
          <UntranslatedNote untranslated={featured.untranslated} kind="card" />
          <CampaignProgress {...featured} label={featured.title} />
          <p className="featured__actions">
            <Link className="button button--primary" to={`/campaigns/${featured.slug}#give`}>
              Donate<span className="visually-hidden"> to {featured.title}</span>
            </Link>
            <Link to={`/campaigns/${featured.slug}`}>Read the story</Link>
          </p>
        </section>
      ) : null}

      {byFund.map(({ fund, campaigns }) => (
        <section key={fund} className="fund" aria-labelledby={`fund-${fund}`}>
          <h2 id={`fund-${fund}`}>{FUND_DETAILS[fund].label}</h2>
          <p className="fund__blurb">{FUND_DETAILS[fund].blurb}</p>
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

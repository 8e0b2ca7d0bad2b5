import { Link } from '@remix-run/react'
import { FormattedMessage, useLocale } from '#app/i18n/i18n.tsx'
import type { CampaignCard as Card } from '#app/modules/campaigns/campaigns.server.ts'
import { CampaignProgress } from './campaign-progress.tsx'
import { FUND_TEXT } from './public-text.ts'
import { UntranslatedNote } from './untranslated-note.tsx'

export function CampaignCard({
  campaign,
  headingLevel = 3,
}: {
  campaign: Card
  headingLevel?: 2 | 3
}) {
  const { localize } = useLocale()
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <article className="campaign-card">
      <p className="eyebrow">
        <FormattedMessage id={FUND_TEXT[campaign.fund].label} />
      </p>
      <Heading className="campaign-card__title" lang={campaign.lang ?? undefined}>
        <Link to={localize(`/campaigns/${campaign.slug}`)}>{campaign.title}</Link>
      </Heading>
      <p className="campaign-card__summary" lang={campaign.lang ?? undefined}>
        {campaign.summary}
      </p>
      <UntranslatedNote untranslated={campaign.untranslated} kind="card" />
      <CampaignProgress {...campaign} label={campaign.title} />
    </article>
  )
}

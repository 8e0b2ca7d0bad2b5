import type { SubmissionResult } from '@conform-to/react'
import type { PublicCampaign } from '#app/modules/campaigns/campaigns.server.ts'
import { FUND_DETAILS } from '#app/modules/campaigns/funds.ts'
import { heroImageUrl } from '#app/modules/campaigns/hero-image.ts'
import {
  appealCurrencyOnly,
  type DonationCurrencies,
} from '#app/modules/donations/donation-currencies.ts'
import { CampaignMessages } from './campaign-messages.tsx'
import { CampaignProgress } from './campaign-progress.tsx'
import { DonateForm } from './donate-form.tsx'

type Props = {
  campaign: PublicCampaign
  /** The donor's currency choices; the staff preview shows the appeal's own currency only. */
  giving?: DonationCurrencies
  utm: { source: string | null; medium: string | null; campaign: string | null }
  lastResult: SubmissionResult<string[]> | null
  notice: string | null
  /** Staff preview: everything as the public will see it, but the donate form cannot submit. */
  preview?: boolean
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** The public campaign page body; the staff preview renders exactly this. */
export function CampaignPage({
  campaign,
  giving,
  utm,
  lastResult,
  notice,
  preview = false,
}: Props) {
  const form = campaign.closed ? (
    <p>Thank you to everyone who gave. Other appeals are still open.</p>
  ) : (
    <DonateForm
      giving={
        giving ??
        appealCurrencyOnly({
          currency: campaign.currency,
          suggestedAmounts: campaign.suggestedAmounts.filter(
            (row) => row.currency === campaign.currency,
          ),
        })
      }
      utm={utm}
      lastResult={lastResult}
    />
  )
  return (
    <article className="page campaign">
      <header className="campaign__header">
        <p className="eyebrow">{FUND_DETAILS[campaign.fund].label}</p>
        <h1>{campaign.title}</h1>
        <p className="lede">{campaign.summary}</p>
      </header>
      {campaign.heroImage ? (
        <img
          className="campaign__hero"
          src={heroImageUrl(campaign.heroImage.key, 1600)}
          srcSet={`${heroImageUrl(campaign.heroImage.key, 800)} 800w, ${heroImageUrl(campaign.heroImage.key, 1600)} 1600w`}
          sizes="(min-width: 70rem) 70rem, 100vw"
          alt={campaign.heroImage.alt}
        />
      ) : null}

      <div className="campaign__layout">
        <section className="campaign__give" aria-labelledby="give-title" id="give">
          <CampaignProgress {...campaign} label={campaign.title} />
          <h2 id="give-title" className="give__title">
            {campaign.closed ? 'This appeal has closed' : 'Give to this appeal'}
          </h2>
          {notice ? (
            <div className="form-alert" role="alert">
              {notice}
            </div>
          ) : null}
          {preview ? (
            <fieldset disabled className="campaign__preview-form">
              <legend className="visually-hidden">Donate form (disabled in preview)</legend>
              {form}
            </fieldset>
          ) : (
            form
          )}
        </section>

        <div className="campaign__main">
          <div
            className="campaign__story prose"
            dangerouslySetInnerHTML={{ __html: campaign.storyHtml }}
          />
          {campaign.updates.length ? (
            <section className="campaign__updates" aria-labelledby="updates-title">
              <h2 id="updates-title">Updates</h2>
              {campaign.updates.map((update) => (
                <article key={update.id} className="campaign-update">
                  <h3>{update.title}</h3>
                  <p className="campaign-update__date">
                    {dateFormat.format(new Date(update.publishedAt))}
                  </p>
                  <div className="prose" dangerouslySetInnerHTML={{ __html: update.html }} />
                </article>
              ))}
            </section>
          ) : null}
          <CampaignMessages messages={campaign.messages} />
        </div>
      </div>
    </article>
  )
}

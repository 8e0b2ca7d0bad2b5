import type { SubmissionResult } from '@conform-to/react'
import { FormattedMessage, useIntl } from '#app/i18n/i18n.tsx'
import type { PublicCampaign } from '#app/modules/campaigns/campaigns.server.ts'
import { heroImageUrl } from '#app/modules/campaigns/hero-image.ts'
import {
  appealCurrencyOnly,
  type DonationCurrencies,
} from '#app/modules/donations/donation-currencies.ts'
import { CampaignMessages } from './campaign-messages.tsx'
import { CampaignProgress } from './campaign-progress.tsx'
import { DonateForm } from './donate-form.tsx'
import { FUND_TEXT, PUBLIC_DATE } from './public-text.ts'
import { UntranslatedNote } from './untranslated-note.tsx'

type Props = {
  campaign: PublicCampaign
  /** The donor's currency choices; the staff preview shows the appeal's own currency only. */
  giving?: DonationCurrencies
  utm: { source: string | null; medium: string | null; campaign: string | null }
  lastResult: SubmissionResult<string[]> | null
  notice: string | null
  /** Giving is paused (staff or the card-testing alarm): a calm note instead of the form. */
  paused?: boolean
  /** Staff preview: everything as the public will see it, but the donate form cannot submit. */
  preview?: boolean
}

/** The public campaign page body; the staff preview renders exactly this. */
export function CampaignPage({
  campaign,
  giving,
  utm,
  lastResult,
  notice,
  paused = false,
  preview = false,
}: Props) {
  const intl = useIntl()
  const form = campaign.closed ? (
    <p>
      <FormattedMessage id="appeal.closedThanks" />
    </p>
  ) : paused ? (
    <p className="form-notice" role="status">
      <FormattedMessage id="donate.paused" />
    </p>
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
      slug={campaign.slug}
    />
  )
  return (
    <article className="page campaign">
      <header className="campaign__header">
        <p className="eyebrow">
          <FormattedMessage id={FUND_TEXT[campaign.fund].label} />
        </p>
        <h1 lang={campaign.lang ?? undefined}>{campaign.title}</h1>
        <p className="lede" lang={campaign.lang ?? undefined}>
          {campaign.summary}
        </p>
        <UntranslatedNote untranslated={campaign.untranslated} kind="appeal" />
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
            <FormattedMessage id={campaign.closed ? 'appeal.closedTitle' : 'appeal.giveTitle'} />
          </h2>
          {notice ? (
            <div className="form-alert" role="alert">
              {notice}
            </div>
          ) : null}
          {preview ? (
            <fieldset disabled className="campaign__preview-form">
              <legend className="visually-hidden">
                <FormattedMessage id="appeal.previewLegend" />
              </legend>
              {form}
            </fieldset>
          ) : (
            form
          )}
        </section>

        <div className="campaign__main">
          <div
            className="campaign__story prose"
            lang={campaign.lang ?? undefined}
            dangerouslySetInnerHTML={{ __html: campaign.storyHtml }}
          />
          {campaign.updates.length ? (
            <section className="campaign__updates" aria-labelledby="updates-title">
              <h2 id="updates-title">
                <FormattedMessage id="appeal.updates" />
              </h2>
              {campaign.updates.map((update) => (
                <article key={update.id} className="campaign-update">
                  <h3 lang={update.lang ?? undefined}>{update.title}</h3>
                  <UntranslatedNote
                    untranslated={Boolean(update.lang) && !campaign.untranslated}
                    kind="update"
                  />
                  <p className="campaign-update__date">
                    {intl.formatDate(update.publishedAt, PUBLIC_DATE)}
                  </p>
                  <div
                    className="prose"
                    lang={update.lang ?? undefined}
                    dangerouslySetInnerHTML={{ __html: update.html }}
                  />
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

// /account/monthly/:pledgeId: a signed-in donor manages one of their own recurring gifts.
// Another donor's id, or a one-time gift, is a 404.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { FormattedMessage, useIntl, useLocale } from '#app/i18n/i18n.tsx'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { requireDonor } from '#app/modules/donors/donor-session.server.ts'
import {
  DONOR_PAGE_HANDLE,
  DONOR_PAGE_HEADERS,
  donorPageHeaders,
} from '#app/modules/donors/http.ts'
import {
  changeRecurringGift,
  confirmCardUpdate,
  confirmationText,
  loadDonorRecurringGift,
} from '#app/modules/payments/recurring.server.ts'
import { CANCEL_REASONS, MAX_PAUSE_MONTHS } from '#app/modules/donors/recurring.ts'
import { formatMoney, toMajorString } from '#app/modules/ledger/money.ts'
import { FieldError } from '#app/components/field-error.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'My recurring gift · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

const localeOf = (request: Request) => splitLocalePath(new URL(request.url).pathname).locale

export async function loader({ request, params }: LoaderFunctionArgs) {
  const donor = await requireDonor(request)
  const title = serverIntl(localeOf(request)).formatMessage({ id: 'monthly.title' })
  let gift = await loadDonorRecurringGift(params.pledgeId ?? '', donor)
  const cardSession = new URL(request.url).searchParams.get('card_session')
  const cardUpdated = cardSession ? await confirmCardUpdate(gift, cardSession) : false
  if (cardUpdated) gift = await loadDonorRecurringGift(gift.id, donor)
  return data({ gift, cardUpdated, title }, { headers: DONOR_PAGE_HEADERS })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const donor = await requireDonor(request)
  const gift = await loadDonorRecurringGift(params.pledgeId ?? '', donor)
  const formData = await request.formData().catch(() => new FormData())
  const locale = localeOf(request)
  const outcome = await changeRecurringGift(gift, formData, donor, { locale })
  if (outcome.kind === 'redirect') return redirect(outcome.url, { headers: DONOR_PAGE_HEADERS })
  if (outcome.kind === 'invalid')
    return data(
      { result: outcome.result, done: null },
      { status: 400, headers: DONOR_PAGE_HEADERS },
    )
  const updated = await loadDonorRecurringGift(gift.id, donor)
  return data(
    { result: null, done: confirmationText(outcome.notice, updated, serverIntl(locale)) },
    { headers: DONOR_PAGE_HEADERS },
  )
}

const DATE = { dateStyle: 'long', timeZone: 'UTC' } as const

export default function MonthlyGift() {
  const { gift, cardUpdated } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const intl = useIntl()
  const { code: locale } = useLocale()
  const errors = (actionData?.result?.error ?? undefined) as
    Record<string, string[] | null> | undefined
  const interval = gift.interval === 'year' ? 'year' : 'month'
  const amount = formatMoney(gift.amountMinor, gift.currency, { locale: intl.locale })
  const day = (date: string | Date) => intl.formatDate(new Date(date), DATE)
  const next = gift.currentPeriodEnd ? day(gift.currentPeriodEnd) : null
  const title =
    gift.campaign.translations.find((row) => row.locale === locale)?.title ?? gift.campaign.title
  return (
    <section className="page account" aria-labelledby="gift-title">
      <p>
        <Link to={localizePath('/account', locale)}>
          <FormattedMessage id="monthly.back" />
        </Link>{' '}
        ›
      </p>
      <h1 id="gift-title">
        <FormattedMessage id="monthly.heading" values={{ amount, interval, title }} />
      </h1>
      {actionData?.done ? <p role="status">{actionData.done}</p> : null}
      {cardUpdated ? (
        <p role="status">
          <FormattedMessage id="monthly.cardSaved" />
        </p>
      ) : null}
      <FieldError id="intent-error" errors={errors?.intent} alert />
      {gift.ended ? (
        <p>
          <FormattedMessage id="monthly.ended" />
        </p>
      ) : (
        <>
          <p>
            {gift.pausedUntil ? (
              <FormattedMessage id="monthly.pausedUntil" values={{ date: day(gift.pausedUntil) }} />
            ) : next ? (
              <FormattedMessage id="monthly.nextPayment" values={{ date: next }} />
            ) : null}
            {gift.failingInvoiceId ? (
              <>
                {' '}
                <FormattedMessage id="monthly.failing" />
              </>
            ) : null}
          </p>

          <h2>
            <FormattedMessage id="monthly.amountHeading" />
          </h2>
          <Form method="post">
            <label htmlFor="amount">
              <FormattedMessage
                id="monthly.amountLabel"
                values={{ interval, currency: gift.currency }}
              />
            </label>
            <input
              id="amount"
              name="amount"
              inputMode="decimal"
              defaultValue={toMajorString(gift.amountMinor, gift.currency)}
              aria-describedby={errors?.amount ? 'amount-error' : undefined}
            />
            <FieldError id="amount-error" errors={errors?.amount} alert />
            <button type="submit" name="intent" value="change-amount">
              <FormattedMessage id="monthly.amountSubmit" />
            </button>
            {gift.interval === 'month' ? (
              <button type="submit" name="intent" value="switch-annual" className="secondary">
                <FormattedMessage id="monthly.switchAnnual" />
              </button>
            ) : null}
          </Form>

          <h2>
            <FormattedMessage id="monthly.dateHeading" />
          </h2>
          <Form method="post">
            <label htmlFor="chargeOn">
              <FormattedMessage id="monthly.dateLabel" />
            </label>
            <input
              id="chargeOn"
              name="chargeOn"
              type="date"
              aria-describedby={errors?.chargeOn ? 'chargeOn-error' : undefined}
            />
            <FieldError id="chargeOn-error" errors={errors?.chargeOn} alert />
            <button type="submit" name="intent" value="move-date">
              <FormattedMessage id="monthly.dateSubmit" />
            </button>
          </Form>

          {gift.interval === 'month' ? (
            <>
              <h2>
                <FormattedMessage id="monthly.breakHeading" />
              </h2>
              {gift.pausedUntil ? (
                <Form method="post">
                  <button type="submit" name="intent" value="resume">
                    <FormattedMessage id="monthly.resume" />
                  </button>
                </Form>
              ) : (
                <Form method="post">
                  <label htmlFor="months">
                    <FormattedMessage id="monthly.pauseLabel" />
                  </label>
                  <select id="months" name="months" defaultValue="1">
                    {Array.from({ length: MAX_PAUSE_MONTHS }, (_, index) => (
                      <option key={index} value={index + 1}>
                        {intl.formatMessage({ id: 'monthly.pauseMonths' }, { months: index + 1 })}
                      </option>
                    ))}
                  </select>
                  <FieldError id="months-error" errors={errors?.months} alert />
                  <button type="submit" name="intent" value="pause">
                    <FormattedMessage id="monthly.pauseSubmit" />
                  </button>
                  <button type="submit" name="intent" value="skip-next" className="secondary">
                    <FormattedMessage id="monthly.skipNext" />
                  </button>
                </Form>
              )}
            </>
          ) : null}

          <h2>
            <FormattedMessage id="monthly.cardHeading" />
          </h2>
          <Form method="post">
            <button type="submit" name="intent" value="update-card">
              <FormattedMessage id="monthly.updateCard" />
            </button>
          </Form>

          <h2>
            <FormattedMessage id="monthly.stopHeading" />
          </h2>
          <details>
            <summary>
              <FormattedMessage id="monthly.stopSummary" />
            </summary>
            <p>
              <FormattedMessage id="monthly.stopAlternatives" />
            </p>
            <Form method="post">
              <label htmlFor="reason">
                <FormattedMessage id="monthly.reasonLabel" />
              </label>
              <select id="reason" name="reason" defaultValue="">
                <option value="">{intl.formatMessage({ id: 'monthly.reason.none' })}</option>
                {CANCEL_REASONS.map((reason) => (
                  <option key={reason} value={reason}>
                    {intl.formatMessage({ id: `monthly.reason.${reason}` })}
                  </option>
                ))}
              </select>
              <label htmlFor="comment">
                <FormattedMessage id="monthly.commentLabel" />
              </label>
              <textarea id="comment" name="comment" maxLength={500} />
              <FieldError id="comment-error" errors={errors?.comment} alert />
              <button type="submit" name="intent" value="cancel" className="danger">
                <FormattedMessage id="monthly.stopSubmit" />
              </button>
            </Form>
          </details>
        </>
      )}
    </section>
  )
}

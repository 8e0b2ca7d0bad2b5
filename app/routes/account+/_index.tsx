// /account: the signed-in donor's gifts, receipts, statements and monthly or annual gifts.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { FormattedMessage, useIntl, useLocale } from '#app/i18n/i18n.tsx'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { accountOverview } from '#app/modules/donors/account.server.ts'
import { requireDonor } from '#app/modules/donors/donor-session.server.ts'
import { DONOR_PAGE_HANDLE, donorPageHeaders } from '#app/modules/donors/http.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'My giving · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

export async function loader({ request }: LoaderFunctionArgs) {
  const donor = await requireDonor(request)
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  const overview = await accountOverview(donor.id, locale)
  if (!overview) throw notFound()
  return { ...overview, title: serverIntl(locale).formatMessage({ id: 'account.home.title' }) }
}

const DATE = { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' } as const

export default function Account() {
  const view = useLoaderData<typeof loader>()
  const intl = useIntl()
  const { code: locale } = useLocale()
  const to = (path: string) => localizePath(path, locale)
  const money = (minor: number, currency: string) =>
    formatMoney(minor, currency, { locale: intl.locale })
  const day = (date: string | Date) => intl.formatDate(new Date(date), DATE)
  const strong = (chunks: React.ReactNode[]) => <strong>{chunks}</strong>
  return (
    <section className="page account" aria-labelledby="account-title">
      <h1 id="account-title">
        <FormattedMessage id="account.home.heading" />
      </h1>
      <p className="lede">
        <FormattedMessage id="account.home.signedInAs" values={{ email: view.email }} />
      </p>

      <h2>
        <FormattedMessage id="account.home.recurringHeading" />
      </h2>
      {view.recurring.length === 0 ? (
        <p>
          <FormattedMessage id="account.home.noRecurring" />
        </p>
      ) : (
        <ul className="account-list">
          {view.recurring.map((gift) => (
            <li key={gift.pledgeId}>
              <FormattedMessage
                id="account.home.recurringGift"
                values={{
                  amount: money(gift.amountMinor, gift.currency),
                  interval: gift.frequency === 'ANNUAL' ? 'year' : 'month',
                  title: gift.campaignTitle,
                  strong,
                }}
              />{' '}
              {gift.nextChargeAt ? (
                <FormattedMessage
                  id="account.home.nextPayment"
                  values={{ date: day(gift.nextChargeAt) }}
                />
              ) : (
                <FormattedMessage id="account.home.noFurtherPayments" />
              )}{' '}
              <Link to={to(`/account/monthly/${gift.pledgeId}`)}>
                <FormattedMessage id="account.home.manageGift" />
              </Link>
            </li>
          ))}
        </ul>
      )}

      <h2>
        <FormattedMessage id="account.home.giftsHeading" />
      </h2>
      {view.gifts.length === 0 ? (
        <p>
          <FormattedMessage id="account.home.noGifts" />
        </p>
      ) : (
        <div className="table-scroll">
          <table className="account-table">
            <caption className="visually-hidden">
              <FormattedMessage id="account.home.giftsCaption" />
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage id="account.home.colDate" />
                </th>
                <th scope="col">
                  <FormattedMessage id="account.home.colAppeal" />
                </th>
                <th scope="col">
                  <FormattedMessage id="account.home.colAmount" />
                </th>
                <th scope="col">
                  <FormattedMessage id="account.home.colStatus" />
                </th>
                <th scope="col">
                  <FormattedMessage id="account.home.colReceipt" />
                </th>
              </tr>
            </thead>
            <tbody>
              {view.gifts.map((gift) => (
                <tr key={gift.id}>
                  <td>{day(gift.receivedAt)}</td>
                  <td>
                    <Link to={to(`/campaigns/${gift.campaignSlug}`)}>{gift.campaignTitle}</Link>
                  </td>
                  <td>
                    {money(gift.amountMinor, gift.currency)}
                    {gift.refundedMinor > 0 ? (
                      <>
                        {' '}
                        <FormattedMessage
                          id="account.home.refunded"
                          values={{ amount: money(gift.refundedMinor, gift.currency) }}
                        />
                      </>
                    ) : null}
                  </td>
                  <td>
                    <FormattedMessage
                      id="account.home.status"
                      values={{ status: gift.statusCode }}
                    />
                  </td>
                  <td>
                    {gift.receipt ? (
                      <a href={to(`/account/receipts/${gift.receipt.id}.pdf`)} download>
                        <FormattedMessage
                          id="account.home.receiptLink"
                          values={{ number: gift.receipt.number }}
                        />
                      </a>
                    ) : (
                      <FormattedMessage id="account.home.receiptPending" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>
        <FormattedMessage id="account.home.statementsHeading" />
      </h2>
      {view.statementYears.length === 0 ? (
        <p>
          <FormattedMessage id="account.home.noStatements" />
        </p>
      ) : (
        <ul className="account-list">
          {view.statementYears.map((year) => (
            <li key={year}>
              <a href={to(`/account/statements/${year}.pdf`)} download>
                <FormattedMessage id="account.home.statementLink" values={{ year: String(year) }} />
              </a>
            </li>
          ))}
        </ul>
      )}

      <h2>
        <FormattedMessage id="account.home.dataHeading" />
      </h2>
      <ul className="account-list">
        <li>
          <Link to={to('/account/preferences')}>
            <FormattedMessage id="account.home.preferencesLink" />
          </Link>
          :{' '}
          {view.updatesOptedOut ? (
            <FormattedMessage id="account.home.updatesOff" />
          ) : (
            <FormattedMessage id="account.home.updatesOn" />
          )}
        </li>
        <li>
          <FormattedMessage
            id="account.home.download"
            values={{
              json: (chunks: React.ReactNode[]) => <a href="/account/data.json">{chunks}</a>,
              csv: (chunks: React.ReactNode[]) => <a href="/account/data.csv">{chunks}</a>,
            }}
          />
        </li>
        <li>
          <Link to={to('/account/erase')}>
            <FormattedMessage id="account.erase.link" />
          </Link>
        </li>
      </ul>

      <h2>
        <FormattedMessage id="account.home.signOutHeading" />
      </h2>
      <div className="account-actions">
        <Form method="post" action={to('/account/sign-out')}>
          <button type="submit" className="button">
            <FormattedMessage id="account.home.signOut" />
          </button>
        </Form>
        <Form method="post" action={to('/account/sign-out')}>
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="button">
            <FormattedMessage id="account.home.signOutEverywhere" />
          </button>
        </Form>
      </div>
    </section>
  )
}

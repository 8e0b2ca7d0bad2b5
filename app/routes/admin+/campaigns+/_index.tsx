import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { listCampaignsForStaff } from '#app/modules/campaigns/campaign-admin.server.ts'
import { FUNDS, FUND_DETAILS, type FundCode } from '#app/modules/campaigns/funds.ts'
import { formatMoney, progressPercent } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/admin-campaigns.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Campaigns')

const STATUSES = ['DRAFT', 'PUBLISHED', 'CLOSED', 'ARCHIVED'] as const
const oneOf = <T extends string>(list: readonly T[], value: string | null) =>
  list.includes(value as T) ? (value as T) : null

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const search = new URL(request.url).searchParams
  const filters = {
    status: oneOf(STATUSES, search.get('status')),
    fund: oneOf<FundCode>(FUNDS, search.get('fund')),
  }
  return { filters, campaigns: await listCampaignsForStaff(filters) }
}

export default function CampaignList() {
  const { filters, campaigns } = useLoaderData<typeof loader>()
  return (
    <section className="admin-campaigns" aria-labelledby="campaigns-title">
      <div className="admin-heading">
        <h1 id="campaigns-title">Campaigns</h1>
        <Link to="/admin/campaigns/new" className="button button--primary">
          New campaign
        </Link>
      </div>
      <Form method="get" className="admin-filters" aria-label="Filter campaigns">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.charAt(0) + status.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-fund">Fund</label>
          <select id="filter-fund" name="fund" defaultValue={filters.fund ?? ''}>
            <option value="">Any fund</option>
            {FUNDS.map((fund) => (
              <option key={fund} value={fund}>
                {FUND_DETAILS[fund].label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Filter
        </button>
      </Form>
      {campaigns.length === 0 ? (
        <p>No campaigns match these filters.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">Campaigns, most recently changed first</caption>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Status</th>
                <th scope="col">Fund</th>
                <th scope="col" className="num">
                  Raised of goal
                </th>
                <th scope="col" className="num">
                  Gifts
                </th>
                <th scope="col" className="num">
                  Days left
                </th>
                <th scope="col">Links</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id}>
                  <th scope="row">
                    <Link to={`/admin/campaigns/${campaign.id}`}>{campaign.title}</Link>
                    {campaign.featured ? <span className="admin-badge">Featured</span> : null}
                    <span className="admin-muted">/{campaign.slug}</span>
                  </th>
                  <td>
                    <span className={`admin-status admin-status--${campaign.status.toLowerCase()}`}>
                      {campaign.status}
                    </span>
                  </td>
                  <td>{FUND_DETAILS[campaign.fund].label}</td>
                  <td className="num">
                    {formatMoney(campaign.raisedMinor, campaign.currency, { trimWholeUnits: true })}{' '}
                    of{' '}
                    {formatMoney(campaign.goalMinor, campaign.currency, { trimWholeUnits: true })}{' '}
                    <span className="admin-muted">
                      ({progressPercent(campaign.raisedMinor, campaign.goalMinor)}%)
                    </span>
                  </td>
                  <td className="num">{campaign.giftCount.toLocaleString('en-US')}</td>
                  <td className="num">{campaign.daysLeft ?? '—'}</td>
                  <td>
                    <Link to={`/admin/campaigns/${campaign.id}/dashboard`}>
                      Dashboard<span className="visually-hidden"> of {campaign.title}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AdminFiguresTable } from '#app/components/admin-figures-table.tsx'
import { AdminCampaignNav } from '#app/components/admin-campaign-nav.tsx'
import { AdminDailyChart } from '#app/components/admin-daily-chart.tsx'
import { getCampaignForEditing, staffStatus } from '#app/modules/campaigns/campaign-admin.server.ts'
import { DASHBOARD_DAYS, campaignDashboard } from '#app/modules/campaigns/dashboard.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { notFound } from '#app/utils/http.ts'
import styles from '#app/styles/admin-campaigns.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Campaign dashboard')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const campaign = await getCampaignForEditing(params.id ?? '')
  if (!campaign) throw notFound()
  return {
    id: campaign.id,
    title: campaign.title,
    currency: campaign.currency,
    status: staffStatus(campaign, new Date()),
    dashboard: await campaignDashboard(campaign.id),
  }
}

const FREQUENCY = { ONE_TIME: 'One-time', MONTHLY: 'Monthly', ANNUAL: 'Annual' } as const

export default function CampaignDashboard() {
  const { id, title, status, currency, dashboard } = useLoaderData<typeof loader>()
  const money = (minor: number, code: string) => formatMoney(minor, code)
  const currencies = dashboard.byCurrency.length
    ? dashboard.byCurrency.map((row) => row.currency)
    : [currency]
  return (
    <section className="admin-campaign">
      <AdminCampaignNav id={id} title={title} status={status} />
      <ul className="admin-stats" aria-label="Key figures">
        <li>
          <strong>{dashboard.gifts.toLocaleString('en-US')}</strong> gifts
        </li>
        <li>
          <strong>{dashboard.donors.toLocaleString('en-US')}</strong> donors
        </li>
        {dashboard.byCurrency.map((row) => (
          <li key={row.currency}>
            <strong>{money(row.averageGiftMinor, row.currency)}</strong> average gift (
            {row.currency})
          </li>
        ))}
        <li>
          <strong>
            {dashboard.conversion.percent === null ? '—' : `${dashboard.conversion.percent}%`}
          </strong>{' '}
          of {dashboard.conversion.started} checkouts completed ({dashboard.conversion.completed})
        </li>
      </ul>

      <h2>Raised per day, last {DASHBOARD_DAYS} days</h2>
      {currencies.map((code) => (
        <AdminDailyChart
          key={code}
          id={`chart-${code}`}
          currency={code}
          points={dashboard.daily.filter((point) => point.currency === code)}
        />
      ))}
      {dashboard.daily.length === 0 ? <p>No gifts yet.</p> : null}

      <div className="admin-panels">
        <AdminFiguresTable
          caption="One-time and monthly gifts"
          headers={['Frequency', 'Gifts', 'Raised']}
          rows={dashboard.byFrequency.map((row) => ({
            key: `${row.frequency}-${row.currency}`,
            label: `${FREQUENCY[row.frequency]} (${row.currency})`,
            first: row.gifts,
            second: money(row.raisedMinor, row.currency),
          }))}
        />
        <AdminFiguresTable
          caption="Currency split"
          headers={['Currency', 'Gifts', 'Raised']}
          rows={dashboard.byCurrency.map((row) => ({
            key: row.currency,
            label: row.currency,
            first: row.gifts,
            second: money(row.raisedMinor, row.currency),
          }))}
        />
        <AdminFiguresTable
          caption="Referring source (utm_source)"
          headers={['Source', 'Checkouts started', 'Completed']}
          rows={dashboard.sources.map((row) => ({
            key: row.source ?? '(none)',
            label: row.source ?? '(none)',
            first: row.started,
            second: row.completed,
          }))}
        />
      </div>
    </section>
  )
}

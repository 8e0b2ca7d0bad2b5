import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LedgerFilters } from '#app/components/ledger-filters.tsx'
import { LedgerTable, LedgerTotalsSummary } from '#app/components/ledger-table.tsx'
import {
  LEDGER_FILTER_KEYS,
  ledgerFilterQuery,
  parseLedgerFilter,
  type LedgerFilterKey,
} from '#app/modules/ledger/ledger-filter.ts'
import { ledgerCampaignOptions, listGifts } from '#app/modules/ledger/ledger.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-ledger.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Gifts ledger')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const search = new URL(request.url).searchParams
  const values = Object.fromEntries(
    LEDGER_FILTER_KEYS.map((key) => [key, search.get(key) ?? '']),
  ) as Record<LedgerFilterKey, string>
  const query = ledgerFilterQuery(search).toString()
  const parsed = parseLedgerFilter(search)
  if (!parsed.ok)
    return data(
      {
        values,
        query,
        campaigns: await ledgerCampaignOptions(),
        fieldErrors: parsed.fieldErrors,
        page: null,
      },
      { status: 400 },
    )
  const [campaigns, page] = await Promise.all([ledgerCampaignOptions(), listGifts(parsed.filter)])
  return { values, query, campaigns, fieldErrors: {}, page }
}

export default function GiftsLedger() {
  const { values, query, campaigns, fieldErrors, page } = useLoaderData<typeof loader>()
  const pageLink = (param: 'after' | 'before', cursor: string) =>
    `?${query ? `${query}&` : ''}${param}=${encodeURIComponent(cursor)}`
  const cursorError = [
    ...((fieldErrors as Record<string, string[] | undefined>).after ?? []),
    ...((fieldErrors as Record<string, string[] | undefined>).before ?? []),
  ]
  return (
    <section aria-labelledby="ledger-title">
      <p className="admin-muted">
        <Link to="/admin/finance">Finance</Link> ›
      </p>
      <h1 id="ledger-title">Gifts ledger</h1>
      <LedgerFilters values={values} fieldErrors={fieldErrors} campaigns={campaigns} />
      {cursorError.length ? (
        <p className="form-alert" role="alert">
          {cursorError.join(' ')}
        </p>
      ) : null}
      {page ? (
        <>
          <LedgerTotalsSummary totals={page.totals} />
          <LedgerTable rows={page.rows} />
          <nav className="admin-pager" aria-label="Ledger pages">
            {page.prevCursor ? (
              <Link to={pageLink('before', page.prevCursor)} rel="prev">
                Newer gifts
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link to={pageLink('after', page.nextCursor)} rel="next">
                Older gifts
              </Link>
            ) : null}
          </nav>
        </>
      ) : (
        <p role="status">Correct the filters above to see gifts.</p>
      )}
    </section>
  )
}

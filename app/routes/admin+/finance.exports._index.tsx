import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import {
  EXPORT_KINDS,
  EXPORT_LABELS,
  exportFilterSchema,
  type ExportKind,
} from '#app/modules/finance/export-filter.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { prisma } from '#app/utils/db.server.ts'
import { FieldError } from '#app/components/field-error.tsx'

export const meta: MetaFunction = () => adminMeta('Exports')

type FieldErrors = Partial<Record<'kind' | 'from' | 'to', string>>

/**
 * The form submits here with GET: valid choices redirect to the download (a streamed CSV);
 * invalid ones come back with a message at the field and status 400.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const search = new URL(request.url).searchParams
  const values = {
    kind: search.get('kind') ?? 'gifts',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  }
  const payouts = await prisma.payout.findMany({
    where: { status: { in: ['paid', 'in_transit'] } },
    orderBy: [{ stripeCreatedAt: 'desc' }, { id: 'desc' }],
    take: 10,
    select: {
      id: true,
      amountMinor: true,
      currency: true,
      arrivalDate: true,
      reconciliation: true,
    },
  })
  if (search.has('kind')) {
    const parsed = exportFilterSchema.safeParse(values)
    if (parsed.success) {
      const query = new URLSearchParams()
      if (parsed.data.from) query.set('from', parsed.data.from)
      if (parsed.data.to) query.set('to', parsed.data.to)
      const suffix = query.size > 0 ? `?${query.toString()}` : ''
      throw redirect(`/admin/finance/exports/${parsed.data.kind}.csv${suffix}`)
    }
    const errors: FieldErrors = {}
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof FieldErrors
      errors[field] ??= issue.message
    }
    return data({ values, errors, payouts }, { status: 400 })
  }
  return { values, errors: {} as FieldErrors, payouts }
}

const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })

export default function ExportsPage() {
  const { values, errors, payouts } = useLoaderData<typeof loader>()
  const fieldProps = (name: keyof FieldErrors) =>
    errors[name]
      ? { 'aria-invalid': true as const, 'aria-describedby': `export-${name}-error` }
      : {}
  return (
    <>
      <p className="admin-muted">
        <Link to="/admin/finance">Finance</Link> /
      </p>
      <h1>Exports</h1>
      <p>
        CSV files in UTF-8, one row per record, amounts as exact decimals in the row&rsquo;s
        currency, times in UTC. They hold the personal data finance needs (donor email and name) and
        nothing more: keep them somewhere safe and delete them when done. Every download is recorded
        in the audit log.
      </p>
      <Form method="get" reloadDocument className="admin-form" aria-labelledby="export-title">
        <h2 id="export-title">Download a CSV</h2>
        <fieldset className="field">
          <legend>What to export</legend>
          {EXPORT_KINDS.map((kind: ExportKind) => (
            <div className="field--check" key={kind}>
              <input
                type="radio"
                id={`export-kind-${kind}`}
                name="kind"
                value={kind}
                defaultChecked={values.kind === kind}
              />
              <label htmlFor={`export-kind-${kind}`}>
                {EXPORT_LABELS[kind].title}{' '}
                <span className="admin-muted">(dates: {EXPORT_LABELS[kind].dates})</span>
              </label>
            </div>
          ))}
          <FieldError id="export-kind-error" errors={errors.kind} />
        </fieldset>
        <div className="field">
          <label htmlFor="export-from">From (UTC, optional)</label>
          <input
            id="export-from"
            name="from"
            type="date"
            defaultValue={values.from}
            {...fieldProps('from')}
          />
          <FieldError id="export-from-error" errors={errors.from} />
        </div>
        <div className="field">
          <label htmlFor="export-to">To (UTC, optional, included)</label>
          <input
            id="export-to"
            name="to"
            type="date"
            defaultValue={values.to}
            {...fieldProps('to')}
          />
          <FieldError id="export-to-error" errors={errors.to} />
        </div>
        <button type="submit" className="button">
          Download CSV
        </button>
      </Form>

      <h2>Accounting journals</h2>
      <p>
        One journal per payout, by the gross-up method: gifts to donations income by fund, refunds
        back to the fund, Stripe&rsquo;s fees to bank charges, disputes to dispute losses, the
        payout to the bank, anything unreconciled to suspense. Xero: Manual Journals → Import.
        QuickBooks Online: Settings → Import data → Journal entries. Account codes and names are in{' '}
        <code>app/modules/ledger/accounts.ts</code>.
      </p>
      {payouts.length === 0 ? (
        <p className="admin-muted">No payouts yet. They appear once Stripe pays out.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Recent payouts" tabIndex={0}>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Payout</th>
                <th scope="col">Arrival</th>
                <th scope="col">Amount</th>
                <th scope="col">Reconciliation</th>
                <th scope="col">Journal</th>
              </tr>
            </thead>
            <tbody>
              {payouts.map((payout) => (
                <tr key={payout.id}>
                  <th scope="row">
                    <Link to={`/admin/finance/payouts/${payout.id}`}>{payout.id}</Link>
                  </th>
                  <td>{day.format(new Date(payout.arrivalDate))}</td>
                  <td>{formatMoney(payout.amountMinor, payout.currency)}</td>
                  <td>{payout.reconciliation}</td>
                  <td>
                    <a
                      href={`/admin/finance/exports/journal/${payout.id}.csv?format=xero`}
                      download
                    >
                      Xero
                    </a>{' '}
                    ·{' '}
                    <a
                      href={`/admin/finance/exports/journal/${payout.id}.csv?format=quickbooks`}
                      download
                    >
                      QuickBooks
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}

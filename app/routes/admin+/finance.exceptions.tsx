import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import {
  ResolveExceptionForms,
  type ResolveActionData,
} from '#app/components/payout-exception-forms.tsx'
import { Notice } from '#app/components/staff-form.tsx'
import { resolveExceptionSchema } from '#app/modules/finance/exception-form.ts'
import {
  listExceptions,
  resolveException,
  type ExceptionFilter,
} from '#app/modules/finance/exceptions.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import styles from '#app/styles/finance-payouts.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Reconciliation exceptions')

const FILTERS: Array<[ExceptionFilter, string]> = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['all', 'All'],
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const url = new URL(request.url)
  const requested = url.searchParams.get('status')
  const filter = FILTERS.find(([value]) => value === requested)?.[0] ?? 'open'
  const resolvedPayoutId = url.searchParams.get('payout')
  const [queue, resolvedPayout] = await Promise.all([
    listExceptions(filter),
    resolvedPayoutId
      ? prisma.payout.findUnique({
          where: { id: resolvedPayoutId },
          select: { id: true, reconciliation: true },
        })
      : null,
  ])
  return { filter, ...queue, resolvedPayout }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const formData = await request.formData()
  const submission = parseForm(formData, resolveExceptionSchema)
  const exceptionId = String(formData.get('exceptionId') ?? '')
  const intent = formData.get('intent') === 'link' ? 'link' : 'note'
  if (submission.status !== 'success') {
    return data<ResolveActionData>(
      { exceptionId, intent, result: submission.reply() },
      { status: 400 },
    )
  }
  const outcome = await resolveException(submission.value, {
    actor: { id: staff.id, email: staff.email },
    ipAddress: context.clientIp ?? null,
  })
  if (!outcome.ok) {
    const result = outcome.field
      ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } })
      : submission.reply({ formErrors: [outcome.message] })
    return data<ResolveActionData>({ exceptionId, intent, result }, { status: 400 })
  }
  return redirect(`/admin/finance/exceptions?payout=${encodeURIComponent(outcome.payoutId)}`)
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

export default function ExceptionsPage() {
  const { filter, rows, counts, resolvedPayout } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() ?? null
  return (
    <section aria-labelledby="exceptions-title">
      <h1 id="exceptions-title">Reconciliation exceptions</h1>
      <p>
        Payout lines that matched nothing in the ledger or disagree with it, and payouts that do not
        balance. Link a line to its gift, or write why it is in order; both are audited, and the
        payout is checked again at once.
      </p>
      {resolvedPayout ? (
        <Notice>
          <p>
            Resolved. Payout{' '}
            <Link to={`/admin/finance/payouts/${resolvedPayout.id}`}>{resolvedPayout.id}</Link> is
            now{' '}
            <strong data-testid="resolved-payout-status">
              {resolvedPayout.reconciliation === 'RECONCILED'
                ? 'reconciled'
                : resolvedPayout.reconciliation === 'EXCEPTIONS'
                  ? 'waiting on other exceptions'
                  : 'pending'}
            </strong>
            .
          </p>
        </Notice>
      ) : null}
      <nav aria-label="Exception status">
        <ul className="payout-filters">
          {FILTERS.map(([value, label]) => (
            <li key={value}>
              <Link
                to={`?status=${value}`}
                className={filter === value ? 'active' : undefined}
                aria-current={filter === value ? 'page' : undefined}
              >
                {label}
                {value === 'open'
                  ? ` (${counts.open})`
                  : value === 'resolved'
                    ? ` (${counts.resolved})`
                    : ''}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? <p>No exceptions here.</p> : null}
      <ul className="payout-exceptions" data-testid="exceptions-list">
        {rows.map((exception) => {
          const line = exception.balanceTransaction
          const currency = exception.payout.currency.trim()
          return (
            <li key={exception.id} data-exception-id={exception.id}>
              <h2>
                <span
                  className={`payout-tag payout-tag--${exception.status === 'OPEN' ? 'bad' : 'good'}`}
                >
                  {exception.status === 'OPEN' ? 'Open' : `Resolved: ${exception.resolution}`}
                </span>{' '}
                Payout{' '}
                <Link to={`/admin/finance/payouts/${exception.payout.id}`} className="payout-id">
                  {exception.payout.id}
                </Link>{' '}
                ({formatMoney(exception.payout.amountMinor, currency)})
              </h2>
              <p>{exception.reason}</p>
              {line ? (
                <p className="admin-muted">
                  Line <span className="payout-id">{line.id}</span>: {line.reportingCategory} (
                  {line.type}), {formatMoney(line.amountMinor, line.currency.trim())}
                  {line.sourceId ? (
                    <>
                      , source <span className="payout-id">{line.sourceId}</span>
                    </>
                  ) : null}
                  {line.giftId ? (
                    <>
                      , <Link to={`/admin/finance/gifts/${line.giftId}`}>linked gift</Link>
                    </>
                  ) : null}
                </p>
              ) : null}
              <p className="admin-muted">
                Opened {dateTime.format(new Date(exception.createdAt))} UTC
                {exception.resolvedAt
                  ? ` · resolved ${dateTime.format(new Date(exception.resolvedAt))} UTC${exception.resolvedByEmail ? ` by ${exception.resolvedByEmail}` : ''}`
                  : ''}
              </p>
              {exception.note ? (
                <p>
                  <strong>Note:</strong> {exception.note}
                </p>
              ) : null}
              {exception.status === 'OPEN' ? (
                <ResolveExceptionForms
                  exceptionId={exception.id}
                  canLink={line !== null}
                  lastResult={actionData}
                />
              ) : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

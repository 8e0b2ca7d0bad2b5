// /admin/donors/:donorId: an ADMIN's view of one donor, and the erasure they carry out on the
// donor's request (typed confirmation, audit-logged by the donor's id only).
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { requestDonorErasure, staffDonorRecord } from '#app/modules/donors/erasure.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'
import { FieldError } from '#app/components/field-error.tsx'

export const meta: MetaFunction = () => adminMeta('Donor')

const CONFIRM_WORD = 'ERASE'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['ADMIN'])
  const record = await staffDonorRecord(params.donorId ?? '')
  if (!record) throw new Response('No such donor', { status: 404 })
  return record
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['ADMIN'])
  const donorId = params.donorId ?? ''
  const form = await request.formData().catch(() => new FormData())
  const typed = form.get('confirm')
  if (typeof typed !== 'string' || typed.trim().toUpperCase() !== CONFIRM_WORD) {
    return data({ fieldError: `Type ${CONFIRM_WORD} to confirm the erasure` }, { status: 400 })
  }
  const { actor, ipAddress } = staffContext(staff, context.clientIp)
  const outcome = await requestDonorErasure(donorId, { kind: 'staff', actor, ipAddress })
  if (outcome.status === 'no-such-donor') throw new Response('No such donor', { status: 404 })
  return redirect(`/admin/donors/${donorId}?done=${outcome.status}`)
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })

export default function DonorPage() {
  const donor = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const done = searchParams.get('done')
  return (
    <article aria-labelledby="donor-title">
      <h1 id="donor-title">{donor.name ?? donor.email ?? donor.id}</h1>
      {done ? (
        <p className="notice" role="status">
          {done === 'queued'
            ? 'Erasure requested. It runs in the background and is done within minutes.'
            : 'An erasure was already requested for this donor.'}
        </p>
      ) : null}
      <dl className="admin-section">
        <dt>Donor id</dt>
        <dd>
          <code>{donor.id}</code>
        </dd>
        <dt>Email</dt>
        <dd>{donor.email ?? '–'}</dd>
        <dt>First seen</dt>
        <dd>{DATE.format(new Date(donor.createdAt))}</dd>
        <dt>Gifts</dt>
        <dd>
          {donor.totals.length === 0
            ? 'None'
            : donor.totals
                .map(
                  (row) => `${row.gifts} × ${formatMoney(row.amountMinor, row.currency)} in total`,
                )
                .join('; ')}
        </dd>
        <dt>Running monthly or annual gifts</dt>
        <dd>{donor.runningRecurringGifts}</dd>
        <dt>Erasure</dt>
        <dd>
          {donor.erasedAt
            ? `Erased on ${DATE.format(new Date(donor.erasedAt))}`
            : donor.erasureRequestedAt
              ? `Requested on ${DATE.format(new Date(donor.erasureRequestedAt))}; in progress`
              : 'Not requested'}
        </dd>
      </dl>
      {donor.erasureRequestedAt ? null : (
        <section aria-labelledby="erase-title">
          <h2 id="erase-title">Erase this donor</h2>
          <p>
            Only on the donor’s own request. Running monthly and annual gifts are cancelled at
            Stripe first and the donor is emailed once; then the Stripe customer is deleted and the
            name, email, messages, dedications and every stored copy of them are removed or replaced
            by a pseudonym. Amounts, dates, currencies, funds and receipt numbers stay, so totals
            and payouts are unchanged. This cannot be undone.
          </p>
          <Form method="post" className="admin-form" noValidate>
            <div className="field">
              <label htmlFor="confirm">Type {CONFIRM_WORD} to confirm</label>
              <input
                id="confirm"
                name="confirm"
                type="text"
                autoComplete="off"
                required
                aria-invalid={result?.fieldError ? true : undefined}
                aria-describedby={result?.fieldError ? 'confirm-error' : undefined}
              />
              <FieldError id="confirm-error" errors={result?.fieldError} />
            </div>
            <button type="submit" className="button">
              Erase this donor
            </button>
          </Form>
        </section>
      )}
    </article>
  )
}

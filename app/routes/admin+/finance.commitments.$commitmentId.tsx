import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CommitmentGifts } from '#app/components/commitment-gifts.tsx'
import { CommitmentSchedule } from '#app/components/commitment-schedule.tsx'
import { getCommitment, linkGift, unlinkGift } from '#app/modules/finance/commitments.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-receipts.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Scheduled pledge')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const found = await getCommitment(params.commitmentId ?? '')
  if (!found) throw new Response('No such scheduled pledge', { status: 404 })
  return found
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const formData = await request.formData()
  const intent = formData.get('intent')
  const giftId = String(formData.get('giftId') ?? '')
  const staffContext = {
    actor: { id: staff.id, email: staff.email },
    ipAddress: context.clientIp ?? null,
  }
  const commitmentId = params.commitmentId ?? ''
  if ((intent !== 'link' && intent !== 'unlink') || !giftId) {
    return data({ ok: false, message: 'Choose a gift to link or unlink.' }, { status: 400 })
  }
  const outcome =
    intent === 'link'
      ? await linkGift(commitmentId, giftId, staffContext)
      : await unlinkGift(commitmentId, giftId, staffContext)
  if (!outcome.ok) return data(outcome, { status: 400 })
  return { ok: true, message: intent === 'link' ? 'Gift linked.' : 'Gift unlinked.' }
}

export default function CommitmentPage() {
  const { commitment, schedule, candidates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { currency } = commitment
  const giftDates = Object.fromEntries(
    commitment.gifts.map((gift) => [gift.id, new Date(gift.receivedAt).toISOString().slice(0, 10)]),
  )
  return (
    <>
      <p>
        <Link to="/admin/finance/commitments">All scheduled pledges</Link>
      </p>
      <h1>
        Scheduled pledge: {formatMoney(commitment.totalMinor, currency)} from{' '}
        {commitment.donor.email}
      </h1>
      {searchParams.has('created') && !actionData ? (
        <div className="admin-notice" role="status">
          <p>Scheduled pledge saved.</p>
        </div>
      ) : null}
      {actionData ? (
        <div className={actionData.ok ? 'admin-notice' : 'form-alert'} role="status">
          {actionData.message}
        </div>
      ) : null}
      <p>
        To {commitment.campaign.title}: {commitment.instalmentCount} instalment
        {commitment.instalmentCount === 1 ? '' : 's'}, every {commitment.intervalMonths} month
        {commitment.intervalMonths === 1 ? '' : 's'} from{' '}
        {new Date(commitment.startsOn).toISOString().slice(0, 10)}. Status:{' '}
        {commitment.status.toLowerCase()}.{commitment.note ? ` Note: ${commitment.note}` : ''}
      </p>
      <ul className="finance-summary" aria-label="Summary">
        <li>
          <strong>{formatMoney(schedule.coveredMinor, currency)}</strong> fulfilled (
          {schedule.fulfilledCount} instalments)
        </li>
        <li>
          <strong>{formatMoney(schedule.outstandingMinor, currency)}</strong> outstanding (
          {schedule.outstandingCount + schedule.overdueCount} instalments)
        </li>
        <li>
          <strong>{formatMoney(schedule.overdueMinor, currency)}</strong> overdue (
          {schedule.overdueCount} instalments)
        </li>
        {schedule.surplusMinor > 0 ? (
          <li>
            <strong>{formatMoney(schedule.surplusMinor, currency)}</strong> given beyond the total
          </li>
        ) : null}
      </ul>
      <section className="admin-section" aria-labelledby="schedule">
        <h2 id="schedule">Schedule</h2>
        <CommitmentSchedule
          instalments={schedule.instalments}
          currency={currency}
          giftDates={giftDates}
        />
      </section>
      <section className="admin-section" aria-labelledby="linked">
        <h2 id="linked">Linked gifts</h2>
        <CommitmentGifts gifts={commitment.gifts} intent="unlink" />
      </section>
      <section className="admin-section" aria-labelledby="candidates">
        <h2 id="candidates">Gifts that could be linked</h2>
        <p className="admin-muted">
          Gifts of the same donor to the same campaign, in {currency}, not linked to any scheduled
          pledge. Record a cheque or transfer on the{' '}
          <Link to="/admin/finance/offline/new">offline gift page</Link>.
        </p>
        <CommitmentGifts gifts={candidates} intent="link" />
      </section>
    </>
  )
}

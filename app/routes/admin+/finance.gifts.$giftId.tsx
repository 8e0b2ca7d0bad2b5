import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GiftStatusBadge, money } from '#app/components/ledger-format.tsx'
import { LedgerGiftFacts } from '#app/components/ledger-gift-facts.tsx'
import {
  LedgerAuditTrail,
  LedgerDisputes,
  LedgerReceipts,
  LedgerRefunds,
} from '#app/components/ledger-gift-history.tsx'
import { LedgerRefundForm } from '#app/components/ledger-refund-form.tsx'
import { LedgerStopMonthly } from '#app/components/ledger-stop-monthly.tsx'
import {
  confirmRefund,
  refundableState,
  reviewRefund,
} from '#app/modules/finance/refunds.server.ts'
import { stopMonthlyGift } from '#app/modules/finance/subscriptions.server.ts'
import { isRecurring } from '#app/modules/ledger/frequency.ts'
import { getGiftDetail } from '#app/modules/ledger/ledger.server.ts'
import { syncChargeReversals, syncSubscription } from '#app/modules/payments/fulfilment.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'
import styles from '#app/styles/finance-ledger.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Gift')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const giftId = params.giftId ?? ''
  const [detail, refundable] = await Promise.all([getGiftDetail(giftId), refundableState(giftId)])
  if (!detail || !refundable) throw new Response('No such gift', { status: 404 })
  return {
    ...detail,
    canEraseDonor: staff.roles.includes('ADMIN'),
    refundable: { remainingMinor: refundable.remainingMinor, blocked: refundable.blocked },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const giftId = params.giftId ?? ''
  const formData = await request.formData()
  const ctx = staffContext(staff, context.clientIp)
  const intent = formData.get('intent')
  if (intent === 'stop-monthly') {
    const outcome = await stopMonthlyGift(giftId, formData, ctx, syncSubscription)
    if (outcome.kind === 'invalid')
      return data({ form: 'stop' as const, result: outcome.result, review: null }, { status: 400 })
    return redirect(`/admin/finance/gifts/${giftId}?done=stopped-${outcome.mode}`)
  }
  const outcome =
    intent === 'confirm'
      ? await confirmRefund(giftId, formData, ctx, syncChargeReversals)
      : await reviewRefund(giftId, formData)
  if (outcome.kind === 'done') return redirect(`/admin/finance/gifts/${giftId}?done=refund`)
  if (outcome.kind === 'review')
    return { form: 'refund' as const, result: null, review: outcome.review }
  return data(
    { form: 'refund' as const, result: outcome.result, review: outcome.review ?? null },
    { status: 400 },
  )
}

const DONE: Record<string, string> = {
  refund: 'Refund sent to Stripe and recorded. Totals and the receipt follow the refund.',
  'stopped-period_end': 'The monthly gift will stop at the end of the paid period.',
  'stopped-now': 'The monthly gift has stopped.',
}

export default function GiftPage() {
  const { gift, audit, refundable, canEraseDonor } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const done = DONE[searchParams.get('done') ?? '']
  const subscription = gift.stripeSubscriptionId ?? gift.pledge.stripeSubscriptionId
  const canStop =
    isRecurring(gift.frequency) &&
    subscription !== null &&
    !['canceled', 'incomplete_expired'].includes(gift.pledge.subscriptionStatus ?? '') &&
    !gift.pledge.cancelAtPeriodEnd
  return (
    <article aria-labelledby="gift-title">
      <p className="admin-muted">
        <Link to="/admin/finance">Finance</Link> ›{' '}
        <Link to="/admin/finance/gifts">Gifts ledger</Link> ›
      </p>
      <h1 id="gift-title">
        Gift of {money(gift.amountMinor, gift.currency)} from{' '}
        {gift.donor.erasedAt ? 'Erased donor' : gift.donor.email}
      </h1>
      {canEraseDonor ? (
        <p>
          <Link to={`/admin/donors/${gift.donor.id}`}>Donor record</Link>
        </p>
      ) : null}
      <p>
        <GiftStatusBadge status={gift.status} />
      </p>
      {done ? (
        <div className="admin-notice" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      <LedgerGiftFacts gift={gift} />
      <LedgerRefunds gift={gift} />
      {refundable.blocked ? (
        <p className="ledger-panel">{refundable.blocked}</p>
      ) : (
        <LedgerRefundForm
          key={actionData?.review?.requestId ?? 'form'}
          giftId={gift.id}
          currency={gift.currency}
          remainingMinor={refundable.remainingMinor}
          lastResult={actionData?.form === 'refund' ? actionData.result : null}
          review={actionData?.form === 'refund' ? actionData.review : null}
        />
      )}
      {isRecurring(gift.frequency) ? (
        canStop ? (
          <LedgerStopMonthly lastResult={actionData?.form === 'stop' ? actionData.result : null} />
        ) : (
          <p className="ledger-panel">
            {gift.pledge.cancelAtPeriodEnd
              ? 'This monthly gift stops at the end of the paid period.'
              : 'This monthly gift is not running.'}
          </p>
        )
      ) : null}
      <LedgerDisputes gift={gift} />
      <LedgerReceipts gift={gift} />
      <LedgerAuditTrail audit={audit} />
    </article>
  )
}

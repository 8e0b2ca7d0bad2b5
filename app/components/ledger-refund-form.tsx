/**
 * Refunding a gift in two steps: the form (amount and reason) posts `intent=review`; the
 * server answers the exact amount and what is left afterwards, with a request id in a hidden
 * field; only "Confirm" (`intent=confirm`) sends the refund to Stripe, once per request id.
 */
import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { Form, Link, useNavigation } from '@remix-run/react'
import type { RefundReview } from '#app/modules/finance/refunds.server.ts'
import { money } from './ledger-format.tsx'
import { FieldError } from '#app/components/field-error.tsx'

type Props = {
  giftId: string
  currency: string
  remainingMinor: number
  lastResult: SubmissionResult<string[]> | null
  review: RefundReview | null
}

function Confirmation({
  giftId,
  review,
  formErrors,
}: {
  giftId: string
  review: RefundReview
  formErrors: string[] | undefined
}) {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'confirm'
  return (
    <section className="ledger-panel ledger-confirm" aria-labelledby="refund-confirm-title">
      <h3 id="refund-confirm-title">Confirm the refund</h3>
      {formErrors?.length ? (
        <p className="form-alert" role="alert">
          {formErrors.join(' ')}
        </p>
      ) : null}
      <dl>
        <dt>Refund to the donor</dt>
        <dd data-testid="refund-amount">{money(review.amountMinor, review.currency)}</dd>
        <dt>Left of the gift now</dt>
        <dd>{money(review.remainingBeforeMinor, review.currency)}</dd>
        <dt>Left after this refund</dt>
        <dd data-testid="refund-remaining">{money(review.remainingAfterMinor, review.currency)}</dd>
        <dt>Reason</dt>
        <dd>{review.note}</dd>
      </dl>
      <p>Stripe returns the money to the donor&rsquo;s card or account. This cannot be undone.</p>
      <Form method="post" className="admin-actions">
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="amount" value={review.amount} />
        <input type="hidden" name="note" value={review.note} />
        <input type="hidden" name="requestId" value={review.requestId} />
        <button type="submit" className="button ledger-danger" disabled={busy}>
          Confirm refund of {money(review.amountMinor, review.currency)}
        </button>
        <Link to={`/admin/finance/gifts/${giftId}`} className="ledger-clear">
          Cancel
        </Link>
      </Form>
    </section>
  )
}

export function LedgerRefundForm({ giftId, currency, remainingMinor, lastResult, review }: Props) {
  const [form, fields] = useForm<{ intent: string; amount: string; note: string }>({
    id: 'refund',
    lastResult,
    shouldValidate: 'onSubmit',
    defaultValue: { amount: '', note: '' },
  })
  if (review) return <Confirmation giftId={giftId} review={review} formErrors={form.errors} />
  const intentErrors = fields.intent.errors ?? []
  return (
    <Form method="post" {...getFormProps(form)} className="ledger-panel admin-form">
      <h3 id="refund-title">Refund this gift</h3>
      <p className="field-hint">
        Up to {money(remainingMinor, currency)} can be refunded. You will see the amount once more
        before anything is sent to Stripe.
      </p>
      {form.errors?.length || intentErrors.length ? (
        <p className="form-alert" role="alert" id={form.errorId}>
          {[...(form.errors ?? []), ...intentErrors].join(' ')}
        </p>
      ) : null}
      <input type="hidden" name="intent" value="review" />
      <div className="field">
        <label htmlFor={fields.amount.id}>Amount to refund ({currency})</label>
        <input
          {...getInputProps(fields.amount, { type: 'text' })}
          key={fields.amount.key}
          inputMode="decimal"
          autoComplete="off"
        />
        <FieldError id={fields.amount.errorId} errors={fields.amount.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.note.id}>Reason (kept with the refund and in the audit log)</label>
        <textarea {...getTextareaProps(fields.note)} key={fields.note.key} rows={3} />
        <FieldError id={fields.note.errorId} errors={fields.note.errors} />
      </div>
      <button type="submit" className="button">
        Review refund
      </button>
    </Form>
  )
}

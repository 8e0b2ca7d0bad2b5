/** Stopping a monthly gift (no refund): at the end of the paid period, or now, with a reason. */
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { FieldError } from '#app/components/field-error.tsx'

export function LedgerStopMonthly({
  lastResult,
}: {
  lastResult: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useForm({
    id: 'stop-monthly',
    lastResult,
    shouldValidate: 'onSubmit',
    defaultValue: { mode: 'period_end', reason: '' },
  })
  const modeError = fields.mode.errors?.length ? fields.mode.errorId : undefined
  return (
    <Form method="post" {...getFormProps(form)} className="ledger-panel admin-form">
      <h3 id="stop-title">Stop this monthly gift</h3>
      <p className="field-hint">Nothing is refunded. Past gifts and receipts stay as they are.</p>
      {form.errors?.length ? (
        <p className="form-alert" role="alert" id={form.errorId}>
          {form.errors.join(' ')}
        </p>
      ) : null}
      <input type="hidden" name="intent" value="stop-monthly" />
      <fieldset aria-describedby={modeError}>
        <legend>When</legend>
        {(
          [
            ['period_end', 'At the end of the paid period (can still be undone in Stripe)'],
            ['now', 'Now (no further payments)'],
          ] as const
        ).map(([value, label]) => (
          <div key={value} className="field field--check">
            <input
              type="radio"
              id={`stop-mode-${value}`}
              name={fields.mode.name}
              value={value}
              defaultChecked={(fields.mode.initialValue ?? 'period_end') === value}
            />
            <label htmlFor={`stop-mode-${value}`}>{label}</label>
          </div>
        ))}
        <FieldError id={fields.mode.errorId} errors={fields.mode.errors} />
      </fieldset>
      <div className="field">
        <label htmlFor={fields.reason.id}>Reason</label>
        <textarea {...getTextareaProps(fields.reason)} key={fields.reason.key} rows={2} />
        <FieldError id={fields.reason.errorId} errors={fields.reason.errors} />
      </div>
      <button type="submit" className="button">
        Stop monthly gift
      </button>
    </Form>
  )
}

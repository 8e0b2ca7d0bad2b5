import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { FormAlert, StaffField } from '#app/components/staff-form.tsx'
import {
  OFFLINE_METHODS,
  OFFLINE_METHOD_LABELS,
  offlineGiftSchema,
} from '#app/modules/finance/offline-gift-form.ts'
import { parseForm } from '#app/utils/forms.ts'
import { FieldError } from '#app/components/field-error.tsx'

type Props = {
  lastResult: SubmissionResult<string[]> | null
  campaigns: Array<{ id: string; title: string; currency: string; status: string }>
  commitments: Array<{ id: string; label: string }>
  today: string
}

export function OfflineGiftForm({ lastResult, campaigns, commitments, today }: Props) {
  const [form, fields] = useForm({
    id: 'offline-gift',
    lastResult,
    constraint: getZodConstraint(offlineGiftSchema),
    shouldValidate: 'onBlur',
    defaultValue: { receivedOn: today, method: 'cheque' },
    onValidate: ({ formData }) => parseForm(formData, offlineGiftSchema),
  })
  const campaignProps = getSelectProps(fields.campaignId)
  const commitmentProps = getSelectProps(fields.commitmentId)
  return (
    <Form method="post" {...getFormProps(form)} className="admin-form">
      <FormAlert id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.campaignId.id}>Campaign</label>
        <p id={`${fields.campaignId.id}-hint`} className="field-hint">
          The gift is in the campaign&apos;s currency and counts toward its total.
        </p>
        <select
          {...campaignProps}
          key={campaignProps.key}
          aria-describedby={[`${fields.campaignId.id}-hint`, campaignProps['aria-describedby']]
            .filter(Boolean)
            .join(' ')}
        >
          <option value="">Choose a campaign</option>
          {campaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.title} ({campaign.currency}
              {campaign.status === 'PUBLISHED' ? '' : `, ${campaign.status.toLowerCase()}`})
            </option>
          ))}
        </select>
        <FieldError id={fields.campaignId.errorId} errors={fields.campaignId.errors} />
      </div>
      <StaffField meta={fields.receivedOn} label="Date received" type="date" />
      <StaffField
        meta={fields.amount}
        label="Amount"
        inputMode="text"
        hint="In the campaign's currency, like 250.00 (or 1,200,000 for won and yen)."
      />
      <fieldset className="field">
        <legend>Payment method</legend>
        {OFFLINE_METHODS.map((method) => {
          const props = getInputProps(fields.method, { type: 'radio', value: method })
          return (
            <label key={method} className="offline-choice">
              <input {...props} key={props.key} /> {OFFLINE_METHOD_LABELS[method]}
            </label>
          )
        })}
        <FieldError id={fields.method.errorId} errors={fields.method.errors} />
      </fieldset>
      <StaffField
        meta={fields.reference}
        label="Reference (optional)"
        hint="Cheque number or bank reference."
        autoComplete="off"
      />
      <StaffField meta={fields.donorEmail} label="Donor email" type="email" autoComplete="off" />
      <StaffField meta={fields.donorName} label="Donor name (optional)" autoComplete="off" />
      <div className="field">
        <label htmlFor={fields.commitmentId.id}>Scheduled pledge (optional)</label>
        <select {...commitmentProps} key={commitmentProps.key}>
          <option value="">None</option>
          {commitments.map((commitment) => (
            <option key={commitment.id} value={commitment.id}>
              {commitment.label}
            </option>
          ))}
        </select>
        <FieldError id={fields.commitmentId.errorId} errors={fields.commitmentId.errors} />
      </div>
      <button type="submit" className="button button--primary">
        Record gift and send receipt
      </button>
    </Form>
  )
}

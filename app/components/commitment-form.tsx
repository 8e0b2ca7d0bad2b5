import { getFormProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { FormAlert, StaffField } from '#app/components/staff-form.tsx'
import { FieldError } from '#app/components/field-error.tsx'

type Props = {
  lastResult: SubmissionResult<string[]> | null
  campaigns: Array<{ id: string; title: string; currency: string }>
  today: string
}

type CommitmentFields = {
  donorEmail: string
  donorName: string
  campaignId: string
  total: string
  instalmentCount: string
  intervalMonths: string
  startsOn: string
  note: string
}

/** New scheduled pledge; validated on the server (the total is parsed in the campaign's currency). */
export function CommitmentForm({ lastResult, campaigns, today }: Props) {
  const [form, fields] = useForm<CommitmentFields>({
    id: 'new-commitment',
    lastResult,
    defaultValue: { instalmentCount: '12', intervalMonths: '1', startsOn: today },
  })
  const campaignProps = getSelectProps(fields.campaignId)
  return (
    <Form method="post" {...getFormProps(form)} className="admin-form">
      <FormAlert id={form.errorId} errors={form.errors} />
      <StaffField meta={fields.donorEmail} label="Donor email" type="email" autoComplete="off" />
      <StaffField meta={fields.donorName} label="Donor name (optional)" autoComplete="off" />
      <div className="field">
        <label htmlFor={fields.campaignId.id}>Campaign</label>
        <select {...campaignProps} key={campaignProps.key}>
          <option value="">Choose a campaign</option>
          {campaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.title} ({campaign.currency})
            </option>
          ))}
        </select>
        <FieldError id={fields.campaignId.errorId} errors={fields.campaignId.errors} />
      </div>
      <StaffField
        meta={fields.total}
        label="Total promised"
        hint="In the campaign's currency, like 1,200,000 for ₩1,200,000."
      />
      <StaffField meta={fields.instalmentCount} label="Number of instalments" inputMode="numeric" />
      <StaffField
        meta={fields.intervalMonths}
        label="Months between instalments"
        inputMode="numeric"
      />
      <StaffField meta={fields.startsOn} label="First instalment due" type="date" />
      <StaffField meta={fields.note} label="Note (optional)" autoComplete="off" />
      <button type="submit" className="button button--primary">
        Save scheduled pledge
      </button>
    </Form>
  )
}

import {
  getFormProps,
  getSelectProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { FormAlert, StaffField } from '#app/components/staff-form.tsx'
import { rateSchema } from '#app/modules/finance/rate-form.ts'
import { CURRENCY_CODES } from '#app/modules/ledger/money.ts'
import { parseForm } from '#app/utils/forms.ts'
import { FieldError } from '#app/components/field-error.tsx'

type Props = { lastResult: SubmissionResult<string[]> | null; today: string }

function CurrencySelect({ meta, label }: { meta: FieldMetadata<string>; label: string }) {
  const props = getSelectProps(meta)
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key}>
        <option value="">Choose</option>
        {CURRENCY_CODES.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function ExchangeRateForm({ lastResult, today }: Props) {
  const [form, fields] = useForm({
    id: 'exchange-rate',
    lastResult,
    constraint: getZodConstraint(rateSchema),
    shouldValidate: 'onBlur',
    defaultValue: { effectiveOn: today },
    onValidate: ({ formData }) => parseForm(formData, rateSchema),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="admin-form">
      <FormAlert id={form.errorId} errors={form.errors} />
      <CurrencySelect meta={fields.base} label="From" />
      <CurrencySelect meta={fields.quote} label="To" />
      <StaffField
        meta={fields.rate}
        label="Rate"
        inputMode="text"
        hint="One unit of the first currency in units of the second, e.g. KRW → USD 0.00075."
      />
      <StaffField meta={fields.effectiveOn} label="Takes effect on (UTC)" type="date" />
      <button type="submit" className="button">
        Add rate
      </button>
    </Form>
  )
}

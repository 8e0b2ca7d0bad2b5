import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { useState, type FormEvent } from 'react'
import { OTHER_AMOUNT, donateFormSchema } from '#app/modules/donations/donate-form.ts'
import { feeCoverFor } from '#app/modules/donations/fees.ts'
import {
  checkGiftAmount,
  formatMoney,
  getCurrency,
  parseAmount,
} from '#app/modules/ledger/money.ts'
import { parseForm } from '#app/utils/forms.ts'

type Props = {
  currency: string
  suggestedAmounts: Array<{ amountMinor: number; impact: string }>
  utm: { source: string | null; medium: string | null; campaign: string | null }
  lastResult: SubmissionResult<string[]> | null
}

const PER_PERIOD: Record<string, string> = { MONTHLY: ' a month', ANNUAL: ' a year' }

function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null
  return (
    <p id={id} className="field-error">
      {errors.join('. ')}
    </p>
  )
}

/** The amount the donor has chosen so far, in minor units, or null while it is not valid. */
function chosenAmount(form: HTMLFormElement, currency: string): number | null {
  const data = new FormData(form)
  const amount = String(data.get('amount') ?? '')
  if (amount !== OTHER_AMOUNT) return /^\d+$/.test(amount) ? Number(amount) : null
  const parsed = parseAmount(String(data.get('otherAmount') ?? ''), currency)
  return parsed.ok && !checkGiftAmount(parsed.amountMinor, currency) ? parsed.amountMinor : null
}

export function DonateForm({ currency, suggestedAmounts, utm, lastResult }: Props) {
  const schema = donateFormSchema(currency)
  const defaultAmount = suggestedAmounts[1] ?? suggestedAmounts[0]
  const [form, fields] = useForm({
    id: 'donate',
    lastResult,
    constraint: getZodConstraint(schema),
    defaultValue: {
      amount: defaultAmount ? String(defaultAmount.amountMinor) : OTHER_AMOUNT,
      frequency: 'ONE_TIME',
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseForm(formData, schema),
  })
  const [amountMinor, setAmountMinor] = useState<number | null>(defaultAmount?.amountMinor ?? null)
  const [frequency, setFrequency] = useState('ONE_TIME')
  const [coverFee, setCoverFee] = useState(false)
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formMethod === 'POST'
  const { exponent } = getCurrency(currency)

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget
    setAmountMinor(chosenAmount(element, currency))
    setFrequency(String(new FormData(element).get('frequency') ?? 'ONE_TIME'))
    setCoverFee(new FormData(element).get('coverFee') === 'on')
  }
  const fee = amountMinor ? feeCoverFor(amountMinor, currency) : null
  const total = amountMinor ? amountMinor + (coverFee && fee ? fee : 0) : null
  const money = (minor: number) => formatMoney(minor, currency, { trimWholeUnits: true })

  return (
    <Form
      method="post"
      {...getFormProps(form)}
      onChange={onChange}
      className="donate-form"
      aria-labelledby="give-title"
    >
      {form.errors?.length ? (
        <div className="form-alert" role="alert" id={form.errorId}>
          {form.errors.join(' ')}
        </div>
      ) : null}

      <fieldset
        className="choice-group"
        aria-describedby={fields.amount.errors ? fields.amount.errorId : undefined}
      >
        <legend>Amount ({currency})</legend>
        {suggestedAmounts.map((suggested) => {
          const id = `amount-${suggested.amountMinor}`
          return (
            <label key={suggested.amountMinor} className="choice choice--amount" htmlFor={id}>
              <input
                {...getInputProps(fields.amount, {
                  type: 'radio',
                  value: String(suggested.amountMinor),
                })}
                id={id}
              />
              <span className="choice__amount">{money(suggested.amountMinor)}</span>
              <span className="choice__impact">{suggested.impact}</span>
            </label>
          )
        })}
        <label className="choice choice--amount" htmlFor="amount-other">
          <input
            {...getInputProps(fields.amount, { type: 'radio', value: OTHER_AMOUNT })}
            id="amount-other"
          />
          <span className="choice__amount">Other amount</span>
        </label>
        <FieldError id={fields.amount.errorId} errors={fields.amount.errors} />
        <div className="field">
          <label htmlFor={fields.otherAmount.id}>Other amount in {currency}</label>
          <input
            {...getInputProps(fields.otherAmount, { type: 'text' })}
            inputMode={exponent === 0 ? 'numeric' : 'decimal'}
            autoComplete="off"
            placeholder={exponent === 0 ? '50,000' : '25.00'}
          />
          <FieldError id={fields.otherAmount.errorId} errors={fields.otherAmount.errors} />
        </div>
      </fieldset>

      <fieldset className="choice-group choice-group--inline">
        <legend>How often</legend>
        <label className="choice" htmlFor="frequency-once">
          <input
            {...getInputProps(fields.frequency, { type: 'radio', value: 'ONE_TIME' })}
            id="frequency-once"
          />
          Once
        </label>
        <label className="choice" htmlFor="frequency-monthly">
          <input
            {...getInputProps(fields.frequency, { type: 'radio', value: 'MONTHLY' })}
            id="frequency-monthly"
          />
          Monthly
        </label>
        <label className="choice" htmlFor="frequency-annual">
          <input
            {...getInputProps(fields.frequency, { type: 'radio', value: 'ANNUAL' })}
            id="frequency-annual"
          />
          Annual
        </label>
        <FieldError id={fields.frequency.errorId} errors={fields.frequency.errors} />
      </fieldset>

      <div className="field field--check">
        <input {...getInputProps(fields.coverFee, { type: 'checkbox' })} />
        <label htmlFor={fields.coverFee.id}>
          {fee && amountMinor
            ? `Add ${money(fee)} to cover processing fees, so the appeal receives the full ${money(amountMinor)}`
            : 'Cover the processing fees, so the appeal receives your full gift'}
        </label>
      </div>

      <div className="field">
        <label htmlFor={fields.email.id}>Email (for your receipt)</label>
        <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="email" />
        <FieldError id={fields.email.errorId} errors={fields.email.errors} />
      </div>
      <div className="field field--check">
        <input {...getInputProps(fields.updatesOptIn, { type: 'checkbox' })} />
        <label htmlFor={fields.updatesOptIn.id}>Email me updates about this appeal</label>
      </div>
      <div className="field">
        <label htmlFor={fields.name.id}>Your name (optional)</label>
        <input {...getInputProps(fields.name, { type: 'text' })} autoComplete="name" />
        <FieldError id={fields.name.errorId} errors={fields.name.errors} />
      </div>

      <details className="optional-fields">
        <summary>Add a message, a dedication or your name on this page</summary>
        <div className="field field--check">
          <input {...getInputProps(fields.anonymous, { type: 'checkbox' })} />
          <label htmlFor={fields.anonymous.id}>Give anonymously (nothing about you is shown)</label>
        </div>
        <div className="field field--check">
          <input {...getInputProps(fields.showName, { type: 'checkbox' })} />
          <label htmlFor={fields.showName.id}>Show my name with my gift on this page</label>
        </div>
        <div className="field">
          <label htmlFor={fields.displayName.id}>Name to show (first name is enough)</label>
          <input {...getInputProps(fields.displayName, { type: 'text' })} />
          <FieldError id={fields.displayName.errorId} errors={fields.displayName.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.message.id}>
            Message to the appeal (shown after we review it)
          </label>
          <textarea {...getTextareaProps(fields.message)} rows={3} />
          <FieldError id={fields.message.errorId} errors={fields.message.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.dedication.id}>Dedicate this gift</label>
          <select {...getInputProps(fields.dedication, { type: 'text' })} defaultValue="NONE">
            <option value="NONE">No dedication</option>
            <option value="IN_HONOUR">In honour of someone</option>
            <option value="IN_MEMORY">In memory of someone</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={fields.dedicationName.id}>Their name</label>
          <input {...getInputProps(fields.dedicationName, { type: 'text' })} />
          <FieldError id={fields.dedicationName.errorId} errors={fields.dedicationName.errors} />
        </div>
      </details>

      <input type="hidden" name="utmSource" value={utm.source ?? ''} />
      <input type="hidden" name="utmMedium" value={utm.medium ?? ''} />
      <input type="hidden" name="utmCampaign" value={utm.campaign ?? ''} />
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="website">Leave this empty</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>

      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy
          ? 'Opening secure payment…'
          : total
            ? `Donate ${money(total)}${PER_PERIOD[frequency] ?? ''}`
            : 'Donate'}
      </button>
      <p className="form-note">
        Payment is taken securely by Stripe; we never see your card number.
      </p>
    </Form>
  )
}

import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { useEffect, useState, type FormEvent } from 'react'
import {
  DEDICATION_MESSAGE_MAX_LENGTH,
  MESSAGE_MAX_LENGTH,
  OTHER_AMOUNT,
  donateFormSchema,
} from '#app/modules/donations/donate-form.ts'
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
  /** `lang` is set when the impact line is not in the page's language (./untranslated-note.tsx). */
  suggestedAmounts: Array<{ amountMinor: number; impact: string; lang?: string | null }>
  utm: { source: string | null; medium: string | null; campaign: string | null }
  lastResult: SubmissionResult<string[]> | null
}

const PER_PERIOD: Record<string, string> = { MONTHLY: ' a month', ANNUAL: ' a year' }

/** The form's words, in one place so that they can move into a translation catalogue. */
const COPY = {
  messageLabel: `Message to the appeal (shown after we review it; up to ${MESSAGE_MAX_LENGTH} characters)`,
  characters: (used: number, max: number) => `${used} of ${max} characters`,
  overLimit: (over: number) => `${over} too many`,
  monthlyOffer: 'Could you make it monthly? Regular gifts let the team plan rescues ahead.',
  makeMonthly: 'Make it monthly',
  noThanks: 'No thanks',
  notifyLabel: 'Let someone know about this dedication by email (we never tell them the amount)',
  notifyName: 'Their name',
  notifyEmail: 'Their email address',
  notifyMessage: `A note from you (optional, up to ${DEDICATION_MESSAGE_MAX_LENGTH} characters)`,
} as const

function Counter({ id, used, max }: { id: string; used: number; max: number }) {
  return (
    <p id={id} className="field-hint" aria-live="polite">
      {COPY.characters(used, max)}
      {used > max ? ` (${COPY.overLimit(used - max)})` : ''}
    </p>
  )
}

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
  const [messageLength, setMessageLength] = useState(
    () => String(fields.message.initialValue ?? '').length,
  )
  const [noteLength, setNoteLength] = useState(0)
  const [dedication, setDedication] = useState('NONE')
  // The monthly offer and the hidden notify fields need JavaScript; without it the radios are
  // the plain choice and every field shows.
  const [hydrated, setHydrated] = useState(false)
  const [offerDismissed, setOfferDismissed] = useState(false)
  useEffect(() => setHydrated(true), [])
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formMethod === 'POST'
  const { exponent } = getCurrency(currency)

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget
    const target = event.target as HTMLInputElement
    const control = (name: string, value?: string) =>
      element.querySelector<HTMLInputElement>(
        value === undefined ? `[name="${name}"]` : `[name="${name}"][value="${value}"]`,
      )
    // Typing an amount chooses "Other"; choosing a preset clears the typed amount.
    if (target.name === 'otherAmount' && target.value.trim()) {
      const other = control('amount', OTHER_AMOUNT)
      if (other) other.checked = true
    } else if (target.name === 'amount' && target.value !== OTHER_AMOUNT) {
      const typed = control('otherAmount')
      if (typed) typed.value = ''
    }
    // Anonymous and "show my name" exclude each other.
    if (target.name === 'anonymous' && target.checked) {
      const show = control('showName')
      if (show) show.checked = false
    } else if (target.name === 'showName' && target.checked) {
      const anonymous = control('anonymous')
      if (anonymous) anonymous.checked = false
    }
    setMessageLength(String(new FormData(element).get('message') ?? '').length)
    setNoteLength(String(new FormData(element).get('dedicationNotifyMessage') ?? '').length)
    setDedication(String(new FormData(element).get('dedication') ?? 'NONE'))
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
              <span className="choice__impact" lang={suggested.lang ?? undefined}>
                {suggested.impact}
              </span>
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
      {hydrated && !offerDismissed && frequency === 'ONE_TIME' ? (
        <p className="monthly-offer" role="status">
          {COPY.monthlyOffer}{' '}
          <button
            type="button"
            className="button button--link"
            onClick={(event) => {
              const monthly = event.currentTarget.form?.querySelector<HTMLInputElement>(
                '[name="frequency"][value="MONTHLY"]',
              )
              if (monthly) monthly.checked = true
              setFrequency('MONTHLY')
              setOfferDismissed(true)
            }}
          >
            {COPY.makeMonthly}
          </button>{' '}
          <button
            type="button"
            className="button button--link"
            onClick={() => setOfferDismissed(true)}
          >
            {COPY.noThanks}
          </button>
        </p>
      ) : null}

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
          <FieldError id={fields.showName.errorId} errors={fields.showName.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.displayName.id}>Name to show (first name is enough)</label>
          <input {...getInputProps(fields.displayName, { type: 'text' })} />
          <FieldError id={fields.displayName.errorId} errors={fields.displayName.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.message.id}>{COPY.messageLabel}</label>
          {/* No maxLength: the browser would cut a pasted message short without a word. */}
          <textarea
            {...getTextareaProps(fields.message)}
            maxLength={undefined}
            rows={3}
            aria-describedby={`${fields.message.id}-count ${fields.message.errors ? fields.message.errorId : ''}`.trim()}
          />
          <Counter
            id={`${fields.message.id}-count`}
            used={messageLength}
            max={MESSAGE_MAX_LENGTH}
          />
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
        <fieldset className="dedication-notify" hidden={hydrated && dedication === 'NONE'}>
          <div className="field field--check">
            <input {...getInputProps(fields.dedicationNotify, { type: 'checkbox' })} />
            <label htmlFor={fields.dedicationNotify.id}>{COPY.notifyLabel}</label>
          </div>
          <div className="field">
            <label htmlFor={fields.dedicationNotifyName.id}>{COPY.notifyName}</label>
            <input {...getInputProps(fields.dedicationNotifyName, { type: 'text' })} />
            <FieldError
              id={fields.dedicationNotifyName.errorId}
              errors={fields.dedicationNotifyName.errors}
            />
          </div>
          <div className="field">
            <label htmlFor={fields.dedicationNotifyEmail.id}>{COPY.notifyEmail}</label>
            <input {...getInputProps(fields.dedicationNotifyEmail, { type: 'email' })} />
            <FieldError
              id={fields.dedicationNotifyEmail.errorId}
              errors={fields.dedicationNotifyEmail.errors}
            />
          </div>
          <div className="field">
            <label htmlFor={fields.dedicationNotifyMessage.id}>{COPY.notifyMessage}</label>
            <textarea
              {...getTextareaProps(fields.dedicationNotifyMessage)}
              maxLength={undefined}
              rows={2}
            />
            <Counter
              id={`${fields.dedicationNotifyMessage.id}-count`}
              used={noteLength}
              max={DEDICATION_MESSAGE_MAX_LENGTH}
            />
            <FieldError
              id={fields.dedicationNotifyMessage.errorId}
              errors={fields.dedicationNotifyMessage.errors}
            />
          </div>
        </fieldset>
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
